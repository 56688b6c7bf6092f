export * from './config';
export * from './graphql-errors';
export * from './health';
export * from './service-platform.module';
export * from './bootstrap';
