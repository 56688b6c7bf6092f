import type { ProcedureOutcome } from '@urp/contracts';
import { DomainError } from '@urp/kernel';
import { attestationDueDate, releaseNotBefore, type CivilDate } from '@urp/legal-clock';
import type { ProcedureType } from '../catalogue/procedure-type.rules';
import { itDate } from '../document/notice.document';
import { mayDate } from '../procedures.policy';
import { actDay, refreshClock } from './procedure.clock';
import * as events from './procedure.events';
import { withDecisionNotice, withStartNotice } from './procedure.notices';
import { observationsLastDay } from './procedure.suspensions';
import {
  ensureOpen,
  instantOf,
  noted,
  observedNoticesOf,
  OUTCOME_LABELS,
  romeDate,
  withTimeline,
  type Attachment,
  type Change,
  type ClockContext,
  type FormCheck,
  type Procedure,
  type ProcedureDecision,
  type ThirdParty,
} from './procedure.state';

/**
 * The decisions of a procedure, pure: submission and start, assignment, the final decision (art. 3 reasons,
 * art. 10-bis notice first), the attestation of silent assent (art. 20 c.2-bis) and the review of a civic
 * access decision (D.Lgs 33/2013 art. 5 c.7). Suspensions are in `procedure.suspensions.ts`, the time-driven
 * events in `procedure.time-events.ts`. Refusals name the client's input path (`input.outcome`, `on`, `id`).
 */

export interface SubmitFacts {
  id: string;
  publicToken: string;
  subject: string;
  protocolNumber: string;
  receivedAt: string;
  requesterId?: string;
  requesterIsStaff?: boolean;
  contactId?: string;
  channel?: string;
  responsibleId?: string;
  responsibleName?: string;
  thirdParties?: ThirdParty[];
  attachments?: Attachment[];
  formId?: string;
  formVersion?: number;
  formData?: Record<string, unknown>;
  formCheck: FormCheck;
  formErrors: Procedure['formErrors'];
  reviewOf?: string;
  by: string;
}

/**
 * A receipt date given by a person (the desk, a review request): today, or earlier only for an administrator
 * (`procedure.backdate`: a paper application registered later with its protocol date). A receipt dated weeks back
 * by an operator made the term lapse at once (a silent assent at the next tick). `ProcedureRequested` carries the
 * contact's own registration time (contacts refuses backdating it to all but admin), so it is not checked here.
 */
export function checkReceiptDay(field: string, receivedAt: string, ctx: ClockContext): void {
  const day = romeDate(receivedAt, field);
  if (!mayDate(ctx.actor, day, ctx.today))
    throw DomainError.invalid(
      field,
      'solo un amministratore può registrare un’istanza con una data di ricezione anteriore a oggi',
    );
}

export function submit(type: ProcedureType, f: SubmitFacts, ctx: ClockContext): Change {
  if (!type.active)
    throw DomainError.invalid('input.procedureTypeCode', `il tipo di procedimento ${type.code} non è attivo`);
  if (!f.subject.trim()) throw DomainError.invalid('input.subject', 'l’oggetto è obbligatorio');
  if (!/^\S{1,64}$/.test(f.protocolNumber))
    throw DomainError.invalid('input.protocolNumber', 'il numero di protocollo è obbligatorio');
  const receivedOn = romeDate(f.receivedAt);
  if (receivedOn > ctx.today)
    throw DomainError.invalid('input.receivedAt', 'un’istanza non può essere ricevuta nel futuro');
  const responsibleId = f.responsibleId ?? type.responsibleId;
  const base: Procedure = {
    id: f.id,
    revision: 0,
    publicToken: f.publicToken,
    typeId: type.id,
    typeCode: type.code,
    typeName: type.name,
    kind: type.kind,
    initiative: type.initiative,
    legalTermDays: type.legalTermDays,
    legalBasis: type.legalBasis,
    silenceRule: type.silenceRule,
    silentAssentExcluded: type.silentAssentExcluded,
    rejectionNoticeRequired: type.rejectionNoticeRequired,
    officeId: type.officeId,
    officeName: type.officeName,
    responsibleId,
    responsibleName: f.responsibleId ? f.responsibleName : (f.responsibleName ?? type.responsibleName),
    substituteId: type.substituteId,
    substituteName: type.substituteName,
    subject: f.subject.trim(),
    requesterId: f.requesterId,
    ...(f.requesterIsStaff ? { requesterIsStaff: true } : {}),
    contactId: f.contactId,
    channel: f.channel,
    protocolNumber: f.protocolNumber,
    receivedAt: new Date(f.receivedAt).toISOString(),
    receivedOn,
    thirdParties: f.thirdParties ?? [],
    attachments: f.attachments ?? [],
    formId: f.formId,
    formVersion: f.formVersion,
    formData: f.formData,
    formCheck: f.formCheck,
    formErrors: f.formErrors,
    status: responsibleId ? 'started' : 'submitted',
    phase: 'ordinary',
    suspensions: [],
    dueDate: null,
    nominalDueDate: null,
    suspendedDays: 0,
    reviewOf: f.reviewOf,
    fired: [],
    nextClockCheck: null,
    timeline: [],
    createdAt: ctx.now.toISOString(),
    updatedAt: ctx.now.toISOString(),
  };
  let p = refreshClock(base, ctx);
  p = {
    ...p,
    timeline: [
      {
        at: p.receivedAt,
        type: 'submitted',
        summary: `Istanza ricevuta, protocollo ${p.protocolNumber}; termine di ${p.legalTermDays} giorni (${p.legalBasis})`,
        by: f.by,
        dueDate: p.dueDate,
      },
    ],
  };
  if (!responsibleId) return { state: p, events: [events.submitted(ctx, p)] };
  p = noted(p, {
    at: ctx.now.toISOString(),
    type: 'started',
    summary: `Avvio del procedimento; responsabile ${p.responsibleName ?? responsibleId}`,
    by: f.by,
  });
  return withStartNotice(
    { state: p, events: [events.submitted(ctx, p), events.started(ctx, p, responsibleId)] },
    ctx,
  );
}

