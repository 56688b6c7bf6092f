import { z } from 'zod';
import { defineEvent, defineTopic, type EventDefinition } from '../catalog';
import { RequesterId, StaffId, Timestamp } from './shared';

/**
 * Events of the procedures service: the administration's catalogue of procedure types and the
 * administrative procedures of L. 241/1990 and D.Lgs 33/2013 (access requests included).
 *
 * Due dates: `dueAt` is the END of the civil due day in Europe/Rome (e.g. `2026-12-14T23:59:59.999+01:00`):
 * the act may be adopted through that whole day. `dueDate` (optional, `YYYY-MM-DD`) carries the same civil
 * date without any time-of-day, for consumers that only want the date.
 *
 * Free text: only the catalogue's `name` and `legalBasis` of a type (typed by a manager, run through the
 * service's scrubber). Subjects, reasons and third parties never leave the service; a suspension's `reason` is
 * the label of its kind.
 */

export const ProcedureTypeTopic = defineTopic({
  service: 'procedures',
  aggregate: 'procedure-type',
  partitions: 1,
  description:
    "The administration's catalogue of procedure types (term, silence rule, office, form). Key: the procedure type id.",
});

export const ProcedureTopic = defineTopic({
  service: 'procedures',
  aggregate: 'procedure',
  partitions: 3,
  description:
    'Administrative procedures and access requests, from submission to decision, with their legal clock. Key: the procedure id.',
});

/** generic (L. 241/1990), document access (artt. 22-25), simple / generalised civic access (D.Lgs 33/2013 art. 5), review (riesame, art. 5 c.7). */
export const ProcedureKind = z.enum([
  'generic',
  'document_access',
  'simple_civic_access',
  'generalised_civic_access',
  'review_request',
]);
export type ProcedureKind = z.infer<typeof ProcedureKind>;

/** What silence at the deadline means (L. 241/1990 art. 20 silenzio-assenso; silenzio-rigetto where a law says so). */
export const SilenceRule = z.enum(['none', 'silent_assent', 'silent_refusal']);
export type SilenceRule = z.infer<typeof SilenceRule>;

export const ProcedureOutcome = z.enum([
  'accepted',
  'partly_accepted',
  'rejected',
  'deferred',
  'inadmissible',
  'silent_assent',
]);
export type ProcedureOutcome = z.infer<typeof ProcedureOutcome>;

/** A lowercase snake_case code (procedure type codes, suspension kinds). */
const Code = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lowercase snake_case code');
/** A civil date `YYYY-MM-DD` (Europe/Rome). */
const CivilDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'civil date YYYY-MM-DD');
/** Which clock a deadline belongs to: the ordinary term, or the substitute official's (art. 2 c.9-ter). */
const ClockPhase = z.enum(['ordinary', 'substitute']);

/**
 * Suspension kinds: `document_request` (art. 2 c.7 L. 241/1990, once, ≤30 days), `rejection_notice`
 * (art. 10-bis, until observations or 10 days), `third_party_objection` (art. 5 c.5 D.Lgs 33/2013, ≤10 days),
 * or a code the administration defines.
 */
export const SuspensionKind = Code;
/** The code of an administration-defined suspension kind: lowercase snake_case, 3-40 characters. */
const SuspensionKindCode = z
  .string()
  .regex(/^[a-z][a-z0-9_]{2,39}$/, 'lowercase snake_case code, 3-40 characters');

export const ProcedureTypeChangedV1 = defineEvent(ProcedureTypeTopic, {
  name: 'ProcedureTypeChanged',
  version: 1,
  summary:
    'A procedure type of the catalogue was created or changed (its legal term, silence rule, office or form).',
  subject: 'the procedure type id',
  schema: z.object({
    procedureTypeId: z.string(),
    code: Code,
    /** The catalogue's name of the type: typed by a manager, so scrubbed like any free text. */
    name: z.string().meta({ urpFreeText: true }),
    kind: ProcedureKind,
    legalTermDays: z.number().int().positive(),
    previousLegalTermDays: z.number().int().positive().optional(),
    silenceRule: SilenceRule,
    officeId: z.string().optional(),
    formId: z.string().optional(),
    formVersion: z.number().int().optional(),
    changedAt: Timestamp,
    legalBasis: z.string().optional().meta({ urpFreeText: true }),
    silentAssentExcluded: z.boolean().optional(),
    active: z.boolean().optional(),
    revision: z.number().int().optional(),
  }),
});

