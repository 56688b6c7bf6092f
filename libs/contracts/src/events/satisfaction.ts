import { z } from 'zod';
import { defineEvent, defineTopic } from '../catalog';
import { Channel, RequesterId, Timestamp } from './shared';

export const SurveyInvitationTopic = defineTopic({
  service: 'satisfaction',
  aggregate: 'survey-invitation',
  partitions: 3,
  description: 'Customer-satisfaction invitations sent to citizens after a contact. Key: the invitation id.',
});

export const SurveyInvitationCreatedV1 = defineEvent(SurveyInvitationTopic, {
  name: 'SurveyInvitationCreated',
  version: 1,
  summary: 'A single-use satisfaction survey invitation was created for a closed contact.',
  subject: 'the invitation id',
  schema: z.object({
    invitationId: z.string(),
    contactId: z.string(),
    requesterId: RequesterId.optional(),
    channel: Channel,
    createdAt: Timestamp,
    expiresAt: Timestamp,
  }),
});

/** Every event of the satisfaction service (the catalog in ../index.ts collects them). */
export const satisfactionEvents = [SurveyInvitationCreatedV1];
