/**
 * The analysts' view of a Kafka message: the CloudEvent envelope, its payload, and whether the payload
 * honours the catalog's schema (pure: no Kafka here).
 */
import { createHmac } from 'node:crypto';
import {
  ContractViolation,
  fromKafkaMessage,
  validateEvent,
  type CloudEvent,
  type EventCatalog,
} from '@urp/contracts';

export interface StreamRecord {
  topic: string;
  partition: number;
  offset: string;
  /** Broker append time, ISO-8601. */
  timestamp: string;
  key: string | null;
  id: string | null;
  type: string | null;
  source: string | null;
  subject: string | null;
  time: string | null;
  correlationid: string | null;
  causationid: string | null;
  /** `valid`: the schema of its type accepts it; `unknown_type`: not in the catalog; `invalid`: it breaks its contract. */
  validation: 'valid' | 'invalid' | 'unknown_type';
  errors: string[];
  data: unknown;
}

export interface RawMessage {
  key: Buffer | string | null;
  value: Buffer | string | null;
  offset: string;
  timestamp: string;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

export function toRecord(
  catalog: EventCatalog,
  topic: string,
  partition: number,
  m: RawMessage,
): StreamRecord {
  const base = {
    topic,
    partition,
    offset: m.offset,
    timestamp: new Date(Number(m.timestamp)).toISOString(),
    key: m.key === null ? null : m.key.toString(),
  };
  let event: CloudEvent | undefined;
  try {
    event = fromKafkaMessage(m);
  } catch (e) {
    let data: unknown = m.value?.toString() ?? null;
    try {
      data = JSON.parse(String(data));
    } catch {
      /* not JSON: shown as text */
    }
    return {
      ...base,
      id: null,
      type: null,
      source: null,
      subject: null,
      time: null,
      correlationid: null,
      causationid: null,
      validation: 'invalid',
      errors:
        e instanceof ContractViolation ? (e.issues.length ? e.issues : [e.message]) : [(e as Error).message],
      data,
    };
  }
  const envelope = {
    ...base,
    id: event.id,
    type: event.type,
    source: event.source,
    subject: event.subject,
    time: event.time,
    correlationid: event.correlationid,
    causationid: event.causationid ?? null,
  };
  if (!catalog.find(event.type))
    return { ...envelope, validation: 'unknown_type', errors: [], data: event.data };
  try {
    validateEvent(catalog, event);
    return { ...envelope, validation: 'valid', errors: [], data: event.data };
  } catch (e) {
    return {
      ...envelope,
      validation: 'invalid',
      errors: e instanceof ContractViolation ? e.issues : [(e as Error).message],
      data: event.data,
    };
  }
}

export const CSV_COLUMNS: (keyof StreamRecord)[] = [
  'topic',
  'partition',
  'offset',
  'timestamp',
  'key',
  'id',
  'type',
  'source',
  'subject',
  'time',
  'correlationid',
  'causationid',
  'validation',
  'errors',
  'data',
];

function csvCell(v: unknown): string {
  let s =
    v === null || v === undefined
      ? ''
      : Array.isArray(v)
        ? v.join('; ')
        : typeof v === 'object'
          ? JSON.stringify(v)
          : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`; // never a formula in a spreadsheet
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvHeader = (): string => CSV_COLUMNS.join(',');
export const toCsvLine = (r: StreamRecord): string => CSV_COLUMNS.map((c) => csvCell(r[c])).join(',');
export const toJsonLine = (r: StreamRecord): string => JSON.stringify(r);

export interface CliOptions {
  command: 'tail' | 'replay' | 'topics';
  topic?: string;
  /** `beginning` or an instant (ISO-8601). */
  from: 'beginning' | Date;
  /** replay: stop at this instant (default: the end offsets when the replay starts). */
  to?: Date;
  format: 'jsonl' | 'csv';
  brokers: string[];
  limit?: number;
  /** Print only the records that break their contract. */
  invalidOnly: boolean;
  /** Pseudonymised facts: staff and requester ids replaced by keyed pseudonyms, free text removed. */
  pseudonymise: boolean;
}

export const USAGE = `usage:
  npm run -s stream -- topics
  npm run -s stream -- tail <topic> [--format jsonl|csv] [--limit N] [--invalid-only]
  npm run -s stream -- replay <topic> [--from beginning|<ISO date>] [--to <ISO date>] [--format jsonl|csv] [--limit N] [--invalid-only]
  add --pseudonymise to any of them for the facts only (staff and requester ids as keyed pseudonyms, no free
  text; key from $STREAM_PSEUDONYM_KEY, else a random one per run)
options: --brokers host:port[,host:port] (default $KAFKA_BROKERS or 127.0.0.1:$URP_KAFKA_PORT or 127.0.0.1:19092)`;

export function parseArgs(argv: string[], env: Record<string, string | undefined> = {}): CliOptions {
  const [command, ...rest] = argv;
  if (command !== 'tail' && command !== 'replay' && command !== 'topics') throw new Error(USAGE);
  const opts: CliOptions = {
    command,
    from: 'beginning',
    format: 'jsonl',
    brokers: (env.KAFKA_BROKERS ?? `127.0.0.1:${env.URP_KAFKA_PORT ?? 19092}`).split(','),
    invalidOnly: false,
    pseudonymise: false,
  };
  const value = (i: number, name: string) => {
    const v = rest[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value\n${USAGE}`);
    return v;
  };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--format') {
      const f = value(i++, a);
      if (f !== 'jsonl' && f !== 'csv') throw new Error(`--format must be jsonl or csv, not ${f}`);
      opts.format = f;
    } else if (a === '--from') {
      const f = value(i++, a);
      if (f === 'beginning') opts.from = 'beginning';
      else {
        const d = new Date(f);
        if (Number.isNaN(d.getTime()))
          throw new Error(`--from must be "beginning" or an ISO-8601 date, not ${f}`);
        opts.from = d;
      }
    } else if (a === '--to') {
      const d = new Date(value(i++, a));
      if (Number.isNaN(d.getTime())) throw new Error('--to must be an ISO-8601 date');
      opts.to = d;
    } else if (a === '--brokers') {
      opts.brokers = value(i++, a).split(',');
    } else if (a === '--limit') {
      const n = Number(value(i++, a));
      if (!Number.isInteger(n) || n < 1) throw new Error('--limit must be a positive integer');
      opts.limit = n;
    } else if (a === '--invalid-only') {
      opts.invalidOnly = true;
    } else if (a === '--pseudonymise' || a === '--pseudonymize') {
      opts.pseudonymise = true;
    } else if (!a.startsWith('--') && !opts.topic) {
      opts.topic = a;
    } else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  if (command !== 'topics' && !opts.topic) throw new Error(`which topic?\n${USAGE}`);
  return opts;
}

