import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  MONGO_DB,
  MongoAggregateStore,
  OUTBOX_PORT,
  ServiceKernel,
  type Actor,
  type Aggregate,
  type OutboxPort,
} from '@urp/kernel';
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

/** The only writer of `contact_facts`: one document per contact, so replaying the topic gives the same. */
@Injectable()
export class ContactFactStore extends MongoAggregateStore<ContactFact> implements OnModuleInit {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'contact_facts');
  }

  async onModuleInit(): Promise<void> {
    await this.collection.createIndex({ at: 1 });
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
