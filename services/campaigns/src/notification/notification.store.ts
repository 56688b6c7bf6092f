import { Inject, Injectable } from '@nestjs/common';
import { MONGO_DB, MongoAggregateStore, OUTBOX_PORT, type OutboxPort } from '@urp/kernel';
import type { Db } from 'mongodb';
import type { Notification, NotificationStatus } from './notification.rules';

/** The only writer of `notifications` (one document per message; the address is never stored). */
@Injectable()
export class NotificationStore extends MongoAggregateStore<Notification> {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'notifications');
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
