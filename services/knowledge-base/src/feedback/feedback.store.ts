import { Inject, Injectable } from '@nestjs/common';
import type { CloudEvent } from '@urp/contracts';
import { MONGO_DB, OUTBOX_PORT, type OutboxPort } from '@urp/kernel';
import type { OutboxEntry } from '@urp/persistence';
import type { Collection, Db } from 'mongodb';
import { KnowledgeStore, type KnowledgeStorePort } from '../content/content.store';
import type { SheetStats } from './feedback.rules';

export interface SheetStatsPort extends KnowledgeStorePort<SheetStats> {
  /** One anonymous answer: its counter and its event in one atomic write, whatever else writes meanwhile. */
  countClarity(sheetId: string, clear: boolean, events: readonly CloudEvent[]): Promise<void>;
}

/** The stored counters, typed for the one atomic write below. */
interface StatsDocument {
  _id: string;
  revision: number;
  contacts: number;
  clear: number;
  unclear: number;
  _outbox?: OutboxEntry[];
}

/** The only writer of `sheet_stats` (one document per sheet, id = the sheet id). */
@Injectable()
export class SheetStatsStore extends KnowledgeStore<SheetStats> implements SheetStatsPort {
  private readonly counters: Collection<StatsDocument>;

  constructor(
    @Inject(MONGO_DB) db: Db,
    @Inject(OUTBOX_PORT) private readonly outboxPort: OutboxPort,
  ) {
    super(db, outboxPort, 'sheet_stats');
    this.counters = db.collection<StatsDocument>('sheet_stats');
  }

  /**
   * `$inc` rather than read-decide-write: the public may answer on one sheet many times at once, and a
   * counter needs no decision. The revision moves too, so a concurrent `applyEvent` (usage) decides again.
   */
  async countClarity(sheetId: string, clear: boolean, events: readonly CloudEvent[]): Promise<void> {
    const entries = this.outboxPort.entries(events);
    await this.counters.updateOne(
      { _id: sheetId },
      {
        $inc: clear ? { clear: 1, revision: 1 } : { unclear: 1, revision: 1 },
        $setOnInsert: clear ? { unclear: 0, contacts: 0 } : { clear: 0, contacts: 0 },
        $push: { _outbox: { $each: entries } },
      },
      { upsert: true },
    );
    this.outboxPort.written(this.name, sheetId, entries);
  }
}