export function assign(
  p: Procedure,
  responsibleId: string,
  responsibleName: string | undefined,
  by: string,
  ctx: ClockContext,
): Change {
  ensureOpen(p);
  const before = refreshClock(p, ctx);
  const wasStarted = p.status !== 'submitted';
  let next = refreshClock(
    { ...before, responsibleId, responsibleName, status: wasStarted ? before.status : 'started' },
    ctx,
  );
  next = withTimeline(next, before, {
    at: ctx.now.toISOString(),
    type: wasStarted ? 'reassigned' : 'started',
    summary: `${wasStarted ? 'Nuovo responsabile' : 'Avvio del procedimento; responsabile'}: ${responsibleName ?? responsibleId}`,
    by,
  });
  if (wasStarted) return { state: next, events: [] };
  return withStartNotice({ state: next, events: [events.started(ctx, next, responsibleId)] }, ctx);
}

/** The outcomes a person decides; silent assent forms at the deadline by law. */
export const DECIDABLE: readonly ProcedureOutcome[] = [
  'accepted',
  'partly_accepted',
  'rejected',
  'deferred',
  'inadmissible',
];

export interface DecideCommand {
  outcome: ProcedureOutcome;
  reasons: string;
  on?: CivilDate;
  /** Why the observations on the rejection notice are not accepted (art. 10-bis), for a rejection after them. */
  observationsAnswer?: string;
}

export function decide(p: Procedure, d: DecideCommand, by: string, ctx: ClockContext): Change {
  ensureOpen(p);
  if (!DECIDABLE.includes(d.outcome))
    throw DomainError.invalid(
      'input.outcome',
      'il silenzio-assenso non si decide: si forma alla scadenza del termine (art. 20)',
    );
  if (d.reasons.trim().length < 10)
    throw DomainError.invalid(
      'input.reasons',
      'la motivazione è obbligatoria (art. 3 L. 241/1990), almeno 10 caratteri',
    );
  const day = actDay('input.on', d.on, p, ctx);
  const negative = d.outcome === 'rejected' || d.outcome === 'partly_accepted';
  if (negative && p.rejectionNoticeRequired) {
    const rn = p.rejectionNotice;
    if (!rn)
      throw DomainError.invalid(
        'input.outcome',
        'un rigetto richiede prima il preavviso di rigetto (art. 10-bis L. 241/1990)',
      );
    const lastDay = observationsLastDay(rn, ctx.calendar);
    if (!rn.observationsOn && lastDay >= day)
      throw DomainError.invalid(
        'input.outcome',
        `l’istante ha tempo fino al ${lastDay} per presentare osservazioni (art. 10-bis)`,
      );
  }
  // art. 10-bis: the final decision gives the reasons for not accepting the observations the applicant presented,
  // on any notice (a second notice does not make the observations on the first one go away)
  const answer = d.observationsAnswer?.trim();
  const observed = observedNoticesOf(p).map((n) => itDate(n.observationsOn));
  if (negative && observed.length && (answer ?? '').length < 10)
    throw DomainError.invalid(
      'input.observationsAnswer',
      `indicare perché le osservazioni presentate il ${observed.join(' e il ')} non sono accolte (art. 10-bis L. 241/1990), almeno 10 caratteri`,
    );
  const before = refreshClock(p, ctx);
  // a decision ends any open suspension on its day
  const closed = before.suspensions.map((s) => (s.end ? s : { ...s, end: day < s.start ? s.start : day }));
  const clock = refreshClock({ ...before, suspensions: closed }, ctx);
  const due = clock.phase === 'substitute' ? clock.substitute?.ordinaryDueDate : clock.dueDate;
  if (!due) throw new Error(`${p.id}: no deadline once its suspensions are closed`); // cannot happen: a bug
  const withinTerm = clock.phase === 'ordinary' && day <= due;
  const decision: ProcedureDecision = {
    outcome: d.outcome,
    reasons: d.reasons.trim(),
    decidedOn: day,
    decidedAt: instantOf(day, ctx),
    decidedBy: by,
    withinTerm,
    bySubstitute: clock.phase === 'substitute',
    ...(answer && observed.length ? { observationsAnswer: answer } : {}),
  };
  const thirdPartiesTold = clock.suspensions.some((s) => s.kind === 'third_party_objection');
  if (
    (d.outcome === 'accepted' || d.outcome === 'partly_accepted') &&
    thirdPartiesTold &&
    (clock.kind === 'generalised_civic_access' || clock.kind === 'simple_civic_access')
  ) {
    decision.releaseNotBefore = releaseNotBefore(day);
  }
  let next: Procedure = { ...clock, status: 'decided', decision, nextClockCheck: null };
  next = withTimeline(next, before, {
    at: decision.decidedAt,
    type: 'decided',
    summary: `Provvedimento: ${OUTCOME_LABELS[d.outcome]}${withinTerm ? '' : ' (oltre il termine)'}${
      decision.releaseNotBefore
        ? `; dati trasmessi non prima del ${decision.releaseNotBefore} (art. 5 c.6 D.Lgs 33/2013)`
        : ''
    }`,
    by,
  });
  return withDecisionNotice({ state: next, events: [events.decided(ctx, next, decision)] }, ctx);
}

