import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { CloudEvent } from '@urp/contracts';
import { PeriodicTasks, ServiceKernel, type Actor } from '@urp/kernel';
import { CAMPAIGNS_CONFIG, type CampaignsConfig } from '../config';
import { dayBefore, romeDay } from '../shared/italian-dates';
import { notificationIdFor, queueNotification } from '../notification/notification.rules';
import { NotificationStore } from '../notification/notification.store';
import { NOTIFICATION_KICK, type Kick } from '../notification/notification.use-cases';
import {
  claimDigest,
  digestDue,
  groupWarnings,
  warningFrom,
  type DeadlineDigest,
  type DeadlineEventData,
  type DeadlineKind,
} from './deadline-digest.rules';
import { DeadlineDigestStore, DeadlineWarningStore } from './deadline-digest.store';

const DIGESTER: Actor = { sub: 'campaigns-deadline-digest', roles: ['service'] };
const DAY = 86_400_000;

/**
 * Procedures' deadline warnings to the referent of the office as a daily digest (decision: assembled here, beside
 * the weekly bulletin, which already aggregates per recipient; delivered through the notification pipeline, so
 * the digest has a state, retries and a deterministic Message-ID like every other message owed to a person).
 *
 * A warning is recorded once; the periodic task (`PeriodicTasks`, one instance, the service's clock) claims one
 * digest per recipient, office, kind and day when the group is due, queues its notification (`ntf_<digest id>`,
 * an insert that collides when it exists), then marks its warnings reported. A crash between the steps is
 * finished by the next tick the same day (the claim names its warnings; the notification's id collides); warnings
 * arriving after the day's digest wait for the next day's.
 */
@Injectable()
export class DeadlineDigests implements OnApplicationBootstrap {
  private readonly logger = new Logger(DeadlineDigests.name);
  private lastPrune = 0;

