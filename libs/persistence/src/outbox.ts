import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { toKafkaRecord, type CloudEvent, type EventCatalog } from '@urp/contracts';
import { Binary, type Collection, type Document, type Filter } from 'mongodb';
import { Schema } from 'mongoose';

/**
 * Transactional outbox without multi-document transactions: the events a state change causes are
 * embedded in the aggregate's own document, in the same single-document write (atomic on MongoDB and
 * FerretDB alike). The relay in libs/messaging publishes them and then removes exactly those entries.
 */
export const OUTBOX_FIELD = '_outbox';
/** What the relay's catch-up sweep looks for (indexed on MongoDB: a multikey index on `_outbox.id`). */
const ACK_CHUNK = 50;
const PENDING_FILTER = { [`${OUTBOX_FIELD}.id`]: { $exists: true } };

/** An event to publish, as the relay sends it: the Kafka record (every CloudEvent header) and its topic. */
export interface OutboxEntry {
  id: string;
  topic: string;
  key: string;
  headers: Record<string, string>;
  value: string;
}

/**
 * How an entry is stored (since session 26): its id (what the sweep looks for and acknowledgements name), its value,
 * and `env`, one JSON text of `[topic, key, headers]` without the headers the entry tells already (`ce_id` = the id,
 * `ce_subject` = the key, `ce_specversion` 1.0, `content-type` application/json). FerretDB stores a document as JSON
 * with the type of every field beside it, per array item: an entry with ten headers as fields cost it twice the
 * bytes, and its CPU follows the bytes it decodes and rewrites (a slice's outcome document of 16 notifications,
 * 32 entries: insert 0.26 → 0.13 ms, the relay's `$pullAll` 0.45 → 0.27 ms per message,
 * tools/bench/src/notifications-outbox.ts). Entries written before (`headers` as fields) are read as they are.
 */
export interface StoredOutboxEntry {
  id: string;
  env: string;
  value: string;
}

const SPECVERSION = 'ce_specversion';
const CONTENT_TYPE = 'content-type';
const ID = 'ce_id';
const SUBJECT = 'ce_subject';

/** The headers an entry tells already: not stored, put back when read. */
const derived = (id: string, key: string): Record<string, string> => ({
  [SPECVERSION]: '1.0',
  [ID]: id,
  [SUBJECT]: key,
  [CONTENT_TYPE]: 'application/json',
});

function pack(e: OutboxEntry): StoredOutboxEntry {
  const told = derived(e.id, e.key);
  const rest: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.headers)) if (told[k] !== v) rest[k] = v;
  return { id: e.id, env: JSON.stringify([e.topic, e.key, rest]), value: e.value };
}

/**
 * Many entries of one document stored as ONE element (`packOutbox`): their ids (the sweep's filter finds `id`, the
 * first) and their compact forms as one JSON text, deflated. For a document written once with many events and
 * acknowledged once (a notification slice's outcomes: 32 entries), FerretDB's cost follows the bytes it decodes and
 * rewrites: 24 → 8 kB per document, insert 0.16 → 0.06 and acknowledgement 0.27 → 0.11 ms of its CPU per message
 * (tools/bench/src/notifications-outbox.ts). The relay publishes every entry of a pack, then removes the pack.
 */
export interface StoredOutboxPack {
  id: string;
  ids: string[];
  z: Binary;
}

/** The entries of a pack and its stored form, fixed at the first write (or as read), which `$pullAll` names. */
class OutboxPack {
  #stored: StoredOutboxPack | undefined;
  constructor(
    readonly entries: readonly CompactOutboxEntry[],
    stored?: StoredOutboxPack,
  ) {
    this.#stored = stored;
  }

  toBSON(): StoredOutboxPack {
    return (this.#stored ??= {
      id: this.entries[0].id,
      ids: this.entries.map((e) => e.id),
      z: new Binary(
        deflateRawSync(Buffer.from(JSON.stringify(this.entries.map((e) => e.toBSON()))), { level: 1 }),
      ),
    });
  }
}

const isPack = (stored: unknown): stored is StoredOutboxPack =>
  !!stored &&
  typeof stored === 'object' &&
  'ids' in stored &&
  (stored as { z?: unknown }).z instanceof Binary;

