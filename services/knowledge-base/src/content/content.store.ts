import type { OnModuleInit } from '@nestjs/common';
import {
  MongoAggregateStore,
  type Aggregate,
  type AggregateStore,
  type OutboxPort,
  type StoredDocument,
} from '@urp/kernel';
import type { Db, Filter, Sort } from 'mongodb';

const HIDDEN = { _outbox: 0, _applied: 0 } as const;

export interface FindOptions {
  sort?: Sort;
  limit?: number;
  /** Fields left out (e.g. a sheet's history for the read model). */
  projection?: Record<string, 0>;
  /** The server-side time limit of this read (the kernel's store default otherwise: 10 s); 0: none. */
  maxTimeMS?: number;
}

/** What the use cases need of a store: the kernel's contract plus the reads of lists and sweeps. */
export interface KnowledgeStorePort<S extends Aggregate> extends AggregateStore<S> {
  find(filter?: Filter<StoredDocument>, options?: FindOptions): Promise<S[]>;
  findOne(filter: Filter<StoredDocument>): Promise<S | null>;
}

export interface StoreOptions {
  /** Fields with a unique index (a slug, a code). */
  unique?: readonly string[];
  /** Versioned content: documents written before the kernel kept their content number in `revision`. */
  versioned?: boolean;
}

/**
 * The knowledge base's aggregate store: the kernel's store (the only writer of its collection) plus the
 * reads the lists and the sweeps need. FerretDB answers these by scanning: the collections are small
 * (hundreds of sheets, tens of forms), the hot lookups go by `_id` (`get`).
 */
export class KnowledgeStore<S extends Aggregate>
  extends MongoAggregateStore<S>
  implements OnModuleInit, KnowledgeStorePort<S>
{
  constructor(
    private readonly db: Db,
    outbox: OutboxPort,
    name: string,
    private readonly options: StoreOptions = {},
  ) {
    super(db, outbox, name);
  }

  async onModuleInit(): Promise<void> {
    for (const field of this.options.unique ?? [])
      await this.collection.createIndex({ [field]: 1 }, { unique: true });
    await this.migrateFromSeq();
  }

  /**
   * Documents written before the kernel carried a `seq` write counter (and, for versioned content, the
   * content's revision number in `revision`): the counter becomes the kernel's `revision`, the content
   * number `latestRevision`. Once per collection: a mark in `_migrations` (read by `_id`) says it is done,
   * so a start does not scan the collection again (at 10,000 sheets the scan outlived the read time limit).
   */
  async migrateFromSeq(): Promise<number> {
    const marks = this.db.collection<{ _id: string; at: Date }>('_migrations');
    const mark = `seq-to-revision:${this.name}`;
    if (await marks.findOne({ _id: mark })) return 0;
    const old = await this.collection.find({ seq: { $exists: true } }, { maxTimeMS: 0 }).toArray();
    for (const doc of old) {
      const seq = Number(doc.seq);
      const $set: Record<string, unknown> = { revision: seq + 1 };
      if (this.options.versioned) $set.latestRevision = doc.revision;
      await this.collection.updateOne({ _id: doc._id, seq: doc.seq }, { $set, $unset: { seq: '' } });
    }
    // counters written with `$inc` carried no counter at all
    await this.collection.updateMany({ revision: { $exists: false } }, { $set: { revision: 1 } });
    await marks.updateOne({ _id: mark }, { $setOnInsert: { at: new Date() } }, { upsert: true });
    return old.length;
  }

  async find(filter: Filter<StoredDocument> = {}, options: FindOptions = {}): Promise<S[]> {
    const cursor = this.collection.find(filter, {
      projection: { ...HIDDEN, ...options.projection },
      ...(options.maxTimeMS === undefined ? {} : { maxTimeMS: options.maxTimeMS }),
    });
    if (options.sort) cursor.sort(options.sort);
    if (options.limit) cursor.limit(options.limit);
    return (await cursor.toArray()).map((d) => this.toState(d));
  }

  async findOne(filter: Filter<StoredDocument>): Promise<S | null> {
    const doc = await this.collection.findOne(filter, { projection: HIDDEN });
    return doc ? this.toState(doc) : null;
  }
}