  constructor(
    @Inject(CAMPAIGNS_CONFIG)
    private readonly config: Pick<
      CampaignsConfig,
      | 'SCHEDULER'
      | 'DEADLINE_DIGEST_TICK_MS'
      | 'DEADLINE_DIGEST_QUIET_MS'
      | 'DEADLINE_DIGEST_MAX_WAIT_MS'
      | 'NOTIFICATION_MAX_AGE_MS'
    >,
    @Inject(DeadlineWarningStore)
    private readonly warnings: Pick<
      DeadlineWarningStore,
      'record' | 'waiting' | 'markReported' | 'pruneReported'
    >,
    @Inject(DeadlineDigestStore)
    private readonly digests: Pick<DeadlineDigestStore, 'get' | 'commit' | 'prune'>,
    @Inject(NotificationStore) private readonly notifications: Pick<NotificationStore, 'insertMany'>,
    @Inject(NOTIFICATION_KICK) private readonly sender: Kick,
    @Inject(PeriodicTasks) private readonly tasks: Pick<PeriodicTasks, 'every'>,
    private readonly kernel: ServiceKernel,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.SCHEDULER === 'off') return;
    this.tasks.every(
      'campaigns.deadline-digest',
      this.config.DEADLINE_DIGEST_TICK_MS,
      () => this.sendDue(this.kernel.clock.now()),
      { runAtStart: false },
    );
  }

  /** A `DeadlineApproaching` / `DeadlineMissed` of procedures: kept once, for the recipient's next digest. */
  async record(e: CloudEvent<DeadlineEventData>, kind: DeadlineKind): Promise<boolean> {
    const now = this.kernel.clock.now();
    // a warning consumed long after it was made (a topic replayed into an empty store, a long outage) warns nobody,
    // as every other notification (`expired`)
    if (now.getTime() - Date.parse(e.time) > this.config.NOTIFICATION_MAX_AGE_MS) return false;
    return this.warnings.record(warningFrom(kind, e.data, now));
  }

  /** The digests due at `now`: at most one per recipient, office, kind and day. Returns how many were queued. */
  async sendDue(now: Date): Promise<{ queued: number; waiting: number; failed?: number }> {
    const day = romeDay(now);
    const groups = groupWarnings(await this.warnings.waiting());
    let queued = 0;
    let waiting = 0;
    let failed = 0;
    const yesterday = dayBefore(day);
    for (const group of groups) {
      const claim = claimDigest(group, day, now);
      // a digest claimed yesterday and cut before its warnings were marked is finished (same id, queued once),
      // never claimed again under today's id: that would send its warnings a second time
      const unfinished = await this.digests.get(claimDigest(group, yesterday, now).id);
      const existing =
        unfinished && group.some((w) => unfinished.warningIds.includes(w.id))
          ? unfinished
          : await this.digests.get(claim.id);
      let digest: DeadlineDigest;
      if (existing) {
        // today's digest of this group exists: finish it if a crash cut it; what it does not list waits for tomorrow
        digest = existing;
        const listed = new Set(existing.warningIds);
        waiting += group.filter((w) => !listed.has(w.id)).length;
        if (!group.some((w) => listed.has(w.id))) continue;
      } else {
        if (!digestDue(group, now, this.quiet)) {
          waiting += group.length;
          continue;
        }
        const r = await this.digests.commit({ previous: null, next: claim, events: [], ifAbsent: true });
        digest = r.status === 'committed' ? r.state : ((await this.digests.get(claim.id)) ?? claim);
      }
      try {
        if (await this.queue(digest)) queued++;
        await this.warnings.markReported(digest.warningIds, digest.id, now);
      } catch (e) {
        // the claim names its warnings: the next tick finishes this digest (the same id, queued once)
        failed++;
        this.logger.warn(`deadline digest ${digest.id} not finished: ${(e as Error).message}`);
      }
    }
    if (now.getTime() - this.lastPrune > DAY) {
      this.lastPrune = now.getTime();
      // kept as long as a repeated warning is still accepted (`record`), so a late repeat finds it reported
      const before = new Date(now.getTime() - Math.max(3 * DAY, this.config.NOTIFICATION_MAX_AGE_MS + DAY));
      await Promise.all([this.warnings.pruneReported(before), this.digests.prune(before)]);
    }
    if (queued) this.logger.log(`deadline digests: ${queued} queued, ${waiting} warnings waiting`);
    return { queued, waiting, ...(failed ? { failed } : {}) };
  }

  private get quiet() {
    return {
      quietMs: this.config.DEADLINE_DIGEST_QUIET_MS,
      maxWaitMs: this.config.DEADLINE_DIGEST_MAX_WAIT_MS,
    };
  }

  /** Queues the digest's e-mail once (its id follows the digest's: a second insert collides). */
  private async queue(d: DeadlineDigest): Promise<boolean> {
    const ctx = this.kernel.context(DIGESTER);
    const decision = queueNotification(
      null,
      {
        id: notificationIdFor.deadlineDigest(d.id),
        requestedBy: d.kind,
        // a digest of one procedure is that procedure's (its delivery shows on the procedure's timeline)
        ...(d.items.length === 1 ? { procedureId: d.items[0].procedureId } : {}),
        ...(d.officeId ? { officeId: d.officeId, fallbackOfficeId: d.officeId } : {}),
        recipientType: d.recipientType,
        recipientId: d.recipientId,
        channel: 'email',
        template:
          d.kind === 'DeadlineMissed' ? 'procedure_deadlines_missed' : 'procedure_deadlines_approaching',
        facts: { procedures: d.items, ...(d.officeId ? { officeId: d.officeId } : {}) },
      },
      ctx,
    );
    if (!decision) return false;
    const committed = await this.notifications.insertMany([
      { next: decision.state, events: decision.events },
    ]);
    const fresh = committed.filter((n) => n.status === 'queued');
    if (fresh.length) this.sender.kick(fresh);
    return committed.length > 0;
  }
}
