import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InternalBulletinSentV1 } from '@urp/contracts';
import { emit, PeriodicTasks, ServiceKernel, type Actor } from '@urp/kernel';
import { campaignsPolicy } from '../campaigns.policy';
import { CAMPAIGNS_CONFIG, type CampaignsConfig } from '../config';
import { DeliveryEngine } from '../delivery/delivery.engine';
import { bulletinMessage, bulletinTargets, casesListed, hasNews } from './bulletin.rules';
import { BulletinStore, BulletinViews, type Bulletin } from './bulletin.store';

const SCHEDULER: Actor = { sub: 'scheduler', roles: ['service'] };
const DAY = 86_400_000;

/**
 * Internal communication (L. 150/2000 art. 8: the URP exchanges information with the other offices): a weekly digest
 * to each referent and office of what changed in the knowledge base, which sheets are due for review and which cases
 * wait for them. Built from knowledge-base and contacts events kept here as small projections.
 */
@Injectable()
export class BulletinUseCases implements OnApplicationBootstrap {
  private readonly logger = new Logger(BulletinUseCases.name);
  constructor(
    @Inject(CAMPAIGNS_CONFIG) private readonly config: CampaignsConfig,
    private readonly bulletins: BulletinStore,
    private readonly views: BulletinViews,
    private readonly engine: DeliveryEngine,
    private readonly tasks: PeriodicTasks,
    private readonly kernel: ServiceKernel,
  ) {}

  /** Every 10 minutes: on Monday from 08:00 in Rome, this week's digest (sent once per recipient and week). */
  onApplicationBootstrap(): void {
    if (this.config.BULLETIN_SCHEDULE === 'off' || this.config.SCHEDULER === 'off') return;
    this.tasks.every('campaigns.weekly-bulletin', 600_000, () => this.weeklyIfDue(this.kernel.clock.now()), {
      runAtStart: false,
    });
  }

  /** The digest for the week ending `periodEnd`, now (a person asked for it). */
  run(actor: Actor, periodEnd: Date) {
    campaignsPolicy.authorize('bulletin.send', actor);
    return this.sendWeekly(periodEnd);
  }

  async weeklyIfDue(now: Date): Promise<void> {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Rome',
        weekday: 'short',
        hour: 'numeric',
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      })
        .formatToParts(now)
        .map((p) => [p.type, p.value]),
    );
    if (parts.weekday !== 'Mon' || Number(parts.hour) < 8) return;
    // the same period end all day long: the digest ids (and so "once per week") depend on it
    const periodEnd = new Date(`${parts.year}-${parts.month}-${parts.day}T07:00:00Z`);
    try {
      const r = await this.sendWeekly(periodEnd);
      if (r.sent) this.logger.log(`weekly digest: ${r.sent} sent`);
    } catch (e) {
      this.logger.warn(`weekly digest failed: ${(e as Error).message}`);
    }
  }

  async sendWeekly(periodEnd: Date) {
    const periodStart = new Date(periodEnd.getTime() - 7 * DAY);
    const [sheets, cases, referents, offices] = await Promise.all([
      this.views.sheets.all(),
      this.views.cases.all(),
      this.views.referents.all(),
      this.views.offices.all(),
    ]);
    let sent = 0;
    let skipped = 0;
    const targets = bulletinTargets({ sheets, cases, referents, offices, periodStart, periodEnd });
    for (const t of targets) {
      if (!t.who.email || !hasNews(t)) {
        skipped++;
        continue;
      }
      const id = `weekly:${t.type}:${t.who.id}:${periodEnd.toISOString().slice(0, 10)}`;
      const claim: Bulletin = {
        id,
        revision: 0,
        recipientType: t.type,
        recipientId: t.who.id,
        periodStart,
        periodEnd,
        status: 'sending',
        sheetsChanged: t.changed.length,
        reviewsDue: t.due.length,
        casesWaiting: casesListed(t),
      };
      const claimed = await this.bulletins.commit({
        previous: null,
        next: claim,
        events: [],
        ifAbsent: true,
      });
      if (claimed.status === 'duplicate') {
        skipped++;
        continue;
      }
      try {
        const message = bulletinMessage(t, periodStart, periodEnd);
        await this.engine.sendInternal(t.who.email, message.subject, message.text);
        const ctx = this.kernel.context(SCHEDULER);
        const event = emit(ctx, InternalBulletinSentV1, id, {
          bulletinId: id,
          kind: 'weekly_digest',
          recipientType: t.type,
          recipientId: t.who.id,
          periodStart: periodStart.toISOString(),
          periodEnd: periodEnd.toISOString(),
          sheetsChanged: t.changed.length,
          reviewsDue: t.due.length,
          casesWaiting: casesListed(t),
          sheetIds: [...new Set([...t.changed, ...t.due].map((s) => s.id))],
          sentAt: ctx.now.toISOString(),
        });
        await this.bulletins.commit({
          previous: claimed.state,
          next: { ...claimed.state, status: 'sent', sentAt: ctx.now },
          events: [event],
        });
        sent++;
      } catch (e) {
        this.logger.warn(`bulletin ${id} failed: ${(e as Error).message}`);
        await this.bulletins
          .commit({
            previous: claimed.state,
            next: { ...claimed.state, status: 'failed', error: (e as Error).message.slice(0, 200) },
            events: [],
          })
          .catch(() => undefined);
      }
    }
    return { periodStart: periodStart.toISOString(), periodEnd: periodEnd.toISOString(), sent, skipped };
  }
}
