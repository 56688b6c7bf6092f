import { z } from 'zod';
import { defineEvent, defineTopic } from '../catalog';
import { Channel, ContactType, NotificationChannel, RequesterId, StaffId, Timestamp } from './shared';

export const ContactTopic = defineTopic({
  service: 'contacts',
  aggregate: 'contact',
  partitions: 3,
  description:
    'Every contact between a citizen and the URP, from registration to closing. Key: the contact id.',
});

export const CaseTopic = defineTopic({
  service: 'contacts',
  aggregate: 'case',
  partitions: 3,
  description:
    'Cases (pratiche, segnalazioni, reclami) worked by the back office to a due date. Key: the case id.',
});

export const RequesterTopic = defineTopic({
  service: 'contacts',
  aggregate: 'requester',
  partitions: 3,
  description: 'Lifecycle of pseudonymous requesters (no personal data ever). Key: the requester id.',
});

/** A code of the three-level contact taxonomy (lowercase snake_case codes, configurable per administration). */
export const ContactCategory = z.object({
  level1: z.string().min(1),
  level2: z.string().min(1).optional(),
  level3: z.string().min(1).optional(),
});
export type ContactCategory = z.infer<typeof ContactCategory>;

export const ContactDirection = z.enum(['inbound', 'outbound']);
export const CasePriority = z.enum(['low', 'normal', 'high', 'urgent']);
export const CaseOutcome = z.enum([
  'accepted',
  'partly_accepted',
  'rejected',
  'forwarded',
  'withdrawn',
  'answered',
]);
export type CaseOutcome = z.infer<typeof CaseOutcome>;

export const ContactRegisteredV1 = defineEvent(ContactTopic, {
  name: 'ContactRegistered',
  version: 1,
  summary: 'A front-office operator registered a contact with a citizen.',
  subject: 'the contact id',
  schema: z.object({
    contactId: z.string(),
    channel: Channel,
    contactType: ContactType,
    requesterId: RequesterId.optional(),
    operatorId: StaffId,
    registeredAt: Timestamp,
    category: ContactCategory.optional(),
    /** Knowledge-base sheets used to answer. */
    sheetIds: z.array(z.string()).optional(),
    resolvedAtFirstContact: z.boolean().optional(),
    protocolNumber: z.string().optional(),
    officeId: z.string().optional(),
    direction: ContactDirection.optional(),
    /** District / zone code, never an address. */
    area: z.string().optional(),
    /** The requester is an employee of the administration (no satisfaction survey). */
    requesterIsStaff: z.boolean().optional(),
    /** Set when the contact opened a case. */
    caseId: z.string().optional(),
  }),
});

export const ContactClosedV1 = defineEvent(ContactTopic, {
  name: 'ContactClosed',
  version: 1,
  summary: 'A contact was closed: answered at first contact or after back-office work.',
  subject: 'the contact id',
  schema: z.object({
    contactId: z.string(),
    channel: Channel,
    contactType: ContactType,
    requesterId: RequesterId.optional(),
    operatorId: StaffId,
    resolvedAtFirstContact: z.boolean(),
    registeredAt: Timestamp,
    closedAt: Timestamp,
    requesterIsStaff: z.boolean().optional(),
    category: ContactCategory.optional(),
    officeId: z.string().optional(),
  }),
});

export const ProcedureRequestedV1 = defineEvent(ContactTopic, {
  name: 'ProcedureRequested',
  version: 1,
  summary: 'A contact of type "start of a procedure" hands the request over to the procedures service.',
  subject: 'the contact id',
  schema: z.object({
    contactId: z.string(),
    requesterId: RequesterId.optional(),
    procedureTypeCode: z.string().min(1),
    /** Free text typed by the operator: scrubbed of personal data by the producer. */
    subject: z.string().meta({ urpFreeText: true }),
    receivedAt: Timestamp,
    protocolNumber: z.string(),
    channel: Channel,
    operatorId: StaffId,
    formId: z.string().optional(),
    formVersion: z.number().int().optional(),
    /**
     * The citizen filled in an application form: contacts keeps it with the contact (never on an event, it holds
     * personal data) and procedures fetches it from `GET /internal/contacts/:contactId/procedure-form` when it
     * starts the procedure.
     */
    hasFormData: z.boolean().optional(),
    /**
     * NO LONGER SENT (personal data travelled in clear): the form data itself, kept in the schema only so that
     * older records still validate. Producers send `hasFormData` instead.
     */
    formData: z.record(z.string(), z.unknown()).optional(),
  }),
});

