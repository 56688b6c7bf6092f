import { z } from 'zod';
import { defineEvent, defineTopic } from '../catalog';
import { Channel, ContactType, RequesterId, StaffId, Timestamp } from './shared';

export const ContactTopic = defineTopic({
  service: 'contacts',
  aggregate: 'contact',
  partitions: 3,
  description:
    'Every contact between a citizen and the URP, from registration to closing. Key: the contact id.',
});

export const ContactRegisteredV1 = defineEvent(ContactTopic, {
  name: 'ContactRegistered',
  version: 1,
  summary: 'A front-office operator registered a contact with a citizen.',
  subject: 'the contact id',
  schema: z.object({
    contactId: z.string(),
    channel: Channel,
    contactType: ContactType,
    requesterId: RequesterId.optional(),
    operatorId: StaffId,
    registeredAt: Timestamp,
  }),
});

export const ContactClosedV1 = defineEvent(ContactTopic, {
  name: 'ContactClosed',
  version: 1,
  summary: 'A contact was closed: answered at first contact or after back-office work.',
  subject: 'the contact id',
  schema: z.object({
    contactId: z.string(),
    channel: Channel,
    contactType: ContactType,
    requesterId: RequesterId.optional(),
    operatorId: StaffId,
    resolvedAtFirstContact: z.boolean(),
    registeredAt: Timestamp,
    closedAt: Timestamp,
  }),
});

/** Every event of the contacts service (the catalog in ../index.ts collects them). */
export const contactsEvents = [ContactRegisteredV1, ContactClosedV1];
