import { SurveyAnsweredV1, SurveyExpiredV1, SurveyInvitationIssuedV1, type CloudEvent } from '@urp/contracts';
import { emit, type UseCaseContext } from '@urp/kernel';
import type { SurveyAnswer } from '../survey/survey.rules';
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

/** No requester id: a rating cannot be tied back to a person from the stream. */
export const invitationAnswered = (ctx: UseCaseContext, i: Invitation, a: SurveyAnswer): CloudEvent =>
  emit(ctx, SurveyAnsweredV1, i.id, {
    ...context(i),
    issuedAt: i.createdAt.toISOString(),
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
