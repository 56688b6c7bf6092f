import { installGatewayObservability } from './observability'; // first: tracing patches what follows
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig, runMain } from '@urp/platform';
import { Logger } from 'nestjs-pino';
import { createVerifier, GatewayModule } from './app.module';
import { gatewayEnv } from './config';

export async function createGateway(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(gatewayEnv, env);
  const app = await NestFactory.create<NestExpressApplication>(
    GatewayModule.forRoot(config, await createVerifier(config)),
    { bufferLogs: true },
  );
  app.set('trust proxy', config.TRUST_PROXY); // the client's address for rate limits, behind an ingress
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  installGatewayObservability(app);
  await app.listen(config.PORT, config.HOST);
  return app;
}

if (require.main === module) runMain(() => createGateway(), 'gateway');
