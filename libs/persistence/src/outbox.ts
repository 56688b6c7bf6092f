import { toKafkaRecord, type CloudEvent, type EventCatalog } from '@urp/contracts';
import type { Collection, Document, Filter } from 'mongodb';
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

export interface OutboxEntry {
  id: string;
  topic: string;
  key: string;
  headers: Record<string, string>;
  value: string;
}

export function toOutboxEntry(catalog: EventCatalog, event: CloudEvent): OutboxEntry {
  const def = catalog.find(event.type);
  if (!def) throw new Error(`event type ${event.type} is not in the catalog`);
  const { key, value, headers } = toKafkaRecord(event);
  return { id: event.id, topic: def.topic.name, key, headers, value };
}

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
      const entries = d?.[OUTBOX_FIELD] as OutboxEntry[] | undefined;
      if (d && entries?.length) pending.push({ _id: d._id, entries });
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
        const entries = d[OUTBOX_FIELD] as OutboxEntry[] | undefined;
        if (entries?.length) batch.push({ _id: d._id, entries });
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
          update: { $pullAll: { [OUTBOX_FIELD]: d.entries } } as never,
        },
      })),
      { ordered: false },
    );
  }
}
