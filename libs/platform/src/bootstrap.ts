import 'reflect-metadata';
import { type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { EventCatalog } from '@urp/contracts';
import { connectEventConsumer } from '@urp/messaging';
import { installMetrics } from '@urp/observability';
import { Logger } from 'nestjs-pino';
import type { ServiceConfig } from './config';

export interface RunServiceOptions {
  service: string;
  module: Type<unknown> | DynamicModule;
  config: ServiceConfig;
  catalog: EventCatalog;
  /** Consume events with the module's `@EventPattern` handlers (group `urp.<service>`). */
  consume?: boolean;
}

/** Creates, wires and starts a service (HTTP + GraphQL subgraph + Kafka consumer). */
export async function createService(o: RunServiceOptions): Promise<INestApplication> {
  const app = await NestFactory.create(o.module, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  installMetrics(app, o.service); // `/metrics`, and HTTP latency of every request
  if (o.consume) {
    connectEventConsumer(app, {
      clientId: o.service,
      brokers: o.config.KAFKA_BROKERS,
      groupId: o.config.KAFKA_GROUP_ID ?? `urp.${o.service}`,
      catalog: o.catalog,
    });
  }
  await app.init(); // HTTP first: initialising the consumer first would skip Nest's body parser
  // returns at once: the consumer joins its group in the background (readiness reports when it has)
  if (o.consume) await app.startAllMicroservices();
  await app.listen(o.config.PORT, o.config.HOST);
  return app;
}

export { runMain } from './run-main';
