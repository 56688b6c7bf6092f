import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  ContactRegisteredV1,
  RequesterAnonymisedV1,
  type CloudEvent,
  type EventPayload,
} from '@urp/contracts';
import { AudienceUseCases } from '../audience/audience.use-cases';
import { EffectUseCases } from './effect.use-cases';

/** What campaigns learns from the contacts service: contacts (the effect) and anonymisations (drop the recipient). */
@Controller()
export class ContactsEventsHandlers {
  constructor(
    private readonly effect: EffectUseCases,
    private readonly audience: AudienceUseCases,
  ) {}

  @EventPattern(ContactRegisteredV1.type)
  async onContactRegistered(@Payload() event: CloudEvent<EventPayload<typeof ContactRegisteredV1>>) {
    const c = event.data;
    await this.effect.record({
      id: c.contactId,
      revision: 0,
      at: new Date(c.registeredAt),
      ...(c.category ? { category: c.category.level1 } : {}),
      sheetIds: c.sheetIds ?? [],
      channel: c.channel,
    });
    // the services a citizen used: kept, but usable in a segment only with the consent to that use
    if (c.requesterId && c.category && !c.requesterIsStaff)
      await this.audience.noteServiceUsed(c.requesterId, c.category.level1, event.id);
  }

  /** The citizen is gone (retention or request): no consent, no history, no services, never contacted again. */
  @EventPattern(RequesterAnonymisedV1.type)
  async onAnonymised(@Payload() event: CloudEvent<EventPayload<typeof RequesterAnonymisedV1>>) {
    await this.audience.forget(event.data.requesterId, event.data.anonymisedAt, event.id);
  }
}
