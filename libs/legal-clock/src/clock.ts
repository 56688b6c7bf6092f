import type { LegalCalendar } from './calendar';
import { fromDayNumber, toDayNumber, type CivilDate } from './civil-date';

/**
 * The legal clock of an administrative procedure (L. 241/1990, D.Lgs 33/2013), in civil days.
 *
 * Counting rule (art. 2 c.6 L. 241/1990: the term runs "dal ricevimento della domanda"; art. 2963 c.c. and
 * art. 155 c.p.c.: "dies a quo non computatur"): the day of receipt is NOT counted; the term of N days
 * ends at the end of day receipt + N. If that day is a Sunday or public holiday (or a Saturday where so
 * configured) the deadline moves to the first following working day (art. 2963 c.4 c.c., art. 155 c.4
 * c.p.c.). Holidays inside the term count as ordinary days (art. 155 c.3 c.p.c.): only the last day moves.
 *
 * Suspensions: the term stops running on the day the suspending act is sent (that day is still counted,
 * as the day an act is done) and runs again from the day after it ends. So a suspension from S to E adds
 * E − S days to the term: received on R with N days, suspended S..E, due on R + N + (E − S). Overlapping
 * suspensions count their common days once (the term cannot be "more stopped"). A suspension that starts
 * after the (already moved) deadline cannot revive an expired term and is ignored. A suspension that starts
 * on the grace days between the nominal last day and the working day it moved to leaves zero days to run:
 * the new deadline is its end day. The due date is always recomputed from the whole history.
 */

/** The suspension kinds the law names, with their limits. Others are defined by the administration. */
export interface SuspensionRule {
  /** The suspension ends by law at most this many days after it started. */
  maxDays?: number;
  /** May happen only once per procedure. */
  onceOnly?: boolean;
  /**
   * The term runs again this many days after the act that ends the suspension rather than the day after it
   * (art. 10-bis L. 241/1990: "dieci giorni dopo la presentazione delle osservazioni"). Such a suspension waits
   * for the act through the whole of its last day, so it ends by law only the day after `maxDays`.
   */
  resumesAfterDays?: number;
  /**
   * `maxDays` is a term given to a party for its act (observations, an objection): like any term in days it
   * ends on a working day (art. 2963 c.4 c.c.), so the act on the next working day is still on time.
   */
  partyTerm?: boolean;
  label: string;
  legalBasis: string;
}

export const SUSPENSION_RULES: Record<string, SuspensionRule> = {
  document_request: {
    maxDays: 30,
    onceOnly: true,
    label: 'Richiesta di integrazione documentale',
    legalBasis: 'L. 241/1990 art. 2 c.7 (una sola volta, per non più di 30 giorni)',
  },
  rejection_notice: {
    maxDays: 10,
    resumesAfterDays: 10,
    partyTerm: true,
    label: 'Preavviso di rigetto',
    legalBasis:
      'L. 241/1990 art. 10-bis, come modificato dal DL 76/2020 (L. 120/2020): il termine ricomincia a decorrere dieci giorni dopo le osservazioni o, senza osservazioni, alla scadenza dei 10 giorni',
  },
  third_party_objection: {
    maxDays: 10,
    partyTerm: true,
    label: 'Comunicazione ai controinteressati',
    legalBasis:
      'D.Lgs 33/2013 art. 5 c.5 (sospeso fino all’opposizione, entro 10 giorni); DPR 184/2006 art. 3',
  },
};

export interface Suspension {
  id: string;
  kind: string;
  /** The day the suspending act was sent. */
  start: CivilDate;
  /**
   * The day of the act that ended it (documents or observations received, the administration resumed); open
   * if absent. For a kind with `resumesAfterDays` the term runs again that many days after this day.
   */
  end?: CivilDate;
  /** `end` was recorded by the clock at the legal maximum (no act came): it is the effective end as it is. */
  endedByLaw?: boolean;
  /**
   * The day the party's term (`maxDays`) runs from, when not the day of the suspending act: art. 10-bis gives the
   * applicant ten days "dal ricevimento della comunicazione", so a rejection notice's maximum counts from its
   * receipt (the PEC delivery receipt, the handover at the desk) while the term is suspended from its sending.
   */
  partyReceivedOn?: CivilDate;
}

export interface ClockInput {
  /** Day of receipt of the request (or of the start, for procedures started by the office). */
  receivedOn: CivilDate;
  termDays: number;
  /**
   * The term is in working days ("giorni lavorativi", where a Carta dei servizi or a regulation says so): only
   * the calendar's working days are counted (Sundays, holidays, the patron saint and — when so configured —
   * Saturdays are skipped). Default: calendar days (art. 2963 c.c.).
   */
  workingDays?: boolean;
  suspensions?: readonly Suspension[];
  /** "Today": open suspensions that passed their legal maximum have ended by law on that day. */
  asOf?: CivilDate;
  /** Limits of administration-defined suspension kinds. */
  rules?: Record<string, SuspensionRule>;
}

