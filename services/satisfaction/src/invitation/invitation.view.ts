import type { SurveyInvitation, SurveyRating } from '../__generated__/graphql';
import type { Invitation } from './invitation.rules';

/** The GraphQL shape of a rating (enum values are the domain's: the schema maps them). */
export const ratingView = (i: Invitation | null | undefined): SurveyRating | null =>
  i?.status === 'answered' && i.answer
    ? {
        emoticon: i.answer.emoticon ?? null,
        reasons: i.answer.reasons ?? [],
        stars: i.answer.stars ?? null,
        csat: i.answer.csat ?? null,
        nps: i.answer.nps ?? null,
        comment: i.answer.comment ?? null,
        answeredAt: (i.answeredAt ?? i.createdAt).toISOString(),
      }
    : null;

export const invitationView = (i: Invitation | null | undefined): SurveyInvitation | null =>
  i
    ? {
        id: i.id,
        contactId: i.contactId ?? null,
        caseId: i.caseId ?? null,
        procedureId: i.procedureId ?? null,
        surveyId: i.surveyId,
        kind: i.surveyKind,
        trigger: i.trigger,
        status: i.status,
        channel: i.channel ?? null,
        officeId: i.officeId ?? null,
        serviceCode: i.serviceCode ?? null,
        createdAt: i.createdAt.toISOString(),
        expiresAt: i.expiresAt.toISOString(),
        answeredAt: i.answeredAt?.toISOString() ?? null,
        rating: ratingView(i),
      }
    : null;
