/**
 * OpenTelemetry traces for a URP process (a service or the gateway). Started by `./register` before
 * anything it instruments is loaded (http, express, graphql, mongodb): the instrumentations patch
 * modules as they are required. Kafka context is carried by libs/messaging itself (the outbox stores
 * the writer's `traceparent`; the consumer runtime continues it), not by a kafkajs instrumentation,
 * because the outbox relay publishes later, outside the writing request.
 *
 * The official instrumentations: http (server, and clients built on it), undici (Node's fetch), express,
 * graphql, mongodb.
 *
 * Off unless `OTEL_SDK_DISABLED=false` (tests and tools stay quiet; `npm start` turns it on). Export:
 * OTLP http/protobuf to `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), and/or
 * JSON lines appended to `URP_TRACES_FILE` (one span a line: a file anyone can read with jq).
 *
 * Sampling (`traceSampling`): ParentBased(TraceIdRatio): a request or event whose caller sent a `traceparent`
 * follows the caller's decision, a new trace is recorded with probability `OTEL_TRACES_SAMPLER_ARG`. Unrecorded
 * requests still carry a valid trace context (a non-recording span), so every event still gets a `traceparent`
 * (flag 00) and the consumers follow the same decision: propagation never depends on sampling.
 */
import { appendFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { RedactingSpanProcessor } from './span-redaction';

let state: { enabled: boolean; shutdown: () => Promise<void> } | undefined;

export const tracingEnabled = (env: NodeJS.ProcessEnv = process.env): boolean =>
  env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'false';

/** `services/<name>/src/main.ts` → `<name>`; `gateway/src/main.ts` → `gateway`. */
export function defaultServiceName(entry = process.argv[1] ?? ''): string {
  const srcDir = dirname(entry);
  return basename(srcDir) === 'src' ? basename(dirname(srcDir)) : basename(entry).replace(/\.[jt]s$/, '');
}

/**
 * The share of new traces recorded when `OTEL_TRACES_SAMPLER_ARG` does not say: all of them when spans only go
 * to a local file (`npm start`, tests that read spans), one in ten when they go to a collector (a deployment:
 * tracing costs 14-18 % of a service's and the gateway's CPU at 1.0, tools/bench/README.md).
 */
export const DEFAULT_SAMPLE_RATIO = { file: 1, collector: 0.1 } as const;

/**
 * The sampler's settings from the environment: `OTEL_TRACES_SAMPLER` (any of OpenTelemetry's values) is left to
 * the SDK; otherwise ParentBased(TraceIdRatio) with the ratio `OTEL_TRACES_SAMPLER_ARG` (0..1) or the default.
 */
export function traceSampling(
  env: NodeJS.ProcessEnv = process.env,
): { sdk: string } | { parentBasedRatio: number } {
  const named = env.OTEL_TRACES_SAMPLER?.trim();
  if (named) return { sdk: named };
  const arg = env.OTEL_TRACES_SAMPLER_ARG?.trim();
  const ratio = arg ? Number(arg) : NaN;
  if (Number.isFinite(ratio) && ratio >= 0 && ratio <= 1) return { parentBasedRatio: ratio };
  const collector = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return { parentBasedRatio: collector ? DEFAULT_SAMPLE_RATIO.collector : DEFAULT_SAMPLE_RATIO.file };
}

const NO_TRACE_PATHS = /^\/(health|metrics)(\/|$|\?)/;

/** Starts tracing once per process; returns whether it is on. */
export function startTracing(serviceName = process.env.OTEL_SERVICE_NAME || defaultServiceName()): boolean {
  if (state) return state.enabled;
  if (!tracingEnabled()) {
    state = { enabled: false, shutdown: async () => undefined };
    return false;
  }
  // loaded only when tracing is on: a process with tracing off never loads the SDK
  const { NodeTracerProvider, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler } =
    require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { resourceFromAttributes } =
    require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { registerInstrumentations } =
    require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation, ExpressLayerType } =
    require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { GraphQLInstrumentation } =
    require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
  const { UndiciInstrumentation } =
    require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
  const { MongoDBInstrumentation } =
    require('@opentelemetry/instrumentation-mongodb') as typeof import('@opentelemetry/instrumentation-mongodb');

  // first: fiscal codes, tokens and ids out of URLs and span names before any exporter sees the span
  const spanProcessors: SpanProcessor[] = [new RedactingSpanProcessor()];
  const endpoint = process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (endpoint) {
    const { OTLPTraceExporter } =
      require('@opentelemetry/exporter-trace-otlp-proto') as typeof import('@opentelemetry/exporter-trace-otlp-proto');
    // the exporter reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT/HEADERS itself (…/v1/traces appended to the base)
    spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  }
  const file = process.env.URP_TRACES_FILE;
  if (file) {
    spanProcessors.push(
      new BatchSpanProcessor(new JsonLinesFileExporter(file), { scheduledDelayMillis: 200 }),
    );
  }

  const sampling = traceSampling();
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName, 'service.namespace': 'urp' }),
    spanProcessors,
    // without a sampler the SDK reads OTEL_TRACES_SAMPLER(_ARG) itself
    ...('parentBasedRatio' in sampling
      ? {
          sampler: new ParentBasedSampler({
            root: new TraceIdRatioBasedSampler(sampling.parentBasedRatio),
          }),
        }
      : {}),
  });
  // AsyncLocalStorage context manager, W3C trace context + baggage propagators
  provider.register();
  registerInstrumentations({
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => NO_TRACE_PATHS.test(req.url ?? ''),
      }),
      // Node's fetch (the gateway's calls to the subgraphs): client spans and the traceparent header
      new UndiciInstrumentation(),
      // route handlers only: a span per body parser and middleware says nothing an operator needs
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      // one span per operation phase and per non-trivial resolver; list items merged
      new GraphQLInstrumentation({ mergeItems: true, ignoreTrivialResolveSpans: true, depth: 4 }),
      new MongoDBInstrumentation({ dbStatementSerializer: dbStatementShape }),
    ],
  });
  state = { enabled: true, shutdown: () => provider.shutdown() };
  return true;
}

