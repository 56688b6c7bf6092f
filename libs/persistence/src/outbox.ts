import { toKafkaRecord, type CloudEvent, type EventCatalog } from '@urp/contracts';
import type { Collection, Document, Filter } from 'mongodb';
import { Schema } from 'mongoose';

/**
 * Transactional outbox without multi-document transactions: the events a state change causes are
 * embedded in the aggregate's own document, in the same single-document write (atomic on MongoDB and
 * FerretDB alike). The relay in libs/messaging publishes them and then removes exactly those entries.
 */
export const OUTBOX_FIELD = '_outbox';
/** Set while a document has unpublished events: what the relay's catch-up sweep looks for. */
export const OUTBOX_PENDING_FIELD = '_outboxAt';

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
  schema.add({
    [OUTBOX_FIELD]: { type: [Schema.Types.Mixed], default: undefined, select: false },
    [OUTBOX_PENDING_FIELD]: { type: Date, select: false },
  });
  schema.index({ [OUTBOX_PENDING_FIELD]: 1 });
}

/** Fields to merge into a new document so it is inserted together with its events. */
export function withEvents<T extends object>(doc: T, entries: OutboxEntry[], now = new Date()): T {
  if (!entries.length) return doc;
  return { ...doc, [OUTBOX_FIELD]: entries, [OUTBOX_PENDING_FIELD]: now };
}

/** Extends an update so it also appends events to the outbox, in the same atomic write. */
export function updateWithEvents(update: UpdateOperators, entries: OutboxEntry[], now = new Date()): UpdateOperators {
  if (!entries.length) return update;
  return {
    ...update,
    $push: { ...(update.$push ?? {}), [OUTBOX_FIELD]: { $each: entries } },
    $set: { ...(update.$set ?? {}), [OUTBOX_PENDING_FIELD]: now },
  };
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

  /** Documents with unpublished events: by id (the fast path after a write) or all (the catch-up sweep). */
  async pending(ids: unknown[] | undefined, limit: number): Promise<PendingDocument[]> {
    const filter: Filter<Document> = (ids
      ? { _id: { $in: ids } }
      : { [OUTBOX_PENDING_FIELD]: { $exists: true } }) as Filter<Document>;
    const docs = await this.collection
      .find(filter, { projection: { [OUTBOX_FIELD]: 1 } })
      .limit(limit)
      .toArray();
    return docs
      .filter((d) => Array.isArray(d[OUTBOX_FIELD]) && d[OUTBOX_FIELD].length > 0)
      .map((d) => ({ _id: d._id, entries: d[OUTBOX_FIELD] as OutboxEntry[] }));
  }

  /**
   * Removes exactly the published entries (events appended meanwhile stay), then clears the pending
   * marker only if the outbox is empty. One round trip.
   */
  async acknowledge(published: PendingDocument[]): Promise<void> {
    if (!published.length) return;
    await this.collection.bulkWrite(
      published.flatMap((d) => [
        { updateOne: { filter: { _id: d._id }, update: { $pullAll: { [OUTBOX_FIELD]: d.entries } } } },
        {
          updateOne: {
            filter: { _id: d._id, [OUTBOX_FIELD]: { $size: 0 } },
            update: { $unset: { [OUTBOX_FIELD]: '', [OUTBOX_PENDING_FIELD]: '' } },
          },
        },
      ]) as never,
      { ordered: true },
    );
  }
}
