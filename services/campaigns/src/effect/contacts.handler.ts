import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  ContactRegisteredV1,
  RequesterAnonymisedV1,
  type CloudEvent,
  type EventPayload,
} from '@urp/contracts';
import { RecipientRepository } from '../audience/recipient.repository';
import { EffectService } from './effect.service';

/** What campaigns learns from the contacts service: contacts (the effect) and anonymisations (drop the recipient). */
@Controller()
export class ContactsEventsHandler {
  constructor(
    private readonly effect: EffectService,
    private readonly recipients: RecipientRepository,
  ) {}

  @EventPattern(ContactRegisteredV1.type)
  async onContactRegistered(@Payload() event: CloudEvent<EventPayload<typeof ContactRegisteredV1>>) {
    const c = event.data;
    await this.effect.record({
      _id: c.contactId,
      at: new Date(c.registeredAt),
      ...(c.category ? { category: c.category.level1 } : {}),
      sheetIds: c.sheetIds ?? [],
      channel: c.channel,
    });
    // the services a citizen used: kept, but usable in a segment only with the consent to that use
    if (c.requesterId && c.category && !c.requesterIsStaff)
      await this.recipients.upsert(c.requesterId, { $addToSet: { servicesUsed: c.category.level1 } });
  }

  /** The citizen is gone (retention or request): no consent, no history, no services, never contacted again. */
  @EventPattern(RequesterAnonymisedV1.type)
  async onAnonymised(@Payload() event: CloudEvent<EventPayload<typeof RequesterAnonymisedV1>>) {
    await this.recipients.upsert(event.data.requesterId, {
      $set: {
        anonymisedAt: event.data.anonymisedAt,
        consents: {},
        consentHistory: [],
        servicesUsed: [],
        doNotContact: null,
      },
    });
  }
}
