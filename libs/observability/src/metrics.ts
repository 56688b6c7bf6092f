import type { ApolloServerPlugin } from '@apollo/server';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics, served as text at `/metrics`. Names and labels are documented in
 * libs/observability/README.md; every series also carries `service`.
 */
export const metricsRegistry = new Registry();
const registers = [metricsRegistry];

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const metrics = {
  graphqlOperations: new Counter({
    name: 'urp_graphql_operations_total',
    help: 'GraphQL operations answered, by operation name, type and outcome (ok: no errors; error: any)',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers,
  }),
  graphqlDuration: new Histogram({
    name: 'urp_graphql_operation_duration_seconds',
    help: 'Time from receiving a GraphQL operation to sending its response',
    labelNames: ['operation', 'type'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  }),
  graphqlErrors: new Counter({
    name: 'urp_graphql_errors_total',
    help: 'GraphQL errors sent to clients, by operation and error code (extensions.code)',
    labelNames: ['operation', 'code'] as const,
    registers,
  }),
  httpDuration: new Histogram({
    name: 'urp_http_request_duration_seconds',
    help: 'HTTP requests (GraphQL, public pages, internal endpoints), by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  }),
  outboxPublished: new Counter({
    name: 'urp_outbox_published_events_total',
    help: 'Events the outbox relay published to Kafka (acknowledged by every in-sync replica)',
    registers,
  }),
  outboxPublishFailures: new Counter({
    name: 'urp_outbox_publish_failures_total',
    help: 'Publish rounds of the outbox relay that failed (the events stay in their documents and are retried)',
    registers,
  }),
  outboxDelay: new Histogram({
    name: 'urp_outbox_publish_delay_seconds',
    help: 'Time from an event written in its document to its publication acknowledged by Kafka',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers,
  }),
  consumerMessages: new Counter({
    name: 'urp_consumer_messages_total',
    help: 'Messages the consumer runtime finished, by topic and outcome (processed, ignored: no handler here, dead_lettered)',
    labelNames: ['topic', 'outcome'] as const,
    registers,
  }),
  consumerRetries: new Counter({
    name: 'urp_consumer_retries_total',
    help: 'Handler attempts that failed and were retried, by topic and reason (error, infrastructure)',
    labelNames: ['topic', 'reason'] as const,
    registers,
  }),
  consumerDeadLetters: new Counter({
    name: 'urp_consumer_dead_letters_total',
    help: 'Messages sent to <topic>.dlq, by source topic',
    labelNames: ['topic'] as const,
    registers,
  }),
  consumerHandlerDuration: new Histogram({
    name: 'urp_consumer_handler_duration_seconds',
    help: 'Time to apply one event (all attempts), by topic',
    labelNames: ['topic'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  }),
  consumerLag: new Gauge({
    name: 'urp_consumer_lag_messages',
    help: "Messages behind the partition's high watermark after the last message this member processed",
    labelNames: ['group', 'topic', 'partition'] as const,
    registers,
  }),
  consumerGroupJoined: new Gauge({
    name: 'urp_consumer_group_joined',
    help: '1 while this process is a member of its consumer group with partitions assigned or joined, else 0',
    labelNames: ['group'] as const,
    registers,
  }),
};

/** What the outbox relay knows of its backlog, read at each scrape (from memory: no database query). */
export interface OutboxBacklogSource {
  backlog(): { pending: number; oldestWrittenAt: number | undefined };
}
const backlogSources = new Set<OutboxBacklogSource>();
export const registerOutboxBacklog = (source: OutboxBacklogSource) => {
  backlogSources.add(source);
  return () => backlogSources.delete(source);
};
const readBacklog = () => {
  let pending = 0;
  let oldest: number | undefined;
  for (const s of backlogSources) {
    const b = s.backlog();
    pending += b.pending;
    if (b.oldestWrittenAt !== undefined) oldest = Math.min(oldest ?? Infinity, b.oldestWrittenAt);
  }
  return { pending, oldest };
};
new Gauge({
  name: 'urp_outbox_pending_events',
  help: 'Events written but not yet published that the relay knows of (this process’s writes and what its sweeps found)',
  registers,
  collect() {
    this.set(readBacklog().pending);
  },
});
new Gauge({
  name: 'urp_outbox_oldest_pending_age_seconds',
  help: 'Age of the oldest event written but not yet published (0 when none is pending)',
  registers,
  collect() {
    const { oldest } = readBacklog();
    this.set(oldest === undefined ? 0 : Math.max(0, (Date.now() - oldest) / 1000));
  },
});

/**
 * Operation names come from clients: past this many distinct names, new ones are counted as `other`
 * so that a client cannot grow the series without bound.
 */
const MAX_OPERATION_NAMES = 300;
const operationNames = new Set<string>();
function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  const safe = name.slice(0, 100);
  if (operationNames.has(safe)) return safe;
  if (operationNames.size >= MAX_OPERATION_NAMES) return 'other';
  operationNames.add(safe);
  return safe;
}

/** Apollo Server plugin: rate, latency and errors per GraphQL operation. */
export function graphqlMetricsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const stop = metrics.graphqlDuration.startTimer();
      return {
        async willSendResponse(ctx) {
          const operation = operationLabel(ctx.operationName ?? ctx.request.operationName);
          const type = ctx.operation?.operation ?? 'invalid';
          stop({ operation, type });
          const body = ctx.response.body;
          const errors = (body.kind === 'single' ? body.singleResult.errors : undefined) ?? ctx.errors ?? [];
          metrics.graphqlOperations.inc({ operation, type, outcome: errors.length ? 'error' : 'ok' });
          for (const e of errors) {
            const code = (e.extensions as { code?: unknown } | undefined)?.code;
            metrics.graphqlErrors.inc({ operation, code: typeof code === 'string' ? code : 'UNKNOWN' });
          }
        },
      };
    },
  };
}

const UNOBSERVED = /^\/(metrics|health)(\/|$|\?)/;

/** Express middleware: one observation per HTTP request, labelled by route template (bounded). */
export function httpMetricsMiddleware(req: Request, res: Response, next: NextFunction): void {
  if (UNOBSERVED.test(req.url)) return next();
  const stop = metrics.httpDuration.startTimer();
  res.once('finish', () => {
    // a route template (`/open311/v2/requests/:id`), or the mount path of middleware that answered
    // (Apollo's `/graphql`); never the raw URL, whose ids would make a series per request
    const routePath = (req.route as { path?: unknown } | undefined)?.path;
    const route = (
      typeof routePath === 'string' ? `${req.baseUrl}${routePath}` : req.baseUrl || 'unmatched'
    ).replace(/\/\{\*path\}$/, ''); // Nest's middleware routes end in a catch-all: `/graphql/{*path}`
    stop({ method: req.method, route, status: String(res.statusCode) });
  });
  next();
}

let defaultsCollected = false;

/**
 * Serves `/metrics` and observes every HTTP request. Call before `app.init()`/`listen()` so the
 * middleware runs before Nest's routes. Also collects Node's default process metrics (CPU, memory,
 * event-loop lag, GC) under their standard names.
 */
export function installMetrics(app: INestApplication, service: string): void {
  metricsRegistry.setDefaultLabels({ service });
  if (!defaultsCollected) collectDefaultMetrics({ register: metricsRegistry });
  defaultsCollected = true;
  app.use(httpMetricsMiddleware);
  app.use('/metrics', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET') return next();
    metricsRegistry
      .metrics()
      .then((text) => {
        res.setHeader('content-type', metricsRegistry.contentType);
        res.end(text);
      })
      .catch(next);
  });
}
