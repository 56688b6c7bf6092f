import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  MONGO_DB,
  MongoAggregateStore,
  OUTBOX_PORT,
  type Commit,
  type CommitResult,
  type OutboxPort,
  type StoredDocument,
} from '@urp/kernel';
import { MongoBulkWriteError, type AnyBulkWriteOperation, type Collection, type Db } from 'mongodb';
import type { Notification, NotificationStatus } from './notification.rules';

/**
 * Statements per bulk write: FerretDB 1.24 holds a connection per statement until the command ends, and a command
 * of ~100 statements exhausts its pool (see @urp/persistence's ACK_CHUNK).
 */
export const BULK_CHUNK = 50;

/** One guarded change of a chunk: the state it was decided on (its revision guards the write) and the result. */
export interface BulkChange {
  previous: Notification;
  next: Notification;
  events: Parameters<OutboxPort['entries']>[0];
}

/** Documents per insert command (one statement for all of them on FerretDB). */
const INSERT_CHUNK = 200;

/**
 * How long the events written with a queued message may wait for its first outcome write before the relay is told
 * of them on their own, and how many may wait at once (beyond it they are handed over at once). The relay's idle
 * catch-up sweep (every 30 s) publishes whatever it finds in the documents: an event it takes while it waits here
 * costs the acknowledgement it would have cost anyway, and is published again with the outcome (the same `ce_id`:
 * consumers deduplicate). The count bounds that sweep's work (it reads the pending documents 500 at a time, a scan
 * each on FerretDB) and the memory (about 1.5 kB each): a burst of thousands defers its head, a short queue all.
 */
export const DEFER_MAX_MS = 30_000;
export const DEFER_MAX = 2_000;

type Entries = ReturnType<OutboxPort['entries']>;

/** One claimed attempt: `_id` is `<notification id>#<attempt>`, so each attempt can be claimed once, by anyone. */
export interface ClaimDocument {
  _id: string;
  claimId: string;
  at: Date;
}

/** The ids of an unordered insert that collided with an existing `_id` (duplicate key); rethrows anything else. */
function collided(e: unknown, ids: readonly string[]): Set<string> {
  if (!(e instanceof MongoBulkWriteError)) throw e;
  const errors = Array.isArray(e.writeErrors) ? e.writeErrors : [e.writeErrors];
  if (errors.some((w) => w.code !== 11000)) throw e;
  return new Set(errors.map((w) => ids[w.index]));
}

/**
 * The only writer of `notifications` (one document per message; the address is never stored) and of
 * `notification_claims` (one document per claimed attempt). FerretDB 1.24 answers a filter on `_id` alone from its
 * primary key and scans the collection for any other (`{_id, revision}` included: 10–20 times slower in a bulk), so
 * the hot path filters on `_id` only: the guard of an attempt is the primary key of its claim.
 */
