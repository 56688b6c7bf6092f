import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ContactRegisteredV1, type CloudEvent, type EventPayload } from '@urp/contracts';
import { FeedbackUseCases } from './feedback.use-cases';

/** Usage: each contact the front office answered with some sheets counts once for each of them. */
@Controller()
export class FeedbackHandlers {
  constructor(private readonly feedback: FeedbackUseCases) {}

  @EventPattern(ContactRegisteredV1.type)
  async onContactRegistered(@Payload() event: CloudEvent<EventPayload<typeof ContactRegisteredV1>>) {
    const sheetIds = event.data.sheetIds ?? [];
    if (sheetIds.length) await this.feedback.recordUsage(sheetIds, event.id);
  }
}
