/**
 * The gateway's observability, imported first by main.ts: starting tracing here, before Nest, express,
 * graphql and the HTTP client are loaded, lets their instrumentations apply (libs/observability).
 */
import '@urp/observability/src/register';
import type { INestApplication } from '@nestjs/common';
import { installMetrics } from '@urp/observability';

/** `/metrics` (Prometheus text) and HTTP latency of every request; call before `listen()`. */
export function installGatewayObservability(app: INestApplication): void {
  installMetrics(app, 'gateway');
}
