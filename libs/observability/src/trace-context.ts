import { randomFillSync } from 'node:crypto';
import {
  context,
  isSpanContextValid,
  ROOT_CONTEXT,
  trace,
  TraceFlags,
  type Context,
  type SpanContext,
} from '@opentelemetry/api';

/** The tracer of the code we wrote (outbox, relay, consumer runtime); a no-op while tracing is off. */
export const urpTracer = () => trace.getTracer('@urp/messaging');

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** W3C `traceparent` of a span context: `00-<trace id>-<span id>-<flags>`. */
export const formatTraceparent = (sc: SpanContext): string =>
  `00-${sc.traceId}-${sc.spanId}-${(sc.traceFlags & 0xff).toString(16).padStart(2, '0')}`;

/** A span context from a `traceparent` header, or undefined if it is not a valid version-00 one. */
export function parseTraceparent(value: string | undefined | null): SpanContext | undefined {
  const m = value ? TRACEPARENT.exec(value.trim()) : null;
  if (!m) return undefined;
  const sc: SpanContext = { traceId: m[1], spanId: m[2], traceFlags: parseInt(m[3], 16), isRemote: true };
  return isSpanContextValid(sc) ? sc : undefined;
}

/**
 * Random bytes drawn from a pooled buffer refilled by the CSPRNG 4 KiB at a time (as Node's own `randomUUID`
 * does), so that an id costs a slice and a hex conversion, not a call into OpenSSL: 2 % of the notification
 * sender's CPU went to `randomBytes` for ids. Each byte is handed out once.
 */
const POOL_SIZE = 4096;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let poolOffset = POOL_SIZE;

/** `bytes` (at most 4096) random bytes from the CSPRNG, as lower-case hex. */
export function randomHex(bytes: number): string {
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > POOL_SIZE)
    throw new RangeError(`randomHex: 1 to ${POOL_SIZE} bytes, not ${bytes}`);
  if (poolOffset + bytes > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return hex;
}

const ZEROS = /^0+$/;

/** A fresh, unsampled trace context: what an event carries when no trace is active (tracing off). */
export function newTraceparent(): string {
  let traceId = randomHex(16);
  let spanId = randomHex(8);
  // all-zero ids are invalid (W3C): one chance in 2^64 or 2^128, drawn again
  while (ZEROS.test(traceId)) traceId = randomHex(16);
  while (ZEROS.test(spanId)) spanId = randomHex(8);
  return formatTraceparent({ traceId, spanId, traceFlags: TraceFlags.NONE });
}

/**
 * The `traceparent` an event written now must carry: the active span's when a trace is active (the
 * request or the consumed event that causes it), else `fallback` (the causing event's, if it had one),
 * else a new one. The README promises a `traceparent` on every event, tracing on or off.
 */
export function currentTraceparent(fallback?: string): string {
  const sc = trace.getSpanContext(context.active());
  if (sc && isSpanContextValid(sc)) return formatTraceparent(sc);
  return fallback && parseTraceparent(fallback) ? fallback : newTraceparent();
}

/** The context to run a consumed event's work in: the producer's trace, carried by its header. */
export function contextFromTraceparent(value: string | undefined | null): Context {
  const sc = parseTraceparent(value);
  return sc ? trace.setSpanContext(ROOT_CONTEXT, sc) : ROOT_CONTEXT;
}
