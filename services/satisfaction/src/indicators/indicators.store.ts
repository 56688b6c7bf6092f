import { Inject, Injectable } from '@nestjs/common';
import { MONGO_DB, MongoAggregateStore, OUTBOX_PORT, type OutboxPort } from '@urp/kernel';
import { Binary, type Collection, type Db } from 'mongodb';
import { promisify } from 'node:util';
import { deflateRaw, inflateRaw } from 'node:zlib';
import type { IndicatorRebuild } from './indicators.rules';
import type { IndicatorProjection, ProjectionSnapshot } from './projection';

const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);

interface SnapshotDocument {
  _id: string;
  data: Binary;
  bytes: number;
  eventsApplied: number;
  savedAt: Date;
}

/**
 * The indicator state and the offsets it has consumed, in ONE document written in one write: after a
 * crash the projection restarts from exactly the state that matches its offsets (an exactly-once effect
 * without transactions). Compressed: 100,000 events make a few hundred KB. Not an aggregate: a read
 * model's checkpoint, with no events.
 */
@Injectable()
export class SnapshotStore {
  static readonly ID = 'current';
  private readonly collection: Collection<SnapshotDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.collection = db.collection<SnapshotDocument>('indicator_snapshots');
  }

  async load(): Promise<ProjectionSnapshot | undefined> {
    const doc = await this.collection.findOne({ _id: SnapshotStore.ID });
    if (!doc) return undefined;
    return JSON.parse((await inflate(doc.data.buffer)).toString('utf8')) as ProjectionSnapshot;
  }

  /** Saves the state with its offsets; `savedAt` is bookkeeping (when), not part of the state. */
  async save(projection: IndicatorProjection, savedAt: Date): Promise<number> {
    const data = await deflate(Buffer.from(JSON.stringify(projection.toSnapshot())));
    await this.collection.replaceOne(
      { _id: SnapshotStore.ID },
      { data: new Binary(data), bytes: data.length, eventsApplied: projection.eventsApplied, savedAt },
      { upsert: true },
    );
    return data.length;
  }

  async drop(): Promise<void> {
    await this.collection.deleteOne({ _id: SnapshotStore.ID });
  }
}

/** The only writer of `indicator_rebuilds`: one record per rebuild, with its IndicatorsRebuilt event. */
@Injectable()
export class IndicatorRebuildStore extends MongoAggregateStore<IndicatorRebuild> {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'indicator_rebuilds');
  }
}
