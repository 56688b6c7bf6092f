import {
  ApplicantNotificationRequestedV1,
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
  type CloudEvent,
  type EventDefinition,
} from '@urp/contracts';
import { emit, stripNulls } from '@urp/kernel';
import { addDays, endOfRomeDay, observationsDueOn, startOfRomeDay, type CivilDate } from '@urp/legal-clock';
import type { z } from 'zod';
import { templateOf, type ProcedureDocument } from '../document/notice.document';
import {
  instantOf,
  type ClockContext,
  type Procedure,
  type ProcedureDecision,
  type StoredSuspension,
} from './procedure.state';

/**
 * The events of a procedure, built from its state with the kernel's event builder. No personal data and no
 * free text: reasons, subject and third parties stay in the service (a suspension's `reason` is the label of
 * its kind, never the operator's words). Fields absent from the state are absent from the payload.
 */

const build = <D extends EventDefinition>(
  ctx: ClockContext,
  def: D,
  p: Procedure,
  data: z.input<D['schema']>,
): CloudEvent => emit(ctx, def, p.id, stripNulls(data));

const ref = (p: Procedure) => ({ procedureId: p.id, procedureTypeCode: p.typeCode, kind: p.kind });

export const submitted = (ctx: ClockContext, p: Procedure): CloudEvent =>
  build(ctx, ProcedureSubmittedV1, p, {
    ...ref(p),
    requesterId: p.requesterId,
    contactId: p.contactId,
    protocolNumber: p.protocolNumber,
    submittedAt: p.receivedAt,
    officeId: p.officeId,
    startedBy: p.initiative,
  });

export const started = (ctx: ClockContext, p: Procedure, responsibleId: string): CloudEvent =>
  build(ctx, ProcedureStartedV1, p, {
    ...ref(p),
    officeId: p.officeId,
    responsibleId,
    startedAt: ctx.now.toISOString(),
    dueAt: endOfRomeDay(
      p.dueDate ?? p.latestDueDate ?? p.nominalDueDate ?? addDays(p.receivedOn, p.legalTermDays),
    ),
    ...(p.dueDate ? { dueDate: p.dueDate } : {}),
    legalTermDays: p.legalTermDays,
  });

export const suspended = (ctx: ClockContext, p: Procedure, s: StoredSuspension, label: string): CloudEvent =>
  build(ctx, ProcedureSuspendedV1, p, {
    procedureId: p.id,
    suspensionId: s.id,
    kind: s.kind,
    reason: label,
    suspendedAt: instantOf(s.start, ctx),
    ...(p.latestDueDate ? { dueAt: endOfRomeDay(p.latestDueDate), maxEndDate: p.latestDueDate } : {}),
    procedureTypeCode: p.typeCode,
    procedureKind: p.kind,
  });

export const resumed = (
  ctx: ClockContext,
  p: Procedure,
  suspensionId: string,
  end: CivilDate,
  days: number | undefined,
): CloudEvent => {
  const due = p.dueDate ?? p.latestDueDate ?? p.nominalDueDate;
  // the suspension rules refuse, or wait, rather than end a suspension with no deadline to announce
  if (!due) throw new Error(`${p.id}: a resumption with no deadline to announce`);
  return build(ctx, ProcedureResumedV1, p, {
    procedureId: p.id,
    suspensionId,
    resumedAt: instantOf(end, ctx),
    dueAt: endOfRomeDay(due),
    dueDate: due,
    ...(days !== undefined ? { suspendedDays: days } : {}),
    procedureTypeCode: p.typeCode,
    procedureKind: p.kind,
  });
};

export const rejectionNoticeSent = (
  ctx: ClockContext,
  p: Procedure,
  start: CivilDate,
  suspensionId: string,
): CloudEvent =>
  build(ctx, RejectionNoticeSentV1, p, {
    ...ref(p),
    sentAt: instantOf(start, ctx),
    observationsDueAt: endOfRomeDay(observationsDueOn(start, ctx.calendar)),
    suspensionId,
  });

