// first: tracing must start before http, express, graphql and mongodb are loaded (it patches them)
import '@urp/observability/src/register';
export * from './config';
export * from './graphql-errors';
export * from './health';
export * from './service-platform.module';
export * from './bootstrap';
export * from './abandon';
export * from './no-store';