/**
 * An entry in memory with the whole Kafka record, stored compact: the MongoDB driver serialises it through `toBSON`
 * (the stored form is fixed at the first write, so the relay's acknowledgement names exactly what was written). Read
 * back from a document, it keeps the stored form as read.
 */
class CompactOutboxEntry implements OutboxEntry {
  #stored: StoredOutboxEntry | undefined;
  /** The pack this entry is stored in, if any (not an own property: an entry spread or logged stays a record). */
  #pack: OutboxPack | undefined;
  get pack(): OutboxPack | undefined {
    return this.#pack;
  }
  set pack(p: OutboxPack | undefined) {
    this.#pack = p;
  }
  constructor(
    public id: string,
    public topic: string,
    public key: string,
    public headers: Record<string, string>,
    public value: string,
    stored?: StoredOutboxEntry,
  ) {
    this.#stored = stored;
  }

  toBSON(): StoredOutboxEntry {
    return (this.#stored ??= pack(this));
  }
}

export function toOutboxEntry(catalog: EventCatalog, event: CloudEvent): OutboxEntry {
  const def = catalog.find(event.type);
  if (!def) throw new Error(`event type ${event.type} is not in the catalog`);
  const { key, value, headers } = toKafkaRecord(event);
  return new CompactOutboxEntry(event.id, def.topic.name, key, headers, value);
}

/** An entry as stored (either form) → the entry to publish; acknowledging it names it as stored. */
export function readOutboxEntry(stored: OutboxEntry | StoredOutboxEntry): OutboxEntry {
  if (!('env' in stored) || typeof stored.env !== 'string') return stored as OutboxEntry; // written before
  const [topic, key, rest] = JSON.parse(stored.env) as [string, string, Record<string, string>];
  return new CompactOutboxEntry(
    stored.id,
    topic,
    key,
    { ...derived(stored.id, key), ...rest },
    stored.value,
    stored,
  );
}

/**
 * These entries as one stored element (see `StoredOutboxPack`): put `storedOutbox(packed)` into the document, and
 * hand `packed` to the relay (`written`) as for any entries.
 */
export function packOutbox(entries: readonly OutboxEntry[]): OutboxEntry[] {
  const fresh = (e: OutboxEntry): e is CompactOutboxEntry => e instanceof CompactOutboxEntry && !e.pack;
  // one entry gains nothing; entries not made by `toOutboxEntry`, or packed already, are stored as they are
  if (entries.length < 2 || !entries.every(fresh)) return [...entries];
  const compact = entries as readonly CompactOutboxEntry[];
  const pack = new OutboxPack(compact);
  for (const e of compact) e.pack = pack;
  return [...compact];
}

/** The elements a document's outbox holds for these entries: one per pack, one per entry not packed. */
export function storedOutbox(entries: readonly OutboxEntry[]): unknown[] {
  return [...new Set(entries.map(asStored))];
}

/** An element of a document's outbox (an entry in either form, or a pack) → the entries to publish. */
export function readOutboxEntries(stored: OutboxEntry | StoredOutboxEntry | StoredOutboxPack): OutboxEntry[] {
  if (!isPack(stored)) return [readOutboxEntry(stored)];
  const text = inflateRawSync(stored.z.read(0, stored.z.length())).toString();
  const entries = (JSON.parse(text) as StoredOutboxEntry[]).map(
    (e) => readOutboxEntry(e) as CompactOutboxEntry,
  );
  const pack = new OutboxPack(entries, stored);
  for (const e of entries) e.pack = pack;
  return entries;
}

/** What a document holds for this entry (what `$pullAll` must name): the entry, or the pack it is stored in. */
const asStored = (e: OutboxEntry): unknown =>
  e instanceof CompactOutboxEntry ? (e.pack ? e.pack.toBSON() : e.toBSON()) : e;

/** Mongoose plugin: adds the outbox fields to an aggregate schema (kept out of normal reads). */
export function outboxPlugin(schema: Schema): void {
  schema.add({ [OUTBOX_FIELD]: { type: [Schema.Types.Mixed], default: undefined, select: false } });
  schema.index({ [`${OUTBOX_FIELD}.id`]: 1 });
}

/** Fields to merge into a new document so it is inserted together with its events. */
export function withEvents<T extends object>(doc: T, entries: OutboxEntry[]): T {
  if (!entries.length) return doc;
  return { ...doc, [OUTBOX_FIELD]: entries };
}

/** Extends an update so it also appends events to the outbox, in the same atomic write. */
export function updateWithEvents(update: UpdateOperators, entries: OutboxEntry[]): UpdateOperators {
  if (!entries.length) return update;
  return { ...update, $push: { ...(update.$push ?? {}), [OUTBOX_FIELD]: { $each: entries } } };
}

/** A MongoDB update document (`$set`, `$inc`, …), loosely typed so helpers can compose it. */
export type UpdateOperators = Record<string, Record<string, unknown> | undefined>;

export interface PendingDocument {
  _id: unknown;
  entries: OutboxEntry[];
}

/** Raw outbox operations on one collection, used by the relay. */
export class OutboxStore {
  constructor(readonly collection: Collection) {}

