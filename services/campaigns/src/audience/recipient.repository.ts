import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { CloudEvent } from '@urp/contracts';
import { EventOutbox } from '@urp/messaging';
import { updateWithEvents, type UpdateOperators } from '@urp/persistence';
import type { FindCursor } from 'mongodb';
import type { Model } from 'mongoose';
import { consentKey, type Channel, type RecipientState } from './audience.rules';
import { RecipientDocument } from './recipient.schema';

@Injectable()
export class RecipientRepository implements OnModuleInit {
  constructor(
    @InjectModel(RecipientDocument.name) private readonly model: Model<RecipientDocument>,
    private readonly outbox: EventOutbox,
  ) {
    outbox.track(model);
  }

  async onModuleInit(): Promise<void> {
    await this.model.init();
  }

  /** Upserts the recipient with the update and its events in one write. */
  async upsert(requesterId: string, update: UpdateOperators, events: CloudEvent[] = []): Promise<void> {
    const entries = this.outbox.entries(...events);
    await this.model.collection.updateOne(
      { _id: requesterId } as never,
      updateWithEvents(
        { ...update, $set: { ...(update.$set ?? {}), updatedAt: new Date() } },
        entries,
      ) as never,
      { upsert: true },
    );
    this.outbox.written(this.model, requesterId, entries);
  }

  findById(requesterId: string): Promise<RecipientState | null> {
    return this.model.collection.findOne({ _id: requesterId } as never, {
      projection: { _outbox: 0, consentHistory: 0 },
    }) as never;
  }

  history(requesterId: string) {
    return this.model.collection.findOne({ _id: requesterId } as never, {
      projection: { consentHistory: 1 },
    });
  }

  /**
   * Everyone who consented to campaigns on the channel, streamed in bounded batches (memory does not grow with the
   * audience), in natural (insertion) order: no sort, because FerretDB would sort the whole audience in memory
   * before the first batch (minutes at 100,000). Natural order is stable for our documents (never deleted; SQLite
   * rowids and WiredTiger record ids do not move), so a restart can skip what it handled by position; the
   * delivery ids make it safe even if it did not. The rules decide the rest.
   */
  stream(channel: Channel, batchSize = 250): FindCursor<RecipientState> {
    return this.model.collection.find(
      { [`consents.${consentKey(channel, 'campaigns')}.given`]: true } as never,
      { projection: { _outbox: 0, consentHistory: 0 }, batchSize },
    ) as never;
  }
}