/** Attestation that silent assent formed (art. 20 c.2-bis): requested by the applicant, due in 10 days. */
export function requestAttestation(p: Procedure, by: string, ctx: ClockContext): Change {
  if (p.decision?.outcome !== 'silent_assent')
    throw DomainError.invalid('id', 'su questo procedimento non si è formato il silenzio-assenso');
  if (p.attestation)
    throw DomainError.invalid('id', `l’attestazione è stata richiesta il ${p.attestation.requestedOn}`);
  const dueDate = attestationDueDate(ctx.today, ctx.calendar);
  const next = noted(
    { ...p, attestation: { requestedOn: ctx.today, dueDate } },
    {
      at: ctx.now.toISOString(),
      type: 'attestation_requested',
      summary: `Richiesta l'attestazione del silenzio-assenso, da rilasciare entro il ${dueDate}`,
      by,
    },
  );
  return { state: next, events: [] };
}

export function issueAttestation(p: Procedure, by: string, ctx: ClockContext): Change {
  const requested = p.attestation;
  if (!requested) throw DomainError.invalid('id', 'non è stata richiesta alcuna attestazione');
  if (requested.issuedOn)
    throw DomainError.invalid('id', `l’attestazione è stata rilasciata il ${requested.issuedOn}`);
  const next = noted(
    { ...p, attestation: { ...requested, issuedOn: ctx.today } },
    {
      at: ctx.now.toISOString(),
      type: 'attestation_issued',
      summary: 'Attestazione del silenzio-assenso rilasciata',
      by,
    },
  );
  return { state: next, events: [events.silentAssentAttested(ctx, next, requested)] };
}

/** Riesame (D.Lgs 33/2013 art. 5 c.7): after a total or partial refusal, or no answer in time. */
export function reviewAllowed(p: Procedure, ctx: ClockContext): string | null {
  if (p.kind !== 'simple_civic_access' && p.kind !== 'generalised_civic_access')
    return 'il riesame riguarda le richieste di accesso civico (D.Lgs 33/2013 art. 5 c.7)';
  if (p.reviewProcedureId) return `il riesame è già stato richiesto (${p.reviewProcedureId})`;
  const refused =
    p.decision && ['rejected', 'partly_accepted', 'deferred', 'inadmissible'].includes(p.decision.outcome);
  const silent = !p.decision && p.dueDate !== null && ctx.today > p.dueDate;
  return refused || silent
    ? null
    : 'il riesame segue un rigetto, un accoglimento parziale, un differimento o la mancata risposta nei termini';
}

/** Links the original access request to its review; a second link to the same review changes nothing. */
export function markReviewRequested(
  p: Procedure,
  reviewProcedureId: string,
  dueDate: CivilDate | null,
  by: string,
  ctx: ClockContext,
): Change {
  if (p.reviewProcedureId === reviewProcedureId) return { state: p, events: [] };
  const problem = reviewAllowed(p, ctx);
  if (problem) throw DomainError.invalid('id', problem);
  const next = noted(
    { ...p, reviewProcedureId },
    {
      at: ctx.now.toISOString(),
      type: 'review_requested',
      summary: `Richiesta di riesame (${reviewProcedureId})`,
      by,
    },
  );
  return { state: next, events: [events.reviewRequested(ctx, next, reviewProcedureId, dueDate)] };
}
