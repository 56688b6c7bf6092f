import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { PeriodicTasks, RevisionConflict, type AggregateStore } from '@urp/kernel';
import { addDays, type CivilDate } from '@urp/legal-clock';
import { PROCEDURES_CONFIG, type ProceduresConfig } from '../config';
import { refreshClock } from './procedure.clock';
import { LEGAL_CLOCK_ACTOR, ProcedureContexts } from './procedure.context';
import { ProcedureProjections } from './procedure.projections';
import { ProcedureReadModel } from './procedure.read-model';
import type { Procedure } from './procedure.state';
import { ClockClaimStore, ProcedureStore, type ClockClaim } from './procedure.store';
import { dueTimeEvents } from './procedure.time-events';

const ignoreConflict = (e: unknown): void => {
  if (!(e instanceof RevisionConflict)) throw e;
};

/**
 * The clock's rules threw on a procedure (its data breaks an assumption of the rules: a bug, or a document damaged
 * outside this service). Not a store outage: retrying the same data fails the same way.
 */
export class ClockRuleFailure extends Error {
  constructor(
    readonly procedure: Pick<Procedure, 'id' | 'revision' | 'updatedAt'>,
    readonly error: unknown,
  ) {
    super(error instanceof Error ? error.message : String(error));
  }
}

/** `f` applied to `p`, its exception a ClockRuleFailure naming the procedure as read. */
function rulesOn<T>(p: Procedure, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new ClockRuleFailure(p, e);
  }
}

/** What the read model holds of a procedure, to tell whether it changed since the clock's rules failed on it. */
type Written = { revision?: number; updatedAt?: string };
const revisionOf = (p: Written): number => p.revision ?? -1;
/** A write after the failed one (a newer revision, or on a document without one, another write instant). */
const changedSince = (now: Written, failed: Written): boolean =>
  revisionOf(now) > revisionOf(failed) ||
  (revisionOf(now) === revisionOf(failed) &&
    now.updatedAt !== failed.updatedAt &&
    now.revision === undefined);

/**
 * A procedure the clock has just looked at, with nothing left due today: its next check is never before
 * tomorrow (the time-driven events are per civil day), so no mismatch between `nextClockCheck` and
 * `dueTimeEvents` can make the clock re-read it every tick. `stale`: the check had come with nothing due.
 */
export function lookedAt(p: Procedure, today: CivilDate): { p: Procedure; stale: boolean } {
  if (p.nextClockCheck === null || p.nextClockCheck > today) return { p, stale: false };
  return { p: { ...p, nextClockCheck: addDays(today, 1) }, stale: true };
}

/**
 * The legal clock: every CLOCK_TICK_MS it fires the time-driven events due (warnings, missed deadlines, silent
 * assent, substitute official, suspensions ended by law) for the procedures whose next check has come, found
 * in the read model (never by scanning `procedures`). One instance runs a round (the periodic task's lease); the
 * claims make each event fire once even if two ever did.
 */
@Injectable()
export class LegalClockUseCases implements OnApplicationBootstrap {
  static readonly TASK = 'procedures.legal-clock';
  private readonly logger = new Logger(LegalClockUseCases.name);
  private started = false;
  /**
   * Procedures on which the rules failed, with the write they failed on: skipped (not read) until a write changes
   * them, and logged once per such write. Without this a failing procedure stayed on the worklist (its check has
   * come and nothing records it) and was read from the store and logged every tick, for good.
   */
  private readonly failing = new Map<string, Written>();

  constructor(
    @Inject(PROCEDURES_CONFIG) private readonly config: Pick<ProceduresConfig, 'CLOCK_TICK_MS'>,
    @Inject(ProcedureStore) private readonly store: AggregateStore<Procedure>,
    @Inject(ClockClaimStore) private readonly claims: AggregateStore<ClockClaim>,
    @Inject(ProcedureReadModel) private readonly reads: Pick<ProcedureReadModel, 'dueForClock'>,
    @Inject(ProcedureProjections) private readonly projections: Pick<ProcedureProjections, 'project'>,
    private readonly contexts: ProcedureContexts,
    @Inject(PeriodicTasks) private readonly tasks: Pick<PeriodicTasks, 'every'>,
  ) {}

