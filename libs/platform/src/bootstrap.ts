import 'reflect-metadata';
import { type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { EventCatalog } from '@urp/contracts';
import { connectEventConsumer } from '@urp/messaging';
import { installMetrics } from '@urp/observability';
import type { NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';
import { createRequire } from 'node:module';
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
  // the client's address for rate limits (the status page's attempts), behind an ingress
  app.getHttpAdapter().getInstance().set('trust proxy', o.config.TRUST_PROXY);
  installMetrics(app, o.service); // `/metrics`, and HTTP latency of every request
  formParserOutsideGraphql(app);
  if (o.consume) {
    connectEventConsumer(app, {
      clientId: o.service,
      brokers: o.config.KAFKA_BROKERS,
      groupId: o.config.KAFKA_GROUP_ID ?? `urp.${o.service}`,
      catalog: o.catalog,
      fetchMinBytes: o.config.KAFKA_FETCH_MIN_BYTES,
      fetchMaxWaitMs: o.config.KAFKA_FETCH_MAX_WAIT_MS,
    });
  }
  await app.init(); // HTTP first: initialising the consumer first would skip Nest's body parser
  // returns at once: the consumer joins its group in the background (readiness reports when it has)
  if (o.consume) await app.startAllMicroservices();
  await app.listen(o.config.PORT, o.config.HOST);
  return app;
}

const GRAPHQL = /^\/graphql(\/|\?|$)/;

/**
 * Nest puts its two body parsers (JSON and form) in front of every request. A subgraph's `/graphql` takes
 * JSON only (Apollo refuses a form post as a possible cross-site request), yet the form parser read every
 * request's content type on the way (issue 17). Nest adds a parser only when none of the same name is
 * installed (`isMiddlewareApplied`), so this one, named as Nest's and made with Nest's options by the
 * same `express`, takes its place and lets `/graphql` through. Every other route parses forms as before
 * (the survey page, Open311, the SMS receipts).
 */
export function formParserOutsideGraphql(app: INestApplication): void {
  const express = createRequire(require.resolve('@nestjs/platform-express'))(
    'express',
  ) as typeof import('express');
  const parseForm = express.urlencoded({ extended: true });
  app.use(function urlencodedParser(req: Request, res: Response, next: NextFunction) {
    if (GRAPHQL.test(req.url)) return next();
    parseForm(req, res, next);
  });
}

export { runMain } from './run-main';
