/**
 * The "deliver this" requests of procedures and satisfaction (third-wave agreements 2 and 3), as agreed. When the
 * producing service has put its definition in `@urp/contracts`, the catalog's one is used (same type, same topic);
 * until then these local definitions of the agreed shapes let this service consume them (and its tests publish
 * them). Either way the handler reads only the agreed fields.
 */
import {
  catalog,
  defineEvent,
  EventCatalog,
  ProcedureTopic,
  RequesterId,
  SurveyTopic,
  Timestamp,
  type EventDefinition,
} from '@urp/contracts';
import { z } from 'zod';

/** procedures: a notice to the applicant (art. 8 start, art. 10-bis rejection…), its PDF kept by procedures. */
export const ApplicantNotificationRequestedLocal = defineEvent(ProcedureTopic, {
  name: 'ApplicantNotificationRequested',
  version: 1,
  summary:
    'A notice must reach the applicant (art. 8 start notice, art. 10-bis notice…): the PDF stays with procedures.',
  subject: 'the procedure id',
  schema: z.object({
    notificationId: z.string().min(1).max(128),
    procedureId: z.string().min(1),
    requesterId: RequesterId,
    template: z.string().min(1).max(64),
    documentId: z.string().min(1).max(128),
    protocolNumber: z.string().max(64).optional(),
    dueOn: z.string().optional(),
    requestedAt: Timestamp,
  }),
});

/** satisfaction: the survey link must reach the citizen (never the token or the link in the event). */
export const SurveyLinkDeliveryRequestedLocal = defineEvent(SurveyTopic, {
  name: 'SurveyLinkDeliveryRequested',
  version: 1,
  summary:
    'The survey link of an invitation must reach the citizen (email or SMS); the link is fetched at send time.',
  subject: 'the invitation id',
  schema: z.object({
    notificationId: z.string().min(1).max(128),
    invitationId: z.string().min(1),
    requesterId: RequesterId,
    channel: z.enum(['email', 'sms']),
    expiresOn: z.string(),
    requestedAt: Timestamp,
  }),
});

export type ApplicantNotificationRequested = z.infer<typeof ApplicantNotificationRequestedLocal.schema>;
export type SurveyLinkDeliveryRequested = z.infer<typeof SurveyLinkDeliveryRequestedLocal.schema>;

const local: EventDefinition[] = [ApplicantNotificationRequestedLocal, SurveyLinkDeliveryRequestedLocal];

/** The platform catalog plus the agreed definitions its producers have not published yet. */
export const campaignsCatalog = new EventCatalog([
  ...catalog.events,
  ...local.filter((d) => !catalog.find(d.type)),
]);

/** The event type each handler listens to (the same whichever definition is in use). */
export const APPLICANT_NOTIFICATION_REQUESTED = ApplicantNotificationRequestedLocal.type;
export const SURVEY_LINK_DELIVERY_REQUESTED = SurveyLinkDeliveryRequestedLocal.type;
