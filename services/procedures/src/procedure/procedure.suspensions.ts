import { DomainError } from '@urp/kernel';
import {
  computeDueDate,
  observationsDueOn,
  ruleOf,
  SUSPENSION_RULES,
  suspensionProblems,
  type CivilDate,
  type SuspensionRule,
} from '@urp/legal-clock';
import { actDay, clockInput, currentClockInput, refreshClock, rulesOf } from './procedure.clock';
import * as events from './procedure.events';
import {
  DOCUMENT_REQUEST,
  withDocumentRequestNotice,
  withRejectionNotice,
  withResumptionNotice,
} from './procedure.notices';
import {
  ensureOpen,
  instantOf,
  isAccess,
  noted,
  withTimeline,
  type Change,
  type ClockContext,
  type Procedure,
  type StoredSuspension,
} from './procedure.state';

/**
 * Suspensions of the term, pure: documents requested (art. 2 c.7 L. 241/1990, once, ≤ 30 days), third parties'
 * objection (D.Lgs 33/2013 art. 5 c.5, access requests, ≤ 10 days), local kinds, and the rejection notice
 * (art. 10-bis: until observations or 10 days). A suspension is never edited: it gets an end, and the deadline
 * is recomputed from all of them.
 */

/** The legal clock names its fields `start`/`kind`/`end`: a refusal names the client's input path. */
const refuseProblems = (problems: { field: string; message: string }[], path: (f: string) => string) =>
  DomainError.invalidFields(Object.fromEntries(problems.map((x) => [path(x.field), x.message])));

export interface SuspendCommand {
  id: string;
  kind: string;
  reason: string;
  start?: CivilDate;
  /**
   * The rule of an administration-defined kind, from its catalogue (the use case refuses a kind that is
   * neither the law's nor defined); absent for the law's kinds.
   */
  rule?: SuspensionRule;
}

export function suspend(p: Procedure, s: SuspendCommand, by: string, ctx: ClockContext): Change {
  ensureOpen(p);
  if (p.phase === 'substitute')
    throw DomainError.invalid(
      'input.kind',
      'il termine del titolare del potere sostitutivo si sospende solo con il preavviso di rigetto (art. 10-bis)',
    );
  if (s.kind === 'rejection_notice')
    throw DomainError.invalid('input.kind', 'si invia invece un preavviso di rigetto (art. 10-bis)');
  if (s.kind === 'third_party_objection' && !isAccess(p))
    throw DomainError.invalid(
      'input.kind',
      'i controinteressati si notificano nelle richieste di accesso (D.Lgs 33/2013 art. 5 c.5; DPR 184/2006 art. 3)',
    );
  if (!s.reason.trim()) throw DomainError.invalid('input.reason', 'il motivo è obbligatorio');
  const start = actDay('input.start', s.start, p, ctx);
  // the request issues its notice now, and the applicant's 30 days run from it: a past start would shorten them.
  // Only an administrator records a request already sent (the history of an import, the demo's seed: README)
  if (s.kind === DOCUMENT_REQUEST && start < ctx.today && !ctx.actor.roles.includes('admin'))
    throw DomainError.invalid(
      'input.start',
      'la richiesta di integrazione sospende il termine dal giorno in cui è inviata all’istante: indicare la data di oggi',
    );
  const local = SUSPENSION_RULES[s.kind] ? undefined : s.rule;
  if (!SUSPENSION_RULES[s.kind] && !local)
    throw DomainError.invalid('input.kind', `tipo di sospensione sconosciuto: ${s.kind}`);
  const input = clockInput(p);
  const problems = suspensionProblems(
    { ...input, rules: { ...input.rules, ...(local ? { [s.kind]: local } : {}) } },
    { id: s.id, kind: s.kind, start },
    ctx.calendar,
  );
  if (problems.length) throw refuseProblems(problems, (f) => `input.${f}`);
  const stored = {
    id: s.id,
    kind: s.kind,
    reason: s.reason.trim(),
    start,
    ...(local ? { rule: local } : {}),
  };
  // a request for documents is the applicant's to answer: they receive it (what is missing, the suspension)
  return withDocumentRequestNotice(addSuspension(p, stored, by, ctx, 'suspended'), stored, ctx);
}

function addSuspension(
  p: Procedure,
  s: StoredSuspension,
  by: string,
  ctx: ClockContext,
  type: string,
): Change {
  const before = refreshClock(p, ctx);
  let next = refreshClock({ ...before, suspensions: [...before.suspensions, s] }, ctx);
  const label = ruleOf(s.kind, rulesOf({ suspensions: [s] }))?.label ?? s.kind;
  next = withTimeline(next, before, {
    at: instantOf(s.start, ctx),
    type,
    summary: `Termine sospeso: ${label} (${s.reason})`,
    by,
  });
  return { state: next, events: [events.suspended(ctx, next, s, label)] };
}

