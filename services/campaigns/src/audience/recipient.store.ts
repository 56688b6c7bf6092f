import { Inject, Injectable } from '@nestjs/common';
import { MONGO_DB, MongoAggregateStore, OUTBOX_PORT, type Aggregate, type OutboxPort } from '@urp/kernel';
import type { Db, FindCursor } from 'mongodb';
import { consentKey, type Channel, type ConsentState, type RecipientState } from './audience.rules';

/** The audience of a step, read in bounded batches: what the delivery engine needs of the store. */
export interface RecipientStream extends AsyncIterable<RecipientState> {
  close(): Promise<void>;
}

export type ConsentRecord = ConsentState & { channel: string; purpose: string; recordedBy?: string };

/**
 * A pseudonymous recipient: `id` = requesterId. No address, no name: the address is asked of the contacts service
 * at delivery time only. Consent by `<channel>_<purpose>` with time and source; the full history is kept.
 */
export interface Recipient extends Aggregate {
  consents: Record<string, ConsentState>;
  consentHistory: ConsentRecord[];
  servicesUsed: string[];
  doNotContact?: { since: string; reason: string; by: string } | null;
  anonymisedAt?: string;
  updatedAt?: Date;
}

/** The only writer of `recipients`. */
@Injectable()
export class RecipientStore extends MongoAggregateStore<Recipient> {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'recipients');
  }

  /**
   * Everyone who consented to campaigns on the channel, streamed in bounded batches (memory does not grow with the
   * audience), in natural (insertion) order: no sort, because FerretDB would sort the whole audience in memory
   * before the first batch (minutes at 100,000). Natural order is stable for our documents (never deleted; SQLite
   * rowids and WiredTiger record ids do not move), so a restart can skip what it handled by position; the
   * delivery ids make it safe even if it did not. The rules decide the rest.
   */
  stream(channel: Channel, batchSize = 250): FindCursor<RecipientState> {
    return this.collection
      .find(
        { [`consents.${consentKey(channel, 'campaigns')}.given`]: true },
        { projection: { _outbox: 0, _applied: 0, consentHistory: 0 }, batchSize },
      )
      .map((d) => this.toState(d));
  }
}

/** A recipient seen for the first time. */
export const newRecipient = (requesterId: string): Recipient => ({
  id: requesterId,
  revision: 0,
  consents: {},
  consentHistory: [],
  servicesUsed: [],
});
