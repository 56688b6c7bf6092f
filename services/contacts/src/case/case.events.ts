import {
  CaseAnsweredV1,
  CaseClosedV1,
  CaseOpenedV1,
  CaseReopenedV1,
  CaseResumedV1,
  CaseRoutedV1,
  CaseSuspendedV1,
  CitizenNotificationRequestedV1,
  ContactClosedV1,
  createEvent,
  DuplicateMarkedV1,
  ReminderDueV1,
  type CloudEvent,
  type NotificationChannel,
} from '@urp/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { Contact } from '../contact/contact.rules';
import type { CaseRecord } from './case.model';
import type { CaseStatus } from './case.rules';

export const SOURCE = '/urp/contacts';
const iso = (d: Date) => d.toISOString();
const opt = <T>(k: string, v: T | undefined) => (v === undefined || v === null ? {} : { [k]: v });

type C = Contact & { case: CaseRecord };

export const caseOpened = (c: C): CloudEvent =>
  createEvent(
    CaseOpenedV1,
    c.case.id,
    {
      caseId: c.case.id,
      contactId: c.id,
      contactType: c.type,
      channel: c.channel,
      ...opt('category', c.category),
      ...opt('requesterId', c.requesterId),
      ...opt('officeId', c.case.officeId),
      ...opt('referentId', c.case.referentId),
      priority: c.case.priority,
      openedAt: iso(c.case.openedAt),
      dueAt: iso(c.case.dueAt),
      protocolNumber: c.protocolNumber!,
      ...opt('requesterIsStaff', c.requesterIsStaff),
      ...opt('area', c.place?.area),
    },
    { source: SOURCE, time: c.case.openedAt },
  );

export const caseRouted = (c: C, by: string, at: Date): CloudEvent =>
  createEvent(
    CaseRoutedV1,
    c.case.id,
    {
      caseId: c.case.id,
      officeId: c.case.officeId!,
      ...opt('referentId', c.case.referentId),
      routedAt: iso(at),
      routedBy: by,
    },
    { source: SOURCE, time: at },
  );

export const caseSuspended = (c: C, reason: string, at: Date): CloudEvent =>
  createEvent(
    CaseSuspendedV1,
    c.case.id,
    { caseId: c.case.id, reason, suspendedAt: iso(at), ...opt('officeId', c.case.officeId) },
    { source: SOURCE },
  );

export const caseResumed = (c: C, at: Date, suspendedDays: number): CloudEvent =>
  createEvent(
    CaseResumedV1,
    c.case.id,
    {
      caseId: c.case.id,
      resumedAt: iso(at),
      dueAt: iso(c.case.dueAt),
      suspendedDays,
      ...opt('officeId', c.case.officeId),
    },
    { source: SOURCE },
  );

export const caseAnswered = (c: C, at: Date, firstResponse: boolean): CloudEvent =>
  createEvent(
    CaseAnsweredV1,
    c.case.id,
    {
      caseId: c.case.id,
      answeredAt: iso(at),
      ...opt('officeId', c.case.officeId),
      ...opt('referentId', c.case.referentId),
      firstResponse,
    },
    { source: SOURCE, time: at },
  );

export const caseClosed = (c: C, operatorId: string, suspendedDays: number): CloudEvent =>
  createEvent(
    CaseClosedV1,
    c.case.id,
    {
      caseId: c.case.id,
      contactId: c.id,
      contactType: c.type,
      channel: c.channel,
      ...opt('category', c.category),
      ...opt('requesterId', c.requesterId),
      ...opt('requesterIsStaff', c.requesterIsStaff),
      operatorId,
      ...opt('officeId', c.case.officeId),
      ...opt('referentId', c.case.referentId),
      outcome: c.case.outcome!,
      openedAt: iso(c.case.openedAt),
      closedAt: iso(c.case.closedAt!),
      dueAt: iso(c.case.dueAt),
      suspendedDays,
      withinTerm: c.case.withinTerm!,
      ...opt('forwardedTo', c.case.forwardedTo),
    },
    { source: SOURCE, time: c.case.closedAt! },
  );

export const caseReopened = (c: C, reason: string, at: Date): CloudEvent =>
  createEvent(
    CaseReopenedV1,
    c.case.id,
    { caseId: c.case.id, reopenedAt: iso(at), reason, ...opt('officeId', c.case.officeId) },
    { source: SOURCE },
  );

export const duplicateMarked = (caseId: string, originalCaseId: string, by: string, at: Date): CloudEvent =>
  createEvent(
    DuplicateMarkedV1,
    caseId,
    { caseId, originalCaseId, markedBy: by, markedAt: iso(at) },
    { source: SOURCE },
  );

export const reminderDue = (c: C, kind: 'reminder' | 'due', at: Date, firedAt: Date): CloudEvent =>
  createEvent(
    ReminderDueV1,
    c.case.id,
    {
      caseId: c.case.id,
      kind,
      ...opt('officeId', c.case.officeId),
      ...opt('referentId', c.case.referentId),
      dueAt: iso(kind === 'due' ? at : c.case.dueAt),
      firedAt: iso(firedAt),
    },
    { source: SOURCE },
  );

/** A message to the citizen about a status change, on the preferred channel; no address, no text. */
export const citizenNotification = (
  c: Contact,
  requesterId: string,
  channel: NotificationChannel,
  status: CaseStatus | 'contact_registered',
  at: Date,
): CloudEvent =>
  createEvent(
    CitizenNotificationRequestedV1,
    c.case?.id ?? c.id,
    {
      notificationId: uuidv7(),
      requesterId,
      ...opt('caseId', c.case?.id),
      contactId: c.id,
      channel,
      template: `case_${status}`,
      status,
      ...opt('dueAt', c.case ? iso(c.case.dueAt) : undefined),
      requestedAt: iso(at),
      ...opt('protocolNumber', c.protocolNumber),
    },
    { source: SOURCE },
  );

export const contactClosed = (contact: Contact, operatorId: string): CloudEvent =>
  createEvent(
    ContactClosedV1,
    contact.id,
    {
      contactId: contact.id,
      channel: contact.channel,
      contactType: contact.type,
      requesterId: contact.requesterId,
      operatorId,
      resolvedAtFirstContact: contact.resolvedAtFirstContact ?? false,
      registeredAt: contact.registeredAt.toISOString(),
      closedAt: contact.closedAt!.toISOString(),
      ...opt('requesterIsStaff', contact.requesterIsStaff || undefined),
      ...opt('category', contact.category),
      ...opt('officeId', contact.officeId),
    },
    { source: SOURCE, time: contact.closedAt },
  );
