import {
  DeadlineApproachingV1,
  DeadlineMissedV1,
  ObservationsReceivedV1,
  ProcedureDecidedV1,
  ProcedureResumedV1,
  ProcedureStartedV1,
  ProcedureSubmittedV1,
  ProcedureSuspendedV1,
  RejectionNoticeSentV1,
  ReviewRequestedV1,
  SilentAssentAttestedV1,
  SilentAssentFormedV1,
  SubstituteEngagedV1,
  type EventDefinition,
  type ProcedureKind,
  type ProcedureOutcome,
} from '@urp/contracts';
import {
  addDays,
  attestationDueDate,
  computeDueDate,
  endOfRomeDay,
  isValidCivilDate,
  releaseNotBefore,
  romeCivilDate,
  startOfRomeDay,
  SUSPENSION_RULES,
  substituteDueDate,
  suspensionProblems,
  type CivilDate,
  type LegalCalendar,
} from '@urp/legal-clock';
import type { ProcedureType } from '../catalogue/procedure-type.rules';

/**
 * The administrative procedure (procedimento amministrativo), pure rules: state, legal clock, outcomes,
 * time-driven events. No Nest, no database: every function takes the procedure and returns the next one
 * with the events it causes. Law: L. 241/1990, D.Lgs 33/2013 art. 5, DPR 184/2006.
 */

export type ProcedureStatus = 'submitted' | 'started' | 'suspended' | 'decided';
export type ClockPhase = 'ordinary' | 'substitute';

export interface StoredSuspension {
  id: string;
  kind: string;
  reason: string;
  start: CivilDate;
  end?: CivilDate;
}

export interface TimelineEntry {
  at: string;
  type: string;
  summary: string;
  by?: string;
  dueDate?: CivilDate | null;
  previousDueDate?: CivilDate | null;
}

export interface ThirdParty {
  /** A pseudonymous reference (never a name in this service's events or exports). */
  ref: string;
  notifiedOn?: CivilDate;
  objectedOn?: CivilDate;
}

export interface Attachment {
  name: string;
  contentType?: string;
  size?: number;
  ref?: string;
}

export interface Decision {
  outcome: ProcedureOutcome;
  reasons: string;
  decidedOn: CivilDate;
  decidedAt: string;
  decidedBy: string;
  withinTerm: boolean;
  bySubstitute: boolean;
  /** FOIA accepted with third parties told: data go out no earlier than 15 days later (D.Lgs 33/2013 art. 5 c.6). */
  releaseNotBefore?: CivilDate;
}