  onApplicationBootstrap(): void {
    // Nest calls the bootstrap hooks again when the Kafka consumer (a connected microservice) starts: once only.
    // (Kernel change asked: `PeriodicTasks.every` could ignore a name it already runs.)
    if (this.started) return;
    this.started = true;
    this.tasks.every(LegalClockUseCases.TASK, this.config.CLOCK_TICK_MS, async () => {
      const n = await this.tick();
      if (n) this.logger.log(`legal clock: ${n} time-driven event(s) fired`);
    });
  }

  /** Procedures whose next clock check is due, from the read model; one procedure's failure stops no other. */
  async tick(): Promise<number> {
    let fired = 0;
    const stale: string[] = [];
    for (const item of this.reads.dueForClock(this.contexts.today())) {
      const failed = this.failing.get(item.id);
      if (failed && !changedSince(item, failed)) continue;
      try {
        fired += await this.run(item.id, stale);
        this.failing.delete(item.id);
      } catch (e) {
        if (!(e instanceof ClockRuleFailure)) {
          // the store or the broker: worth another try next tick
          this.logger.error(`legal clock: procedure ${item.id}: ${(e as Error).message}`);
          continue;
        }
        const at = { revision: e.procedure.revision, updatedAt: e.procedure.updatedAt };
        if (!failed || changedSince(at, failed))
          this.logger.error(
            `legal clock: procedure ${item.id} (revision ${revisionOf(at)}): the rules failed: ${e.message}; skipped until it changes`,
          );
        this.failing.set(item.id, at);
      }
    }
    // a next check that had come with nothing due is a mismatch between `nextClockCheck` and `dueTimeEvents`:
    // harmless now (looked at again tomorrow at the earliest), said so that it gets fixed
    if (stale.length)
      this.logger.warn(
        `legal clock: ${stale.length} procedure(s) had nothing due on their next check, looked at again tomorrow (e.g. ${stale.slice(0, 3).join(', ')})`,
      );
    return fired;
  }

  /**
   * Fires the time-driven events due today on one procedure, one at a time: claim the occurrence (a unique id,
   * inserted with its events) then record it in the procedure's `fired`. A racing writer makes the procedure
   * write a no-op; the claim keeps the events single.
   */
  async run(id: string, stale: string[] = []): Promise<number> {
    let fired = 0;
    for (let round = 0; round < 20; round++) {
      const p = await this.store.get(id);
      if (!p) return fired;
      const ctx = this.contexts.of(LEGAL_CLOCK_ACTOR);
      const [next] = rulesOn(p, () => dueTimeEvents(p, ctx));
      if (!next) {
        const refreshed = lookedAt(
          rulesOn(p, () => refreshClock(p, ctx)),
          ctx.today,
        );
        if (refreshed.stale) stale.push(id);
        if (refreshed.p.nextClockCheck !== p.nextClockCheck || refreshed.p.dueDate !== p.dueDate)
          await this.save(p, refreshed.p);
        return fired;
      }
      const c = rulesOn(p, () => next.apply(p, ctx));
      const claim = await this.claims.commit({
        previous: null,
        next: { id: next.claimId, revision: 0, procedureId: id, claimedAt: ctx.now.toISOString() },
        events: c.events,
        ifAbsent: true,
      });
      if (claim.status === 'committed') fired++;
      const updated = rulesOn(p, () =>
        refreshClock(
          { ...c.state, fired: [...p.fired, next.claimId], updatedAt: ctx.now.toISOString() },
          ctx,
        ),
      );
      await this.save(p, c.state.status === 'decided' ? { ...updated, nextClockCheck: null } : updated);
    }
    return fired;
  }

  private async save(previous: Procedure, next: Procedure): Promise<void> {
    try {
      const r = await this.store.commit({ previous, next, events: [] });
      if (r.status === 'committed') await this.projections.project(r.state, previous.responsibleId);
    } catch (e) {
      ignoreConflict(e);
    }
  }
}