export const SuspensionKindDefinedV1 = defineEvent(ProcedureTypeTopic, {
  name: 'SuspensionKindDefined',
  version: 1,
  summary:
    'An administrator added a suspension kind of its own, with its declared limit (the kinds the law names are not events: document_request, rejection_notice, third_party_objection).',
  subject: 'the suspension kind id (sk_<code>)',
  schema: z.object({
    suspensionKindId: z.string(),
    code: SuspensionKindCode,
    /** Typed by an administrator: scrubbed like any free text. */
    label: z.string().meta({ urpFreeText: true }),
    legalBasis: z.string().meta({ urpFreeText: true }),
    maxDays: z.number().int().positive(),
    onceOnly: z.boolean(),
    definedAt: Timestamp,
  }),
});

export const ProcedureSubmittedV1 = defineEvent(ProcedureTopic, {
  name: 'ProcedureSubmitted',
  version: 1,
  summary: 'A request starting a procedure was received and registered (the term runs from receipt).',
  subject: 'the procedure id',
  schema: z.object({
    procedureId: z.string(),
    procedureTypeCode: Code,
    kind: ProcedureKind,
    requesterId: RequesterId.optional(),
    contactId: z.string().optional(),
    protocolNumber: z.string(),
    submittedAt: Timestamp,
    officeId: z.string().optional(),
    startedBy: z.enum(['party', 'office']).optional(),
  }),
});

export const ProcedureStartedV1 = defineEvent(ProcedureTopic, {
  name: 'ProcedureStarted',
  version: 1,
  summary: 'The procedure started: a responsible person is assigned and the legal clock runs.',
  subject: 'the procedure id',
  schema: z.object({
    procedureId: z.string(),
    procedureTypeCode: Code,
    kind: ProcedureKind,
    officeId: z.string().optional(),
    responsibleId: StaffId,
    startedAt: Timestamp,
    dueAt: Timestamp,
    dueDate: CivilDate.optional(),
    legalTermDays: z.number().int().positive().optional(),
  }),
});

export const ProcedureSuspendedV1 = defineEvent(ProcedureTopic, {
  name: 'ProcedureSuspended',
  version: 1,
  summary:
    'The term was suspended (`kind` is the suspension kind: document_request, rejection_notice, third_party_objection or a local one).',
  subject: 'the procedure id',
  schema: z.object({
    procedureId: z.string(),
    suspensionId: z.string(),
    kind: SuspensionKind,
    reason: z.string(),
    suspendedAt: Timestamp,
    dueAt: Timestamp.optional(),
    procedureTypeCode: Code.optional(),
    procedureKind: ProcedureKind.optional(),
    /** The latest day the suspension may last to (its legal maximum), if it has one. */
    maxEndDate: CivilDate.optional(),
  }),
});

export const ProcedureResumedV1 = defineEvent(ProcedureTopic, {
  name: 'ProcedureResumed',
  version: 1,
  summary: 'A suspension ended; the term runs again and the due date moved by the days it lasted.',
  subject: 'the procedure id',
  schema: z.object({
    procedureId: z.string(),
    suspensionId: z.string(),
    resumedAt: Timestamp,
    dueAt: Timestamp,
    dueDate: CivilDate.optional(),
    suspendedDays: z.number().int().nonnegative().optional(),
    procedureTypeCode: Code.optional(),
    procedureKind: ProcedureKind.optional(),
  }),
});

export const ProcedureDecidedV1 = defineEvent(ProcedureTopic, {
  name: 'ProcedureDecided',
  version: 1,
  summary: 'The procedure ended with an express decision (or silent assent). Reasons stay in the service.',
  subject: 'the procedure id',
  schema: z.object({
    procedureId: z.string(),
    procedureTypeCode: Code,
    kind: ProcedureKind,
    requesterId: RequesterId.optional(),
    officeId: z.string().optional(),
    outcome: ProcedureOutcome,
    submittedAt: Timestamp,
    decidedAt: Timestamp,
    dueAt: Timestamp,
    withinTerm: z.boolean(),
    suspendedDays: z.number().int().nonnegative(),
    decidedBy: StaffId.optional(),
    bySubstitute: z.boolean().optional(),
    contactId: z.string().optional(),
    /** The applicant is an employee of the administration (no satisfaction survey), as contacts knew it. */
    requesterIsStaff: z.boolean().optional(),
  }),
});

const procedureRef = {
  procedureId: z.string(),
  procedureTypeCode: Code,
  kind: ProcedureKind,
};