export const FaqProposedV1 = defineEvent(ContactTopic, {
  name: 'FaqProposed',
  version: 1,
  summary: 'An operator proposed an answered question as a FAQ draft (personal data scrubbed).',
  subject: 'the contact id',
  schema: z.object({
    proposalId: z.string(),
    contactId: z.string(),
    question: z.string().meta({ urpFreeText: true }),
    answer: z.string().meta({ urpFreeText: true }),
    category: ContactCategory.optional(),
    sheetIds: z.array(z.string()).optional(),
    proposedBy: StaffId,
    proposedAt: Timestamp,
  }),
});

export const CaseOpenedV1 = defineEvent(CaseTopic, {
  name: 'CaseOpened',
  version: 1,
  summary: 'A contact needs back-office work: a case was opened with its due date and protocol number.',
  subject: 'the case id',
  schema: z.object({
    caseId: z.string(),
    contactId: z.string(),
    contactType: ContactType,
    channel: Channel,
    category: ContactCategory.optional(),
    requesterId: RequesterId.optional(),
    officeId: z.string().optional(),
    referentId: z.string().optional(),
    priority: CasePriority,
    openedAt: Timestamp,
    dueAt: Timestamp,
    protocolNumber: z.string(),
    requesterIsStaff: z.boolean().optional(),
    area: z.string().optional(),
  }),
});

export const CaseRoutedV1 = defineEvent(CaseTopic, {
  name: 'CaseRouted',
  version: 1,
  summary: 'A case was routed to an office and optionally an internal referent.',
  subject: 'the case id',
  schema: z.object({
    caseId: z.string(),
    officeId: z.string(),
    referentId: z.string().optional(),
    routedAt: Timestamp,
    routedBy: StaffId,
  }),
});

export const CaseSuspendedV1 = defineEvent(CaseTopic, {
  name: 'CaseSuspended',
  version: 1,
  summary: 'The clock of a case was paused (e.g. waiting for documents from the citizen).',
  subject: 'the case id',
  schema: z.object({
    caseId: z.string(),
    reason: z.string().meta({ urpFreeText: true }),
    suspendedAt: Timestamp,
    officeId: z.string().optional(),
  }),
});

export const CaseResumedV1 = defineEvent(CaseTopic, {
  name: 'CaseResumed',
  version: 1,
  summary: 'The clock of a case restarted; the due date was recomputed from the suspension history.',
  subject: 'the case id',
  schema: z.object({
    caseId: z.string(),
    resumedAt: Timestamp,
    dueAt: Timestamp,
    suspendedDays: z.number().int().nonnegative(),
    officeId: z.string().optional(),
  }),
});

export const ReminderDueV1 = defineEvent(CaseTopic, {
  name: 'ReminderDue',
  version: 1,
  summary:
    'A time-driven event of a case: the reminder to the office, or the due date reached. Fired exactly once.',
  subject: 'the case id',
  schema: z.object({
    caseId: z.string(),
    kind: z.enum(['reminder', 'due']),
    officeId: z.string().optional(),
    referentId: z.string().optional(),
    dueAt: Timestamp,
    firedAt: Timestamp,
    /**
     * The case's protocol number ("2026/0000123"): a public reference of the register, not personal data, so a
     * reminder can say which case it is about. Absent on cases without one and on events fired before it existed.
     */
    protocolNumber: z.string().optional(),
  }),
});

export const CaseAnsweredV1 = defineEvent(CaseTopic, {
  name: 'CaseAnswered',
  version: 1,
  summary: 'A public answer was sent to the citizen on a case.',
  subject: 'the case id',
  schema: z.object({
    caseId: z.string(),
    answeredAt: Timestamp,
    officeId: z.string().optional(),
    referentId: z.string().optional(),
    firstResponse: z.boolean(),
  }),
});

export const CaseClosedV1 = defineEvent(CaseTopic, {
  name: 'CaseClosed',
  version: 1,
  summary:
    'A case was closed with its outcome; withinTerm compares the closing with the due date net of suspensions.',
  subject: 'the case id',
  schema: z.object({
    caseId: z.string(),
    contactId: z.string(),
    contactType: ContactType,
    channel: Channel,
    category: ContactCategory.optional(),
    requesterId: RequesterId.optional(),
    requesterIsStaff: z.boolean().optional(),
    operatorId: StaffId,
    officeId: z.string().optional(),
    referentId: z.string().optional(),
    outcome: CaseOutcome,
    openedAt: Timestamp,
    closedAt: Timestamp,
    dueAt: Timestamp,
    suspendedDays: z.number().int().nonnegative(),
    withinTerm: z.boolean(),
    /** For outcome `forwarded`: the body that received the case (not our competence). */
    forwardedTo: z.string().optional().meta({ urpFreeText: true }),
  }),
});