@Injectable()
export class NotificationStore extends MongoAggregateStore<Notification> implements OnApplicationShutdown {
  private readonly claims: Collection<ClaimDocument>;
  /**
   * The events written with queued messages (`NotificationQueued`) that the relay has not been told of yet: they
   * are in their documents (a crash loses nothing: the relay's sweep publishes them), and the relay is told of them
   * with the message's next write, its outcome, so that it publishes both and acknowledges them in ONE write of the
   * document instead of two. Oldest first; those waiting longer than DEFER_MAX_MS are handed over on their own.
   */
  private readonly deferred = new Map<string, { entries: Entries; at: number }>();
  private deferTimer?: NodeJS.Timeout;

  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'notifications');
    this.claims = db.collection<ClaimDocument>('notification_claims');
  }

  /**
   * Inserts new notifications with their events (one document each, as `commit` with `ifAbsent`), a chunk per
   * command. Returns the committed states; an id that exists already (a redelivered or re-published request) is
   * left out: nothing of its decision is written.
   */
  async insertMany(changes: readonly Omit<BulkChange, 'previous'>[]): Promise<Notification[]> {
    const committed: Notification[] = [];
    for (let i = 0; i < changes.length; i += INSERT_CHUNK) {
      const written = changes.slice(i, i + INSERT_CHUNK).map((c) => {
        const state = { ...c.next, revision: 1 };
        const entries = this.outbox.entries(c.events);
        const doc: StoredDocument = { _id: state.id, ...this.toFields(state), revision: 1 };
        if (entries.length) doc._outbox = entries;
        return { state, entries, doc };
      });
      const ids = written.map((w) => w.state.id);
      let duplicates = new Set<string>();
      try {
        await this.collection.insertMany(
          written.map((w) => w.doc),
          { ordered: false },
        );
      } catch (e) {
        duplicates = collided(e, ids);
      }
      for (const w of written) {
        if (duplicates.has(w.state.id)) continue;
        if (w.entries.length) {
          if (w.state.status === 'queued') this.defer(w.state.id, w.entries);
          else this.outbox.written(this.name, w.state.id, w.entries);
        }
        committed.push(w.state);
      }
    }
    return committed;
  }

  /**
   * Claims attempts: one insert per attempt into `notification_claims`, unordered. Returns the notification ids
   * whose attempt this caller claimed; an attempt someone else claimed first (another instance) collides.
   */
  async claim(attempts: readonly { id: string; attempt: number }[], claimId: string, at: Date) {
    const keys = attempts.map((a) => `${a.id}#${a.attempt}`);
    let lost = new Set<string>();
    for (let i = 0; i < keys.length; i += INSERT_CHUNK) {
      const chunk = keys.slice(i, i + INSERT_CHUNK);
      try {
        await this.claims.insertMany(
          chunk.map((_id) => ({ _id, claimId, at })),
          { ordered: false },
        );
      } catch (e) {
        lost = new Set([...lost, ...collided(e, chunk)]);
      }
    }
    return new Set(attempts.filter((_, k) => !lost.has(keys[k])).map((a) => a.id));
  }

  /** The claims of these attempts, by notification id (point reads by `_id`, when the read model is rebuilt). */
  async claimsOf(attempts: readonly { id: string; attempt: number }[]): Promise<Map<string, ClaimDocument>> {
    const out = new Map<string, ClaimDocument>();
    for (let i = 0; i < attempts.length; i += INSERT_CHUNK) {
      const chunk = attempts.slice(i, i + INSERT_CHUNK);
      const docs = await Promise.all(chunk.map((a) => this.claims.findOne({ _id: `${a.id}#${a.attempt}` })));
      docs.forEach((d, k) => d && out.set(chunk[k].id, d));
    }
    return out;
  }

  /**
   * Writes changes by `_id` alone, a BULK_CHUNK per command, for states nobody else writes meanwhile: an attempt
   * this caller claimed (the claim's primary key is the guard) on a channel with no receipt racing its outcome.
   */
  async writeMany(changes: readonly BulkChange[]): Promise<Notification[]> {
    const out: Notification[] = [];
    for (let i = 0; i < changes.length; i += BULK_CHUNK) {
      const written = changes.slice(i, i + BULK_CHUNK).map((c) => {
        const state = { ...c.next, revision: c.previous.revision + 1 };
        const { op, entries } = this.updateOf(c, { _id: c.next.id });
        return { state, entries, op };
      });
      await this.collection.bulkWrite(
        written.map((w) => w.op),
        { ordered: false },
      );
      for (const w of written) {
        this.written(w.state.id, w.entries);
        out.push(w.state);
      }
    }
    return out;
  }

  /**
   * A single-document write (a receipt, a stale claim; rare): the deferred events of the document are handed over
   * first, so that the relay publishes them before the events of this write.
   */
  override async commit(change: Commit<Notification>): Promise<CommitResult<Notification>> {
    this.written(change.next.id, []);
    return super.commit(change);
  }

  /** Hands every deferred event to the relay (a stopping service: what it does not publish, the next sweep does). */
  onApplicationShutdown(): void {
    this.release(0);
  }

  /** Tells the relay of a write of this document: its entries, after those deferred since the message was queued. */
  private written(id: string, entries: Entries): void {
    const waiting = this.deferred.get(id);
    if (waiting) this.deferred.delete(id);
    const all = waiting ? [...waiting.entries, ...entries] : entries;
    if (all.length) this.outbox.written(this.name, id, all);
  }

  private defer(id: string, entries: Entries): void {
    if (this.deferred.size >= DEFER_MAX) {
      this.outbox.written(this.name, id, entries);
      return;
    }
    this.deferred.set(id, { entries, at: Date.now() });
    this.deferTimer ??= setInterval(() => this.release(DEFER_MAX_MS), 1000).unref();
  }

  /** Hands the events deferred for longer than `olderThanMs` to the relay (the map is in the order they came). */
  private release(olderThanMs: number): void {
    const before = Date.now() - olderThanMs;
    for (const [id, d] of this.deferred) {
      if (d.at > before) break;
      this.deferred.delete(id);
      this.outbox.written(this.name, id, d.entries);
    }
    if (!this.deferred.size && this.deferTimer) {
      clearInterval(this.deferTimer);
      this.deferTimer = undefined;
    }
  }

  private updateOf(
    c: BulkChange,
    filter: { _id: string; revision?: number },
  ): { op: AnyBulkWriteOperation<StoredDocument>; entries: Entries } {
    const revision = c.previous.revision + 1;
    const fields = this.toFields({ ...c.next, revision });
    const $unset: Record<string, ''> = {};
    for (const key of Object.keys(this.toFields(c.previous))) if (!(key in fields)) $unset[key] = '';
    const entries = this.outbox.entries(c.events);
    const update: Record<string, unknown> = { $set: { ...fields, revision } };
    if (Object.keys($unset).length) update.$unset = $unset;
    if (entries.length) update.$push = { _outbox: { $each: entries } };
    return { op: { updateOne: { filter, update } }, entries };
  }

  /** The messages not in a final state (queued, or claimed): what the read model is rebuilt from (a scan). */
  async unfinished(): Promise<Notification[]> {
    return this.find({ status: { $in: ['queued', 'sending'] } }, 0);
  }

  /**
   * Commits a chunk of guarded changes in one round trip per BULK_CHUNK (each statement `{_id, revision}`: one
   * document each, state and events together as in `commit`). Returns the ids whose write certainly applied; when
   * some did not match (another writer moved them: a receipt, another sender), `unsure` lists the ids to check by
   * reading them (a bulk result says how many matched, not which).
   */
  async commitMany(changes: readonly BulkChange[]): Promise<{ applied: string[]; unsure: string[] }> {
    const applied: string[] = [];
    const unsure: string[] = [];
    for (let i = 0; i < changes.length; i += BULK_CHUNK) {
      const chunk = changes.slice(i, i + BULK_CHUNK);
      const written = chunk.map((c) => ({
        id: c.next.id,
        ...this.updateOf(c, { _id: c.next.id, revision: c.previous.revision }),
      }));
      const res = await this.collection.bulkWrite(
        written.map((w) => w.op),
        { ordered: false },
      );
      if (res.matchedCount === chunk.length) {
        for (const w of written) {
          this.written(w.id, w.entries);
          applied.push(w.id);
        }
      } else {
        // which ones applied is known only by reading them: the caller does; their events are in their
        // documents either way and the relay's sweep publishes them
        unsure.push(...written.map((w) => w.id));
      }
    }
    return { applied, unsure };
  }

  async byOrigin(
    origin: {
      caseId?: string;
      sheetId?: string;
      contactId?: string;
      procedureId?: string;
      invitationId?: string;
    },
    status: NotificationStatus | undefined,
    limit: number,
  ): Promise<Notification[]> {
    const filter: Record<string, unknown> = {};
    if (origin.caseId) filter.caseId = origin.caseId;
    if (origin.sheetId) filter.sheetId = origin.sheetId;
    if (origin.contactId) filter.contactId = origin.contactId;
    if (origin.procedureId) filter.procedureId = origin.procedureId;
    if (origin.invitationId) filter.invitationId = origin.invitationId;
    if (status) filter.status = status;
    return this.find(filter, limit, { queuedAt: 1 });
  }

  /** The notification an SMS delivery receipt is about (the SMSC's message id). */
  async byProviderMessageId(channel: string, providerMessageId: string): Promise<Notification | null> {
    const [n] = await this.find({ channel, providerMessageId }, 1);
    return n ?? null;
  }

  private async find(
    filter: Record<string, unknown>,
    limit: number,
    sort: Record<string, 1 | -1> = {},
  ): Promise<Notification[]> {
    const docs = await this.collection
      .find(filter, { projection: { _outbox: 0, _applied: 0 } })
      .sort(sort)
      .limit(limit)
      .toArray();
    return docs.map((d) => this.toState(d));
  }
}
