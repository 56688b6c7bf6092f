import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { CloudEvent } from '@urp/contracts';
import { EventOutbox } from '@urp/messaging';
import { updateWithEvents, withEvents, type UpdateOperators } from '@urp/persistence';
import type { Model } from 'mongoose';
import type { CampaignStatus } from './campaign.rules';
import { CampaignDocument, StepRunDocument } from './campaign.schema';

@Injectable()
export class CampaignRepository implements OnModuleInit {
  constructor(
    @InjectModel(CampaignDocument.name) private readonly model: Model<CampaignDocument>,
    @InjectModel(StepRunDocument.name) private readonly runs: Model<StepRunDocument>,
    private readonly outbox: EventOutbox,
  ) {
    outbox.track(model);
  }

  async onModuleInit(): Promise<void> {
    await Promise.all([this.model.init(), this.runs.init()]);
  }

  async insert(doc: CampaignDocument, events: CloudEvent[] = []): Promise<void> {
    const entries = this.outbox.entries(...events);
    await this.model.collection.insertOne(withEvents(doc, entries) as never);
    this.outbox.written(this.model, doc._id, entries);
  }

  /**
   * Updates the campaign only if it is still in `expected` status (a concurrent change wins, this one reports a
   * conflict): the status check and the change are one single-document write.
   */
  async update(
    id: string,
    expected: CampaignStatus | CampaignStatus[],
    update: UpdateOperators,
    events: CloudEvent[] = [],
  ): Promise<boolean> {
    const entries = this.outbox.entries(...events);
    const status = Array.isArray(expected) ? { $in: expected } : expected;
    const res = await this.model.collection.updateOne(
      { _id: id, status } as never,
      updateWithEvents(update, entries) as never,
    );
    if (res.modifiedCount) this.outbox.written(this.model, id, entries);
    return res.modifiedCount > 0;
  }

  findById(id: string): Promise<CampaignDocument | null> {
    return this.model.collection.findOne({ _id: id } as never, { projection: { _outbox: 0 } }) as never;
  }

  list(status: CampaignStatus | undefined, first: number): Promise<CampaignDocument[]> {
    return this.model.collection
      .find((status ? { status } : {}) as never, { projection: { _outbox: 0 } })
      .sort({ createdAt: -1 })
      .limit(first)
      .toArray() as never;
  }

  /** Campaigns the scheduler looks after (a handful: a small collection scanned once per tick). */
  active(): Promise<CampaignDocument[]> {
    return this.model.collection
      .find({ status: { $in: ['scheduled', 'running'] } } as never, { projection: { _outbox: 0 } })
      .toArray() as never;
  }

  /** Takes (or renews) the right to send this campaign's current step; false if another runner holds it. */
  async acquireLease(id: string, owner: string, ms: number): Promise<boolean> {
    const now = new Date();
    const res = await this.model.collection.updateOne(
      {
        _id: id,
        status: 'running',
        $or: [{ lease: null }, { 'lease.until': { $lt: now } }, { 'lease.owner': owner }],
      } as never,
      { $set: { lease: { owner, until: new Date(now.getTime() + ms) } } },
    );
    return res.modifiedCount > 0;
  }

  async releaseLease(id: string, owner: string): Promise<void> {
    const doc = await this.findById(id);
    if (doc?.lease?.owner === owner)
      await this.model.collection.updateOne({ _id: id } as never, { $set: { lease: null } });
  }

  // ---------------------------------------------------------------- step runs

  async startRun(run: StepRunDocument): Promise<StepRunDocument> {
    const existing = await this.runs.collection.findOne({ _id: run._id } as never);
    if (existing) return existing as never;
    try {
      await this.runs.collection.insertOne(run as never);
      return run;
    } catch {
      return (await this.runs.collection.findOne({ _id: run._id } as never)) as never;
    }
  }

  async progress(
    runId: string,
    checkpoint: number | undefined,
    inc: Partial<Record<'recipients' | 'sent' | 'bounced' | 'skipped' | 'duplicatesAvoided', number>>,
  ): Promise<void> {
    await this.runs.collection.updateOne(
      { _id: runId } as never,
      {
        ...(checkpoint !== undefined ? { $set: { checkpoint } } : {}),
        $inc: inc,
      } as never,
    );
  }

  async finishRun(runId: string, at: Date): Promise<StepRunDocument | null> {
    await this.runs.collection.updateOne({ _id: runId } as never, { $set: { completedAt: at } });
    return this.runs.collection.findOne({ _id: runId } as never) as never;
  }

  runsOf(campaignId: string, stepIds: string[]): Promise<(StepRunDocument | null)[]> {
    return Promise.all(
      stepIds.map((s) => this.runs.collection.findOne({ _id: `${campaignId}:${s}` } as never) as never),
    );
  }
}
