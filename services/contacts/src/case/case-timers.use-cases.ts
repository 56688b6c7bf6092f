import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { execute, PeriodicTasks, ServiceKernel, type Actor } from '@urp/kernel';
import { CONTACTS_CONFIG, type ContactsConfig } from '../config';
import { hasCase } from '../contact/contact.rules';
import { ContactStore } from '../contact/contact.store';
import { RequesterUseCases } from '../requester/requester.use-cases';
import { pendingTimers, timerClaimId, type TimerKind } from './case-clock.rules';
import { reminderDue } from './case.events';
import { markTimersFired } from './case.rules';
import { TimerClaimStore } from './case-timers.store';

/** Time-driven events are the service's own doing. */
export const TIMERS_ACTOR: Actor = { sub: 'system:timers', roles: ['admin'] };

/**
 * Time-driven events (reminder to the office, due date reached) fire exactly once even with several
 * instances: a scan finds the due timers and fires one by inserting its claim (`<caseId>:<kind>:<instant>`)
 * with the event, `ifAbsent` (one write): exactly one insert wins, a second is a `duplicate` and does
 * nothing. Then the case's bookkeeping is updated (if an instance dies in between, the next scan finds the
 * claim taken and only updates it). The retention sweep runs here too.
 */
@Injectable()
export class CaseTimers implements OnApplicationBootstrap {
  readonly instance = `${process.pid}-${randomBytes(3).toString('hex')}`;
  fired = 0;
  private scheduled = false;

  constructor(
    private readonly contacts: ContactStore,
    private readonly claims: TimerClaimStore,
    private readonly requesters: RequesterUseCases,
    private readonly tasks: PeriodicTasks,
    private readonly kernel: ServiceKernel,
    @Inject(CONTACTS_CONFIG) private readonly config: ContactsConfig,
  ) {}

  onApplicationBootstrap(): void {
    // the platform's bootstrap runs this hook more than once (HTTP app + Kafka microservice), and
    // PeriodicTasks.every refuses a name twice: schedule once (kernel note in the report)
    if (this.scheduled || !this.config.CONTACTS_TIMER_INTERVAL_MS) return;
    this.scheduled = true;
    this.tasks.every('contacts.case-timers', this.config.CONTACTS_TIMER_INTERVAL_MS, () => this.fireDue());
    this.tasks.every(
      'contacts.retention',
      this.config.CONTACTS_RETENTION_INTERVAL_MS,
      () => this.requesters.sweepRetention(),
      { runAtStart: false },
    );
  }

  /** One scan: fires every pending timer whose instant has come. Returns how many this instance fired. */
  async fireDue(): Promise<number> {
    const ctx = this.kernel.context(TIMERS_ACTOR);
    let fired = 0;
    // the due rows from the read model, each document read by `_id` (its timers are checked on it again)
    const due = this.contacts.readModel.timersDue(ctx.now, 200);
    const found = await this.contacts.getMany(due.map((r) => r.id));
    for (const r of due) {
      const c = found.get(r.id);
      if (!hasCase(c)) continue;
      const done: { kind: TimerKind; at: Date }[] = [];
      for (const t of pendingTimers(c.case)) {
        if (t.at > ctx.now) continue;
        const res = await this.claims.commit({
          previous: null,
          next: {
            id: timerClaimId(c.case.id, t.kind, t.at),
            revision: 0,
            caseId: c.case.id,
            firedAt: ctx.now,
            instance: this.instance,
          },
          events: [reminderDue(ctx, c, t.kind, t.at)],
          ifAbsent: true,
        });
        if (res.status === 'committed') fired++;
        done.push(t);
      }
      // the revision guards it: a concurrent case change is decided again with the timers it recomputes
      await execute(this.contacts, c.id, markTimersFired, { fired: done }, ctx);
    }
    this.fired += fired;
    return fired;
  }
}
