/**
 * The rules of a case (pratica / segnalazione / reclamo): phases and their transitions, the due-date
 * policy, suspensions and their effect on the due date. Pure functions: no Nest, no database.
 */
import type { CaseOutcome, ContactCategory, ContactType } from '@urp/contracts';
import { addDays, calendarDaysBetween } from '../shared/rome-time';

/** Fixed phases (the law and the peers' users want fixed legal phases); each administration renames the labels. */
export const CASE_STATUSES = [
  'received',
  'triaged',
  'assigned',
  'in_progress',
  'waiting_citizen',
  'waiting_referent',
  'answered',
  'closed',
  'reopened',
  'merged',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Default Italian labels; `setPhaseLabel` overrides them per administration. */
export const DEFAULT_PHASE_LABELS: Record<CaseStatus, string> = {
  received: 'Ricevuta',
  triaged: 'Classificata',
  assigned: 'Assegnata',
  in_progress: 'In lavorazione',
  waiting_citizen: 'In attesa del cittadino',
  waiting_referent: 'In attesa del referente',
  answered: 'Risposta inviata',
  closed: 'Chiusa',
  reopened: 'Riaperta',
  merged: 'Unita a un’altra pratica',
};

const OPEN_WORK: CaseStatus[] = ['triaged', 'assigned', 'in_progress', 'waiting_citizen', 'waiting_referent'];

/** The transition table: from each phase, the phases a case may move to. */
export const TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  received: [...OPEN_WORK, 'answered', 'closed', 'merged'],
  triaged: ['assigned', 'in_progress', 'waiting_citizen', 'waiting_referent', 'answered', 'closed', 'merged'],
  assigned: [
    'assigned',
    'triaged',
    'in_progress',
    'waiting_citizen',
    'waiting_referent',
    'answered',
    'closed',
    'merged',
  ],
  in_progress: ['assigned', 'waiting_citizen', 'waiting_referent', 'answered', 'closed', 'merged'],
  waiting_citizen: ['in_progress', 'assigned', 'answered', 'closed', 'merged'],
  waiting_referent: ['in_progress', 'assigned', 'waiting_citizen', 'answered', 'closed', 'merged'],
  answered: ['in_progress', 'waiting_citizen', 'answered', 'closed'],
  closed: ['reopened'],
  reopened: [...OPEN_WORK, 'answered', 'closed', 'merged'],
  merged: [],
};

export const OPEN_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter(
  (s) => s !== 'closed' && s !== 'merged',
);

/** Phase changes the citizen is told about (domain: "notify the citizen on every status change she should know about"). */
export const CITIZEN_RELEVANT: readonly CaseStatus[] = [
  'received',
  'assigned',
  'waiting_citizen',
  'answered',
  'closed',
  'reopened',
  'merged',
];

export class CaseRuleViolation extends Error {
  override readonly name = 'CaseRuleViolation';
}

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: CaseStatus, to: CaseStatus): void {
  if (!canTransition(from, to)) throw new CaseRuleViolation(`a case cannot move from ${from} to ${to}`);
}

// ------------------------------------------------------------------ due-date policy

/** One rule of the policy: the most specific matching rule wins (type + category level1 > type > default). */
export interface DuePolicyRule {
  contactType?: ContactType;
  categoryLevel1?: string;
  /** Calendar days from the opening to the due date (net of suspensions). */
  days: number;
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
}

export interface CaseClock {
  openedAt: Date;
  termDays: number;
  reminderAfterDays?: number;
  maxSuspensionDays?: number;
  suspensions: readonly Suspension[];
}

/** Days one suspension stops the clock: calendar days (Rome) from its start to its end, capped by the policy. */
export function suspensionDays(s: Suspension, maxDays: number | undefined, now: Date): number {
  const days = Math.max(0, calendarDaysBetween(s.from, s.to ?? now));
  return maxDays === undefined ? days : Math.min(days, maxDays);
}

/** Total days the clock was stopped by ended suspensions (an open one counts when it ends). */
export function suspendedDays(clock: CaseClock): number {
  return clock.suspensions
    .filter((s) => s.to)
    .reduce((sum, s) => sum + suspensionDays(s, clock.maxSuspensionDays, s.to!), 0);
}

/** The due date recomputed from the history: opening + term + every ended suspension. */
export function computeDueAt(clock: CaseClock): Date {
  return addDays(clock.openedAt, clock.termDays + suspendedDays(clock));
}

export function computeReminderAt(clock: CaseClock): Date | undefined {
  if (clock.reminderAfterDays === undefined) return undefined;
  return addDays(clock.openedAt, clock.reminderAfterDays + suspendedDays(clock));
}

export const isSuspended = (clock: Pick<CaseClock, 'suspensions'>): boolean =>
  clock.suspensions.some((s) => !s.to);

export function suspend(
  clock: CaseClock,
  reason: string,
  at: Date,
  maxSuspensions: number | undefined,
): Suspension[] {
  if (isSuspended(clock)) throw new CaseRuleViolation('the case is already suspended');
  if (maxSuspensions !== undefined && clock.suspensions.length >= maxSuspensions)
    throw new CaseRuleViolation(`at most ${maxSuspensions} suspension(s) allowed for this case`);
  if (!reason.trim()) throw new CaseRuleViolation('a suspension needs a reason');
  return [...clock.suspensions, { reason: reason.trim(), from: at }];
}

export function resume(
  clock: CaseClock,
  at: Date,
): { suspensions: Suspension[]; dueAt: Date; suspendedDays: number } {
  const open = clock.suspensions.findIndex((s) => !s.to);
  if (open < 0) throw new CaseRuleViolation('the case is not suspended');
  const from = clock.suspensions[open].from;
  const suspensions = clock.suspensions.map((s, i) => (i === open ? { ...s, to: at < from ? from : at } : s));
  const next = { ...clock, suspensions };
  return { suspensions, dueAt: computeDueAt(next), suspendedDays: suspendedDays(next) };
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
    throw new CaseRuleViolation('a forwarded case needs the receiving body (forwardedTo)');
}

/** Mentions of referents in an internal note: `@ref_id` tokens. */
export function parseMentions(text: string): string[] {
  return [...new Set([...text.matchAll(/(?:^|\s)@([A-Za-z0-9_.-]{2,64})/g)].map((m) => m[1]))];
}

/** Case ids derive from the contact they were born from: the case lives in its contact's document. */
export const caseIdOf = (contactId: string) => `case_${contactId}`;
export const contactIdOfCase = (caseId: string) => (caseId.startsWith('case_') ? caseId.slice(5) : undefined);

// ------------------------------------------------------------------ time-driven events

export interface TimerState {
  status: CaseStatus;
  dueAt: Date;
  reminderAt?: Date;
  suspensions: readonly Suspension[];
  reminderFiredFor?: Date;
  dueFiredFor?: Date;
}

const same = (a?: Date, b?: Date) => !!a && !!b && a.getTime() === b.getTime();

/** The time-driven events still to fire, each with the instant it is for (a claim key part). */
export function pendingTimers(c: TimerState): { kind: 'reminder' | 'due'; at: Date }[] {
  if (c.status === 'closed' || c.status === 'merged' || isSuspended(c)) return [];
  const out: { kind: 'reminder' | 'due'; at: Date }[] = [];
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
export const timerClaimId = (caseId: string, kind: 'reminder' | 'due', at: Date) =>
  `${caseId}:${kind}:${at.toISOString()}`;