  get name(): string {
    return this.collection.collectionName;
  }

  /**
   * Documents with unpublished events: by id (the fast path after a write) or all (the catch-up sweep).
   * By id, one `{_id}` query each: the only filter FerretDB's SQLite backend can answer from its primary
   * key instead of scanning the collection (MongoDB answers either way from the _id index).
   */
  async pending(ids: unknown[] | undefined, limit: number): Promise<PendingDocument[]> {
    const projection = { [OUTBOX_FIELD]: 1 };
    const docs = ids
      ? await Promise.all(
          ids
            .slice(0, limit)
            .map((id) => this.collection.findOne({ _id: id } as Filter<Document>, { projection })),
        )
      : await this.collection
          .find(PENDING_FILTER as Filter<Document>, { projection })
          .limit(limit)
          .toArray();
    const pending: PendingDocument[] = [];
    for (const d of docs) {
      const entries = d?.[OUTBOX_FIELD] as StoredOutboxEntry[] | undefined;
      if (d && entries?.length) pending.push({ _id: d._id, entries: entries.flatMap(readOutboxEntries) });
    }
    return pending;
  }

  /**
   * Every document with unpublished events, in batches of `size`, from ONE pass over the collection (one cursor):
   * FerretDB answers the sweep's filter by reading the collection, and a `limit` query per batch would read again,
   * each time, the documents already acknowledged before it reaches pending ones (quadratic in a large backlog:
   * 7 events/s at 100,000 procedures). A document acknowledged after its batch was fetched is not returned again;
   * one fetched in a batch read ahead may be (published twice at worst: consumers are idempotent).
   */
  async *pendingBatches(size: number): AsyncGenerator<PendingDocument[]> {
    const cursor = this.collection.find(PENDING_FILTER as Filter<Document>, {
      projection: { [OUTBOX_FIELD]: 1 },
      batchSize: size,
    });
    try {
      let batch: PendingDocument[] = [];
      for await (const d of cursor) {
        const entries = d[OUTBOX_FIELD] as StoredOutboxEntry[] | undefined;
        if (entries?.length) batch.push({ _id: d._id, entries: entries.flatMap(readOutboxEntries) });
        if (batch.length >= size) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    } finally {
      await cursor.close();
    }
  }

  /**
   * Removes exactly the published entries (equal as stored): events appended meanwhile stay. An empty
   * `_outbox: []` may remain; the sweep only looks for entries. One round trip, `{_id}` filters only.
   */
  async acknowledge(published: PendingDocument[]): Promise<void> {
    // FerretDB 1.24 holds a connection per statement until the command ends: a command of ~100 statements
    // exhausts its pool of 100 and hangs. Chunks of ACK_CHUNK keep well under it (MongoDB does not care).
    for (let i = 0; i < published.length; i += ACK_CHUNK) {
      await this.acknowledgeChunk(published.slice(i, i + ACK_CHUNK));
    }
  }

  private async acknowledgeChunk(published: PendingDocument[]): Promise<void> {
    await this.collection.bulkWrite(
      published.map((d) => ({
        updateOne: {
          filter: { _id: d._id } as Filter<Document>,
          update: { $pullAll: { [OUTBOX_FIELD]: storedOutbox(d.entries) } } as never,
        },
      })),
      { ordered: false },
    );
  }
}
