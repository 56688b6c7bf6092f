import { Channel, ContactType, RequesterId } from '@urp/contracts';
import { z } from 'zod';

/** The contact as the domain sees it (no persistence, no framework). */
export interface Contact {
  id: string;
  channel: Channel;
  type: ContactType;
  subject: string;
  status: 'open' | 'closed';
  requesterId?: string;
  operatorId: string;
  registeredAt: Date;
  closedAt?: Date;
  resolvedAtFirstContact?: boolean;
}

export const RegisterContactInput = z.object({
  channel: Channel,
  type: ContactType,
  subject: z.string().trim().min(1, 'required').max(200, 'at most 200 characters'),
  requesterId: RequesterId.optional(),
});
export type RegisterContactInput = z.input<typeof RegisterContactInput>;

export class ContactRuleViolation extends Error {
  override readonly name = 'ContactRuleViolation';
}

export function newContact(
  input: z.output<typeof RegisterContactInput>,
  operatorId: string,
  id: string,
  now: Date,
): Contact {
  return {
    id,
    channel: input.channel,
    type: input.type,
    subject: input.subject,
    status: 'open',
    ...(input.requesterId ? { requesterId: input.requesterId } : {}),
    operatorId,
    registeredAt: now,
  };
}

/** Closing: only an open contact, never before it was registered. */
export function closeContact(
  contact: Contact,
  resolvedAtFirstContact: boolean,
  now: Date,
): Pick<Contact, 'status' | 'closedAt' | 'resolvedAtFirstContact'> {
  if (contact.status === 'closed') throw new ContactRuleViolation(`contact ${contact.id} is already closed`);
  const closedAt = now < contact.registeredAt ? contact.registeredAt : now;
  return { status: 'closed', closedAt, resolvedAtFirstContact };
}
