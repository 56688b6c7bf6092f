import { installGatewayObservability } from './observability'; // first: tracing patches what follows
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
// the two helpers the gateway needs, without @urp/platform's index (the services' Kafka, MongoDB and outbox code)
import { loadConfig } from '@urp/platform/src/config';
import { runMain } from '@urp/platform/src/run-main';
import { Logger } from 'nestjs-pino';
import { createVerifier, GatewayModule } from './app.module';
import { gatewayEnv } from './config';

export async function createGateway(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(gatewayEnv, env);
  // @apollo/gateway otherwise reports usage to Apollo's servers every hour (and probes cloud metadata
  // endpoints at start): nothing leaves the administration's network
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const app = await NestFactory.create<NestExpressApplication>(
    GatewayModule.forRoot(config, await createVerifier(config)),
    { bufferLogs: true },
  );
  app.set('trust proxy', config.TRUST_PROXY); // the client's address for rate limits, behind an ingress
  // no SHA-1 of every answer for an ETag (a GraphQL POST is never revalidated), no X-Powered-By (issue 17)
  app.set('etag', false);
  app.disable('x-powered-by');
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  installGatewayObservability(app);
  await app.listen(config.PORT, config.HOST);
  return app;
}

if (require.main === module) runMain(() => createGateway(), 'gateway');
