import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { MONGO_DB, MongoAggregateStore, OUTBOX_PORT, type OutboxPort } from '@urp/kernel';
import type { Collection, Db } from 'mongodb';
import type { Campaign, CampaignStatus } from './campaign.rules';

/** The only writer of `campaigns`. */
@Injectable()
export class CampaignStore extends MongoAggregateStore<Campaign> implements OnModuleInit {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'campaigns');
  }

  async onModuleInit(): Promise<void> {
    await this.collection.createIndex({ status: 1 });
  }

  /** A management listing, newest first (a small collection: tens of campaigns a year). */
  async list(status: CampaignStatus | undefined, first: number): Promise<Campaign[]> {
    const docs = await this.collection
      .find(status ? { status } : {}, { projection: { _outbox: 0, _applied: 0 } })
      .sort({ createdAt: -1 })
      .limit(first)
      .toArray();
    return docs.map((d) => this.toState(d));
  }

  /** Campaigns the scheduler looks after (a handful). */
  async active(): Promise<Campaign[]> {
    const docs = await this.collection
      .find({ status: { $in: ['scheduled', 'running'] } }, { projection: { _outbox: 0, _applied: 0 } })
      .toArray();
    return docs.map((d) => this.toState(d));
  }
}

/** Progress of one step: `_id` = `<campaignId>:<stepId>`; the checkpoint lets a restart skip what was handled. */
export interface StepRun {
  _id: string;
  campaignId: string;
  stepId: string;
  stepIndex: number;
  startedAt: Date;
  completedAt?: Date;
  /** How many audience documents (in stream order) are fully handled: a restart skips them. */
  checkpoint?: number;
  recipients: number;
  sent: number;
  bounced: number;
  skipped: number;
  /** Deliveries found already recorded (a restart): not sent again. */
  duplicatesAvoided: number;
}
export type RunCounter = 'recipients' | 'sent' | 'bounced' | 'skipped' | 'duplicatesAvoided';

/**
 * The only writer of `step_runs`: counters moved by `$inc` (chunks of one step finish concurrently; a
 * read-decide-write cycle would serialise them for nothing). No events: the step's totals travel in
 * CampaignStepSent from the campaign's own write.
 */
@Injectable()
export class StepRunStore {
  private readonly runs: Collection<StepRun>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.runs = db.collection<StepRun>('step_runs');
  }

  /** Starts a step's run, or returns the run a previous attempt started. */
  async start(run: StepRun): Promise<StepRun> {
    const existing = await this.runs.findOne({ _id: run._id });
    if (existing) return existing;
    try {
      await this.runs.insertOne(run);
      return run;
    } catch {
      return (await this.runs.findOne({ _id: run._id })) ?? run;
    }
  }

  async progress(
    runId: string,
    checkpoint: number | undefined,
    inc: Partial<Record<RunCounter, number>>,
  ): Promise<void> {
    await this.runs.updateOne(
      { _id: runId },
      {
        ...(checkpoint !== undefined ? { $set: { checkpoint } } : {}),
        ...(Object.keys(inc).length ? { $inc: inc } : {}),
      },
    );
  }

  async finish(runId: string, at: Date): Promise<StepRun | null> {
    await this.runs.updateOne({ _id: runId }, { $set: { completedAt: at } });
    return this.runs.findOne({ _id: runId });
  }

  runsOf(campaign: Pick<Campaign, 'id' | 'steps'>): Promise<(StepRun | null)[]> {
    return Promise.all(campaign.steps.map((s) => this.runs.findOne({ _id: `${campaign.id}:${s.stepId}` })));
  }
}
