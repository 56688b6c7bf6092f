import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { createEvent, InternalBulletinSentV1 } from '@urp/contracts';
import { EventOutbox } from '@urp/messaging';
import { insertOnce, updateWithEvents } from '@urp/persistence';
import type { Connection, Model } from 'mongoose';
import { CAMPAIGNS_CONFIG, SOURCE, type CampaignsConfig } from '../config';
import { DeliveryEngine } from '../delivery/delivery.engine';
import { BulletinDocument } from './bulletin.schema';

export interface SheetView {
  _id: string;
  title: string;
  slug?: string;
  officeIds: string[];
  ownerReferentId?: string;
  changedAt?: Date;
  reviewDueAt?: Date;
  retired?: boolean;
}
export interface PersonView {
  _id: string;
  name: string;
  email?: string;
  officeId?: string;
  active: boolean;
}
export interface CaseView {
  _id: string;
  officeId?: string;
  referentId?: string;
  open: boolean;
  dueAt?: Date;
}

const DAY = 86_400_000;

/**
 * Internal communication (L. 150/2000 art. 8: the URP exchanges information with the other offices): a weekly digest
 * to each referent and office of what changed in the knowledge base, which sheets are due for review and which cases
 * wait for them. Built from knowledge-base and contacts events kept here as small projections.
 */
@Injectable()
export class BulletinService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BulletinService.name);
  private timer?: NodeJS.Timeout;
  constructor(
    @Inject(CAMPAIGNS_CONFIG) private readonly config: CampaignsConfig,
    @InjectConnection() private readonly connection: Connection,
    @InjectModel(BulletinDocument.name) private readonly model: Model<BulletinDocument>,
    private readonly outbox: EventOutbox,
    private readonly engine: DeliveryEngine,
  ) {
    outbox.track(model);
  }

  /** Every 10 minutes: on Monday from 08:00 in Rome, this week's digest (sent once per recipient and week). */
  onApplicationBootstrap(): void {
    if (this.config.BULLETIN_SCHEDULE === 'off' || this.config.SCHEDULER === 'off') return;
    this.timer = setInterval(() => void this.weeklyIfDue(new Date()), 600_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
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

  sheets = () => this.connection.db!.collection<SheetView>('kb_sheets');
  referents = () => this.connection.db!.collection<PersonView>('kb_referents');
  offices = () => this.connection.db!.collection<PersonView & { code?: string }>('kb_offices');
  cases = () => this.connection.db!.collection<CaseView>('open_cases');

  async sendWeekly(periodEnd: Date) {
    const periodStart = new Date(periodEnd.getTime() - 7 * DAY);
    const horizon = new Date(periodEnd.getTime() + 7 * DAY);
    const [sheets, cases, referents, offices] = await Promise.all([
      this.sheets().find({}).toArray(),
      this.cases().find({ open: true }).toArray(),
      this.referents().find({ active: true }).toArray(),
      this.offices().find({ active: true }).toArray(),
    ]);
    const live = sheets.filter((s) => !s.retired);
    const changed = live.filter((s) => s.changedAt && s.changedAt >= periodStart && s.changedAt < periodEnd);
    const due = live.filter((s) => s.reviewDueAt && s.reviewDueAt <= horizon);
    let sent = 0;
    let skipped = 0;
    const targets = [
      ...referents.map((r) => ({
        type: 'referent' as const,
        who: r,
        changed: changed.filter((s) => s.ownerReferentId === r._id),
        due: due.filter((s) => s.ownerReferentId === r._id),
        cases: cases.filter((c) => c.referentId === r._id),
      })),
      ...offices.map((o) => ({
        type: 'office' as const,
        who: o,
        changed: changed.filter((s) => s.officeIds.includes(o._id)),
        due: due.filter((s) => s.officeIds.includes(o._id)),
        cases: cases.filter((c) => c.officeId === o._id),
      })),
    ];
    for (const t of targets) {
      if (!t.who.email || !(t.changed.length + t.due.length + t.cases.length)) {
        skipped++;
        continue;
      }
      const id = `weekly:${t.type}:${t.who._id}:${periodEnd.toISOString().slice(0, 10)}`;
      const claim = await insertOnce(this.model.collection, {
        _id: id,
        recipientType: t.type,
        recipientId: t.who._id,
        periodStart,
        periodEnd,
        status: 'sending',
        sheetsChanged: t.changed.length,
        reviewsDue: t.due.length,
        casesWaiting: t.cases.length,
      });
      if (claim === 'duplicate') {
        skipped++;
        continue;
      }
      try {
        await this.engine.sendInternal(
          t.who.email,
          `Notiziario settimanale URP: ${t.who.name}`,
          this.text(t, periodStart, periodEnd),
        );
        const at = new Date();
        const entries = this.outbox.entries(
          createEvent(
            InternalBulletinSentV1,
            id,
            {
              bulletinId: id,
              kind: 'weekly_digest',
              recipientType: t.type,
              recipientId: t.who._id,
              periodStart: periodStart.toISOString(),
              periodEnd: periodEnd.toISOString(),
              sheetsChanged: t.changed.length,
              reviewsDue: t.due.length,
              casesWaiting: t.cases.length,
              sheetIds: [...new Set([...t.changed, ...t.due].map((s) => s._id))],
              sentAt: at.toISOString(),
            },
            { source: SOURCE },
          ),
        );
        await this.model.collection.updateOne(
          { _id: id } as never,
          updateWithEvents({ $set: { status: 'sent', sentAt: at } }, entries) as never,
        );
        this.outbox.written(this.model, id, entries);
        sent++;
      } catch (e) {
        this.logger.warn(`bulletin ${id} failed: ${(e as Error).message}`);
        await this.model.collection.updateOne({ _id: id } as never, {
          $set: { status: 'failed', error: (e as Error).message.slice(0, 200) },
        });
      }
    }
    return { periodStart: periodStart.toISOString(), periodEnd: periodEnd.toISOString(), sent, skipped };
  }

  private text(
    t: { who: PersonView; changed: SheetView[]; due: SheetView[]; cases: CaseView[] },
    from: Date,
    to: Date,
  ): string {
    const day = (d?: Date) => (d ? d.toISOString().slice(0, 10) : '');
    const list = (xs: string[]) => (xs.length ? xs.map((x) => `- ${x}`).join('\n') : '- nessuna');
    return [
      `Buongiorno ${t.who.name},`,
      `ecco la settimana dal ${day(from)} al ${day(to)}.`,
      '',
      `Schede cambiate (${t.changed.length}):`,
      list(t.changed.map((s) => s.title)),
      '',
      `Schede da rivedere (${t.due.length}):`,
      list(t.due.map((s) => `${s.title}: revisione entro il ${day(s.reviewDueAt)}`)),
      '',
      `Pratiche in attesa (${t.cases.length}):`,
      list(t.cases.map((c) => `${c._id}${c.dueAt ? `, scadenza ${day(c.dueAt)}` : ''}`)),
      '',
      'Ufficio Relazioni con il Pubblico',
    ].join('\n');
  }
}
