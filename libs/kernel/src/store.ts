import { types } from 'node:util';
import type { CloudEvent } from '@urp/contracts';
import { packOutbox, storedOutbox, type OutboxEntry } from '@urp/persistence';
import type { Collection, Db, Document, Filter, UpdateFilter } from 'mongodb';
import { RevisionConflict } from './errors';
import { GroupInsert, type GroupCommitOptions } from './group-commit';

/** Every aggregate has an id and a revision, bumped by each committed write (optimistic concurrency). */
export interface Aggregate {
  readonly id: string;
  readonly revision: number;
}

export interface Commit<S extends Aggregate> {
  /** The state the decision was made on (`null`: the aggregate is new). Its revision guards the write. */
  previous: S | null;
  /** The new state; its `revision` is set by the store. */
  next: S;
  /** The events the change causes: written in the same single-document write (embedded outbox). */
  events: readonly CloudEvent[];
  /** A consumer applying an event: a redelivery of the same event id changes nothing (`duplicate`). */
  appliedEventId?: string;
  /** For a new aggregate: an existing one with the same id means "already done" (`duplicate`), not a conflict. */
  ifAbsent?: boolean;
}

export type CommitResult<S> = { status: 'committed'; state: S } | { status: 'duplicate' };

/**
 * The only writer of one collection. `commit` writes the state and its events atomically, guarded by the
 * revision that was read: a stale write throws RevisionConflict and never overwrites a newer one.
 */
export interface AggregateStore<S extends Aggregate> {
  readonly name: string;
  get(id: string): Promise<S | null>;
  getMany(ids: readonly string[]): Promise<Map<string, S>>;
  commit(change: Commit<S>): Promise<CommitResult<S>>;
}

/** Where committed events go: the service's outbox relay (libs/messaging) or, in unit tests, memory. */
export interface OutboxPort {
  entries(events: readonly CloudEvent[]): OutboxEntry[];
  register(collection: Collection<Document>): void;
  written(collection: string, id: string, entries: OutboxEntry[]): void;
}

const OUTBOX = '_outbox';
const APPLIED = '_applied';
/** How many applied event ids a document remembers (see @urp/persistence APPLIED_WINDOW). */
const APPLIED_WINDOW = 1000;
/** How often (in revisions of a document) its applied marks are cut back to the window (see `trimApplied`). */
export const APPLIED_TRIM_EVERY = 500;

/**
 * Cuts a document's applied event marks back to the last `window`. MongoDB keeps them bounded by `$slice` in the
 * `$push`, but FerretDB 1.24 ignores `$slice` there: on it the marks grew with every event ever applied (a
 * popular sheet's usage counters held 12,846 marks, 500 KB rewritten on each contact citing it). One read, then
 * one `$pullAll` of exactly the marks read beyond the window: marks pushed meanwhile by concurrent writers stay
 * (a guard on the revision never won on a busy document), and the newest marks are never removed.
 */
export async function trimApplied(
  collection: Collection<StoredDocument>,
  id: string,
  window = APPLIED_WINDOW,
): Promise<boolean> {
  const doc = await collection.findOne({ _id: id }, { projection: { [APPLIED]: 1 } });
  const list = doc?.[APPLIED];
  if (!doc || !Array.isArray(list) || list.length <= window) return false;
  const $pullAll: Document = { [APPLIED]: list.slice(0, list.length - window) };
  // the driver cannot type an array field of a document with an index signature (as `$push` in `commit`)
  const r = await collection.updateOne(
    { _id: id },
    {
      $pullAll: $pullAll as UpdateFilter<StoredDocument>['$pullAll'],
    },
  );
  return r.modifiedCount > 0;
}
const HIDDEN = { projection: { [OUTBOX]: 0, [APPLIED]: 0 } };

/** The stored shape: the aggregate's fields with `_id` for `id`, plus the outbox and applied-event ids. */
export type StoredDocument = Document & {
  _id: string;
  revision: number;
  _outbox?: OutboxEntry[];
  _applied?: string[];
};

const isDuplicateKey = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { code?: number }).code === 11000;