export function resume(
  p: Procedure,
  suspensionId: string,
  on: CivilDate | undefined,
  by: string,
  ctx: ClockContext,
): Change {
  ensureOpen(p);
  const s = p.suspensions.find((x) => x.id === suspensionId);
  if (!s) throw DomainError.invalid('suspensionId', `nessuna sospensione ${suspensionId}`);
  if (s.end) throw DomainError.invalid('suspensionId', `la sospensione è terminata il ${s.end}`);
  if (s.kind === 'rejection_notice')
    throw DomainError.invalid('suspensionId', 'si registrano invece le osservazioni (art. 10-bis)');
  const end = actDay('on', on, p, ctx);
  if (end < s.start) throw DomainError.invalid('on', 'precede l’inizio della sospensione');
  const change = endSuspension(p, s, end, by, ctx, 'resumed', 'Termine ripreso');
  const ended = change.state.suspensions.find((x) => x.id === s.id);
  // after a request for documents the applicant is told the term runs again, and until when
  return withResumptionNotice(
    change,
    s,
    { end: ended?.end ?? end, byLaw: false, addedDays: daysAdded(change.state, s.id, ctx) },
    ctx,
  );
}

/** The days a suspension added to the term, as the legal clock counts them. */
export function daysAdded(p: Procedure, suspensionId: string, ctx: ClockContext): number {
  return (
    computeDueDate(currentClockInput(p, ctx.today), ctx.calendar).suspensions.find(
      (x) => x.id === suspensionId,
    )?.addedDays ?? 0
  );
}

function endSuspension(
  p: Procedure,
  s: { id: string },
  end: CivilDate,
  by: string,
  ctx: ClockContext,
  type: string,
  summary: string,
): Change {
  const before = refreshClock(p, ctx);
  let next = refreshClock(
    { ...before, suspensions: before.suspensions.map((x) => (x.id === s.id ? { ...x, end } : x)) },
    ctx,
  );
  const still = next.suspensions.find((x) => !x.end && x.id !== s.id);
  if (!next.dueDate && !next.latestDueDate && !next.nominalDueDate && still)
    // no deadline to announce while another suspension without a legal maximum runs (found by the property
    // test: this used to fail with an internal error)
    throw DomainError.conflict(
      `Resta aperta la sospensione ${still.id} (${still.kind}), senza durata massima: va ripresa prima`,
    );
  const effect = computeDueDate(currentClockInput(next, ctx.today), ctx.calendar).suspensions.find(
    (x) => x.id === s.id,
  );
  // the day the term runs again: the act's day, or ten days after the observations (art. 10-bis), or the
  // legal end when the act came late
  const restart = effect?.end ?? end;
  const from = restart === end ? '' : `, riprende a decorrere dal ${restart}`;
  next = withTimeline(next, before, {
    at: instantOf(end, ctx),
    type,
    summary: `${summary} (${effect?.addedDays ?? 0} giorni di sospensione${from})`,
    by,
  });
  return { state: next, events: [events.resumed(ctx, next, s.id, restart, effect?.addedDays)] };
}

/** Preavviso di rigetto (art. 10-bis): the applicant has 10 days for observations; the term is suspended. */
export function sendRejectionNotice(
  p: Procedure,
  reasons: string,
  suspensionId: string,
  on: CivilDate | undefined,
  by: string,
  ctx: ClockContext,
): Change {
  ensureOpen(p);
  // the substitute official concludes the procedure in the office's place (art. 2 c.9-ter), so before a rejection
  // they give the notice too (art. 10-bis binds "il responsabile del procedimento o l'autorità competente"; a type
  // that requires it could not be rejected at all otherwise), and it suspends their term as it would the office's
  if (p.initiative !== 'party')
    throw DomainError.invalid(
      'id',
      'il preavviso di rigetto riguarda i procedimenti a istanza di parte (art. 10-bis)',
    );
  const rn = p.rejectionNotice;
  if (rn && !rn.observationsOn && observationsLastDay(rn, ctx.calendar) >= ctx.today)
    throw DomainError.invalid(
      'id',
      `il preavviso di rigetto del ${rn.sentOn} attende ancora le osservazioni`,
    );
  if (reasons.trim().length < 10)
    throw DomainError.invalid(
      'reasons',
      'indicare i motivi che ostano all’accoglimento (almeno 10 caratteri)',
    );
  const start = actDay('on', on, p, ctx);
  if (p.phase === 'substitute' && p.substitute && start < p.substitute.engagedOn)
    throw DomainError.invalid(
      'on',
      `precede l’intervento del titolare del potere sostitutivo (${itDay(p.substitute.engagedOn)})`,
    );
  const problems = suspensionProblems(
    currentClockInput(p),
    { id: suspensionId, kind: 'rejection_notice', start },
    ctx.calendar,
  );
  if (problems.length) throw refuseProblems(problems, (f) => (f === 'start' ? 'on' : f));
  // an earlier notice is kept with the observations received on it: the decision must answer them too (art. 10-bis)
  const earlier = rn ? { earlierRejectionNotices: [...(p.earlierRejectionNotices ?? []), rn] } : {};
  const change = addSuspension(
    { ...p, ...earlier, rejectionNotice: { sentOn: start, reasons: reasons.trim(), suspensionId } },
    { id: suspensionId, kind: 'rejection_notice', reason: 'preavviso di rigetto', start },
    by,
    ctx,
    'rejection_notice',
  );
  return withRejectionNotice(
    {
      state: change.state,
      events: [events.rejectionNoticeSent(ctx, p, start, suspensionId), ...change.events],
    },
    { suspensionId, sentOn: start, reasons },
    ctx,
  );
}

