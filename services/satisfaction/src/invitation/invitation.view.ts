import type { SurveyInvitationDocument } from './invitation.schema';

/** The GraphQL shape of a rating (enum values are the domain's: the schema maps them). */
export const ratingView = (d: SurveyInvitationDocument | null | undefined) =>
  d?.status === 'answered' && d.answer
    ? {
        emoticon: d.answer.emoticon ?? null,
        reasons: d.answer.reasons ?? [],
        stars: d.answer.stars ?? null,
        csat: d.answer.csat ?? null,
        nps: d.answer.nps ?? null,
        comment: d.answer.comment ?? null,
        answeredAt: (d.answeredAt ?? d.createdAt).toISOString(),
      }
    : null;

export const invitationView = (d: SurveyInvitationDocument | null | undefined) =>
  d
    ? {
        id: d._id,
        contactId: d.contactId ?? null,
        caseId: d.caseId ?? null,
        procedureId: d.procedureId ?? null,
        surveyId: d.surveyId,
        kind: d.surveyKind,
        trigger: d.trigger,
        status: d.status,
        channel: d.channel ?? null,
        officeId: d.officeId ?? null,
        serviceCode: d.serviceCode ?? null,
        createdAt: d.createdAt.toISOString(),
        expiresAt: d.expiresAt.toISOString(),
        answeredAt: d.answeredAt?.toISOString() ?? null,
        rating: ratingView(d),
      }
    : null;
