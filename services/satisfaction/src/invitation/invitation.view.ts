import type { SurveyInvitation } from '../__generated__/graphql';
import type { Invitation } from './invitation.rules';

/**
 * What staff see of an invitation: where it is about and its status (sent, answered, expired), never the
 * rating, the comment or when it was answered: the invitation names the case and so the person.
 */
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
      }
    : null;