// ---------------------------------------------------------------- pseudonymised facts

/** Fields naming a staff member: replaced by a keyed pseudonym (joinable within one key, not reversible). */
const STAFF_FIELDS =
  /^(operatorId|referentId|routedBy|decidedBy|changedBy|responsibleId|proposedBy|markedBy|approvedBy|ownerReferentId|headReferentId|startedBy)$/;
/** Free text (even scrubbed) and form data: dropped from the facts. */
const TEXT_FIELDS =
  /^(subject|question|answer|reason|comment|description|formData|note|title|body|text|message)$/;

/**
 * The facts of an event for analysts outside the administration: staff ids and requester ids replaced by
 * HMAC-SHA256 pseudonyms under `key` (the same id gives the same pseudonym within one key, so facts still
 * join), free text removed. Codes, dates, counts and outcomes stay. Reason codes (`reason` on
 * ClarityFeedbackReceived) are codes, but `reason` elsewhere is free text: dropped everywhere, to be safe.
 */
export function pseudonymise(record: StreamRecord, key: string): StreamRecord {
  const alias = (prefix: string, v: string) =>
    `${prefix}${createHmac('sha256', key).update(v).digest('hex').slice(0, 16)}`;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (TEXT_FIELDS.test(k)) continue;
      if (STAFF_FIELDS.test(k) && typeof x === 'string') out[k] = alias('staff_', x);
      else if (k === 'requesterId' && typeof x === 'string') out[k] = alias('req_p', x);
      else out[k] = walk(x);
    }
    return out;
  };
  // the requester topic is keyed by the requester id
  const idOf = (v: string | null) => (v?.startsWith('req_') ? alias('req_p', v) : v);
  return { ...record, key: idOf(record.key), subject: idOf(record.subject), data: walk(record.data) };
}
