import { Injectable } from '@nestjs/common';
import { ContactClosedV1, ContactRegisteredV1, createEvent, type EventOrigin } from '@urp/contracts';
import { conflict, invalidInput, notFound } from '@urp/platform';
import { v7 as uuidv7 } from 'uuid';
import { ContactRepository } from './contact.repository';
import { closeContact, newContact, RegisterContactInput, type Contact } from './contact.rules';

const SOURCE = '/urp/contacts';

/** Use cases of the front office on contacts. Each returns the new state; its events ride along in the write. */
@Injectable()
export class ContactService {
  constructor(private readonly contacts: ContactRepository) {}

  async register(
    input: RegisterContactInput,
    operatorId: string,
    origin: Partial<EventOrigin> = {},
  ): Promise<Contact> {
    const parsed = RegisterContactInput.safeParse(input);
    if (!parsed.success) throw invalidInput(parsed.error, 'cannot register the contact');
    const contact = newContact(parsed.data, operatorId, uuidv7(), new Date());
    const event = createEvent(
      ContactRegisteredV1,
      contact.id,
      {
        contactId: contact.id,
        channel: contact.channel,
        contactType: contact.type,
        requesterId: contact.requesterId,
        operatorId,
        registeredAt: contact.registeredAt.toISOString(),
      },
      { ...origin, source: SOURCE },
    );
    await this.contacts.insert(contact, [event]);
    return contact;
  }

  async close(
    id: string,
    resolvedAtFirstContact: boolean,
    operatorId: string,
    origin: Partial<EventOrigin> = {},
  ): Promise<Contact> {
    const contact = await this.contacts.findById(id);
    if (!contact) throw notFound(`contact ${id}`);
    if (contact.status === 'closed') throw conflict(`contact ${id} is already closed`);
    const patch = closeContact(contact, resolvedAtFirstContact, new Date());
    const event = createEvent(
      ContactClosedV1,
      id,
      {
        contactId: id,
        channel: contact.channel,
        contactType: contact.type,
        requesterId: contact.requesterId,
        operatorId,
        resolvedAtFirstContact,
        registeredAt: contact.registeredAt.toISOString(),
        closedAt: patch.closedAt!.toISOString(),
      },
      { ...origin, source: SOURCE },
    );
    if (!(await this.contacts.updateIfOpen(id, patch, [event])))
      throw conflict(`contact ${id} is already closed`);
    return { ...contact, ...patch };
  }

  get(id: string): Promise<Contact | null> {
    return this.contacts.findById(id);
  }

  latest(first: number): Promise<Contact[]> {
    return this.contacts.latest(Math.min(Math.max(first, 1), 100));
  }
}
