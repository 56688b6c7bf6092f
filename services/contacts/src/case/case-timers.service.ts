import { randomBytes } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ContactRepository } from '../contact/contact.repository';
import { CONTACTS_CONFIG, type ContactsConfig } from '../config';
import { RequesterService } from '../requester/requester.service';
import { reminderDue } from './case.events';
import type { CaseRecord } from './case.model';
import { nextTimerAt, pendingTimers, timerClaimId } from './case.rules';
import type { CaseContact } from './case.service';

/**
 * Time-driven events (reminder to the office, due date reached) fire exactly once even with several
 * instances: each instance scans for due timers, and fires one by inserting a claim whose `_id` is
 * `<caseId>:<kind>:<instant>` together with the event (embedded outbox, one write). The unique `_id` lets
 * exactly one insert win; the loser gets E11000 and does nothing. Then the case's bookkeeping is updated
 * (idempotent; if an instance dies in between, the next scan finds the claim taken and only updates it).
 */
@Injectable()
export class CaseTimersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CaseTimersService.name);
  readonly instance = `${process.pid}-${randomBytes(3).toString('hex')}`;
  private timer?: NodeJS.Timeout;
  private retentionTimer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  fired = 0;

  constructor(
    private readonly contacts: ContactRepository,
    private readonly requesters: RequesterService,
    @Inject(CONTACTS_CONFIG) private readonly config: ContactsConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.timer || !this.config.CONTACTS_TIMER_INTERVAL_MS) return;
    this.timer = setInterval(() => this.tick(), this.config.CONTACTS_TIMER_INTERVAL_MS);
    this.timer.unref();
    this.retentionTimer = setInterval(() => {
      this.requesters
        .sweepRetention()
        .catch((e: Error) => this.logger.warn(`retention sweep failed: ${e.message}`));
    }, this.config.CONTACTS_RETENTION_INTERVAL_MS);
    this.retentionTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.retentionTimer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.fireDue()
      .catch((e: Error) => this.logger.warn(`timer scan failed: ${e.message}`))
      .finally(() => (this.running = undefined));
  }

  /** One scan: fires every pending timer whose instant has come. Returns how many this instance fired. */
  async fireDue(now = new Date()): Promise<number> {
    let fired = 0;
    const due = await this.contacts.timersDue(now, 200);
    for (const c of due as CaseContact[]) {
      const rec = c.case as CaseRecord & { rev?: number };
      const done: Partial<CaseRecord> = {};
      for (const t of pendingTimers(rec)) {
        if (t.at > now) continue;
        const won = await this.contacts.claimTimer(
          timerClaimId(rec.id, t.kind, t.at),
          rec.id,
          now,
          this.instance,
          [reminderDue(c, t.kind, t.at, now)],
        );
        if (won) fired++;
        if (t.kind === 'reminder') done.reminderFiredFor = t.at;
        else done.dueFiredFor = t.at;
      }
      const next = nextTimerAt({ ...rec, ...done });
      const $set: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(done)) $set[`case.${k}`] = v;
      const update = next
        ? { $set: { ...$set, 'case.nextTimerAt': next } }
        : { $set, $unset: { 'case.nextTimerAt': '' } };
      // guarded by the revision: a concurrent case change recomputes the timers itself
      await this.contacts.updateIf(
        c.id,
        rec.rev ? { 'case.rev': rec.rev } : { 'case.rev': { $exists: false } },
        update as never,
        [],
      );
    }
    this.fired += fired;
    return fired;
  }
}
