import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ContactRegisteredV1, type CloudEvent, type EventPayload } from '@urp/contracts';
import { FeedbackUseCases } from './feedback.use-cases';

/** Usage: each contact the front office answered with some sheets counts once for each of them. */
@Controller()
export class FeedbackHandlers {
  constructor(private readonly feedback: FeedbackUseCases) {}

  /**
   * The consecutive ContactRegistered of a fetch in one call: each sheet's usage shards are written once for all
   * of them rather than once per contact (FerretDB rewrites the whole shard each time). If this throws, the
   * consumer hands the events over one by one (arrays of one), each counted once all the same.
   */
  @EventPattern(ContactRegisteredV1.type, { batch: true })
  async onContactsRegistered(@Payload() events: CloudEvent<EventPayload<typeof ContactRegisteredV1>>[]) {
    const contacts = events
      .map((e) => ({ event: { id: e.id, time: e.time }, sheetRefs: e.data.sheetIds ?? [] }))
      .filter((c) => c.sheetRefs.length > 0);
    if (contacts.length) await this.feedback.recordUsages(contacts);
  }
}
