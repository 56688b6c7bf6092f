import type { ProcedureKind, ProcedureOutcome } from '@urp/contracts';
import type { Aggregate, Decision, UseCaseContext } from '@urp/kernel';
import { DomainError } from '@urp/kernel';
import {
  romeCivilDate,
  startOfRomeDay,
  type CivilDate,
  type LegalCalendar,
  type SuspensionRule,
} from '@urp/legal-clock';
import type { ProcedureDocument } from '../document/notice.document';
import type { StartNoticeSettings } from './start-notice';

/**
 * The administrative procedure (procedimento amministrativo): its state, as stored and as every rule sees it.
 * Law: L. 241/1990, D.Lgs 33/2013 art. 5, DPR 184/2006. The rules live beside it: the clock
 * (`procedure.clock.ts`), the decisions (`procedure.rules.ts`, `procedure.suspensions.ts`), the time-driven
 * events (`procedure.time-events.ts`) and the events they emit (`procedure.events.ts`).
 */

export type ProcedureStatus = 'submitted' | 'started' | 'suspended' | 'decided';
export type ClockPhase = 'ordinary' | 'substitute';

export interface StoredSuspension {
  id: string;
  kind: string;
  reason: string;
  start: CivilDate;
  /** The day of the act that ended it (documents, observations), or the legal end the clock recorded. */
  end?: CivilDate;
  /** `end` was recorded by the legal clock at the legal maximum, not by an act (art. 10-bis: taken as it is). */
  endedByLaw?: boolean;
  /** An administration-defined kind: its limits as defined when the suspension was recorded (a snapshot). */
  rule?: SuspensionRule;
  /** A rejection notice: the applicant's receipt of it, from which its 10 days (its legal maximum) run. */
  partyReceivedOn?: CivilDate;
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

export interface ProcedureDecision {
  outcome: ProcedureOutcome;
  reasons: string;
  decidedOn: CivilDate;
  decidedAt: string;
  decidedBy: string;
  withinTerm: boolean;
  bySubstitute: boolean;
  /** FOIA accepted with third parties told: data go out no earlier than 15 days later (D.Lgs 33/2013 art. 5 c.6). */
  releaseNotBefore?: CivilDate;
  /**
   * Why the applicant's observations on the rejection notice were not accepted (art. 10-bis: "dell'eventuale mancato
   * accoglimento ... è data ragione nella motivazione del provvedimento finale"); required for a rejection or a partial
   * acceptance after observations.
   */
  observationsAnswer?: string;
}

export type FormCheck = 'none' | 'valid' | 'invalid' | 'unknown_form';

/** A rejection notice (preavviso di rigetto, art. 10-bis) and the observations received on it. */
export interface RejectionNotice {
  sentOn: CivilDate;
  reasons: string;
  observationsOn?: CivilDate;
  /**
   * The observations' content as the office recorded it (art. 10-bis): personal data, kept here with the
   * procedure's file like the form, never on an event; erased with the form when the requester is anonymised.
   */
  observations?: string;
  suspensionId: string;
  /** The applicant's receipt of it (PEC delivery receipt): the 10 days for observations run from then. */
  receivedOn?: CivilDate;
}

export interface Procedure extends Aggregate {
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
  /** The applicant is an employee of the administration (contacts' flag): no satisfaction survey for them. */
  requesterIsStaff?: boolean;
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
  formCheck: FormCheck;
  formErrors: { field: string; message: string }[];
  status: ProcedureStatus;
  phase: ClockPhase;
  suspensions: StoredSuspension[];
  /** The latest rejection notice (art. 10-bis); a second one moves this one to `earlierRejectionNotices`. */
  rejectionNotice?: RejectionNotice;
  /**
   * The rejection notices before the latest, oldest first, with the observations received on them: the decision
   * answers every observation the applicant presented (art. 10-bis), not only those on the last notice.
   */
  earlierRejectionNotices?: RejectionNotice[];
  substitute?: { engagedOn: CivilDate; dueDate: CivilDate; substituteId: string; ordinaryDueDate: CivilDate };
  /** The current deadline (null while a suspension is open). Cached; always recomputed from the history. */
  dueDate: CivilDate | null;
  nominalDueDate: CivilDate | null;
  latestDueDate?: CivilDate;
  suspendedDays: number;
  silentRefusalOn?: CivilDate;
  decision?: ProcedureDecision;
  attestation?: { requestedOn: CivilDate; dueDate: CivilDate; issuedOn?: CivilDate };
  reviewOf?: string;
  reviewProcedureId?: string;
  /** Time-driven events already applied (claim ids): each fires once. */
  fired: string[];
  /** The first day on which a time-driven event could fire (what the legal clock looks at). */
  nextClockCheck: CivilDate | null;
  timeline: TimelineEntry[];
  /** The notices issued to the applicant (art. 8, art. 10-bis), their content frozen at issue; absent on old documents. */
  documents?: ProcedureDocument[];
  /** How the applicant's notices were delivered (campaigns' NotificationDelivered / NotificationFailed). */
  deliveries?: NoticeDelivery[];
  createdAt: string;
  updatedAt: string;
}

/** A use case's context with the legal calendar: `today` is the Italian civil date of `now`. */
export interface ClockContext extends UseCaseContext {
  readonly calendar: LegalCalendar;
  readonly today: CivilDate;
  readonly warningDays: readonly number[];
  /** The administration's data for the applicant's notices (art. 8 c.2); none: notices are not issued. */
  readonly notices?: StartNoticeSettings;
}

/** The delivery state of a notification about this procedure, as campaigns reported it. */
export interface NoticeDelivery {
  notificationId: string;
  template: string;
  channel: string;
  status: 'delivered' | 'sent' | 'failed';
  /** The failure's code and reason (campaigns' words, no personal data). */
  code?: string;
  reason?: string;
  at: string;
  eventId: string;
}

/** What every rule returns: the next state and the events it causes (the kernel's decision). */
export type Change = Decision<Procedure>;

export const ACCESS_KINDS: readonly ProcedureKind[] = [
  'document_access',
  'simple_civic_access',
  'generalised_civic_access',
  'review_request',
];
export const isAccess = (p: { kind: ProcedureKind }): boolean => ACCESS_KINDS.includes(p.kind);

/** Every rejection notice of the procedure, oldest first (the latest last). */
export const rejectionNoticesOf = (
  p: Pick<Procedure, 'rejectionNotice' | 'earlierRejectionNotices'>,
): RejectionNotice[] => [
  ...(p.earlierRejectionNotices ?? []),
  ...(p.rejectionNotice ? [p.rejectionNotice] : []),
];

/** The rejection notices on which the applicant presented observations, oldest first. */
export const observedNoticesOf = (
  p: Pick<Procedure, 'rejectionNotice' | 'earlierRejectionNotices'>,
): (RejectionNotice & { observationsOn: CivilDate })[] =>
  rejectionNoticesOf(p).filter(
    (n): n is RejectionNotice & { observationsOn: CivilDate } => !!n.observationsOn,
  );

export const OUTCOME_LABELS: Record<ProcedureOutcome, string> = {
  accepted: 'accoglimento',
  partly_accepted: 'accoglimento parziale',
  rejected: 'rigetto',
  deferred: 'differimento',
  inadmissible: 'inammissibilità',
  silent_assent: 'silenzio-assenso',
};

/** An instant for an act done on a civil day: now if it is today, otherwise noon of that day in Italy. */
export function instantOf(day: CivilDate, ctx: ClockContext): string {
  if (day === ctx.today) return ctx.now.toISOString();
  return startOfRomeDay(day).replace('T00:00:00.000', 'T12:00:00.000');
}

/** The Italian civil date of an instant; `field` names the input refused when it is not one. */
export function romeDate(instant: string, field = 'input.receivedAt'): CivilDate {
  const t = new Date(instant);
  if (Number.isNaN(t.getTime())) throw DomainError.invalid(field, `non è un istante valido: ${instant}`);
  return romeCivilDate(t);
}

/** A decided procedure takes no more commands. */
export function ensureOpen(p: Procedure): void {
  if (p.status === 'decided')
    throw DomainError.invalid('id', `il procedimento è concluso dal ${p.decision?.decidedOn}`);
}

/** Appends a timeline entry with the due date after the change and, when it moved, the one before. */
export function withTimeline(
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

/** Appends a timeline entry that does not move the deadline. */
export function noted(p: Procedure, entry: Omit<TimelineEntry, 'dueDate' | 'previousDueDate'>): Procedure {
  return { ...p, timeline: [...p.timeline, { ...entry, dueDate: p.dueDate }] };
}

/** The public phase the requester sees (no names, no reasons). */
export function publicPhase(p: Procedure): string {
  if (p.status === 'decided')
    return p.decision?.outcome === 'silent_assent' ? 'Concluso (silenzio-assenso)' : 'Concluso';
  if (p.status === 'suspended') return 'Sospeso';
  if (p.status === 'submitted') return 'Presentato';
  return p.phase === 'substitute' ? 'In istruttoria (potere sostitutivo)' : 'In istruttoria';
}
