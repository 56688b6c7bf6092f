import { Inject, Injectable } from '@nestjs/common';
import type { CloudEvent } from '@urp/contracts';
import { APPLIED_TRIM_EVERY, MONGO_DB, OUTBOX_PORT, trimApplied, type OutboxPort } from '@urp/kernel';
import { applyOnce, type OutboxEntry } from '@urp/persistence';
import type { Collection, Db, Document } from 'mongodb';
import { KnowledgeStore, type KnowledgeStorePort } from '../content/content.store';
import type { SheetStats } from './feedback.rules';

export interface SheetStatsPort extends KnowledgeStorePort<SheetStats> {
  /**
   * One more contact answered with the sheet, once per event (`eventId`): the counter and the event's mark in
   * one atomic write, whatever else writes meanwhile. False when the event was counted already.
   */
  countContact(sheetId: string, eventId: string): Promise<boolean>;
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
  /** The same collection untyped, as the persistence library's `applyOnce` takes it. */
  private readonly documents: Collection<Document>;
  /** Counts made by this instance per sheet since its last trim of the marks. */
  private readonly countedHere = new Map<string, number>();

  constructor(
    @Inject(MONGO_DB) db: Db,
    @Inject(OUTBOX_PORT) private readonly outboxPort: OutboxPort,
  ) {
    super(db, outboxPort, 'sheet_stats');
    this.counters = db.collection<StatsDocument>('sheet_stats');
    this.documents = db.collection('sheet_stats');
  }

  /**
   * `$inc` with the event's mark, rather than read-decide-write (`applyEvent`): a popular sheet is cited by many
   * contacts at once, and their read-decide-writes on its one document conflicted and retried, each reading and
   * rewriting the document with its 1,000 marks (at 16 registrations/s citing one sheet the knowledge base kept
   * FerretDB at 1.6 cores and fell minutes behind). The count and the event's mark are one write (`applyOnce`):
   * a repeat changes nothing.
   */
  async countContact(sheetId: string, eventId: string): Promise<boolean> {
    const result = await applyOnce(this.documents, sheetId, eventId, {
      $inc: { contacts: 1, revision: 1 },
      $setOnInsert: { clear: 0, unclear: 0 },
    });
    // FerretDB ignores `$slice`: the marks are cut back every so many counts of this instance (kernel's trim)
    const n = (this.countedHere.get(sheetId) ?? 0) + 1;
    this.countedHere.set(sheetId, n % APPLIED_TRIM_EVERY);
    if (n % APPLIED_TRIM_EVERY === 0) await trimApplied(this.collection, sheetId);
    return result === 'applied';
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
