/**
 * Personal data and secrets out of spans, in one place for every exporter (the OTLP collector, traces.jsonl).
 * URLs carry them in their path: the App IO profile check `GET /api/v1/profiles/<fiscal code>`, the survey page
 * `/s/<single-use token>`, ids of records. Before a span is exported, its URL attributes and its name are
 * rewritten: a path segment that is a fiscal code, an e-mail, a number or a high-entropy token becomes `{id}`,
 * query strings and fragments are dropped; a fiscal code anywhere else in a string attribute becomes `{id}` too.
 * A server span (a request someone made to us) loses who made it: the client's address and port and its user
 * agent (a citizen's IP and browser are personal data, and nobody needs them to follow a request).
 *
 * Types only from the SDK: this file loads nothing at run time, `tracing.ts` adds the processor first, so every
 * other processor (the batch exporters) sees the span already rewritten.
 */
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-node';

export const REDACTED_SEGMENT = '{id}';

/** Attributes that hold a URL or a path (stable and old HTTP semantic conventions). */
const URL_ATTRIBUTES = ['url.full', 'http.url', 'url.original'] as const;
const PATH_ATTRIBUTES = ['url.path', 'http.target', 'http.route'] as const;
/** Dropped: a query string can hold anything (?cf=…, ?token=…). */
const QUERY_ATTRIBUTES = ['url.query'] as const;

/**
 * Dropped from server spans: the caller's address, port and user agent (stable and old HTTP/network semantic
 * conventions). A client span keeps its peer: that is one of our services or a provider, not a person.
 */
const CALLER_ATTRIBUTES = [
  'client.address',
  'client.port',
  'network.peer.address',
  'network.peer.port',
  'user_agent.original',
  'http.client_ip',
  'http.user_agent',
  'net.peer.ip',
  'net.peer.port',
  'net.sock.peer.addr',
  'net.sock.peer.port',
] as const;

/** `SpanKind.SERVER` of `@opentelemetry/api` (a type-only import here: this file loads nothing at run time). */
const SERVER_KIND = 1;

/** Codice fiscale (with omocodia letters), any case. */
const FISCAL_CODE =
  /\b[A-Za-z]{6}[0-9LMNPQRSTUVlmnpqrstuv]{2}[A-EHLMPRSTa-ehlmprst][0-9LMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{3}[A-Za-z]\b/g;
const HAS_FISCAL_CODE = new RegExp(FISCAL_CODE.source);

/**
 * Whether one path segment identifies someone or something (and must not be in a span): a fiscal code, an
 * e-mail, a number of 4 digits or more, a UUID or hex id, or a token of 16+ URL-safe characters that mixes
 * digits or cases (`Ab3…`, base64url). Words of the API (`profiles`, `internal-invitations`, `v1`) stay.
 */
export function isIdentifyingSegment(segment: string): boolean {
  if (segment.length < 4) return false;
  if (segment.includes('@') || segment.includes('%40')) return true;
  if (/^\d{4,}$/.test(segment)) return true;
  if (segment.length === 16 && HAS_FISCAL_CODE.test(segment)) return true;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment)) return true;
  if (segment.length < 16 || !/^[A-Za-z0-9_~.=%-]+$/.test(segment)) return false;
  const digit = /\d/.test(segment);
  const upper = /[A-Z]/.test(segment);
  const lower = /[a-z]/.test(segment);
  return digit || (upper && lower);
}

/** `/api/v1/profiles/RSSMRA80A01H501U?x=1#f` → `/api/v1/profiles/{id}`. */
export function redactPath(path: string): string {
  const cut = path.search(/[?#]/);
  const bare = cut === -1 ? path : path.slice(0, cut);
  return bare
    .split('/')
    .map((s) => (isIdentifyingSegment(s) ? REDACTED_SEGMENT : s))
    .join('/');
}

/** A full URL keeps its scheme, host and port; its path is redacted, its query and fragment dropped. */
export function redactUrl(url: string): string {
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  if (!origin) return redactPath(url);
  // user:password@host: the credentials go too
  const host = origin[0].replace(/\/\/[^/@]*@/, '//');
  return host + redactPath(url.slice(origin[0].length));
}

/** A span name may embed a path (`GET /s/<token>`): each word that is a path or a URL is redacted. */
export function redactSpanName(name: string): string {
  if (!name.includes('/') && !HAS_FISCAL_CODE.test(name)) return name;
  return name
    .split(' ')
    .map((w) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(w) ? redactUrl(w) : w.startsWith('/') ? redactPath(w) : w))
    .join(' ')
    .replace(FISCAL_CODE, REDACTED_SEGMENT);
}

type MutableAttributes = Record<string, unknown>;

/** URL attributes rewritten, query strings dropped, a fiscal code anywhere else replaced. */
function redactAttributes(attributes: MutableAttributes): void {
  for (const key of URL_ATTRIBUTES) {
    const v = attributes[key];
    if (typeof v === 'string') attributes[key] = redactUrl(v);
  }
  for (const key of PATH_ATTRIBUTES) {
    const v = attributes[key];
    if (typeof v === 'string') attributes[key] = redactPath(v);
  }
  for (const key of QUERY_ATTRIBUTES) delete attributes[key];
  // a fiscal code in any other string attribute (an error message, a statement)
  for (const key of Object.keys(attributes)) {
    const v = attributes[key];
    if (typeof v === 'string' && v.length >= 16 && HAS_FISCAL_CODE.test(v))
      attributes[key] = v.replace(FISCAL_CODE, REDACTED_SEGMENT);
  }
}

/**
 * Rewrites the span in place (its name, attributes and events' attributes: exceptions), before any exporter; a
 * server span also loses its caller's address, port and user agent.
 */
export function redactSpan(span: {
  name: string;
  kind?: number;
  attributes: object;
  events?: readonly { attributes?: object }[];
  updateName?: (n: string) => unknown;
}) {
  redactAttributes(span.attributes as MutableAttributes);
  if (span.kind === SERVER_KIND)
    for (const key of CALLER_ATTRIBUTES) delete (span.attributes as MutableAttributes)[key];
  for (const event of span.events ?? [])
    if (event.attributes) redactAttributes(event.attributes as MutableAttributes);
  const name = redactSpanName(span.name);
  if (name !== span.name) {
    if (span.updateName) span.updateName(name);
    else span.name = name;
  }
}

/** Put first among the provider's processors: `onEnding` runs while the span can still be changed. */
export class RedactingSpanProcessor implements SpanProcessor {
  onStart(_span: Span, _parentContext: Context): void {
    // the span is rewritten once, when it ends: attributes set later are covered too
  }

  onEnding(span: Span): void {
    redactSpan(span);
  }

  onEnd(_span: ReadableSpan): void {
    // nothing to export: the exporters' processors come after this one
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