export interface Procedure {
  id: string;
  /** Unguessable part of the public reference the requester gets (`<id>.<token>`). */
  publicToken: string;
  typeId: string;
  typeCode: string;
  typeName: string;
  kind: ProcedureKind;
  initiative: 'party' | 'office';
  legalTermDays: number;
  legalBasis: string;
  silenceRule: 'none' | 'silent_assent' | 'silent_refusal';
  silentAssentExcluded: boolean;
  rejectionNoticeRequired: boolean;
  officeId?: string;
  officeName?: string;
  responsibleId?: string;
  responsibleName?: string;
  substituteId?: string;
  substituteName?: string;
  subject: string;
  requesterId?: string;
  contactId?: string;
  channel?: string;
  protocolNumber: string;
  receivedAt: string;
  receivedOn: CivilDate;
  thirdParties: ThirdParty[];
  attachments: Attachment[];
  formId?: string;
  formVersion?: number;
  formData?: Record<string, unknown>;
  formCheck: 'none' | 'valid' | 'invalid' | 'unknown_form';
  formErrors: { field: string; message: string }[];
  status: ProcedureStatus;
  phase: ClockPhase;
  suspensions: StoredSuspension[];
  rejectionNotice?: { sentOn: CivilDate; reasons: string; observationsOn?: CivilDate; suspensionId: string };
  substitute?: { engagedOn: CivilDate; dueDate: CivilDate; substituteId: string; ordinaryDueDate: CivilDate };
  /** The current deadline (null while a suspension is open). Cached; always recomputed from the history. */
  dueDate: CivilDate | null;
  nominalDueDate: CivilDate | null;
  latestDueDate?: CivilDate;
  suspendedDays: number;
  silentRefusalOn?: CivilDate;
  decision?: Decision;
  attestation?: { requestedOn: CivilDate; dueDate: CivilDate; issuedOn?: CivilDate };
  reviewOf?: string;
  reviewProcedureId?: string;
  /** Time-driven events already applied (claim ids): each fires once. */
  fired: string[];
  /** The first day on which a time-driven event could fire (what the scheduler looks at). */
  nextClockCheck: CivilDate | null;
  timeline: TimelineEntry[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface ClockContext {
  calendar: LegalCalendar;
  now: Date;
  /** The Italian civil date of `now`. */
  today: CivilDate;
  warningDays: number[];
}

export type EventSpec = [EventDefinition, Record<string, unknown>];
export interface Change {
  procedure: Procedure;
  events: EventSpec[];
}

/** A rule of the law or of the procedure refuses the command: field → message, nothing changes. */
export class RuleViolation extends Error {
  override readonly name = 'RuleViolation';
  constructor(readonly fields: Record<string, string>) {
    super(
      Object.entries(fields)
        .map(([f, m]) => `${f}: ${m}`)
        .join('; '),
    );
  }
}
const refuse = (field: string, message: string): never => {
  throw new RuleViolation({ [field]: message });
};

export const ACCESS_KINDS: ProcedureKind[] = [
  'document_access',
  'simple_civic_access',
  'generalised_civic_access',
  'review_request',
];
export const isAccess = (p: { kind: ProcedureKind }) => ACCESS_KINDS.includes(p.kind);

/** An instant for an act done on a civil day: now if it is today, otherwise noon of that day in Italy. */
export function instantOf(day: CivilDate, ctx: ClockContext): string {
  if (day === ctx.today) return ctx.now.toISOString();
  return startOfRomeDay(day).replace('T00:00:00.000', 'T12:00:00.000');
}

const ref = (p: Procedure) => ({ procedureId: p.id, procedureTypeCode: p.typeCode, kind: p.kind });

/** Recomputes the deadline from the history (receipt, term, suspensions; or the substitute's term). */
export function refreshClock(p: Procedure, ctx: ClockContext): Procedure {
  if (p.phase === 'substitute' && p.substitute) {
    return {
      ...p,
      dueDate: p.substitute.dueDate,
      nominalDueDate: p.substitute.dueDate,
      latestDueDate: undefined,
    };
  }
  const r = computeDueDate(
    { receivedOn: p.receivedOn, termDays: p.legalTermDays, suspensions: p.suspensions, asOf: ctx.today },
    ctx.calendar,
  );
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

function withTimeline(
  p: Procedure,
  before: Procedure,
  entry: Omit<TimelineEntry, 'dueDate' | 'previousDueDate'>,
): Procedure {
  const moved = before.dueDate !== p.dueDate;
  return {
    ...p,
    timeline: [
      ...p.timeline,
      { ...entry, dueDate: p.dueDate, ...(moved ? { previousDueDate: before.dueDate } : {}) },
    ],
  };
}

// ------------------------------------------------------------------ submission and start

export interface SubmitFacts {
  id: string;
  publicToken: string;
  subject: string;
  protocolNumber: string;
  receivedAt: string;
  requesterId?: string;
  contactId?: string;
  channel?: string;
  responsibleId?: string;
  responsibleName?: string;
  thirdParties?: ThirdParty[];
  attachments?: Attachment[];
  formId?: string;
  formVersion?: number;
  formData?: Record<string, unknown>;
  formCheck: Procedure['formCheck'];
  formErrors: Procedure['formErrors'];
  reviewOf?: string;
  by: string;
}

export function submit(type: ProcedureType, f: SubmitFacts, ctx: ClockContext): Change {
  if (!type.active) refuse('procedureTypeCode', `the procedure type ${type.code} is not active`);
  const receivedOn = romeDate(f.receivedAt);
  if (receivedOn > ctx.today) refuse('receivedAt', 'a request cannot be received in the future');
  const responsibleId = f.responsibleId ?? type.responsibleId;
  const base: Procedure = {
    id: f.id,
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
    subject: f.subject,
    requesterId: f.requesterId,
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
    version: 0,
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
  const events: EventSpec[] = [
    [
      ProcedureSubmittedV1,
      {
        ...ref(p),
        requesterId: p.requesterId,
        contactId: p.contactId,
        protocolNumber: p.protocolNumber,
        submittedAt: p.receivedAt,
        officeId: p.officeId,
        startedBy: p.initiative,
      },
    ],
  ];
  if (responsibleId) {
    p.timeline.push({
      at: ctx.now.toISOString(),
      type: 'started',
      summary: `Avvio del procedimento; responsabile ${p.responsibleName ?? responsibleId}`,
      by: f.by,
      dueDate: p.dueDate,
    });
    events.push(startedEvent(p, ctx));
  }
  return { procedure: p, events };
}

function startedEvent(p: Procedure, ctx: ClockContext): EventSpec {
  return [
    ProcedureStartedV1,
    {
      ...ref(p),
      officeId: p.officeId,
      responsibleId: p.responsibleId,
      startedAt: ctx.now.toISOString(),
      dueAt: endOfRomeDay(
        (p.dueDate ?? p.latestDueDate ?? p.nominalDueDate ?? addDays(p.receivedOn, p.legalTermDays))!,
      ),
      ...(p.dueDate ? { dueDate: p.dueDate } : {}),
      legalTermDays: p.legalTermDays,
    },
  ];
}

function open(p: Procedure): void {
  if (p.status === 'decided') refuse('id', `the procedure was concluded on ${p.decision?.decidedOn}`);
}

export function assign(
  p: Procedure,
  responsibleId: string,
  responsibleName: string | undefined,
  by: string,
  ctx: ClockContext,
): Change {
  open(p);
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
  return { procedure: next, events: wasStarted ? [] : [startedEvent(next, ctx)] };
}

// ------------------------------------------------------------------ suspensions

function checkDay(field: string, day: CivilDate | undefined, p: Procedure, ctx: ClockContext): CivilDate {
  const d = day ?? ctx.today;
  if (!isValidCivilDate(d)) refuse(field, `not a date (YYYY-MM-DD): ${d}`);
  if (d > ctx.today) refuse(field, 'cannot be in the future');
  if (d < p.receivedOn) refuse(field, 'before the request was received');
  return d;
}

export function suspend(
  p: Procedure,
  s: { id: string; kind: string; reason: string; start?: CivilDate },
  by: string,
  ctx: ClockContext,
): Change {
  open(p);
  if (p.phase === 'substitute') refuse('kind', "the substitute official's term cannot be suspended");
  if (s.kind === 'rejection_notice') refuse('kind', 'send a rejection notice instead (art. 10-bis)');
  if (s.kind === 'third_party_objection' && !isAccess(p)) {
    refuse(
      'kind',
      'third parties are notified in access requests (D.Lgs 33/2013 art. 5 c.5; DPR 184/2006 art. 3)',
    );
  }
  if (!s.reason.trim()) refuse('reason', 'the reason is required');
  const start = checkDay('start', s.start, p, ctx);
  const rules = SUSPENSION_RULES[s.kind]
    ? undefined
    : { [s.kind]: { label: s.kind, legalBasis: 'regolamento' } };
  const problems = suspensionProblems(
    { receivedOn: p.receivedOn, termDays: p.legalTermDays, suspensions: p.suspensions, rules },
    { id: s.id, kind: s.kind, start },
    ctx.calendar,
  );
  if (problems.length) throw new RuleViolation(Object.fromEntries(problems.map((x) => [x.field, x.message])));
  return addSuspension(p, { id: s.id, kind: s.kind, reason: s.reason.trim(), start }, by, ctx, 'suspended');
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
  const label = SUSPENSION_RULES[s.kind]?.label ?? s.kind;
  next = withTimeline(next, before, {
    at: instantOf(s.start, ctx),
    type,
    summary: `Termine sospeso: ${label} (${s.reason})`,
    by,
  });
  return {
    procedure: next,
    events: [
      [
        ProcedureSuspendedV1,
        {
          procedureId: p.id,
          suspensionId: s.id,
          kind: s.kind,
          reason: label,
          suspendedAt: instantOf(s.start, ctx),
          ...(next.latestDueDate
            ? { dueAt: endOfRomeDay(next.latestDueDate), maxEndDate: next.latestDueDate }
            : {}),
          procedureTypeCode: p.typeCode,
          procedureKind: p.kind,
        },
      ],
    ],
  };
}

export function resume(
  p: Procedure,
  suspensionId: string,
  on: CivilDate | undefined,
  by: string,
  ctx: ClockContext,
): Change {
  open(p);
  const s = p.suspensions.find((x) => x.id === suspensionId);
  if (!s) return refuse('suspensionId', `no suspension ${suspensionId}`);
  if (s.end) refuse('suspensionId', `the suspension ended on ${s.end}`);
  if (s.kind === 'rejection_notice') refuse('suspensionId', 'record the observations instead (art. 10-bis)');
  const end = checkDay('on', on, p, ctx);
  if (end < s.start) refuse('on', 'before the suspension started');
  return endSuspension(p, s, end, by, ctx, 'resumed', 'Termine ripreso');
}

function endSuspension(
  p: Procedure,
  s: StoredSuspension,
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
  const effect = computeDueDate(
    {
      receivedOn: next.receivedOn,
      termDays: next.legalTermDays,
      suspensions: next.suspensions,
      asOf: ctx.today,
    },
    ctx.calendar,
  ).suspensions.find((x) => x.id === s.id);
  next = withTimeline(next, before, {
    at: instantOf(end, ctx),
    type,
    summary: `${summary} (${effect?.addedDays ?? 0} giorni di sospensione)`,
    by,
  });
  return { procedure: next, events: [resumedEvent(next, s.id, end, effect?.addedDays, ctx)] };
}

function resumedEvent(
  p: Procedure,
  suspensionId: string,
  end: CivilDate,
  days: number | undefined,
  ctx: ClockContext,
): EventSpec {
  const due = p.dueDate ?? p.latestDueDate ?? p.nominalDueDate!;
  return [
    ProcedureResumedV1,
    {
      procedureId: p.id,
      suspensionId,
      resumedAt: instantOf(end, ctx),
      dueAt: endOfRomeDay(due),
      dueDate: due,
      ...(days !== undefined ? { suspendedDays: days } : {}),
      procedureTypeCode: p.typeCode,
      procedureKind: p.kind,
    },
  ];
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
  open(p);
  if (p.phase === 'substitute') refuse('id', "the substitute official's term cannot be suspended");
  if (p.initiative !== 'party')
    refuse('id', 'a rejection notice concerns procedures started on request (art. 10-bis)');
  if (p.rejectionNotice && !p.rejectionNotice.observationsOn) {
    const rn = p.rejectionNotice;
    if (addDays(rn.sentOn, 10) >= ctx.today)
      refuse('id', `a rejection notice sent on ${rn.sentOn} is still awaiting observations`);
  }
  if (reasons.trim().length < 10)
    refuse('reasons', 'state the reasons that prevent acceptance (at least 10 characters)');
  const start = checkDay('on', on, p, ctx);
  const problems = suspensionProblems(
    { receivedOn: p.receivedOn, termDays: p.legalTermDays, suspensions: p.suspensions },
    { id: suspensionId, kind: 'rejection_notice', start },
    ctx.calendar,
  );
  if (problems.length)
    throw new RuleViolation(
      Object.fromEntries(problems.map((x) => [x.field === 'start' ? 'on' : x.field, x.message])),
    );
  const change = addSuspension(
    { ...p, rejectionNotice: { sentOn: start, reasons: reasons.trim(), suspensionId } },
    { id: suspensionId, kind: 'rejection_notice', reason: 'preavviso di rigetto', start },
    by,
    ctx,
    'rejection_notice',
  );
  change.events.unshift([
    RejectionNoticeSentV1,
    {
      ...ref(p),
      sentAt: instantOf(start, ctx),
      observationsDueAt: endOfRomeDay(addDays(start, 10)),
      suspensionId,
    },
  ]);
  return change;
}

export function receiveObservations(
  p: Procedure,
  on: CivilDate | undefined,
  by: string,
  ctx: ClockContext,
): Change {
  open(p);
  const rn = p.rejectionNotice;
  if (!rn || rn.observationsOn) return refuse('id', 'no rejection notice is awaiting observations');
  const day = checkDay('on', on, p, ctx);
  if (day < rn.sentOn) refuse('on', 'before the rejection notice was sent');
  const s = p.suspensions.find((x) => x.id === rn.suspensionId)!;
  const change = endSuspension(
    { ...p, rejectionNotice: { ...rn, observationsOn: day } },
    s,
    day,
    by,
    ctx,
    'observations',
    'Osservazioni ricevute: il termine riprende',
  );
  change.events.unshift([
    ObservationsReceivedV1,
    { ...ref(p), receivedAt: instantOf(day, ctx), suspensionId: s.id },
  ]);
  return change;
}

// ------------------------------------------------------------------ outcomes

export const DECIDABLE: ProcedureOutcome[] = [
  'accepted',
  'partly_accepted',
  'rejected',
  'deferred',
  'inadmissible',
];

export function decide(
  p: Procedure,
  d: { outcome: ProcedureOutcome; reasons: string; on?: CivilDate },
  by: string,
  ctx: ClockContext,
): Change {
  open(p);
  if (!DECIDABLE.includes(d.outcome))
    refuse('outcome', 'silent assent is not decided: it forms at the deadline (art. 20)');
  if (d.reasons.trim().length < 10)
    refuse('reasons', 'the reasons are required (L. 241/1990 art. 3), at least 10 characters');
  const day = checkDay('on', d.on, p, ctx);
  const negative = d.outcome === 'rejected' || d.outcome === 'partly_accepted';
  if (negative && p.rejectionNoticeRequired) {
    const rn = p.rejectionNotice;
    if (!rn)
      refuse(
        'outcome',
        'a rejection needs a rejection notice first (preavviso di rigetto, art. 10-bis L. 241/1990)',
      );
    if (rn && !rn.observationsOn && addDays(rn.sentOn, 10) >= day) {
      refuse(
        'outcome',
        `the applicant has until ${addDays(rn.sentOn, 10)} to send observations (art. 10-bis)`,
      );
    }
  }
  const before = refreshClock(p, ctx);
  // a decision ends any open suspension on its day
  const closed = before.suspensions.map((s) => (s.end ? s : { ...s, end: day < s.start ? s.start : day }));
  const clock = refreshClock({ ...before, suspensions: closed }, ctx);
  const due = clock.phase === 'substitute' ? clock.substitute!.ordinaryDueDate : clock.dueDate!;
  const withinTerm = clock.phase === 'ordinary' && day <= due;
  const decision: Decision = {
    outcome: d.outcome,
    reasons: d.reasons.trim(),
    decidedOn: day,
    decidedAt: instantOf(day, ctx),
    decidedBy: by,
    withinTerm,
    bySubstitute: clock.phase === 'substitute',
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
  return { procedure: next, events: [decidedEvent(next, ctx)] };
}

function decidedEvent(p: Procedure, _ctx: ClockContext): EventSpec {
  const d = p.decision!;
  return [
    ProcedureDecidedV1,
    {
      ...ref(p),
      requesterId: p.requesterId,
      officeId: p.officeId,
      outcome: d.outcome,
      submittedAt: p.receivedAt,
      decidedAt: d.decidedAt,
      dueAt: endOfRomeDay(p.substitute?.ordinaryDueDate ?? p.dueDate ?? p.receivedOn),
      withinTerm: d.withinTerm,
      suspendedDays: p.suspendedDays,
      decidedBy: d.decidedBy,
      bySubstitute: d.bySubstitute,
      contactId: p.contactId,
    },
  ];
}

export const OUTCOME_LABELS: Record<ProcedureOutcome, string> = {
  accepted: 'accoglimento',
  partly_accepted: 'accoglimento parziale',
  rejected: 'rigetto',
  deferred: 'differimento',
  inadmissible: 'inammissibilità',
  silent_assent: 'silenzio-assenso',
};

/** Attestation that silent assent formed (art. 20 c.2-bis): requested by the applicant, due in 10 days. */
export function requestAttestation(p: Procedure, by: string, ctx: ClockContext): Change {
  if (p.decision?.outcome !== 'silent_assent')
    return refuse('id', 'silent assent has not formed on this procedure');
  if (p.attestation) return refuse('id', `an attestation was requested on ${p.attestation.requestedOn}`);
  const dueDate = attestationDueDate(ctx.today, ctx.calendar);
  const next: Procedure = {
    ...p,
    attestation: { requestedOn: ctx.today, dueDate },
    timeline: [
      ...p.timeline,
      {
        at: ctx.now.toISOString(),
        type: 'attestation_requested',
        summary: `Richiesta l'attestazione del silenzio-assenso, da rilasciare entro il ${dueDate}`,
        by,
        dueDate: p.dueDate,
      },
    ],
  };
  return { procedure: next, events: [] };
}

export function issueAttestation(p: Procedure, by: string, ctx: ClockContext): Change {
  if (!p.attestation) return refuse('id', 'no attestation was requested');
  if (p.attestation.issuedOn) return refuse('id', `the attestation was issued on ${p.attestation.issuedOn}`);
  const next: Procedure = {
    ...p,
    attestation: { ...p.attestation, issuedOn: ctx.today },
    timeline: [
      ...p.timeline,
      {
        at: ctx.now.toISOString(),
        type: 'attestation_issued',
        summary: 'Attestazione del silenzio-assenso rilasciata',
        by,
        dueDate: p.dueDate,
      },
    ],
  };
  return {
    procedure: next,
    events: [
      [
        SilentAssentAttestedV1,
        {
          ...ref(p),
          requestedAt: instantOf(p.attestation.requestedOn, ctx),
          issuedAt: ctx.now.toISOString(),
          withinTerm: ctx.today <= p.attestation.dueDate,
        },
      ],
    ],
  };
}

/** Riesame (D.Lgs 33/2013 art. 5 c.7): after a total or partial refusal, or no answer in time. */
export function reviewAllowed(p: Procedure, ctx: ClockContext): string | null {
  if (p.kind !== 'simple_civic_access' && p.kind !== 'generalised_civic_access') {
    return 'a review (riesame) concerns civic access requests (D.Lgs 33/2013 art. 5 c.7)';
  }
  if (p.reviewProcedureId) return `a review was already requested (${p.reviewProcedureId})`;
  const refused =
    p.decision && ['rejected', 'partly_accepted', 'deferred', 'inadmissible'].includes(p.decision.outcome);
  const silent = !p.decision && p.dueDate !== null && ctx.today > p.dueDate;
  return refused || silent
    ? null
    : 'a review follows a refusal, a partial acceptance, a deferral or no answer in time';
}

export function markReviewRequested(
  p: Procedure,
  reviewProcedureId: string,
  dueDate: CivilDate | null,
  by: string,
  ctx: ClockContext,
): Change {
  const problem = reviewAllowed(p, ctx);
  if (problem) refuse('procedureId', problem);
  const next: Procedure = {
    ...p,
    reviewProcedureId,
    timeline: [
      ...p.timeline,
      {
        at: ctx.now.toISOString(),
        type: 'review_requested',
        summary: `Richiesta di riesame (${reviewProcedureId})`,
        by,
        dueDate: p.dueDate,
      },
    ],
  };
  return {
    procedure: next,
    events: [
      [
        ReviewRequestedV1,
        {
          ...ref(p),
          requestedAt: ctx.now.toISOString(),
          reviewProcedureId,
          ...(dueDate ? { dueAt: endOfRomeDay(dueDate) } : {}),
        },
      ],
    ],
  };
}

// ------------------------------------------------------------------ time-driven events

export interface TimeEvent {
  /** Unique per procedure and occurrence: the claim that makes it fire once across instances. */
  claimId: string;
  apply: (p: Procedure, ctx: ClockContext) => Change;
}

function silentAssentEligible(p: Procedure): boolean {
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
    for (const d of ctx.warningDays) {
      const on = addDays(due, -d);
      if (!p.fired.includes(warnClaim(p, due, d)) && on <= due) candidates.push(on);
    }
    if (!p.fired.includes(missedClaim(p, due))) candidates.push(addDays(due, 1));
  } else if (p.latestDueDate) {
    // an open suspension with a legal maximum: it ends by law the day after its cap
    const r = computeDueDate(
      { receivedOn: p.receivedOn, termDays: p.legalTermDays, suspensions: p.suspensions },
      ctx.calendar,
    );
    const o = r.openSuspension;
    const max = o && SUSPENSION_RULES[o.kind]?.maxDays;
    if (o && max !== undefined) candidates.push(addDays(o.start, max));
  }
  return candidates.length ? candidates.sort()[0] : null;
}

const warnClaim = (p: Procedure, due: CivilDate, d: number) => `${p.id}:warn:${p.phase}:${due}:${d}`;
const missedClaim = (p: Procedure, due: CivilDate) => `${p.id}:missed:${p.phase}:${due}`;

/** The time-driven events due today that have not fired yet, in order. Deterministic for a given day. */
export function dueTimeEvents(p: Procedure, ctx: ClockContext): TimeEvent[] {
  if (p.status === 'decided') return [];
  const out: TimeEvent[] = [];
  const clock = refreshClock(p, ctx);
  // suspensions that ended by law (no observations in 10 days, no documents in 30 days)
  const effects = computeDueDate(
    { receivedOn: p.receivedOn, termDays: p.legalTermDays, suspensions: p.suspensions, asOf: ctx.today },
    ctx.calendar,
  ).suspensions;
  for (const e of effects) {
    const stored = p.suspensions.find((s) => s.id === e.id);
    if (p.phase === 'ordinary' && e.endedByLaw && stored && !stored.end) {
      const claimId = `${p.id}:ended_by_law:${e.id}`;
      if (!p.fired.includes(claimId)) {
        out.push({
          claimId,
          apply: (q, c) => {
            const before = refreshClock(q, c);
            let next = refreshClock(
              {
                ...before,
                suspensions: before.suspensions.map((s) => (s.id === e.id ? { ...s, end: e.end } : s)),
              },
              c,
            );
            next = withTimeline(next, before, {
              at: instantOf(e.end!, c),
              type: 'resumed_by_law',
              summary: `Sospensione terminata per legge dopo ${SUSPENSION_RULES[e.kind]?.maxDays} giorni (${SUSPENSION_RULES[e.kind]?.legalBasis ?? e.kind})`,
              by: 'legal-clock',
            });
            return { procedure: next, events: [resumedEvent(next, e.id, e.end!, e.addedDays, c)] };
          },
        });
      }
    }
  }
  const due = clock.dueDate;
  if (!due) return out;
  for (const d of [...ctx.warningDays].sort((a, b) => b - a)) {
    const claimId = warnClaim(clock, due, d);
    if (p.fired.includes(claimId) || ctx.today < addDays(due, -d) || ctx.today > due) continue;
    out.push({
      claimId,
      apply: (q, c) => ({
        procedure: {
          ...q,
          timeline: [
            ...q.timeline,
            {
              at: c.now.toISOString(),
              type: 'deadline_approaching',
              summary: `Scadenza tra ${d} giorni (${due})`,
              by: 'legal-clock',
              dueDate: q.dueDate,
            },
          ],
        },
        events: [
          [
            DeadlineApproachingV1,
            {
              ...ref(q),
              dueAt: endOfRomeDay(due),
              daysBefore: d,
              firedAt: c.now.toISOString(),
              phase: q.phase,
              responsibleId: q.responsibleId,
              officeId: q.officeId,
            },
          ],
        ],
      }),
    });
  }
  if (ctx.today <= due) return out;
  const missed = missedClaim(clock, due);
  if (!p.fired.includes(missed)) {
    out.push({
      claimId: missed,
      apply: (q, c) => ({
        procedure: {
          ...q,
          ...(q.phase === 'ordinary' && q.silenceRule === 'silent_refusal'
            ? { silentRefusalOn: addDays(due, 1) }
            : {}),
          timeline: [
            ...q.timeline,
            {
              at: c.now.toISOString(),
              type: 'deadline_missed',
              summary: `Termine scaduto il ${due} senza provvedimento${q.phase === 'ordinary' && q.silenceRule === 'silent_refusal' ? ' (silenzio-rigetto, art. 25 c.4 L. 241/1990)' : ''}`,
              by: 'legal-clock',
              dueDate: q.dueDate,
            },
          ],
        },
        events: [
          [
            DeadlineMissedV1,
            {
              ...ref(q),
              dueAt: endOfRomeDay(due),
              missedAt: startOfRomeDay(addDays(due, 1)),
              phase: q.phase,
              responsibleId: q.responsibleId,
              officeId: q.officeId,
            },
          ],
        ],
      }),
    });
  }
  if (clock.phase !== 'ordinary') return out;
  if (silentAssentEligible(clock)) {
    const claimId = `${p.id}:silent_assent:${due}`;
    if (!p.fired.includes(claimId)) out.push({ claimId, apply: (q, c) => formSilentAssent(q, due, c) });
  } else if (clock.substituteId && clock.silenceRule !== 'silent_refusal') {
    // silent refusal (art. 25 c.4) is a tacit decision, challenged in court: no inaction for a substitute to cure
    const claimId = `${p.id}:substitute:${due}`;
    if (!p.fired.includes(claimId)) out.push({ claimId, apply: (q, c) => engageSubstitute(q, due, c) });
  }
  return out;
}

function formSilentAssent(p: Procedure, due: CivilDate, ctx: ClockContext): Change {
  const formedOn = addDays(due, 1);
  const decision: Decision = {
    outcome: 'silent_assent',
    reasons: `Silenzio-assenso formato alla scadenza del termine del ${due} (art. 20 L. 241/1990)`,
    decidedOn: formedOn,
    decidedAt: startOfRomeDay(formedOn),
    decidedBy: 'legal-clock',
    withinTerm: true,
    bySubstitute: false,
  };
  const next: Procedure = {
    ...p,
    status: 'decided',
    decision,
    nextClockCheck: null,
    timeline: [
      ...p.timeline,
      {
        at: decision.decidedAt,
        type: 'silent_assent',
        summary: decision.reasons,
        by: 'legal-clock',
        dueDate: p.dueDate,
      },
    ],
  };
  return {
    procedure: next,
    events: [
      [
        SilentAssentFormedV1,
        {
          ...ref(p),
          formedAt: decision.decidedAt,
          dueAt: endOfRomeDay(due),
          requesterId: p.requesterId,
          officeId: p.officeId,
        },
      ],
      decidedEvent(next, ctx),
    ],
  };
}

function engageSubstitute(p: Procedure, due: CivilDate, ctx: ClockContext): Change {
  // engaged on the day after the missed deadline: deterministic whenever the clock runs
  const engagedOn = addDays(due, 1);
  const dueDate = substituteDueDate(engagedOn, p.legalTermDays, ctx.calendar);
  const before = refreshClock(p, ctx);
  let next = refreshClock(
    {
      ...before,
      phase: 'substitute',
      substitute: { engagedOn, dueDate, substituteId: p.substituteId!, ordinaryDueDate: due },
    },
    ctx,
  );
  next = withTimeline(next, before, {
    at: startOfRomeDay(engagedOn),
    type: 'substitute_engaged',
    summary: `Potere sostitutivo: ${p.substituteName ?? p.substituteId} conclude entro ${Math.ceil(p.legalTermDays / 2)} giorni (art. 2 c.9-ter L. 241/1990)`,
    by: 'legal-clock',
  });
  return {
    procedure: next,
    events: [
      [
        SubstituteEngagedV1,
        {
          ...ref(p),
          substituteId: p.substituteId,
          engagedAt: startOfRomeDay(engagedOn),
          dueAt: endOfRomeDay(dueDate),
          originalDueAt: endOfRomeDay(due),
          officeId: p.officeId,
        },
      ],
    ],
  };
}

// ------------------------------------------------------------------ helpers

export function romeDate(instant: string): CivilDate {
  const t = new Date(instant);
  if (Number.isNaN(t.getTime())) refuse('receivedAt', `not a timestamp: ${instant}`);
  return romeCivilDate(t);
}

/** The public phase the requester sees (no names, no reasons). */
export function publicPhase(p: Procedure): string {
  if (p.status === 'decided')
    return p.decision?.outcome === 'silent_assent' ? 'Concluso (silenzio-assenso)' : 'Concluso';
  if (p.status === 'suspended') return 'Sospeso';
  if (p.status === 'submitted') return 'Presentato';
  return p.phase === 'substitute' ? 'In istruttoria (potere sostitutivo)' : 'In istruttoria';
}
