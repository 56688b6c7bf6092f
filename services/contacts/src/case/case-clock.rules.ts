/**
 * The clock of a case: the due-date policy, suspensions and their effect on the due date, the time-driven
 * events (reminder, due date). Pure: no Nest, no database, no clock of its own (instants are arguments).
 */
import type { CaseOutcome, ContactCategory, ContactType } from '@urp/contracts';
import { DomainError } from '@urp/kernel';
import {
  ClockError,
  computeDueDate,
  daysBetween,
  endOfRomeDay,
  romeCivilDate,
  romeDayStartMs,
  type CivilDate,
  type ClockResult,
  type LegalCalendar,
} from '@urp/legal-clock';
import { caseCalendar } from '../shared/case-calendar';
import type { CaseStatus } from './case-phases.rules';

// ------------------------------------------------------------------ due-date policy

/** One rule of the policy: the most specific matching rule wins (type + category level1 > type > default). */
export interface DuePolicyRule {
  contactType?: ContactType;
  categoryLevel1?: string;
  /** Days from the opening to the due date (net of suspensions), counted by `@urp/legal-clock`. */
  days: number;
  /** The term is in working days ("giorni lavorativi"): Sundays, holidays (and closed Saturdays) not counted. */
  workingDays?: boolean;
  /** Days from the opening after which the office gets a reminder (net of suspensions); none if absent. */
  reminderAfterDays?: number;
  /** At most this many suspensions (L. 241/1990 art. 2 c.7 allows one for procedures). */
  maxSuspensions?: number;
  /** A suspension counts at most this many days; beyond it the clock runs again. */
  maxSuspensionDays?: number;
}

/**
 * Defaults. Complaints: 30 days with a reminder after 10 (the common Carta dei servizi rule); access requests:
 * 30 days (L. 241/1990 art. 25, D.Lgs 33/2013 art. 5); reports 30; anything else 30 (L. 241/1990 art. 2 c.2).
 */
export const DEFAULT_DUE_POLICY: DuePolicyRule[] = [
  { days: 30, reminderAfterDays: 20, maxSuspensions: 2, maxSuspensionDays: 30 },
  { contactType: 'complaint', days: 30, reminderAfterDays: 10, maxSuspensions: 2, maxSuspensionDays: 30 },
  {
    contactType: 'document_access',
    days: 30,
    reminderAfterDays: 20,
    maxSuspensions: 1,
    maxSuspensionDays: 10,
  },
  { contactType: 'civic_access', days: 30, reminderAfterDays: 20, maxSuspensions: 1, maxSuspensionDays: 10 },
  { contactType: 'foia', days: 30, reminderAfterDays: 20, maxSuspensions: 1, maxSuspensionDays: 10 },
  { contactType: 'report', days: 30, reminderAfterDays: 15, maxSuspensions: 2, maxSuspensionDays: 30 },
];

export function policyFor(
  rules: readonly DuePolicyRule[],
  contactType: ContactType,
  category?: ContactCategory,
): DuePolicyRule {
  const score = (r: DuePolicyRule) => {
    if (r.contactType && r.contactType !== contactType) return -1;
    if (r.categoryLevel1 && r.categoryLevel1 !== category?.level1) return -1;
    return (r.contactType ? 2 : 0) + (r.categoryLevel1 ? 1 : 0);
  };
  let best: DuePolicyRule | undefined;
  let bestScore = -1;
  for (const r of rules) {
    const s = score(r);
    if (s > bestScore) [best, bestScore] = [r, s]; // ties: the first listed wins
  }
  return best ?? DEFAULT_DUE_POLICY[0];
}

// ------------------------------------------------------------------ suspensions and the clock

export interface Suspension {
  reason: string;
  from: Date;
  to?: Date;
  /** The public message that told the citizen what is missing (`CaseMessage.id`, a `request`). */
  requestId?: string;
}

export interface CaseClock {
  openedAt: Date;
  termDays: number;
  /** The term counts working days ("giorni lavorativi") instead of calendar days. */
  workingDays?: boolean;
  reminderAfterDays?: number;
  maxSuspensionDays?: number;
  suspensions: readonly Suspension[];
}

/** The legal clock's kind for a case suspension; its cap is the policy's `maxSuspensionDays`. */
const CASE_SUSPENSION = 'case_suspension';

/** The legal clock's view of a case (civil dates in Europe/Rome) for a term of `days` from the opening. */
function clockResult(clock: CaseClock, days: number, calendar: LegalCalendar): ClockResult {
  const receivedOn = romeCivilDate(clock.openedAt);
  try {
    return computeDueDate(
      {
        receivedOn,
        termDays: days,
        // "giorni lavorativi": the legal clock counts only the calendar's working days (also after a suspension)
        ...(clock.workingDays ? { workingDays: true } : {}),
        suspensions: clock.suspensions.map((s, i) => ({
          id: String(i),
          kind: CASE_SUSPENSION,
          start: romeCivilDate(s.from),
          ...(s.to ? { end: romeCivilDate(s.to) } : {}),
        })),
        rules: {
          [CASE_SUSPENSION]: {
            ...(clock.maxSuspensionDays !== undefined ? { maxDays: clock.maxSuspensionDays } : {}),
            label: 'Sospensione della pratica',
            legalBasis: 'politica dei termini dell’amministrazione',
          },
        },
      },
      calendar,
    );
  } catch (e) {
    // a history the clock cannot count (e.g. a date outside its calendar's years) is the client's conflict, never a 500
    if (e instanceof ClockError || e instanceof RangeError)
      throw DomainError.conflict(`Il termine della pratica non è calcolabile: ${e.message}`);
    throw e;
  }
}

