import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { createEvent, InternalBulletinSentV1 } from '@urp/contracts';
import { EventOutbox } from '@urp/messaging';
import { insertOnce, updateWithEvents } from '@urp/persistence';
import type { Connection, Model } from 'mongoose';
import { SOURCE } from '../config';
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
export class BulletinService {
  private readonly logger = new Logger(BulletinService.name);
  constructor(
    @InjectConnection() private readonly connection: Connection,
    @InjectModel(BulletinDocument.name) private readonly model: Model<BulletinDocument>,
    private readonly outbox: EventOutbox,
    private readonly engine: DeliveryEngine,
  ) {
    outbox.track(model);
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
