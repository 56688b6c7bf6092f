import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { CloudEvent } from '@urp/contracts';
import { EventOutbox } from '@urp/messaging';
import { isDuplicateKeyError, updateWithEvents, withEvents, type UpdateOperators } from '@urp/persistence';
import type { AnyBulkWriteOperation, Document } from 'mongodb';
import type { Model } from 'mongoose';
import { DeliveryBatchDocument, DeliveryDocument } from './delivery.schema';

/** FerretDB 1.24 hangs on commands of ~100 statements (a connection each, pool of 100): chunks of 50. */
export const WRITE_CHUNK = 50;

@Injectable()
export class DeliveryRepository implements OnModuleInit {
  constructor(
    @InjectModel(DeliveryDocument.name) private readonly model: Model<DeliveryDocument>,
    @InjectModel(DeliveryBatchDocument.name) private readonly batches: Model<DeliveryBatchDocument>,
    private readonly outbox: EventOutbox,
  ) {
    outbox.track(model);
    outbox.track(batches);
  }

  async onModuleInit(): Promise<void> {
    await Promise.all([this.model.init(), this.batches.init()]);
  }

  /**
   * Records the deliveries BEFORE sending: returns the ids that were new. An id already there (the same step for
   * the same recipient, e.g. before a crash) is not sent again.
   */
  async claim(docs: DeliveryDocument[]): Promise<Set<string>> {
    const fresh = new Set<string>();
    for (let i = 0; i < docs.length; i += WRITE_CHUNK) {
      const chunk = docs.slice(i, i + WRITE_CHUNK);
      try {
        await this.model.collection.insertMany(chunk as never[], { ordered: false });
        chunk.forEach((d) => fresh.add(d._id));
      } catch (e) {
        const writeErrors = (
          e as { writeErrors?: { index: number; code: number }[] | { index: number; code: number } }
        ).writeErrors;
        const errors = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
        if (!errors.length || errors.some((w) => w.code !== 11000)) {
          if (!isDuplicateKeyError(e) || !errors.length) throw e;
        }
        const failed = new Set(errors.map((w) => w.index));
        chunk.forEach((d, idx) => !failed.has(idx) && fresh.add(d._id));
      }
    }
    return fresh;
  }

  /** Gives back claims of messages that were NOT sent (the address lookup failed): a later attempt may send them. */
  async unclaim(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += WRITE_CHUNK)
      await this.model.collection.deleteMany({
        _id: { $in: ids.slice(i, i + WRITE_CHUNK) },
        status: 'queued',
      } as never);
  }

  /** Outcomes of a chunk: `{_id}` updates only (the one filter FerretDB answers from its index), ≤ 50 per command. */
  async recordOutcomes(updates: { id: string; set: Record<string, unknown> }[]): Promise<void> {
    for (let i = 0; i < updates.length; i += WRITE_CHUNK) {
      const ops: AnyBulkWriteOperation<Document>[] = updates.slice(i, i + WRITE_CHUNK).map((u) => ({
        updateOne: { filter: { _id: u.id as never }, update: { $set: u.set } },
      }));
      if (ops.length) await this.model.collection.bulkWrite(ops, { ordered: false });
    }
  }

  /** One document carries a chunk's events (see DeliveryBatchDocument). */
  async insertBatch(doc: DeliveryBatchDocument, events: CloudEvent[]): Promise<void> {
    if (!events.length) return;
    const entries = this.outbox.entries(...events);
    await this.batches.collection.insertOne(withEvents(doc, entries) as never);
    this.outbox.written(this.batches, doc._id, entries);
  }

  findById(id: string): Promise<DeliveryDocument | null> {
    return this.model.collection.findOne({ _id: id } as never, { projection: { _outbox: 0 } }) as never;
  }

  /** Feedback on one delivery (open, click, unsubscribe, provider report) with its event. */
  async update(id: string, update: UpdateOperators, events: CloudEvent[] = []): Promise<void> {
    const entries = this.outbox.entries(...events);
    await this.model.collection.updateOne({ _id: id } as never, updateWithEvents(update, entries) as never);
    this.outbox.written(this.model, id, entries);
  }

  list(campaignId: string, status: string | undefined, first: number): Promise<DeliveryDocument[]> {
    return this.model.collection
      .find({ campaignId, ...(status ? { status } : {}) } as never, { projection: { _outbox: 0 } })
      .limit(first)
      .toArray() as never;
  }

  /** Counts per status and per tracked moment, for the delivery status and the effect report. */
  async stats(campaignId: string): Promise<Record<string, number>> {
    const rows = await this.model.collection
      .aggregate<{ _id: string; n: number }>([
        { $match: { campaignId } },
        { $group: { _id: '$status', n: { $sum: 1 } } },
      ])
      .toArray();
    const out: Record<string, number> = {};
    for (const r of rows) out[r._id] = r.n;
    const [opened, clicked, unsubscribed, delivered] = await Promise.all(
      ['openedAt', 'clickedAt', 'unsubscribedAt', 'deliveredAt'].map((f) =>
        this.model.collection.countDocuments({ campaignId, [f]: { $exists: true } } as never),
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