export interface SuspensionEffect {
  id: string;
  kind: string;
  start: CivilDate;
  /** The effective end (capped at the legal maximum); undefined while open. */
  end?: CivilDate;
  /** Days added to the term by this suspension (overlaps counted once, on the earlier one). */
  addedDays: number;
  /** The suspension started after the term had expired: it has no effect. */
  ignored: boolean;
  /** Ended by law at its maximum duration rather than by an act. */
  endedByLaw: boolean;
}

export interface ClockResult {
  /** The deadline (moved to a working day), or null while a suspension is open. */
  dueDate: CivilDate | null;
  /** The last day of the term before moving it off a holiday. */
  nominalDueDate: CivilDate | null;
  /** Why the deadline moved (e.g. "domenica", "Natale"), if it did. */
  movedFrom?: CivilDate;
  suspendedDays: number;
  /** An open suspension, if any: the term does not run. */
  openSuspension?: SuspensionEffect;
  /** While suspended: the deadline if the open suspension lasts to its legal maximum (if it has one). */
  latestDueDate?: CivilDate;
  suspensions: SuspensionEffect[];
}

export class ClockError extends Error {
  override readonly name = 'ClockError';
}

export function ruleOf(kind: string, rules?: Record<string, SuspensionRule>): SuspensionRule | undefined {
  return rules?.[kind] ?? SUSPENSION_RULES[kind];
}

interface Interval {
  id: string;
  kind: string;
  start: CivilDate;
  s: number;
  /** The day its legal maximum counts from (`partyReceivedOn`, else `s`). */
  t: number;
  /** Effective end, or Infinity while open. */
  e: number;
  byLaw: boolean;
}

/** Validates a civil date and the shape of the input; throws ClockError with a clear message. */
function dayOf(date: CivilDate, what: string): number {
  try {
    return toDayNumber(date);
  } catch {
    throw new ClockError(`${what} is not a civil date (YYYY-MM-DD): ${date}`);
  }
}

/**
 * The effective end of a suspension as a day number (Infinity while open), and whether the law ended it.
 * - no act yet: open, until its legal maximum has passed on `asOf` (then it ended by law on the maximum day);
 *   a kind waiting for an act (10-bis) can still get it on the maximum day itself, so it ends by law the day after;
 * - an act within the maximum: the act's day, plus `resumesAfterDays` (10-bis: observations on D, the term runs
 *   again from D + 10, i.e. D + 10 is the day from which it is counted again, as receipt is for the term);
 * - an act after the maximum (late documents or observations): the law had already ended it at the maximum;
 * - an end recorded by the clock (`endedByLaw`): that day, at most the maximum.
 */
/** The day a suspension's legal maximum counts from: its `partyReceivedOn` (never before its start), else its start. */
function termStart(x: Pick<Suspension, 'partyReceivedOn'>, start: number): number {
  return x.partyReceivedOn === undefined
    ? start
    : Math.max(start, dayOf(x.partyReceivedOn, 'partyReceivedOn'));
}

/** The last day of a suspension's legal maximum (a party's term moves off holidays), Infinity without one. */
export function legalMaxDay(
  rule: SuspensionRule | undefined,
  start: number,
  calendar: LegalCalendar,
): number {
  if (rule?.maxDays === undefined) return Infinity;
  const last = start + rule.maxDays;
  return rule.partyTerm ? calendar.nextWorkingDayNumber(last) : last;
}

function effectiveEnd(
  calendar: LegalCalendar,
  x: Suspension,
  s: number,
  asOf: number,
  rules: Record<string, SuspensionRule> | undefined,
): { e: number; byLaw: boolean } {
  const rule = ruleOf(x.kind, rules);
  const cap = legalMaxDay(rule, termStart(x, s), calendar);
  const delay = rule?.resumesAfterDays ?? 0;
  if (x.end === undefined) {
    const passed = delay > 0 ? cap < asOf : cap <= asOf;
    return cap !== Infinity && passed ? { e: cap, byLaw: true } : { e: Infinity, byLaw: false };
  }
  const act = dayOf(x.end, `suspension ${x.id} end`);
  if (act < s) throw new ClockError(`suspension ${x.id} ends (${x.end}) before it starts (${x.start})`);
  if (x.endedByLaw) return { e: Math.min(act, cap), byLaw: true };
  if (act > cap) return { e: cap, byLaw: true };
  return { e: act + delay, byLaw: false };
}