/** Only the ended suspensions count (an open one counts when it ends). */
const ended = (clock: CaseClock): CaseClock => ({
  ...clock,
  suspensions: clock.suspensions.filter((s) => s.to),
});

/** Days one suspension stops the clock: calendar days (Rome) from its start to its end, capped by the policy. */
export function suspensionDays(s: Suspension, maxDays: number | undefined, now: Date): number {
  const days = Math.max(0, daysBetween(romeCivilDate(s.from), romeCivilDate(s.to ?? now)));
  return maxDays === undefined ? days : Math.min(days, maxDays);
}

/** Total days the clock was stopped by ended suspensions (the legal clock's count: overlaps once). */
export function suspendedDays(clock: CaseClock, calendar: LegalCalendar = caseCalendar()): number {
  return clockResult(ended(clock), clock.termDays, calendar).suspendedDays;
}

/**
 * The due date recomputed from the history by `@urp/legal-clock`: the day of opening (Rome) + the term
 * + every ended suspension, moved to the next working day of the administration's calendar; the case is
 * due by the last instant of that day in Italy.
 */
export function computeDueOn(clock: CaseClock, calendar: LegalCalendar = caseCalendar()): CivilDate {
  const due = clockResult(ended(clock), clock.termDays, calendar).dueDate;
  if (!due) throw new Error('due date of a case with no open suspension is always known');
  return due;
}

export function computeDueAt(clock: CaseClock, calendar: LegalCalendar = caseCalendar()): Date {
  return new Date(endOfRomeDay(computeDueOn(clock, calendar)));
}

/** The reminder to the office: at the start (Rome) of the working day ending the reminder term. */
export function computeReminderAt(
  clock: CaseClock,
  calendar: LegalCalendar = caseCalendar(),
): Date | undefined {
  if (clock.reminderAfterDays === undefined || clock.reminderAfterDays <= 0) return undefined;
  const on = clockResult(ended(clock), clock.reminderAfterDays, calendar).dueDate;
  return on ? new Date(romeDayStartMs(on)) : undefined;
}

export const isSuspended = (clock: Pick<CaseClock, 'suspensions'>): boolean =>
  clock.suspensions.some((s) => !s.to);

export function suspend(
  clock: CaseClock,
  reason: string,
  at: Date,
  maxSuspensions: number | undefined,
): Suspension[] {
  if (isSuspended(clock)) throw DomainError.conflict('La pratica è già sospesa');
  if (maxSuspensions !== undefined && clock.suspensions.length >= maxSuspensions)
    throw DomainError.conflict(`Per questa pratica sono ammesse al massimo ${maxSuspensions} sospensioni`);
  if (!reason.trim()) throw DomainError.invalid('input.reason', 'indicare il motivo della sospensione');
  return [...clock.suspensions, { reason: reason.trim(), from: at }];
}

export function resume(
  clock: CaseClock,
  at: Date,
  calendar: LegalCalendar = caseCalendar(),
): { suspensions: Suspension[]; dueAt: Date; suspendedDays: number } {
  const open = clock.suspensions.findIndex((s) => !s.to);
  if (open < 0) throw DomainError.conflict('La pratica non è sospesa');
  const from = clock.suspensions[open].from;
  const suspensions = clock.suspensions.map((s, i) => (i === open ? { ...s, to: at < from ? from : at } : s));
  const next = { ...clock, suspensions };
  return { suspensions, dueAt: computeDueAt(next, calendar), suspendedDays: suspendedDays(next, calendar) };
}

/** Closed within the term: the closing is not later than the due date net of suspensions. */
export function withinTerm(dueAt: Date, closedAt: Date): boolean {
  return closedAt.getTime() <= dueAt.getTime();
}

export const CASE_OUTCOMES: readonly CaseOutcome[] = [
  'accepted',
  'partly_accepted',
  'rejected',
  'forwarded',
  'withdrawn',
  'answered',
];

/** A closing needs an outcome; `forwarded` (not our competence) needs the receiving body. */
export function checkOutcome(outcome: CaseOutcome, forwardedTo?: string): void {
  if (outcome === 'forwarded' && !forwardedTo?.trim())
    throw DomainError.invalid('input.forwardedTo', 'indicare l’ente a cui la pratica è trasmessa');
}

// ------------------------------------------------------------------ time-driven events

export interface TimerState {
  status: CaseStatus;
  dueAt: Date;
  reminderAt?: Date;
  suspensions: readonly Suspension[];
  reminderFiredFor?: Date;
  dueFiredFor?: Date;
}

export type TimerKind = 'reminder' | 'due';

const same = (a?: Date, b?: Date) => !!a && !!b && a.getTime() === b.getTime();

/** The time-driven events still to fire, each with the instant it is for (a claim key part). */
export function pendingTimers(c: TimerState): { kind: TimerKind; at: Date }[] {
  if (c.status === 'closed' || c.status === 'merged' || isSuspended(c)) return [];
  const out: { kind: TimerKind; at: Date }[] = [];
  if (c.reminderAt && c.reminderAt < c.dueAt && !same(c.reminderFiredFor, c.reminderAt))
    out.push({ kind: 'reminder', at: c.reminderAt });
  if (!same(c.dueFiredFor, c.dueAt)) out.push({ kind: 'due', at: c.dueAt });
  return out;
}

/** When the scheduler should look at the case next (undefined: nothing pending). */
export function nextTimerAt(c: TimerState): Date | undefined {
  const times = pendingTimers(c).map((t) => t.at.getTime());
  return times.length ? new Date(Math.min(...times)) : undefined;
}

/** The claim that makes a time-driven event fire once across instances: unique per case, kind and instant. */
export const timerClaimId = (caseId: string, kind: TimerKind, at: Date) =>
  `${caseId}:${kind}:${at.toISOString()}`;