const itDay = (d: CivilDate) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

/** The longest observations' text recorded (a long letter fits; the attached documents stay attachments). */
export const OBSERVATIONS_MAX = 20_000;

export function receiveObservations(
  p: Procedure,
  on: CivilDate | undefined,
  by: string,
  ctx: ClockContext,
  text?: string,
): Change {
  ensureOpen(p);
  const rn = p.rejectionNotice;
  if (!rn || rn.observationsOn)
    throw DomainError.invalid('id', 'nessun preavviso di rigetto attende osservazioni');
  const day = actDay('on', on, p, ctx);
  if (day < rn.sentOn) throw DomainError.invalid('on', 'precede l’invio del preavviso di rigetto');
  const observations = text?.trim();
  if (text !== undefined && !observations)
    throw DomainError.invalid('text', 'riportare il contenuto delle osservazioni, o ometterlo');
  if (observations && observations.length > OBSERVATIONS_MAX)
    throw DomainError.invalid(
      'text',
      `al massimo ${OBSERVATIONS_MAX} caratteri: allegare il resto come documento`,
    );
  // the content stays on the procedure (personal data): the event and the timeline say only that they came
  const withObservations = { ...rn, observationsOn: day, ...(observations ? { observations } : {}) };
  const notice = p.suspensions.find((x) => x.id === rn.suspensionId);
  if (notice?.end !== undefined) {
    // the legal clock already ended the notice (no observations within 10 days): the observations are
    // recorded, and the decision must answer them (art. 10-bis), but they neither re-date the notice nor
    // restart the term a second time
    const recorded = { ...p, rejectionNotice: withObservations };
    const next = noted(recorded, {
      at: instantOf(day, ctx),
      type: 'observations',
      summary: `Osservazioni ricevute dopo la scadenza dei 10 giorni (il termine era già ripreso il ${notice.end})`,
      by,
    });
    return { state: next, events: [events.observationsReceived(ctx, p, day, rn.suspensionId)] };
  }
  const change = endSuspension(
    { ...p, rejectionNotice: withObservations },
    { id: rn.suspensionId },
    day,
    by,
    ctx,
    'observations',
    'Osservazioni ricevute',
  );
  return {
    state: change.state,
    events: [events.observationsReceived(ctx, p, day, rn.suspensionId), ...change.events],
  };
}

/**
 * The last day for observations on a rejection notice: the tenth day from the applicant's receipt of it (art. 10-bis
 * "entro il termine di dieci giorni dal ricevimento della comunicazione"), moved off holidays; until the receipt is
 * known, from the day it was sent (the earliest it can be).
 */
export function observationsLastDay(
  rn: NonNullable<Procedure['rejectionNotice']>,
  calendar: ClockContext['calendar'],
): CivilDate {
  return observationsDueOn(rn.receivedOn ?? rn.sentOn, calendar);
}

/**
 * The applicant received the rejection notice on `day` (the PEC delivery receipt campaigns reports): the 10 days for
 * observations run from then, so the notice's legal end moves with them (`partyReceivedOn`), the term staying
 * suspended from the sending. Once only, and only while the notice waits for observations; null when nothing changes.
 */
export function rejectionNoticeReceived(p: Procedure, day: CivilDate, ctx: ClockContext): Change | null {
  const rn = p.rejectionNotice;
  if (!rn || rn.receivedOn || rn.observationsOn || p.status === 'decided') return null;
  const notice = p.suspensions.find((x) => x.id === rn.suspensionId);
  if (!notice || notice.end !== undefined) return null;
  const on = day < rn.sentOn ? rn.sentOn : day;
  const before = refreshClock(p, ctx);
  const next = refreshClock(
    {
      ...before,
      rejectionNotice: { ...rn, receivedOn: on },
      suspensions: before.suspensions.map((x) => (x.id === notice.id ? { ...x, partyReceivedOn: on } : x)),
    },
    ctx,
  );
  const last = observationsDueOn(on, ctx.calendar);
  const it = (d: CivilDate) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
  return {
    state: withTimeline(next, before, {
      at: instantOf(on, ctx),
      type: 'rejection_notice_received',
      summary: `Preavviso di rigetto ricevuto dal richiedente il ${it(on)}: i 10 giorni per le osservazioni decorrono da tale data, fino al ${it(last)} (art. 10-bis L. 241/1990)`,
      by: 'campaigns',
    }),
    events: [],
  };
}
