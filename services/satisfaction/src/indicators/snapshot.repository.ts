import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Binary, type Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { promisify } from 'node:util';
import { deflateRaw, inflateRaw } from 'node:zlib';
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
 * without transactions). Compressed: 100,000 events make a few hundred KB.
 */
@Injectable()
export class SnapshotRepository {
  private readonly col: Collection<SnapshotDocument>;
  static readonly ID = 'current';

  constructor(@InjectConnection() connection: Connection) {
    this.col = connection.db!.collection<SnapshotDocument>('indicator_snapshots');
  }

  async load(): Promise<ProjectionSnapshot | undefined> {
    const doc = await this.col.findOne({ _id: SnapshotRepository.ID });
    if (!doc) return undefined;
    return JSON.parse((await inflate(doc.data.buffer)).toString('utf8')) as ProjectionSnapshot;
  }

  async save(projection: IndicatorProjection): Promise<number> {
    const data = await deflate(Buffer.from(JSON.stringify(projection.toSnapshot())));
    await this.col.replaceOne(
      { _id: SnapshotRepository.ID },
      {
        data: new Binary(data),
        bytes: data.length,
        eventsApplied: projection.eventsApplied,
        savedAt: new Date(),
      },
      { upsert: true },
    );
    return data.length;
  }

  async drop(): Promise<void> {
    await this.col.deleteOne({ _id: SnapshotRepository.ID });
  }
}