export const RejectionNoticeSentV1 = defineEvent(ProcedureTopic, {
  name: 'RejectionNoticeSent',
  version: 1,
  summary:
    'A rejection notice (preavviso di rigetto, art. 10-bis L. 241/1990) was sent: the term is suspended for up to 10 days.',
  subject: 'the procedure id',
  schema: z.object({
    ...procedureRef,
    sentAt: Timestamp,
    observationsDueAt: Timestamp,
    suspensionId: z.string().optional(),
  }),
});

export const ObservationsReceivedV1 = defineEvent(ProcedureTopic, {
  name: 'ObservationsReceived',
  version: 1,
  summary: 'The applicant sent observations after a rejection notice: the term runs again.',
  subject: 'the procedure id',
  schema: z.object({
    ...procedureRef,
    receivedAt: Timestamp,
    suspensionId: z.string().optional(),
  }),
});

export const SilentAssentFormedV1 = defineEvent(ProcedureTopic, {
  name: 'SilentAssentFormed',
  version: 1,
  summary:
    'Silence at the deadline of an eligible type means approval (silenzio-assenso, art. 20 L. 241/1990).',
  subject: 'the procedure id',
  schema: z.object({
    ...procedureRef,
    formedAt: Timestamp,
    dueAt: Timestamp,
    requesterId: RequesterId.optional(),
    officeId: z.string().optional(),
  }),
});

export const DeadlineApproachingV1 = defineEvent(ProcedureTopic, {
  name: 'DeadlineApproaching',
  version: 1,
  summary:
    'A deadline is near (a configurable number of days before it). Fires once per deadline and warning.',
  subject: 'the procedure id',
  schema: z.object({
    ...procedureRef,
    dueAt: Timestamp,
    daysBefore: z.number().int().nonnegative(),
    firedAt: Timestamp,
    phase: ClockPhase.optional(),
    responsibleId: StaffId.optional(),
    officeId: z.string().optional(),
    /** The register's number of the procedure (what staff look it up by); absent in events published before it. */
    protocolNumber: z.string().max(64).optional(),
    /** The procedure type's name as the catalogue gave it at submission (not the code). */
    procedureTypeName: z.string().max(200).optional(),
  }),
});

export const DeadlineMissedV1 = defineEvent(ProcedureTopic, {
  name: 'DeadlineMissed',
  version: 1,
  summary: 'A deadline passed without a decision. Fires once per deadline.',
  subject: 'the procedure id',
  schema: z.object({
    ...procedureRef,
    dueAt: Timestamp,
    missedAt: Timestamp,
    phase: ClockPhase.optional(),
    responsibleId: StaffId.optional(),
    officeId: z.string().optional(),
    /** The register's number of the procedure (what staff look it up by); absent in events published before it. */
    protocolNumber: z.string().max(64).optional(),
    /** The procedure type's name as the catalogue gave it at submission (not the code). */
    procedureTypeName: z.string().max(200).optional(),
  }),
});

export const SubstituteEngagedV1 = defineEvent(ProcedureTopic, {
  name: 'SubstituteEngaged',
  version: 1,
  summary:
    'The substitute official (titolare del potere sostitutivo, art. 2 c.9-bis/ter) took over with half the original term.',
  subject: 'the procedure id',
  schema: z.object({
    ...procedureRef,
    substituteId: StaffId,
    engagedAt: Timestamp,
    dueAt: Timestamp,
    originalDueAt: Timestamp.optional(),
    officeId: z.string().optional(),
  }),
});

export const ReviewRequestedV1 = defineEvent(ProcedureTopic, {
  name: 'ReviewRequested',
  version: 1,
  summary:
    'A review (riesame, art. 5 c.7 D.Lgs 33/2013) of an access decision was requested; it is decided within 20 days.',
  subject: 'the procedure id (the access request under review)',
  schema: z.object({
    ...procedureRef,
    requestedAt: Timestamp,
    reviewProcedureId: z.string().optional(),
    dueAt: Timestamp.optional(),
  }),
});

export const SilentAssentAttestedV1 = defineEvent(ProcedureTopic, {
  name: 'SilentAssentAttested',
  version: 1,
  summary:
    'The attestation that silent assent formed was issued (art. 20 c.2-bis L. 241/1990, within 10 days).',
  subject: 'the procedure id',
  schema: z.object({
    ...procedureRef,
    requestedAt: Timestamp,
    issuedAt: Timestamp,
    withinTerm: z.boolean(),
  }),
});

