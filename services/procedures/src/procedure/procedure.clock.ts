import { DomainError } from '@urp/kernel';
import {
  addDays,
  computeDueDate,
  endsByLawOn,
  substituteTermDays,
  type CivilDate,
  type ClockInput,
  type SuspensionRule,
} from '@urp/legal-clock';
import { mayDate } from '../procedures.policy';
import { civilDateArg } from './procedure.input';
import type { ClockContext, Procedure } from './procedure.state';

/**
 * The procedure's legal clock: its deadline is never edited, it is recomputed from the history (receipt,
 * term, suspensions; or the substitute official's term) by `@urp/legal-clock` every time. Pure.
 */

/** The rules of the administration-defined kinds this procedure was suspended for (their snapshots). */
export function rulesOf(p: Pick<Procedure, 'suspensions'>): Record<string, SuspensionRule> | undefined {
  const local = p.suspensions.flatMap((s) => (s.rule ? [[s.kind, s.rule] as const] : []));
  return local.length ? Object.fromEntries(local) : undefined;
}

/** The legal clock's input for a procedure's ordinary term (its history, its kinds' rules). */
export function clockInput(
  p: Pick<Procedure, 'receivedOn' | 'legalTermDays' | 'suspensions'>,
  asOf?: CivilDate,
): ClockInput {
  const rules = rulesOf(p);
  return {
    receivedOn: p.receivedOn,
    termDays: p.legalTermDays,
    suspensions: p.suspensions,
    ...(rules ? { rules } : {}),
    ...(asOf ? { asOf } : {}),
  };
}

/** The suspensions of the clock that runs now: the substitute's term counts only those since the engagement. */
export function phaseSuspensions(p: Pick<Procedure, 'phase' | 'substitute' | 'suspensions'>) {
  if (p.phase !== 'substitute' || !p.substitute) return p.suspensions;
  const since = p.substitute.engagedOn;
  return p.suspensions.filter((s) => s.start >= since);
}

/**
 * The legal clock's input for the term that runs now: the ordinary term, or once the substitute official is engaged
 * their own (art. 2 c.9-ter: half the original term from the engagement), suspended only by a rejection notice they
 * send (art. 10-bis: the notice "sospende i termini di conclusione dei procedimenti"; the rules refuse any other
 * suspension in that phase).
 */
export function currentClockInput(
  p: Pick<Procedure, 'receivedOn' | 'legalTermDays' | 'suspensions' | 'phase' | 'substitute'>,
  asOf?: CivilDate,
): ClockInput {
  if (p.phase !== 'substitute' || !p.substitute) return clockInput(p, asOf);
  return {
    ...clockInput({ ...p, suspensions: phaseSuspensions(p) }, asOf),
    receivedOn: p.substitute.engagedOn,
    termDays: substituteTermDays(p.legalTermDays),
  };
}

/** Recomputes the deadline from the history, and the next day the legal clock must look at it. */
export function refreshClock(p: Procedure, ctx: ClockContext): Procedure {
  if (p.phase === 'substitute' && p.substitute) {
    // the substitute's term: `substitute.dueDate` as computed at the engagement, moved by a 10-bis notice of theirs
    const r = computeDueDate(currentClockInput(p, ctx.today), ctx.calendar);
    const substitute: Procedure = {
      ...p,
      dueDate: r.dueDate,
      nominalDueDate: r.nominalDueDate,
      latestDueDate: r.latestDueDate,
    };
    if (p.status !== 'decided' && p.status !== 'submitted')
      substitute.status = r.openSuspension ? 'suspended' : 'started';
    // the substitute's own warnings and missed deadline: without this the check kept the ordinary phase's day
    // (the day after the missed deadline, in the past), so the clock re-read the procedure every tick for good
    substitute.nextClockCheck = nextClockCheck(substitute, ctx);
    return substitute;
  }
  const r = computeDueDate(clockInput(p, ctx.today), ctx.calendar);
  const next: Procedure = {
    ...p,
    dueDate: r.dueDate,
    nominalDueDate: r.nominalDueDate,
    latestDueDate: r.latestDueDate,
    suspendedDays: r.suspendedDays,
  };
  if (p.status !== 'decided' && p.status !== 'submitted')
    next.status = r.openSuspension ? 'suspended' : 'started';
  next.nextClockCheck = nextClockCheck(next, ctx);
  return next;
}

