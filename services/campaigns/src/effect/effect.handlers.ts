import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  ContactRegisteredV1,
  RequesterAnonymisedV1,
  type CloudEvent,
  type EventPayload,
} from '@urp/contracts';
import { AudienceUseCases, type ServiceNote } from '../audience/audience.use-cases';
import { EffectUseCases, type ContactFact } from './effect.use-cases';

type Registered = CloudEvent<EventPayload<typeof ContactRegisteredV1>>;

/** What the effect report keeps of a contact (`id` = the contact id). */
export const factOf = ({ data: c }: Registered): ContactFact => ({
  id: c.contactId,
  revision: 0,
  at: new Date(c.registeredAt),
  ...(c.category ? { category: c.category.level1 } : {}),
  sheetIds: c.sheetIds ?? [],
  channel: c.channel,
});

/** A citizen's (not an employee's) contact with a category: a service they used. */
const serviceNoteOf = ({ id, data: c }: Registered): ServiceNote[] =>
  c.requesterId && c.category && !c.requesterIsStaff
    ? [{ requesterId: c.requesterId, category: c.category.level1, eventId: id }]
    : [];

/** What campaigns learns from the contacts service: contacts (the effect) and anonymisations (drop the recipient). */
@Controller()
export class ContactsEventsHandlers {
  constructor(
    private readonly effect: EffectUseCases,
    private readonly audience: AudienceUseCases,
  ) {}

  /**
   * A run of consecutive ContactRegistered events (the consumer's batch): their facts in one write, the services
   * their citizens used in as few as possible. Idempotent as a whole: a redelivered batch, or the events taken one
   * by one after a failure, leave one fact per contact and each service noted once.
   */
  @EventPattern(ContactRegisteredV1.type, { batch: true })
  async onContactsRegistered(@Payload() events: Registered[]) {
    await this.effect.recordMany(events.map(factOf));
    // the services a citizen used: kept, but usable in a segment only with the consent to that use
    await this.audience.noteServicesUsed(events.flatMap(serviceNoteOf));
  }

  /** The citizen is gone (retention or request): no consent, no history, no services, never contacted again. */
  @EventPattern(RequesterAnonymisedV1.type)
  async onAnonymised(@Payload() event: CloudEvent<EventPayload<typeof RequesterAnonymisedV1>>) {
    await this.audience.forget(event.data.requesterId, event.data.anonymisedAt, event.id);
  }
}
