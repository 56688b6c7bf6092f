import { Inject, Injectable } from '@nestjs/common';
import { MONGO_DB, MongoAggregateStore, OUTBOX_PORT, type Aggregate, type OutboxPort } from '@urp/kernel';
import type { Db } from 'mongodb';

/** The claim of one time-driven event: `_id` = `<caseId>:<kind>:<instant>`, written with its ReminderDue. */
export interface TimerClaim extends Aggregate {
  caseId: string;
  firedAt: Date;
  instance: string;
}

/** `timer_claims`: inserted `ifAbsent` with the event, so exactly one instance fires each timer. */
@Injectable()
export class TimerClaimStore extends MongoAggregateStore<TimerClaim> {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'timer_claims');
  }
}
