/**
 * Import first (or preload with `node -r @swc-node/register -r ./libs/observability/src/register.ts`):
 * starts tracing before http, express, graphql and mongodb are loaded, so their instrumentations apply.
 * libs/platform imports it on its first line, the gateway from gateway/src/observability.ts.
 */
import { startTracing } from './tracing';

startTracing();
