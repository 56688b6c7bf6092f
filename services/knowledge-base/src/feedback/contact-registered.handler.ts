import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ContactRegisteredV1, type CloudEvent, type EventPayload } from '@urp/contracts';
import { FeedbackService } from './feedback.service';

/** Usage: each contact the front office answered with some sheets counts once for each of them. */
@Controller()
export class ContactRegisteredHandler {
  constructor(private readonly feedback: FeedbackService) {}

  @EventPattern(ContactRegisteredV1.type)
  async on(@Payload() event: CloudEvent<EventPayload<typeof ContactRegisteredV1>>) {
    const sheetIds = event.data.sheetIds ?? [];
    if (sheetIds.length) await this.feedback.recordUsage(sheetIds, event.id);
  }
}