/**
 * A MongoDB span's `db.query.text`: the command's shape, never its values. Its own fields (arrays by length), and
 * one level of field names inside (a filter's, a sort's), each value `?`. The instrumentation's default walked the
 * whole command to replace every value, the documents of an insert included: about 4 % of the contacts service's
 * CPU under registrations (2.2 kB documents, 16 per command).
 */
export function dbStatementShape(command: Record<string, unknown>): string {
  const shape: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(command)) {
    if (Array.isArray(v)) shape[k] = `[${v.length}]`;
    else if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
      shape[k] = Object.fromEntries(Object.keys(v).map((f) => [f, '?']));
    else shape[k] = '?';
  }
  return JSON.stringify(shape);
}

/** Whether this process records spans (worth building span attributes for). */
export const isTracing = (): boolean => state?.enabled ?? false;

/** Flushes the spans not yet exported (the gateway and services call it on shutdown). */
export const shutdownTracing = (): Promise<void> => state?.shutdown() ?? Promise.resolve();

/** One JSON object per span and line, appended to a file (O_APPEND: several processes may share it). */
export class JsonLinesFileExporter implements SpanExporter {
  constructor(private readonly path: string) {}

  export(spans: ReadableSpan[], done: (result: { code: number; error?: Error }) => void): void {
    try {
      const lines = spans.map((s) => {
        const sc = s.spanContext();
        return JSON.stringify({
          traceId: sc.traceId,
          spanId: sc.spanId,
          parentSpanId: s.parentSpanContext?.spanId,
          service: s.resource.attributes['service.name'],
          name: s.name,
          kind: s.kind,
          scope: s.instrumentationScope.name,
          start: new Date(s.startTime[0] * 1000 + s.startTime[1] / 1e6).toISOString(),
          durationMs: Math.round((s.duration[0] * 1e3 + s.duration[1] / 1e6) * 1000) / 1000,
          status: s.status.code === 2 ? 'error' : 'ok',
          attributes: s.attributes,
          links: s.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId })),
        });
      });
      appendFileSync(this.path, lines.join('\n') + '\n');
      done({ code: 0 });
    } catch (e) {
      done({ code: 1, error: e as Error });
    }
  }

  shutdown(): Promise<void> {
    return Promise.resolve(); // every export was written synchronously
  }
}