/** Drops undefined values deeply (the driver would store them as null; absent and null differ for us). */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (value === null || typeof value !== 'object' || types.isDate(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = withoutUndefined(v);
  return out as T;
}

/**
 * How long a read through a store may run on the database server before the server stops it (`maxTimeMS`):
 * the gateway's deadline (REQUEST_TIMEOUT_MS, 10 s). A scan nobody waits for any more would otherwise keep
 * running and slow every service sharing the server (FerretDB scans for any filter but `{_id}`).
 */
export const DEFAULT_READ_TIME_LIMIT_MS = 10_000;

export interface AggregateStoreOptions {
  /**
   * The server-side time limit (`maxTimeMS`) of every read through the store's `collection` that does not set
   * its own (`{ maxTimeMS: 0 }` on a read: none, for a rebuild that must finish). 0 turns the default off.
   * Default DEFAULT_READ_TIME_LIMIT_MS. A read past it fails with MongoServerError code 50 (MaxTimeMSExpired).
   */
  readTimeLimitMs?: number;
  /**
   * Group commit of new aggregates (`commit` with `previous: null`): concurrent inserts go to the database
   * together, one unordered `insertMany` per batch (`GroupInsert`); each document still carries its own outbox
   * entries (one atomic write each) and each caller gets its own outcome. Off by default; `true` for the defaults.
   */
  groupCommit?: boolean | GroupCommitOptions;
  /**
   * The entries of one write stored as ONE element of the document's outbox (`packOutbox` of @urp/persistence: their
   * ids and their compact forms as one deflated JSON text) when the write carries two or more. FerretDB's CPU follows
   * the bytes it decodes and rewrites, on the insert and again on the relay's acknowledgement (`$pullAll` of the
   * element). The relay publishes each entry of a pack and removes the pack; it reads both forms, so documents
   * written before (or by an instance without this option) are published and acknowledged as they are. Off by default.
   */
  packOutbox?: boolean;
}

/** The reads of a collection and where their options argument is. */
const READ_OPTIONS_AT: Record<string, number> = {
  find: 1,
  findOne: 1,
  countDocuments: 1,
  aggregate: 1,
  distinct: 2,
};

/**
 * The collection with a server-side time limit on its reads (`find`, `findOne`, `countDocuments`, `aggregate`,
 * `distinct`): each gets `maxTimeMS: limitMs` unless its options name one. Writes are untouched (a write stopped
 * half-way would leave its outcome unknown). FerretDB 1.24 honours `maxTimeMS` like MongoDB (code 50).
 */
export function withReadTimeLimit<T extends Document>(
  collection: Collection<T>,
  limitMs: number,
): Collection<T> {
  if (!(limitMs > 0)) return collection;
  return new Proxy(collection, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const at = typeof prop === 'string' ? READ_OPTIONS_AT[prop] : undefined;
      if (at === undefined) return value.bind(target);
      return (...args: unknown[]) => {
        const options = (args[at] ?? {}) as { maxTimeMS?: number };
        args[at] = options.maxTimeMS === undefined ? { ...options, maxTimeMS: limitMs } : options;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/**
 * An aggregate store on the MongoDB driver (FerretDB locally, MongoDB in production). It speaks only in
 * single-document writes filtered by `_id` (what FerretDB 1.24 answers from its primary key; MongoDB too).
 * Subclass it per aggregate to add `_id` lookups or indexes; reads for lists belong to read models.
 * Reads through `collection` stop on the server after `readTimeLimitMs` (AggregateStoreOptions).
 */
export class MongoAggregateStore<S extends Aggregate> implements AggregateStore<S> {
  readonly collection: Collection<StoredDocument>;
  /** The group-commit writer of new aggregates, when the store was given `groupCommit`. */
  readonly inserts?: GroupInsert<StoredDocument>;
  /** Whether a write's entries are stored as one pack (`AggregateStoreOptions.packOutbox`). */
  private readonly pack: boolean;

  constructor(
    db: Db,
    protected readonly outbox: OutboxPort,
    readonly name: string,
    storeOptions: AggregateStoreOptions = {},
  ) {
    const collection = db.collection<StoredDocument>(name);
    this.collection = withReadTimeLimit(
      collection,
      storeOptions.readTimeLimitMs ?? DEFAULT_READ_TIME_LIMIT_MS,
    );
    // the relay's catch-up sweeps read without a limit: they must finish, however long the collection
    outbox.register(collection as unknown as Collection<Document>);
    const group = storeOptions.groupCommit;
    if (group) this.inserts = new GroupInsert(collection, group === true ? {} : group);
    this.pack = storeOptions.packOutbox ?? false;
  }

  async get(id: string): Promise<S | null> {
    const doc = await this.collection.findOne({ _id: id }, HIDDEN);
    return doc ? this.toState(doc) : null;
  }

  async getMany(ids: readonly string[]): Promise<Map<string, S>> {
    // one `{_id}` lookup each: FerretDB scans for `$in`, answers `{_id: value}` from its index
    const docs = await Promise.all(
      [...new Set(ids)].map((id) => this.collection.findOne({ _id: id }, HIDDEN)),
    );
    const out = new Map<string, S>();
    for (const d of docs) if (d) out.set(d._id, this.toState(d));
    return out;
  }

  async commit(change: Commit<S>): Promise<CommitResult<S>> {
    const { previous, next, appliedEventId } = change;
    const revision = (previous?.revision ?? 0) + 1;
    const state = { ...next, revision } as S;
    const made = this.outbox.entries(change.events);
    const entries = this.pack ? packOutbox(made) : made;
    // what the document holds for them: each entry (serialised compact by the driver), or one pack
    const stored = this.pack ? (storedOutbox(entries) as OutboxEntry[]) : entries;
    const fields = this.toFields(state);
    if (!previous) {
      const doc: StoredDocument = { _id: state.id, ...fields, revision };
      if (entries.length) doc[OUTBOX] = stored;
      if (appliedEventId) doc[APPLIED] = [appliedEventId];
      try {
        if (this.inserts) await this.inserts.insert(doc);
        else await this.collection.insertOne(doc);
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        if (change.ifAbsent || (appliedEventId && (await this.applied(state.id, appliedEventId))))
          return { status: 'duplicate' };
        throw new RevisionConflict(this.name, state.id);
      }
    } else {
      const $unset: Record<string, ''> = {};
      for (const key of Object.keys(this.toFields(previous))) if (!(key in fields)) $unset[key] = '';
      const $push: Document = {};
      if (entries.length) $push[OUTBOX] = { $each: stored };
      if (appliedEventId) $push[APPLIED] = { $each: [appliedEventId], $slice: -APPLIED_WINDOW };
      const update: UpdateFilter<StoredDocument> = { $set: { ...fields, revision } };
      if (Object.keys($unset).length) update.$unset = $unset;
      // the driver's PushOperator cannot type fields of a document with an index signature: the one cast of the kernel
      if (Object.keys($push).length) update.$push = $push as UpdateFilter<StoredDocument>['$push'];
      const filter: Filter<StoredDocument> = { _id: state.id, revision: previous.revision };
      if (appliedEventId) filter[APPLIED] = { $ne: appliedEventId };
      const res = await this.collection.updateOne(filter, update);
      if (res.matchedCount === 0) {
        if (appliedEventId && (await this.applied(state.id, appliedEventId))) return { status: 'duplicate' };
        throw new RevisionConflict(this.name, state.id);
      }
      if (appliedEventId && revision % APPLIED_TRIM_EVERY === 0) await trimApplied(this.collection, state.id);
    }
    if (entries.length) this.outbox.written(this.name, state.id, entries);
    return { status: 'committed', state };
  }

  private async applied(id: string, eventId: string): Promise<boolean> {
    const doc = await this.collection.findOne({ _id: id }, { projection: { [APPLIED]: 1 } });
    const list = doc?.[APPLIED];
    return Array.isArray(list) && list.includes(eventId);
  }

  /** The stored fields of a state: everything but `id` (stored as `_id`), without undefined values. */
  protected toFields(state: S): Record<string, unknown> {
    const { id: _id, ...rest } = state;
    return withoutUndefined(rest as Record<string, unknown>);
  }

  protected toState(doc: StoredDocument): S {
    const { _id, [OUTBOX]: _o, [APPLIED]: _a, ...rest } = doc;
    return { id: _id, ...rest } as unknown as S;
  }
}

/**
 * The same contract in memory, for the fast test tier: use cases and handlers run against it with no
 * database or broker; `events` lists what would have gone to Kafka, in order.
 */
export class InMemoryAggregateStore<S extends Aggregate> implements AggregateStore<S> {
  private readonly docs = new Map<string, { state: S; applied: Set<string> }>();
  readonly events: CloudEvent[] = [];

  constructor(readonly name = 'memory') {}

  async get(id: string): Promise<S | null> {
    const d = this.docs.get(id);
    return d ? structuredClone(d.state) : null;
  }

  async getMany(ids: readonly string[]): Promise<Map<string, S>> {
    const out = new Map<string, S>();
    for (const id of ids) {
      const d = this.docs.get(id);
      if (d) out.set(id, structuredClone(d.state));
    }
    return out;
  }

  all(): S[] {
    return [...this.docs.values()].map((d) => structuredClone(d.state));
  }

  async commit(change: Commit<S>): Promise<CommitResult<S>> {
    const { previous, next, appliedEventId } = change;
    const current = this.docs.get(next.id);
    if (appliedEventId && current?.applied.has(appliedEventId)) return { status: 'duplicate' };
    if (!previous && current) {
      if (change.ifAbsent) return { status: 'duplicate' };
      throw new RevisionConflict(this.name, next.id);
    }
    if (previous && current?.state.revision !== previous.revision)
      throw new RevisionConflict(this.name, next.id);
    const state = withoutUndefined({ ...next, revision: (previous?.revision ?? 0) + 1 }) as S;
    const applied = current?.applied ?? new Set<string>();
    if (appliedEventId) applied.add(appliedEventId);
    this.docs.set(state.id, { state: structuredClone(state), applied });
    this.events.push(...change.events);
    return { status: 'committed', state };
  }
}
