import { Inject, Injectable } from '@nestjs/common';
import {
  MONGO_DB,
  MongoAggregateStore,
  OUTBOX_PORT,
  type OutboxPort,
  type StoredDocument,
} from '@urp/kernel';
import type { AnyBulkWriteOperation, Db } from 'mongodb';
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

/** The only writer of `notifications` (one document per message; the address is never stored). */
@Injectable()
export class NotificationStore extends MongoAggregateStore<Notification> {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'notifications');
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
      const written = chunk.map((c) => {
        const revision = c.previous.revision + 1;
        const fields = this.toFields({ ...c.next, revision });
        const $unset: Record<string, ''> = {};
        for (const key of Object.keys(this.toFields(c.previous))) if (!(key in fields)) $unset[key] = '';
        const entries = this.outbox.entries(c.events);
        const update: Record<string, unknown> = { $set: { ...fields, revision } };
        if (Object.keys($unset).length) update.$unset = $unset;
        if (entries.length) update.$push = { _outbox: { $each: entries } };
        const op: AnyBulkWriteOperation<StoredDocument> = {
          updateOne: { filter: { _id: c.next.id, revision: c.previous.revision }, update },
        };
        return { id: c.next.id, entries, op };
      });
      const res = await this.collection.bulkWrite(
        written.map((w) => w.op),
        { ordered: false },
      );
      if (res.matchedCount === chunk.length) {
        for (const w of written) {
          if (w.entries.length) this.outbox.written(this.name, w.id, w.entries);
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

  /** Messages waiting for an attempt that is due (oldest first), at most `limit`. */
  async due(now: Date, limit: number): Promise<Notification[]> {
    return this.find({ status: 'queued', nextAttemptAt: { $lte: now } }, limit, { nextAttemptAt: 1 });
  }

  /** Claims older than `before` whose sender never recorded an outcome (it died mid-send). */
  async staleClaims(before: Date, limit: number): Promise<Notification[]> {
    return this.find({ status: 'sending', sendingSince: { $lt: before } }, limit);
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
