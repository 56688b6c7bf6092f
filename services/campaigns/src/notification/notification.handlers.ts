import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  CitizenNotificationRequestedV1,
  ReminderDueV1,
  type CloudEvent,
  type EventPayload,
} from '@urp/contracts';
import { NotificationUseCases } from './notification.use-cases';

/**
 * "A person must be told" events of other services. `SheetReviewDue` arrives through the bulletin's handler (one
 * handler per event type in a service), which calls `fromSheetReviewDue` too.
 */
@Controller()
export class NotificationHandlers {
  constructor(private readonly notifications: NotificationUseCases) {}

  @EventPattern(CitizenNotificationRequestedV1.type)
  onCitizen(@Payload() e: CloudEvent<EventPayload<typeof CitizenNotificationRequestedV1>>) {
    return this.notifications.fromCitizenRequest(e);
  }

  @EventPattern(ReminderDueV1.type)
  onReminder(@Payload() e: CloudEvent<EventPayload<typeof ReminderDueV1>>) {
    return this.notifications.fromReminder(e);
  }
}
