import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { EventCatalog, EventDefinition } from './catalog';

/**
 * A CloudEvents 1.0 event. Extension attributes follow the CloudEvents naming rule (lower-case letters
 * and digits only): `correlationid` ties together everything one user action caused, `causationid`
 * names the event that directly caused this one.
 */
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  type: string;
  source: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  correlationid: string;
  causationid?: string;
  traceparent?: string;
  data: T;
}

/** A problem with an event's shape: never retried, it goes straight to the dead-letter topic. */
export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super(issues.length ? `${message}: ${issues.join('; ')}` : message);
  }
}

export interface EventOrigin {
  /** `ce_source`, e.g. `/urp/contacts`. */
  source: string;
  correlationId?: string;
  causationId?: string;
  traceparent?: string;
  time?: Date;
}

const formatIssues = (error: z.ZodError): string[] =>
  error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);

/** Builds an event, validating its payload against the contract (a producer can never emit a bad event). */
export function createEvent<D extends EventDefinition>(
  def: D,
  subject: string,
  data: z.input<D['schema']>,
  origin: EventOrigin,
): CloudEvent<z.infer<D['schema']>> {
  const parsed = def.schema.safeParse(data);
  if (!parsed.success) throw new ContractViolation(`invalid ${def.type} payload`, formatIssues(parsed.error));
  const id = uuidv7();
  return {
    specversion: '1.0',
    id,
    type: def.type,
    source: origin.source,
    subject,
    time: (origin.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    correlationid: origin.correlationId ?? id,
    ...(origin.causationId ? { causationid: origin.causationId } : {}),
    ...(origin.traceparent ? { traceparent: origin.traceparent } : {}),
    data: parsed.data as z.infer<D['schema']>,
  };
}

/** The origin of an event caused by `parent`: same correlation and trace, causation = parent id. */
export function causedBy(parent: CloudEvent, source: string): EventOrigin {
  return {
    source,
    correlationId: parent.correlationid,
    causationId: parent.id,
    ...(parent.traceparent ? { traceparent: parent.traceparent } : {}),
  };
}

// ---------------------------------------------------------------- Kafka binary content mode

/** CloudEvents Kafka protocol binding, binary content mode: attributes in `ce_` headers, data in the value. */
export const HEADERS = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  type: 'ce_type',
  source: 'ce_source',
  subject: 'ce_subject',
  time: 'ce_time',
  correlationid: 'ce_correlationid',
  causationid: 'ce_causationid',
  traceparent: 'traceparent',
  contentType: 'content-type',
} as const;

export interface KafkaRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
}

export function toKafkaRecord(event: CloudEvent): KafkaRecord {
  const headers: Record<string, string> = {
    [HEADERS.specversion]: event.specversion,
    [HEADERS.id]: event.id,
    [HEADERS.type]: event.type,
    [HEADERS.source]: event.source,
    [HEADERS.subject]: event.subject,
    [HEADERS.time]: event.time,
    [HEADERS.correlationid]: event.correlationid,
    [HEADERS.contentType]: event.datacontenttype,
  };
  if (event.causationid) headers[HEADERS.causationid] = event.causationid;
  if (event.traceparent) headers[HEADERS.traceparent] = event.traceparent;
  return { key: event.subject, value: JSON.stringify(event.data), headers };
}

type RawHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

function headerText(headers: RawHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  return first === undefined ? undefined : first.toString();
}

/** Reads the envelope of a Kafka message; throws ContractViolation if it is not a CloudEvent. */
export function fromKafkaMessage(message: {
  headers?: RawHeaders;
  value: Buffer | string | null;
}): CloudEvent {
  const h = (name: string) => headerText(message.headers, name);
  const missing = (['id', 'type', 'source', 'subject', 'time', 'specversion'] as const).filter(
    (a) => !h(HEADERS[a]),
  );
  if (missing.length)
    throw new ContractViolation(
      'not a CloudEvent',
      missing.map((a) => `missing header ${HEADERS[a]}`),
    );
  if (h(HEADERS.specversion) !== '1.0')
    throw new ContractViolation(`unsupported specversion ${h(HEADERS.specversion)}`);
  let data: unknown;
  try {
    data = JSON.parse(message.value?.toString() ?? 'null');
  } catch (e) {
    throw new ContractViolation('payload is not JSON', [(e as Error).message]);
  }
  const id = h(HEADERS.id) as string;
  return {
    specversion: '1.0',
    id,
    type: h(HEADERS.type) as string,
    source: h(HEADERS.source) as string,
    subject: h(HEADERS.subject) as string,
    time: h(HEADERS.time) as string,
    datacontenttype: 'application/json',
    correlationid: h(HEADERS.correlationid) ?? id,
    ...(h(HEADERS.causationid) ? { causationid: h(HEADERS.causationid) } : {}),
    ...(h(HEADERS.traceparent) ? { traceparent: h(HEADERS.traceparent) } : {}),
    data,
  };
}

/** Validates an event's payload against its contract. Unknown types return `undefined` (not ours to judge). */
export function validateEvent(catalog: EventCatalog, event: CloudEvent): CloudEvent | undefined {
  const def = catalog.find(event.type);
  if (!def) return undefined;
  const parsed = def.schema.safeParse(event.data);
  if (!parsed.success)
    throw new ContractViolation(`invalid ${event.type} payload`, formatIssues(parsed.error));
  return { ...event, data: parsed.data };
}