export const CaseReopenedV1 = defineEvent(CaseTopic, {
  name: 'CaseReopened',
  version: 1,
  summary: 'A closed case was reopened.',
  subject: 'the case id',
  schema: z.object({
    caseId: z.string(),
    reopenedAt: Timestamp,
    reason: z.string().meta({ urpFreeText: true }),
    officeId: z.string().optional(),
  }),
});

export const DuplicateMarkedV1 = defineEvent(CaseTopic, {
  name: 'DuplicateMarked',
  version: 1,
  summary:
    'A case was marked as a duplicate of another (merged); updates of the duplicate go to the original.',
  subject: 'the duplicate case id',
  schema: z.object({
    caseId: z.string(),
    originalCaseId: z.string(),
    markedBy: StaffId,
    markedAt: Timestamp,
  }),
});

export const CitizenNotificationRequestedV1 = defineEvent(CaseTopic, {
  name: 'CitizenNotificationRequested',
  version: 1,
  summary:
    'A status change the citizen should know about: asks for a message on the preferred channel (no address, no personal text).',
  subject: 'the case id, or the contact id when there is no case',
  schema: z.object({
    notificationId: z.string(),
    requesterId: RequesterId,
    caseId: z.string().optional(),
    contactId: z.string().optional(),
    channel: NotificationChannel,
    template: z.string(),
    status: z.string().optional(),
    dueAt: Timestamp.optional(),
    requestedAt: Timestamp,
    protocolNumber: z.string().optional(),
    /**
     * The case's public message this notification delivers (the answer, or another message to the citizen), or
     * `receipt_<contactId>`: the receipt of a contact registered away from the desk (protocol number, receipt code,
     * status page), on its `case_received` notification. Its text never travels on an event: the sender fetches it
     * from contacts at send time (`POST /internal/case-messages`, service identity, audited) and puts it in the
     * message.
     */
    messageId: z.string().max(64).optional(),
  }),
});

export const RequesterAnonymisedV1 = defineEvent(RequesterTopic, {
  name: 'RequesterAnonymised',
  version: 1,
  summary:
    'The personal data of a requester were erased (retention elapsed or on request); statistics are kept.',
  subject: 'the requester id',
  schema: z.object({
    requesterId: RequesterId,
    anonymisedAt: Timestamp,
    reason: z.enum(['retention', 'request']),
  }),
});

/**
 * Any write of a contact (and its case) after its registration: the contacts service's instances keep their
 * in-memory read model current with it (each re-reads the contact by id unless it already holds that revision).
 * A registration itself is announced by `ContactRegistered` (revision 1, same topic and key), not by this event.
 * Carries no content; other services need not consume it.
 */
export const ContactChangedV1 = defineEvent(ContactTopic, {
  name: 'ContactChanged',
  version: 1,
  summary:
    "A contact or its case was written after its registration (any change): the contacts service's instances refresh their read model from it; a registration is ContactRegistered.",
  subject: 'the contact id',
  schema: z.object({
    contactId: z.string(),
    /** The stored revision the write produced: an instance holding it (or a newer one) skips the re-read. */
    revision: z.number().int().positive(),
    changedAt: Timestamp,
  }),
});

/**
 * Any write of a requester record: the contacts service's instances refresh their in-memory requester search
 * from it (re-read by id). The pseudonymous id only, never a personal datum.
 */
export const RequesterChangedV1 = defineEvent(RequesterTopic, {
  name: 'RequesterChanged',
  version: 1,
  summary:
    "A requester record was written (any change): the contacts service's instances refresh their requester search from it.",
  subject: 'the requester id',
  schema: z.object({
    requesterId: RequesterId,
    revision: z.number().int().positive(),
    changedAt: Timestamp,
  }),
});

/** Every event of the contacts service (the catalog in ../index.ts collects them). */
export const contactsEvents = [
  ContactRegisteredV1,
  ContactClosedV1,
  ProcedureRequestedV1,
  FaqProposedV1,
  CaseOpenedV1,
  CaseRoutedV1,
  CaseSuspendedV1,
  CaseResumedV1,
  ReminderDueV1,
  CaseAnsweredV1,
  CaseClosedV1,
  CaseReopenedV1,
  DuplicateMarkedV1,
  CitizenNotificationRequestedV1,
  RequesterAnonymisedV1,
  ContactChangedV1,
  RequesterChangedV1,
];
