import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  causedBy,
  ContactClosedV1,
  createEvent,
  SurveyInvitationIssuedV1,
  type CloudEvent,
  type EventPayload,
} from '@urp/contracts';
import type { UrpEventContext } from '@urp/messaging';
import { v7 as uuidv7 } from 'uuid';
import { InvitationRepository } from './invitation.repository';
import { decideInvitation } from './invitation.rules';

/** A closed contact becomes a survey invitation (at most one per ContactClosed event, however often delivered). */
@Controller()
export class ContactClosedHandler {
  private readonly logger = new Logger(ContactClosedHandler.name);
  constructor(private readonly invitations: InvitationRepository) {}

  @EventPattern(ContactClosedV1.type)
  async onContactClosed(
    @Payload() event: CloudEvent<EventPayload<typeof ContactClosedV1>>,
    @Ctx() _ctx: UrpEventContext,
  ) {
    const now = new Date();
    const decision = decideInvitation(event.data, now);
    if (!decision.invite) {
      this.logger.debug(`no invitation for contact ${event.data.contactId}: ${decision.reason}`);
      return;
    }
    const id = uuidv7();
    const created = createEvent(
      SurveyInvitationIssuedV1,
      id,
      {
        invitationId: id,
        surveyId: 'emoticons',
        surveyKind: 'emoticons',
        trigger: 'contact_closed',
        contactId: event.data.contactId,
        requesterId: event.data.requesterId,
        channel: event.data.channel,
        sourceEventId: event.id,
        issuedAt: now.toISOString(),
        expiresAt: decision.expiresAt.toISOString(),
      },
      causedBy(event, '/urp/satisfaction'),
    );
    await this.invitations.insertOnce(
      {
        _id: id,
        contactId: event.data.contactId,
        sourceEventId: event.id,
        requesterId: event.data.requesterId,
        channel: event.data.channel,
        status: 'pending',
        createdAt: now,
        expiresAt: decision.expiresAt,
      },
      [created],
    );
  }
}
