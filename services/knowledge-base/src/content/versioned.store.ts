import type { CloudEvent } from '@urp/contracts';
import type { EventOutbox } from '@urp/messaging';
import { updateWithEvents, withEvents } from '@urp/persistence';
import type { Collection, Document, Filter } from 'mongodb';
import type { Model } from 'mongoose';

/** Every versioned aggregate document carries `seq`, bumped by each write: optimistic concurrency. */
export interface StoredDoc {
  _id: string;
  seq: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Splits a patch into `$set` and `$unset` (an undefined field is removed, not stored as null). */
export function toUpdate(patch: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) $unset[k] = '';
    else $set[k] = v;
  }
  return { $set, ...(Object.keys($unset).length ? { $unset } : {}) };
}

/** Removes undefined fields deeply (the driver would store them as null). */
export function clean<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clean) as T;
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>))
    if (v !== undefined) out[k] = clean(v);
  return out as T;
}

/**
 * One collection of versioned content. Every write carries the events it causes (embedded outbox) and is
 * conditional on the `seq` the use case read: a concurrent change makes it fail instead of being lost.
 */
export class VersionedStore<D extends StoredDoc> {
  readonly collection: Collection<Document>;

  constructor(
    private readonly model: Model<any>,
    private readonly outbox: EventOutbox,
  ) {
    this.collection = model.collection as unknown as Collection<Document>;
    outbox.track(model);
  }

  async insert(doc: D, events: CloudEvent[]): Promise<void> {
    const entries = this.outbox.entries(...events);
    await this.collection.insertOne(withEvents(clean(doc) as Document, entries));
    this.outbox.written(this.model, doc._id, entries);
  }

  /** Applies `patch` if the document is still at `seq`; false when someone changed it meanwhile. */
  async save(id: string, seq: number, patch: Partial<D>, events: CloudEvent[], now: Date): Promise<boolean> {
    const entries = this.outbox.entries(...events);
    const update = toUpdate(clean({ ...patch, updatedAt: now }) as Record<string, unknown>);
    for (const [k, v] of Object.entries(patch)) if (v === undefined) (update.$unset ??= {})[k] = '';
    const res = await this.collection.updateOne(
      { _id: id, seq } as unknown as Filter<Document>,
      updateWithEvents({ ...update, $inc: { seq: 1 } }, entries) as never,
    );
    if (res.modifiedCount === 1) this.outbox.written(this.model, id, entries);
    return res.modifiedCount === 1;
  }

  async findById(id: string): Promise<D | null> {
    return (await this.collection.findOne({ _id: id } as unknown as Filter<Document>, {
      projection: { _outbox: 0 },
    })) as D | null;
  }

  async findOne(filter: Filter<Document>): Promise<D | null> {
    return (await this.collection.findOne(filter, { projection: { _outbox: 0 } })) as D | null;
  }

  /** Only the ids (and `fields`) of the matching documents: the scheduler's scans stay light. */
  async findIds(filter: Filter<Document>, fields: Record<string, 1> = {}): Promise<D[]> {
    return (await this.collection
      .find(filter, { projection: { _id: 1, ...fields } })
      .toArray()) as unknown as D[];
  }

  async find(filter: Filter<Document>, limit = 0, sort: Record<string, 1 | -1> = { _id: 1 }): Promise<D[]> {
    const cursor = this.collection.find(filter, { projection: { _outbox: 0 } }).sort(sort);
    if (limit) cursor.limit(limit);
    return (await cursor.toArray()) as unknown as D[];
  }
}
