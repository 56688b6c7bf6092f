import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { MONGO_DB, MongoAggregateStore, OUTBOX_PORT, type Aggregate, type OutboxPort } from '@urp/kernel';
import type { AnyBulkWriteOperation, Db } from 'mongodb';
import type { StoredDocument } from '@urp/kernel';
import type { Channel, DeliveryStatus } from '../audience/audience.rules';

/** FerretDB 1.24 hangs on commands of ~100 statements (a connection each, pool of 100): chunks of 50. */
export const WRITE_CHUNK = 50;

/**
 * One message to one recipient for one step. The id is deterministic (campaign + step + recipient): it is inserted
 * BEFORE sending, so a second attempt at the same step for the same person collides and sends nothing, even
 * after a restart. The address is never stored.
 */
export interface Delivery extends Aggregate {
  campaignId: string;
  stepId: string;
  requesterId: string;
  channel: Channel;
  status: DeliveryStatus;
  queuedAt: Date;
  sentAt?: Date;
  deliveredAt?: Date;
  bouncedAt?: Date;
  openedAt?: Date;
  clickedAt?: Date;
  unsubscribedAt?: Date;
  attempts?: number;
  /** A technical code (SMTP reply, provider code, `no_address`): never the address. */
  error?: string;
}
export type DeliveryOutcome = Pick<Delivery, 'status'> &
  Partial<Pick<Delivery, 'sentAt' | 'deliveredAt' | 'bouncedAt' | 'attempts' | 'error'>>;

/**
 * The only writer of `deliveries`. Claims and outcomes are written per chunk in bulk (a use case per message would
 * cost a read and a write each); feedback on one delivery (open, click, report) goes through `commit`.
 */
@Injectable()
export class DeliveryStore extends MongoAggregateStore<Delivery> implements OnModuleInit {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'deliveries');
  }

  async onModuleInit(): Promise<void> {
    await this.collection.createIndex({ campaignId: 1 });
  }

  /** Records the deliveries BEFORE sending: returns the ids that were new (the others were handled before). */
  async claim(list: Delivery[]): Promise<Set<string>> {
    const fresh = new Set<string>();
    for (let i = 0; i < list.length; i += WRITE_CHUNK) {
      const chunk = list.slice(i, i + WRITE_CHUNK);
      try {
        await this.collection.insertMany(
          chunk.map((d) => ({ _id: d.id, ...this.toFields(d), revision: 1 })),
          { ordered: false },
        );
        chunk.forEach((d) => fresh.add(d.id));
      } catch (e) {
        const raw = (
          e as { writeErrors?: { index: number; code: number }[] | { index: number; code: number } }
        ).writeErrors;
        const errors = Array.isArray(raw) ? raw : raw ? [raw] : [];
        if (!errors.length || errors.some((w) => w.code !== 11000)) throw e;
        const failed = new Set(errors.map((w) => w.index));
        chunk.forEach((d, idx) => !failed.has(idx) && fresh.add(d.id));
      }
    }
    return fresh;
  }

  /** Gives back claims of messages that were NOT sent (the address lookup failed): a later attempt may send them. */
  async unclaim(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += WRITE_CHUNK)
      await this.collection.deleteMany({ _id: { $in: ids.slice(i, i + WRITE_CHUNK) }, status: 'queued' });
  }

  /** Outcomes of a chunk: `{_id}` updates only (the one filter FerretDB answers from its index), ≤ 50 per command. */
  async recordOutcomes(updates: { id: string; set: DeliveryOutcome }[]): Promise<void> {
    for (let i = 0; i < updates.length; i += WRITE_CHUNK) {
      const ops: AnyBulkWriteOperation<StoredDocument>[] = updates.slice(i, i + WRITE_CHUNK).map((u) => ({
        updateOne: { filter: { _id: u.id }, update: { $set: { ...u.set }, $inc: { revision: 1 } } },
      }));
      if (ops.length) await this.collection.bulkWrite(ops, { ordered: false });
    }
  }

  async list(campaignId: string, status: string | undefined, first: number): Promise<Delivery[]> {
    const docs = await this.collection
      .find({ campaignId, ...(status ? { status } : {}) }, { projection: { _outbox: 0, _applied: 0 } })
      .limit(first)
      .toArray();
    return docs.map((d) => this.toState(d));
  }

  /** Counts per status and per tracked moment, for the delivery status and the effect report. */
  async stats(campaignId: string): Promise<Record<string, number>> {
    const rows = await this.collection
      .aggregate<{ _id: string; n: number }>([
        { $match: { campaignId } },
        { $group: { _id: '$status', n: { $sum: 1 } } },
      ])
      .toArray();
    const out: Record<string, number> = {};
    for (const r of rows) out[r._id] = r.n;
    const [opened, clicked, unsubscribed, delivered] = await Promise.all(
      ['openedAt', 'clickedAt', 'unsubscribedAt', 'deliveredAt'].map((f) =>
        this.collection.countDocuments({ campaignId, [f]: { $exists: true } }),
      ),
    );
    return {
      ...out,
      everOpened: opened,
      everClicked: clicked,
      everUnsubscribed: unsubscribed,
      everDelivered: delivered,
    };
  }
}

/**
 * Carries the events of a chunk of deliveries (up to 50 MessageDelivered/MessageBounced) in its outbox: one insert
 * and one acknowledgement per chunk instead of one per message (FerretDB runs writes one at a time).
 */
export interface DeliveryBatch extends Aggregate {
  campaignId: string;
  stepId: string;
  at: Date;
  delivered: number;
  bounced: number;
}

@Injectable()
export class DeliveryBatchStore extends MongoAggregateStore<DeliveryBatch> {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'delivery_batches');
  }
}
