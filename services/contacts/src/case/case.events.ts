/**
 * The case's events, built from states with the kernel's `emit` (contract fields only, free text scrubbed,
 * time and causation from the context). No personal data: the citizen is the pseudonymous `requesterId`.
 */
import {
  CaseAnsweredV1,
  CaseClosedV1,
  CaseOpenedV1,
  CaseReopenedV1,
  CaseResumedV1,
  CaseRoutedV1,
  CaseSuspendedV1,
  CitizenNotificationRequestedV1,
  DuplicateMarkedV1,
  ReminderDueV1,
  type CloudEvent,
  type NotificationChannel,
} from '@urp/contracts';
import { emit, type UseCaseContext } from '@urp/kernel';
import { v7 as uuidv7 } from 'uuid';
import type { CaseContact, Contact } from '../contact/contact.rules';
import type { TimerKind } from './case-clock.rules';
import type { CaseStatus } from './case-phases.rules';

const iso = (d: Date) => d.toISOString();
const opt = <K extends string, T>(k: K, v: T | undefined | null) =>
  (v === undefined || v === null ? {} : { [k]: v }) as Partial<Record<K, T>>;

export const caseOpened = (ctx: UseCaseContext, c: CaseContact): CloudEvent =>
  emit(ctx, CaseOpenedV1, c.case.id, {
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
    protocolNumber: c.protocolNumber ?? '',
    ...opt('requesterIsStaff', c.requesterIsStaff),
    ...opt('area', c.place?.area),
  });

export const caseRouted = (ctx: UseCaseContext, c: CaseContact): CloudEvent =>
  emit(ctx, CaseRoutedV1, c.case.id, {
    caseId: c.case.id,
    officeId: c.case.officeId ?? '',
    ...opt('referentId', c.case.referentId),
    routedAt: iso(ctx.now),
    routedBy: ctx.actor.sub,
  });

export const caseSuspended = (ctx: UseCaseContext, c: CaseContact, reason: string): CloudEvent =>
  emit(ctx, CaseSuspendedV1, c.case.id, {
    caseId: c.case.id,
    reason,
    suspendedAt: iso(ctx.now),
    ...opt('officeId', c.case.officeId),
  });

export const caseResumed = (ctx: UseCaseContext, c: CaseContact, suspendedDays: number): CloudEvent =>
  emit(ctx, CaseResumedV1, c.case.id, {
    caseId: c.case.id,
    resumedAt: iso(ctx.now),
    dueAt: iso(c.case.dueAt),
    suspendedDays,
    ...opt('officeId', c.case.officeId),
  });

export const caseAnswered = (ctx: UseCaseContext, c: CaseContact, firstResponse: boolean): CloudEvent =>
  emit(ctx, CaseAnsweredV1, c.case.id, {
    caseId: c.case.id,
    answeredAt: iso(ctx.now),
    ...opt('officeId', c.case.officeId),
    ...opt('referentId', c.case.referentId),
    firstResponse,
  });

export const caseClosed = (ctx: UseCaseContext, c: CaseContact, suspendedDays: number): CloudEvent =>
  emit(ctx, CaseClosedV1, c.case.id, {
    caseId: c.case.id,
    contactId: c.id,
    contactType: c.type,
    channel: c.channel,
    ...opt('category', c.category),
    ...opt('requesterId', c.requesterId),
    ...opt('requesterIsStaff', c.requesterIsStaff),
    operatorId: ctx.actor.sub,
    ...opt('officeId', c.case.officeId),
    ...opt('referentId', c.case.referentId),
    outcome: c.case.outcome ?? 'answered',
    openedAt: iso(c.case.openedAt),
    closedAt: iso(c.case.closedAt ?? ctx.now),
    dueAt: iso(c.case.dueAt),
    suspendedDays,
    withinTerm: c.case.withinTerm ?? false,
    ...opt('forwardedTo', c.case.forwardedTo),
  });

export const caseReopened = (ctx: UseCaseContext, c: CaseContact, reason: string): CloudEvent =>
  emit(ctx, CaseReopenedV1, c.case.id, {
    caseId: c.case.id,
    reopenedAt: iso(ctx.now),
    reason,
    ...opt('officeId', c.case.officeId),
  });

export const duplicateMarked = (ctx: UseCaseContext, caseId: string, originalCaseId: string): CloudEvent =>
  emit(ctx, DuplicateMarkedV1, caseId, {
    caseId,
    originalCaseId,
    markedBy: ctx.actor.sub,
    markedAt: iso(ctx.now),
  });

export const reminderDue = (ctx: UseCaseContext, c: CaseContact, kind: TimerKind, at: Date): CloudEvent =>
  emit(ctx, ReminderDueV1, c.case.id, {
    caseId: c.case.id,
    kind,
    ...opt('officeId', c.case.officeId),
    ...opt('referentId', c.case.referentId),
    dueAt: iso(kind === 'due' ? at : c.case.dueAt),
    firedAt: iso(ctx.now),
    ...opt('protocolNumber', c.protocolNumber),
  });

/** Who a status change is told to: the requester's pseudonymous id and preferred channel (no address). */
export interface Recipient {
  requesterId: string;
  channel: NotificationChannel;
}

/**
 * A message to the citizen about a status change (or a public message of the case: `message`), on the
 * preferred channel; no address, no text: `messageId` names the case's public message it delivers (a reply, or
 * what is missing for `waiting_citizen`), whose text the sender fetches from `POST /internal/case-messages`.
 */
export const citizenNotification = (
  ctx: UseCaseContext,
  c: Contact,
  to: Recipient,
  status: CaseStatus | 'contact_registered' | 'message',
  messageId?: string,
): CloudEvent =>
  emit(ctx, CitizenNotificationRequestedV1, c.case?.id ?? c.id, {
    notificationId: uuidv7(),
    requesterId: to.requesterId,
    ...opt('caseId', c.case?.id),
    contactId: c.id,
    channel: to.channel,
    template: `case_${status}`,
    status,
    // while the clock is suspended the due date is not known yet (it moves by the days waited): not told
    ...opt('dueAt', c.case && !(c.case.suspensions ?? []).some((x) => !x.to) ? iso(c.case.dueAt) : undefined),
    requestedAt: iso(ctx.now),
    ...opt('protocolNumber', c.protocolNumber),
    ...opt('messageId', messageId),
  });
