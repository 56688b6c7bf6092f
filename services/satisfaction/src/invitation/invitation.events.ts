import {
  SurveyAnsweredV2,
  SurveyExpiredV1,
  SurveyInvitationIssuedV1,
  SurveyLinkDeliveryRequestedV1,
  type CloudEvent,
} from '@urp/contracts';
import { romeCivilDate } from '@urp/legal-clock';
import { emit, type UseCaseContext } from '@urp/kernel';
import type { SurveyAnswer } from '../survey/survey.rules';
import { romeMonth } from '../indicators/rome-time';
import type { Invitation } from './invitation.rules';

/** Where a survey is about: enough to aggregate, nothing about the person (and never the token). */
const context = (i: Invitation) => ({
  invitationId: i.id,
  surveyId: i.surveyId,
  surveyKind: i.surveyKind,
  trigger: i.trigger,
  ...(i.serviceCode ? { serviceCode: i.serviceCode } : {}),
  ...(i.officeId ? { officeId: i.officeId } : {}),
  ...(i.channel ? { channel: i.channel } : {}),
  ...(i.contactId ? { contactId: i.contactId } : {}),
  ...(i.caseId ? { caseId: i.caseId } : {}),
  ...(i.procedureId ? { procedureId: i.procedureId } : {}),
});

export const invitationIssued = (ctx: UseCaseContext, i: Invitation): CloudEvent =>
  emit(ctx, SurveyInvitationIssuedV1, i.id, {
    ...context(i),
    ...(i.requesterId ? { requesterId: i.requesterId } : {}),
    sourceEventId: i.sourceEventId,
    issuedAt: i.createdAt.toISOString(),
    expiresAt: i.expiresAt.toISOString(),
  });

/**
 * The answer, anonymous: a random id for key and subject, no invitation, case, contact, procedure or
 * requester id, and only the month of issue (an exact time would find the invitation). Nothing in it
 * leads back to the person; only the dimensions the indicators aggregate over remain.
 */
export const invitationAnswered = (
  ctx: UseCaseContext,
  i: Invitation,
  answerId: string,
  a: SurveyAnswer,
): CloudEvent =>
  emit(ctx, SurveyAnsweredV2, answerId, {
    answerId,
    surveyId: i.surveyId,
    surveyKind: i.surveyKind,
    trigger: i.trigger,
    ...(i.serviceCode ? { serviceCode: i.serviceCode } : {}),
    ...(i.officeId ? { officeId: i.officeId } : {}),
    ...(i.channel ? { channel: i.channel } : {}),
    issuedMonth: romeMonth(i.createdAt.toISOString()),
    answeredAt: ctx.now.toISOString(),
    ...(a.emoticon ? { emoticon: a.emoticon } : {}),
    ...(a.reasons?.length ? { reasons: a.reasons } : {}),
    ...(a.stars !== undefined ? { stars: a.stars } : {}),
    ...(a.csat !== undefined ? { csat: a.csat } : {}),
    ...(a.nps !== undefined ? { nps: a.nps } : {}),
    ...(a.answers?.length ? { answers: a.answers } : {}),
    ...(a.comment ? { comment: a.comment } : {}),
  });

export const invitationExpired = (ctx: UseCaseContext, i: Invitation): CloudEvent =>
  emit(ctx, SurveyExpiredV1, i.id, {
    ...context(i),
    issuedAt: i.createdAt.toISOString(),
    expiredAt: ctx.now.toISOString(),
  });

/** Campaigns, deliver the link: ids, channel and last day only (never the token or the link). */
export const surveyLinkDeliveryRequested = (ctx: UseCaseContext, i: Invitation): CloudEvent => {
  if (!i.delivery || !i.requesterId) throw new Error(`invitation ${i.id} has no delivery to request`);
  return emit(ctx, SurveyLinkDeliveryRequestedV1, i.id, {
    notificationId: i.delivery.notificationId,
    invitationId: i.id,
    requesterId: i.requesterId,
    channel: i.delivery.channel,
    expiresOn: romeCivilDate(i.expiresAt),
    requestedAt: i.delivery.requestedAt.toISOString(),
  });
};