/**
 * The first day on which an open suspension may have ended by law (the clock should look at it then), or
 * null when it has no legal maximum.
 */
export function endsByLawOn(
  x: Pick<Suspension, 'kind' | 'start' | 'partyReceivedOn'>,
  calendar: LegalCalendar,
  rules?: Record<string, SuspensionRule>,
): CivilDate | null {
  const rule = ruleOf(x.kind, rules);
  if (rule?.maxDays === undefined) return null;
  return fromDayNumber(
    legalMaxDay(rule, termStart(x, dayOf(x.start, 'start')), calendar) + (rule.resumesAfterDays ? 1 : 0),
  );
}

/**
 * The last day for observations after a rejection notice sent on `sentOn`: the tenth day, or the next working
 * day when that is closed (art. 10-bis L. 241/1990; art. 2963 c.4 c.c.).
 */
export function observationsDueOn(sentOn: CivilDate, calendar: LegalCalendar): CivilDate {
  return fromDayNumber(legalMaxDay(SUSPENSION_RULES.rejection_notice, dayOf(sentOn, 'sentOn'), calendar));
}

/** Computes the deadline from the procedure's history (receipt, term, suspensions). Pure and deterministic. */
export function computeDueDate(input: ClockInput, calendar: LegalCalendar): ClockResult {
  const { termDays } = input;
  if (!Number.isInteger(termDays) || termDays <= 0)
    throw new ClockError(`term must be a positive whole number of days: ${termDays}`);
  const received = dayOf(input.receivedOn, 'receivedOn');
  const asOf = input.asOf === undefined ? Infinity : dayOf(input.asOf, 'asOf');
  const intervals: Interval[] = (input.suspensions ?? []).map((x) => {
    const s = dayOf(x.start, `suspension ${x.id} start`);
    const { e, byLaw } = effectiveEnd(calendar, x, s, asOf, input.rules);
    return { id: x.id, kind: x.kind, start: x.start, s, t: termStart(x, s), e, byLaw };
  });
  intervals.sort((a, b) => a.s - b.s || a.e - b.e || (a.id < b.id ? -1 : 1));

  const wd = input.workingDays === true;
  /** The nominal last day after `rest` more days of term counted from the day after `day`. */
  const advance = (day: number, rest: number) => (wd ? calendar.addWorkingDaysNumber(day, rest) : day + rest);
  /** The days of term left after `day` when it would end on `end`. */
  const left = (day: number, end: number) => (wd ? calendar.workingDaysBetweenNumbers(day, end) : end - day);
  let nominal = advance(received, termDays);
  let coveredUntil = -Infinity;
  let open: SuspensionEffect | undefined;
  let latest: number | undefined;
  const effects: SuspensionEffect[] = [];
  for (const iv of intervals) {
    const effect: SuspensionEffect = {
      id: iv.id,
      kind: iv.kind,
      start: iv.start,
      end: iv.e !== Infinity ? fromDayNumber(iv.e) : undefined,
      addedDays: 0,
      ignored: false,
      endedByLaw: iv.byLaw,
    };
    effects.push(effect);
    if (iv.s < received) throw new ClockError(`suspension ${iv.id} starts before the request was received`);
    if (open) continue; // after an open suspension nothing is computable yet
    if (iv.e <= coveredUntil) continue; // inside an earlier suspension: already counted
    const expired = iv.s > coveredUntil && iv.s > calendar.nextWorkingDayNumber(nominal);
    if (expired) {
      effect.ignored = true;
      continue;
    }
    const from = iv.s > coveredUntil ? iv.s : coveredUntil;
    if (iv.e === Infinity) {
      open = effect;
      const rule = ruleOf(iv.kind, input.rules);
      if (rule?.maxDays !== undefined) {
        // the latest the term can run again: the act on the last allowed day (10-bis: observations on day 10)
        const cap = legalMaxDay(rule, iv.t, calendar) + (rule.resumesAfterDays ?? 0);
        latest = from > nominal ? cap : advance(cap, left(from, nominal));
      }
      continue;
    }
    const before = nominal;
    nominal = from > nominal ? iv.e : advance(iv.e, left(from, nominal));
    effect.addedDays = nominal - before;
    coveredUntil = iv.e;
  }
  const suspendedDays = effects.reduce((n, e) => n + e.addedDays, 0);
  if (open) {
    const suspended: ClockResult = {
      dueDate: null,
      nominalDueDate: null,
      suspendedDays,
      openSuspension: open,
      suspensions: effects,
    };
    if (latest !== undefined) suspended.latestDueDate = fromDayNumber(calendar.nextWorkingDayNumber(latest));
    return suspended;
  }
  const due = calendar.nextWorkingDayNumber(nominal);
  const result: ClockResult = {
    dueDate: fromDayNumber(due),
    nominalDueDate: fromDayNumber(nominal),
    suspendedDays,
    suspensions: effects,
  };
  if (due !== nominal) result.movedFrom = fromDayNumber(nominal);
  return result;
}