/** The claim of a warning `daysBefore` a deadline: one per phase, deadline and warning. */
export const warnClaim = (p: Procedure, due: CivilDate, daysBefore: number): string =>
  `${p.id}:warn:${p.phase}:${due}:${daysBefore}`;
/** The claim of a missed deadline: one per phase and deadline. */
export const missedClaim = (p: Procedure, due: CivilDate): string => `${p.id}:missed:${p.phase}:${due}`;

/** Silent assent (art. 20 L. 241/1990): generic procedures on request of a type not excluded from it. */
export function silentAssentEligible(p: Procedure): boolean {
  return (
    p.silenceRule === 'silent_assent' &&
    !p.silentAssentExcluded &&
    p.kind === 'generic' &&
    p.initiative === 'party'
  );
}

/** The first day on which a time-driven event could fire (warnings, missed deadline, suspension ended by law). */
export function nextClockCheck(p: Procedure, ctx: ClockContext): CivilDate | null {
  if (p.status === 'decided') return null;
  const candidates: CivilDate[] = [];
  const due = p.dueDate;
  if (due) {
    // a warning can fire up to the deadline only (`dueTimeEvents`): one never fired by then (a procedure started or
    // imported late) is no reason to look again, else the clock re-read the procedure every minute for good
    if (ctx.today <= due)
      for (const d of ctx.warningDays) {
        const on = addDays(due, -d);
        if (!p.fired.includes(warnClaim(p, due, d)) && on <= due) candidates.push(on);
      }
    if (!p.fired.includes(missedClaim(p, due))) candidates.push(addDays(due, 1));
  }
  {
    // open suspensions with a legal maximum end by law (in the substitute's phase: their 10-bis notice): the clock
    // looks at each on the first day it may have ended (a rejection notice: the day after its 10 days, when no observations came, art. 10-bis). But while a
    // suspension without a legal maximum runs first (no deadline at all, not even the latest), none is recorded
    // before that one is resumed (`dueTimeEvents`): by an act, which refreshes the clock. Looking meanwhile found
    // nothing, every tick, for good.
    const blocked = !p.dueDate && !p.latestDueDate && !p.nominalDueDate;
    for (const s of blocked ? [] : phaseSuspensions(p)) {
      const on = s.end === undefined ? endsByLawOn(s, ctx.calendar, rulesOf(p)) : null;
      if (on !== null) candidates.push(on);
    }
  }
  return candidates.length ? candidates.sort()[0] : null;
}

/**
 * The day of an act (default today): a civil date, not in the future, not before receipt, and today unless the
 * caller is an administrator (`procedure.backdate`: an act recorded late is registered by one, never the
 * officer's own word, which moved deadlines, the term's outcome and the indicators). `field` is the input path
 * the refusal names (e.g. `on`, `input.start`).
 */
export function actDay(
  field: string,
  day: CivilDate | undefined,
  p: Procedure,
  ctx: ClockContext,
): CivilDate {
  const d = day === undefined ? ctx.today : civilDateArg(field, day);
  if (d > ctx.today) throw DomainError.invalid(field, 'non può essere nel futuro');
  if (d < p.receivedOn) throw DomainError.invalid(field, 'precede la ricezione dell’istanza');
  if (!mayDate(ctx.actor, d, ctx.today))
    throw DomainError.invalid(
      field,
      'solo un amministratore può registrare un atto con una data anteriore a oggi',
    );
  return d;
}
