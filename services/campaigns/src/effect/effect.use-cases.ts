import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  MONGO_DB,
  MongoAggregateStore,
  OUTBOX_PORT,
  ServiceKernel,
  type Actor,
  type Aggregate,
  type OutboxPort,
  type StoredDocument,
} from '@urp/kernel';
import { insertManyOnce, keepSecondaryIndexes } from '@urp/persistence';
import type { Db } from 'mongodb';
import { campaignsPolicy } from '../campaigns.policy';
import type { Campaign } from '../campaign/campaign.rules';
import { DeliveryStore } from '../delivery/delivery.store';

/** One contact, as the effect report needs it (a projection of ContactRegistered: `id` = the contact id). */
export interface ContactFact extends Aggregate {
  at: Date;
  category?: string;
  sheetIds: string[];
  channel: string;
}

/** The index the effect report's range counts (`at`) use on MongoDB (named `at_1`). */
const AT_INDEX = { at: 1 } as const;

/** The only writer of `contact_facts`: one document per contact, so replaying the topic gives the same. */
@Injectable()
export class ContactFactStore extends MongoAggregateStore<ContactFact> implements OnModuleInit {
  constructor(
    @Inject(MONGO_DB) private readonly db: Db,
    @Inject(OUTBOX_PORT) outbox: OutboxPort,
  ) {
    super(db, outbox, 'contact_facts');
  }

  /**
   * `{at: 1}` serves the report's range counts on MongoDB. FerretDB 1.24 answers no query but `{_id}` from an
   * index and recomputes each index on every insert (one insert per registration): there it is not created, and
   * one left by an earlier run is dropped.
   */
  async onModuleInit(): Promise<void> {
    await keepSecondaryIndexes(this.db, this.collection, [AT_INDEX]);
  }

  /**
   * New facts in one unordered `insertMany` (one command for a consumer's batch instead of one insert each). A
   * fact already stored (a redelivery, a replay, the same contact twice in the batch) is not an error: the others
   * are written all the same and it is left as it was. Any other failure throws (the caller retries).
   */
  async insertAbsent(facts: readonly ContactFact[]): Promise<void> {
    const docs: StoredDocument[] = facts.map((f) => ({
      _id: f.id,
      ...this.toFields({ ...f, revision: 1 }),
      revision: 1,
    }));
    await insertManyOnce(this.collection, docs);
  }
}

const DAY = 86_400_000;
const MIN_WINDOW = 7 * DAY;

const lastYear = (d: Date) => {
  const x = new Date(d);
  x.setUTCFullYear(x.getUTCFullYear() - 1);
  return x;
};

/**
 * The effect of a campaign: contacts on its topics (contact categories and promoted sheets) before, during and after
 * it, compared with the same periods one year earlier where there is data; deliveries, opens, clicks, opt-outs.
 * Built from a projection of ContactRegistered (one document per contact: replaying the topic gives the same).
 */
@Injectable()
export class EffectUseCases {
  constructor(
    private readonly facts: ContactFactStore,
    private readonly deliveries: DeliveryStore,
    private readonly kernel: ServiceKernel,
  ) {}

  /** Idempotent: keyed by the contact id. */
  async record(fact: ContactFact): Promise<void> {
    await this.facts.commit({ previous: null, next: fact, events: [], ifAbsent: true });
  }

  /** A consumer's batch of contacts in one write; idempotent like `record` (a stored contact stays as it was). */
  async recordMany(facts: readonly ContactFact[]): Promise<void> {
    if (facts.length === 1) return this.record(facts[0]);
    await this.facts.insertAbsent(facts);
  }

  private async counts(c: Campaign, from: Date, to: Date) {
    const range = { at: { $gte: from, $lt: to } };
    const [onTopics, sheetUsage, all] = await Promise.all([
      this.facts.collection.countDocuments({
        ...range,
        $or: [
          { category: { $in: c.topics } },
          ...(c.sheetIds.length ? [{ sheetIds: { $in: c.sheetIds } }] : []),
        ],
      }),
      c.sheetIds.length
        ? this.facts.collection.countDocuments({ ...range, sheetIds: { $in: c.sheetIds } })
        : Promise.resolve(0),
      this.facts.collection.countDocuments(range),
    ]);
    return { contactsOnTopics: onTopics, sheetUsage, allContacts: all };
  }

  async report(actor: Actor, c: Campaign) {
    campaignsPolicy.authorize('campaign.effect', actor, c);
    const now = this.kernel.clock.now();
    // the campaign's declared period (what it was approved for); the launch may come later than planned
    const start = new Date(c.startsAt);
    let end = new Date(c.endsAt ?? c.completedAt ?? now);
    if (end.getTime() - start.getTime() < MIN_WINDOW) end = new Date(start.getTime() + MIN_WINDOW);
    const len = end.getTime() - start.getTime();
    const spans: [string, Date, Date][] = [
      ['BEFORE', new Date(start.getTime() - len), start],
      ['DURING', start, end],
      ['AFTER', end, new Date(end.getTime() + len)],
    ];
    const windows = await Promise.all(
      spans.map(async ([label, from, to]) => {
        const current = await this.counts(c, from, to);
        const py = await this.counts(c, lastYear(from), lastYear(to));
        return {
          label,
          from: from.toISOString(),
          to: to.toISOString(),
          complete: to <= now,
          ...current,
          previousYear: py.allContacts
            ? { from: lastYear(from).toISOString(), to: lastYear(to).toISOString(), ...py }
            : null,
        };
      }),
    );
    const [before, during] = windows;
    // a period not begun yet has no contacts to compare: no change, rather than "-100 %" (a draft for next month)
    const begun = start <= now;
    const pct = (a: number, b: number) => (begun && b ? Math.round(((a - b) / b) * 1000) / 10 : null);
    const stats = await this.deliveries.stats(c.id);
    return {
      campaignId: c.id,
      topics: c.topics,
      sheetIds: c.sheetIds,
      windows,
      changeDuringVsBeforePercent: pct(during.contactsOnTopics, before.contactsOnTopics),
      changeDuringVsPreviousYearPercent: during.previousYear
        ? pct(during.contactsOnTopics, during.previousYear.contactsOnTopics)
        : null,
      deliveries: {
        total: Object.entries(stats)
          .filter(([k]) => !k.startsWith('ever'))
          .reduce((n, [, v]) => n + v, 0),
        delivered: stats.everDelivered ?? 0,
        bounced: stats.bounced ?? 0,
        opened: stats.everOpened ?? 0,
        clicked: stats.everClicked ?? 0,
        unsubscribed: stats.everUnsubscribed ?? 0,
      },
    };
  }
}