export const observationsReceived = (
  ctx: ClockContext,
  p: Procedure,
  day: CivilDate,
  suspensionId: string,
): CloudEvent =>
  build(ctx, ObservationsReceivedV1, p, { ...ref(p), receivedAt: instantOf(day, ctx), suspensionId });

export const decided = (ctx: ClockContext, p: Procedure, d: ProcedureDecision): CloudEvent =>
  build(ctx, ProcedureDecidedV1, p, {
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
    ...(p.requesterIsStaff ? { requesterIsStaff: true } : {}),
  });

export const silentAssentAttested = (
  ctx: ClockContext,
  p: Procedure,
  attestation: { requestedOn: CivilDate; dueDate: CivilDate },
): CloudEvent =>
  build(ctx, SilentAssentAttestedV1, p, {
    ...ref(p),
    requestedAt: instantOf(attestation.requestedOn, ctx),
    issuedAt: ctx.now.toISOString(),
    withinTerm: ctx.today <= attestation.dueDate,
  });

export const reviewRequested = (
  ctx: ClockContext,
  p: Procedure,
  reviewProcedureId: string,
  dueDate: CivilDate | null,
): CloudEvent =>
  build(ctx, ReviewRequestedV1, p, {
    ...ref(p),
    requestedAt: ctx.now.toISOString(),
    reviewProcedureId,
    ...(dueDate ? { dueAt: endOfRomeDay(dueDate) } : {}),
  });

export const deadlineApproaching = (
  ctx: ClockContext,
  p: Procedure,
  due: CivilDate,
  daysBefore: number,
): CloudEvent =>
  build(ctx, DeadlineApproachingV1, p, {
    ...ref(p),
    dueAt: endOfRomeDay(due),
    daysBefore,
    firedAt: ctx.now.toISOString(),
    phase: p.phase,
    responsibleId: p.responsibleId,
    officeId: p.officeId,
    protocolNumber: p.protocolNumber,
    procedureTypeName: p.typeName,
  });

export const deadlineMissed = (ctx: ClockContext, p: Procedure, due: CivilDate): CloudEvent =>
  build(ctx, DeadlineMissedV1, p, {
    ...ref(p),
    dueAt: endOfRomeDay(due),
    missedAt: startOfRomeDay(addDays(due, 1)),
    phase: p.phase,
    responsibleId: p.responsibleId,
    officeId: p.officeId,
    protocolNumber: p.protocolNumber,
    procedureTypeName: p.typeName,
  });

export const silentAssentFormed = (
  ctx: ClockContext,
  p: Procedure,
  decision: ProcedureDecision,
  due: CivilDate,
): CloudEvent =>
  build(ctx, SilentAssentFormedV1, p, {
    ...ref(p),
    formedAt: decision.decidedAt,
    dueAt: endOfRomeDay(due),
    requesterId: p.requesterId,
    officeId: p.officeId,
  });

export const substituteEngaged = (
  ctx: ClockContext,
  p: Procedure,
  s: NonNullable<Procedure['substitute']>,
): CloudEvent =>
  build(ctx, SubstituteEngagedV1, p, {
    ...ref(p),
    substituteId: s.substituteId,
    engagedAt: startOfRomeDay(s.engagedOn),
    dueAt: endOfRomeDay(s.dueDate),
    originalDueAt: endOfRomeDay(s.ordinaryDueDate),
    officeId: p.officeId,
  });

/** A notice must reach the applicant (agreement 2): campaigns fetches the PDF by its document id at send time. */
export const applicantNotificationRequested = (
  ctx: ClockContext,
  p: Procedure,
  d: ProcedureDocument & { notificationId: string },
  requesterId: string,
): CloudEvent =>
  build(ctx, ApplicantNotificationRequestedV1, p, {
    notificationId: d.notificationId,
    procedureId: p.id,
    requesterId,
    template: templateOf(d),
    documentId: d.id,
    protocolNumber: p.protocolNumber,
    dueOn: d.dueOn,
    requestedAt: ctx.now.toISOString(),
  });
