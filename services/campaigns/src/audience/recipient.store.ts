import { Inject, Injectable } from '@nestjs/common';
import {
  MONGO_DB,
  MongoAggregateStore,
  OUTBOX_PORT,
  type Aggregate,
  type OutboxPort,
  type StoredDocument,
} from '@urp/kernel';
import { APPLIED_FIELD, insertManyOnce } from '@urp/persistence';
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
   * Recipients seen for the first time, in one unordered `insertMany` (revision 1), each with the ids of the
   * events that created it as applied. Returns the ids that were already there (a concurrent writer, an earlier
   * event): those documents are left as they were, for the caller to decide on what they hold. Any other failure
   * throws.
   */
  async insertAbsent(created: readonly { recipient: Recipient; eventIds: string[] }[]): Promise<Set<string>> {
    const docs: StoredDocument[] = created.map(({ recipient, eventIds }) => ({
      _id: recipient.id,
      ...this.toFields({ ...recipient, revision: 1 }),
      revision: 1,
      [APPLIED_FIELD]: eventIds,
    }));
    return insertManyOnce(this.collection, docs);
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