/** A deadline `days` after an event day, moved off holidays: the generic term (attestation, review, …). */
export function termFrom(startOn: CivilDate, days: number, calendar: LegalCalendar): CivilDate {
  return fromDayNumber(calendar.nextWorkingDayNumber(dayOf(startOn, 'start') + days));
}

/**
 * The substitute official's term (art. 2 c.9-ter L. 241/1990): half the original term, from the day the
 * substitute is engaged. An odd term gives a half day: the half-term elapses during day ⌈N/2⌉, and a term
 * ends with its last whole day (art. 2963 c.c.), so the substitute has ⌈N/2⌉ days.
 */
export function substituteTermDays(originalTermDays: number): number {
  return Math.ceil(originalTermDays / 2);
}

export function substituteDueDate(
  engagedOn: CivilDate,
  originalTermDays: number,
  calendar: LegalCalendar,
): CivilDate {
  return termFrom(engagedOn, substituteTermDays(originalTermDays), calendar);
}

/** Silent assent (art. 20 L. 241/1990) forms when the deadline has passed: on the day after it. */
export function silentAssentFormsOn(dueDate: CivilDate): CivilDate {
  return fromDayNumber(dayOf(dueDate, 'dueDate') + 1);
}

/** The attestation that silent assent formed is due within 10 days of the request (art. 20 c.2-bis). */
export const ATTESTATION_DAYS = 10;
export function attestationDueDate(requestedOn: CivilDate, calendar: LegalCalendar): CivilDate {
  return termFrom(requestedOn, ATTESTATION_DAYS, calendar);
}

/** Review (riesame) of an access decision: decided within 20 days (D.Lgs 33/2013 art. 5 c.7). */
export const REVIEW_DAYS = 20;

/**
 * FOIA accepted despite a third party's objection: the data go out no earlier than 15 days after the third
 * party was told of the acceptance (D.Lgs 33/2013 art. 5 c.6).
 */
export function releaseNotBefore(thirdPartyToldOn: CivilDate): CivilDate {
  return fromDayNumber(dayOf(thirdPartyToldOn, 'date') + 15);
}

/** The days on which warnings fire: `daysBefore` calendar days before the deadline (sorted, deduplicated). */
export function warningDates(
  dueDate: CivilDate,
  daysBefore: readonly number[],
): { daysBefore: number; on: CivilDate }[] {
  const due = dayOf(dueDate, 'dueDate');
  return [...new Set(daysBefore.filter((d) => Number.isInteger(d) && d > 0))]
    .sort((a, b) => b - a)
    .map((d) => ({ daysBefore: d, on: fromDayNumber(due - d) }));
}

/**
 * Problems with recording a new suspension (empty when it may be recorded): unknown kind, a second
 * document request (art. 2 c.7: once only), a start before receipt or after the term expired, an end
 * before the start.
 */
export function suspensionProblems(
  input: ClockInput,
  proposed: Suspension,
  calendar: LegalCalendar,
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  let start: number;
  try {
    start = toDayNumber(proposed.start);
  } catch {
    return [{ field: 'start', message: `non è una data (AAAA-MM-GG): ${proposed.start}` }];
  }
  const rule = ruleOf(proposed.kind, input.rules);
  if (!rule) problems.push({ field: 'kind', message: `tipo di sospensione sconosciuto: ${proposed.kind}` });
  const history = input.suspensions ?? [];
  if (rule?.onceOnly && history.some((s) => s.kind === proposed.kind)) {
    problems.push({
      field: 'kind',
      message: `${rule.label}: il termine si sospende per questo motivo una sola volta (${rule.legalBasis})`,
    });
  }
  if (start < toDayNumber(input.receivedOn)) {
    problems.push({ field: 'start', message: 'precede la ricezione dell’istanza' });
    return problems;
  }
  if (proposed.end !== undefined && toDayNumber(proposed.end) < start) {
    problems.push({ field: 'end', message: 'precede l’inizio della sospensione' });
  }
  const current = computeDueDate({ ...input, asOf: proposed.start }, calendar);
  if (current.dueDate !== null && start > toDayNumber(current.dueDate)) {
    problems.push({
      field: 'start',
      message: `il termine è scaduto il ${current.dueDate}: una sospensione non lo fa rivivere`,
    });
  }
  return problems;
}
