/** The contact's events, built with the kernel's `emit`: no personal data (the citizen is `requesterId`). */
import {
  ContactClosedV1,
  ContactRegisteredV1,
  FaqProposedV1,
  ProcedureRequestedV1,
  type CloudEvent,
} from '@urp/contracts';
import { emit, type UseCaseContext } from '@urp/kernel';
import type { Contact } from './contact.rules';

const opt = <K extends string, T>(k: K, v: T | undefined | null) =>
  (v === undefined || v === null ? {} : { [k]: v }) as Partial<Record<K, T>>;

export const contactRegistered = (
  ctx: UseCaseContext,
  c: Contact,
  resolvedAtFirstContact: boolean | undefined,
): CloudEvent =>
  emit(ctx, ContactRegisteredV1, c.id, {
    contactId: c.id,
    channel: c.channel,
    contactType: c.type,
    requesterId: c.requesterId,
    operatorId: c.operatorId,
    registeredAt: c.registeredAt.toISOString(),
    ...opt('category', c.category),
    ...(c.sheetIds.length ? { sheetIds: c.sheetIds } : {}),
    ...opt('resolvedAtFirstContact', resolvedAtFirstContact),
    ...opt('protocolNumber', c.protocolNumber),
    ...opt('officeId', c.officeId),
    direction: c.direction,
    ...opt('area', c.place?.area),
    ...(c.requesterIsStaff ? { requesterIsStaff: true } : {}),
    ...opt('caseId', c.case?.id),
  });

export const contactClosed = (ctx: UseCaseContext, c: Contact): CloudEvent =>
  emit(ctx, ContactClosedV1, c.id, {
    contactId: c.id,
    channel: c.channel,
    contactType: c.type,
    requesterId: c.requesterId,
    operatorId: ctx.actor.sub,
    resolvedAtFirstContact: c.resolvedAtFirstContact ?? false,
    registeredAt: c.registeredAt.toISOString(),
    closedAt: (c.closedAt ?? ctx.now).toISOString(),
    ...(c.requesterIsStaff ? { requesterIsStaff: true } : {}),
    ...opt('category', c.category),
    ...opt('officeId', c.officeId),
  });

export const procedureRequested = (
  ctx: UseCaseContext,
  c: Contact,
  form: { formId?: string; formVersion?: number },
): CloudEvent =>
  emit(ctx, ProcedureRequestedV1, c.id, {
    contactId: c.id,
    ...opt('requesterId', c.requesterId),
    procedureTypeCode: c.procedureTypeCode ?? '',
    subject: c.subject,
    receivedAt: c.registeredAt.toISOString(),
    protocolNumber: c.protocolNumber ?? '',
    channel: c.channel,
    operatorId: c.operatorId,
    ...opt('formId', form.formId),
    ...opt('formVersion', form.formVersion),
    // never the form data itself (personal data): procedures fetches it from contacts
    ...(c.formData ? { hasFormData: true } : {}),
  });

export const faqProposed = (
  ctx: UseCaseContext,
  c: Contact,
  p: { proposalId: string; question: string; answer: string },
): CloudEvent =>
  emit(ctx, FaqProposedV1, c.id, {
    proposalId: p.proposalId,
    contactId: c.id,
    question: p.question,
    answer: p.answer,
    ...opt('category', c.category),
    ...(c.sheetIds.length ? { sheetIds: c.sheetIds } : {}),
    proposedBy: ctx.actor.sub,
    proposedAt: ctx.now.toISOString(),
  });