/** The notices a procedure owes its applicant (a PDF kept by this service, delivered by campaigns). */
export const ApplicantNotificationTemplate = z.enum([
  /** Comunicazione di avvio del procedimento, art. 8 L. 241/1990. */
  'procedure_start_notice',
  /** Comunicazione dei motivi ostativi all'accoglimento (preavviso di rigetto), art. 10-bis L. 241/1990. */
  'procedure_rejection_notice',
  /** Comunicazione del provvedimento finale (artt. 2-3 L. 241/1990), one template per outcome (wave 7). */
  'procedure_decision_accepted_notice',
  'procedure_decision_partly_accepted_notice',
  'procedure_decision_rejected_notice',
  'procedure_decision_inadmissible_notice',
  /**
   * Richiesta di integrazione documentale (art. 2 c.7 L. 241/1990): what is missing, the suspension of the term, that
   * it runs again on receipt (at the latest after 30 days); `dueOn` = the day it runs again by law at the latest.
   */
  'procedure_document_request_notice',
  /** The term runs again after a suspension for documents (received, or the 30 days ended): `dueOn` = the new deadline. */
  'procedure_resumption_notice',
]);
export type ApplicantNotificationTemplate = z.infer<typeof ApplicantNotificationTemplate>;

export const ApplicantNotificationRequestedV1 = defineEvent(ProcedureTopic, {
  name: 'ApplicantNotificationRequested',
  version: 1,
  summary:
    'A notice must reach the applicant (art. 8 start notice, art. 10-bis notice): its PDF is kept by procedures and served at GET /internal/procedures/{procedureId}/documents/{documentId} to service identities.',
  subject: 'the procedure id',
  schema: z.object({
    /** Stable per notice (derived from the document): a redelivery is the same message. */
    notificationId: z.string().min(1).max(128),
    procedureId: z.string().min(1),
    requesterId: RequesterId,
    template: ApplicantNotificationTemplate,
    documentId: z.string().min(1).max(128),
    protocolNumber: z.string().max(64).optional(),
    /**
     * The procedure's closing date (start notice), the last day for observations (10-bis notice; the term is then
     * suspended), or the day of the final decision (decision notices); for a document request, the day the term runs
     * again at the latest; for a resumption, the new closing date.
     */
    dueOn: CivilDate.optional(),
    requestedAt: Timestamp,
  }),
});

export const ProcedureStartRefusedV1 = defineEvent(ProcedureTopic, {
  name: 'ProcedureStartRefused',
  version: 1,
  summary:
    'A procedure start asked by a case (ProcedureRequested) was refused: nothing was created; the case is told why.',
  subject: 'the case id (the contact id when the request named no case)',
  schema: z.object({
    caseId: z.string().min(1),
    /** The contact that asked (the subject of ProcedureRequested). */
    contactId: z.string().optional(),
    procedureTypeCode: z.string().max(120).optional(),
    /**
     * `unknown_procedure_type`, `type_inactive`, `unknown_form`, `invalid_request`, `form_data_erased` (the
     * application form was erased in contacts, its requester anonymised, before procedures could fetch it),
     * `form_unavailable` (contacts could not hand the form over: failing past the consumer's retries, or 404/409).
     */
    code: Code,
    /** An Italian sentence for the operator, with no personal data (scrubbed like any free text). */
    reason: z.string().min(1).max(1000).meta({ urpFreeText: true }),
    refusedAt: Timestamp,
  }),
});

/**
 * Any write of a procedure (its own events or none, the legal clock's bookkeeping included): the procedures
 * service's instances keep their in-memory read model current with it (each re-reads the procedure by id).
 * Carries no content; other services need not consume it.
 */
export const ProcedureChangedV1 = defineEvent(ProcedureTopic, {
  name: 'ProcedureChanged',
  version: 1,
  summary:
    "A procedure was written (any change): the procedures service's instances refresh their read model from it.",
  subject: 'the procedure id',
  schema: z.object({
    procedureId: z.string(),
    changedAt: Timestamp,
    /** The procedure's revision after the write: an instance that holds it already need not re-read it. */
    revision: z.number().int().positive().optional(),
  }),
});

/** Every event of the procedures service (the catalog in ../index.ts collects them). */
export const proceduresEvents: EventDefinition[] = [
  ProcedureTypeChangedV1,
  SuspensionKindDefinedV1,
  ProcedureSubmittedV1,
  ProcedureStartedV1,
  ProcedureSuspendedV1,
  ProcedureResumedV1,
  ProcedureDecidedV1,
  RejectionNoticeSentV1,
  ObservationsReceivedV1,
  SilentAssentFormedV1,
  DeadlineApproachingV1,
  DeadlineMissedV1,
  SubstituteEngagedV1,
  ReviewRequestedV1,
  SilentAssentAttestedV1,
  ApplicantNotificationRequestedV1,
  ProcedureStartRefusedV1,
  ProcedureChangedV1,
];
