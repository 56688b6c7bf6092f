import { Inject, Injectable } from '@nestjs/common';
import type { CloudEvent } from '@urp/contracts';
import { MONGO_DB, OUTBOX_PORT, trimApplied, type OutboxPort, type StoredDocument } from '@urp/kernel';
import { APPLIED_WINDOW, applyOnce, type OutboxEntry } from '@urp/persistence';
import type { Collection, Db, Document, Filter, FindOptions } from 'mongodb';
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
  /** The marks of the events counted here before the usage shards (the previous version's). */
  _applied?: string[];
}

/**
 * Contacts answered with a sheet are counted in `USAGE_SHARDS` small documents per sheet (`sheet_usage`, id
 * `<sheet id>#<k>`, k from the event id), each holding its count and the marks of the events counted there: the
 * count and its mark stay one atomic write (`applyOnce`), and no document grows with the sheet's popularity. One
 * document per sheet held about 1,200 marks (55 KB), rewritten whole by FerretDB for each contact citing it.
 */
export const USAGE_SHARDS = 8;
/**
 * The marks each shard keeps: an event always lands on the same shard, so the shards together remember about
 * `APPLIED_WINDOW` (1,000) of the sheet's latest events, as the one document did (a redelivery comes within a
 * few hundred events: persistence's `APPLIED_WINDOW`). Cut back to it every `USAGE_SHARD_WINDOW` counts.
 */
export const USAGE_SHARD_WINDOW = Math.ceil(APPLIED_WINDOW / USAGE_SHARDS);
/** How long after its start a process still checks the previous version's marks (`SheetStatsStore.legacyMarks`). */
export const LEGACY_MARKS_FOR_MS = 30 * 60_000;
/** How often those marks are read again meanwhile (a previous-version instance may still be counting). */
export const LEGACY_MARKS_TTL_MS = 5_000;

/** The shard of an event (FNV-1a of its id): the same for each delivery of the event. */
export function usageShard(sheetId: string, eventId: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < eventId.length; i++) h = Math.imul(h ^ eventId.charCodeAt(i), 0x01000193);
  return `${sheetId}#${(h >>> 0) % USAGE_SHARDS}`;
}

/** The only writer of `sheet_stats` (one document per sheet, id = the sheet id) and `sheet_usage`. */
@Injectable()
export class SheetStatsStore extends KnowledgeStore<SheetStats> implements SheetStatsPort {
  private readonly counters: Collection<StatsDocument>;
  /** The same collection untyped, as the persistence library's `applyOnce` takes it. */
  private readonly documents: Collection<Document>;
  /** The usage shards (`usageShard`): a count and the marks of the events counted there. */
  private readonly usage: Collection<StoredDocument>;
  /** Counts made by this instance per shard since its last trim of the marks. */
  private readonly countedHere = new Map<string, number>();
  /**
   * The marks the one-document counter left in `sheet_stats` (before the shards), per sheet, read again at most every
   * `LEGACY_MARKS_TTL_MS` (an instance of the previous version may still count during a rolling upgrade) and only in
   * the first `LEGACY_MARKS_FOR_MS` of this process: an event counted there and redelivered across the deploy is
   * not counted again in a shard. Later no redelivery can reach back to them (offsets commit within seconds).
   */
  private readonly legacyMarks = new Map<string, { at: number; marks: Set<string> }>();
  private readonly startedAt = Date.now();

  constructor(
    @Inject(MONGO_DB) db: Db,
    @Inject(OUTBOX_PORT) private readonly outboxPort: OutboxPort,
  ) {
    super(db, outboxPort, 'sheet_stats');
    this.counters = db.collection<StatsDocument>('sheet_stats');
    this.documents = db.collection('sheet_stats');
    this.usage = db.collection<StoredDocument>('sheet_usage');
  }

  /**
   * `$inc` with the event's mark, rather than read-decide-write (`applyEvent`): a popular sheet is cited by many
   * contacts at once, and their read-decide-writes on one document conflicted and retried (at 16
   * registrations/s citing one sheet the knowledge base kept FerretDB at 1.6 cores and fell minutes behind). The
   * count and the event's mark are one write on the event's shard (`applyOnce`): a repeat changes nothing.
   * Counts made before the shards stay in `sheet_stats.contacts`; the reads add the shards to them.
   */
  async countContact(sheetId: string, eventId: string): Promise<boolean> {
    if (await this.countedBeforeShards(sheetId, eventId)) return false;
    const shard = usageShard(sheetId, eventId);
    const result = await applyOnce(this.usage as unknown as Collection<Document>, shard, eventId, {
      $inc: { contacts: 1, revision: 1 },
      $setOnInsert: { sheetId },
    });
    // FerretDB ignores `$slice`: the marks are cut back every so many counts of this instance (kernel's trim)
    // and at this process's first count on a shard: what the previous one counted since its last trim is unknown
    const first = !this.countedHere.has(shard);
    const n = (this.countedHere.get(shard) ?? 0) + 1;
    this.countedHere.set(shard, n % USAGE_SHARD_WINDOW);
    if (first || n % USAGE_SHARD_WINDOW === 0) await trimApplied(this.usage, shard, USAGE_SHARD_WINDOW);
    return result === 'applied';
  }

  /** Whether the one-document counter of the previous version counted this event (`legacyMarks`). */
  private async countedBeforeShards(sheetId: string, eventId: string): Promise<boolean> {
    const now = Date.now();
    if (now - this.startedAt > LEGACY_MARKS_FOR_MS) {
      this.legacyMarks.clear();
      return false;
    }
    let known = this.legacyMarks.get(sheetId);
    if (!known || now - known.at > LEGACY_MARKS_TTL_MS) {
      const doc = await this.counters.findOne({ _id: sheetId }, { projection: { _applied: 1 } });
      const marks = doc?._applied ?? [];
      known = { at: now, marks: new Set(marks) };
      this.legacyMarks.set(sheetId, known);
    }
    return known.marks.has(eventId);
  }

  /** The counters of a sheet, its shards' contacts added (a sheet only cited has no `sheet_stats` yet). */
  override async get(id: string): Promise<SheetStats | null> {
    const [stats, counted] = await Promise.all([super.get(id), this.usageOf([id])]);
    const contacts = counted.get(id) ?? 0;
    if (!stats) return contacts ? { id, revision: 0, contacts, clear: 0, unclear: 0 } : null;
    return { ...stats, contacts: stats.contacts + contacts };
  }

  /** Sheets' counters (all of them without a filter), their shards' contacts added. */
  override async find(filter?: Filter<StoredDocument>, options?: FindOptions): Promise<SheetStats[]> {
    const stats = await super.find(filter, options);
    const all = !filter || Object.keys(filter).length === 0;
    const counted = await this.usageOf(all ? undefined : stats.map((s) => s.id));
    const out = stats.map((s) => ({ ...s, contacts: s.contacts + (counted.get(s.id) ?? 0) }));
    if (all && !options?.limit) {
      const seen = new Set(stats.map((s) => s.id));
      for (const [id, contacts] of counted)
        if (!seen.has(id)) out.push({ id, revision: 0, contacts, clear: 0, unclear: 0 });
    }
    return out;
  }

  /** Contacts counted in the shards, per sheet (of these sheets, or of all). */
  private async usageOf(sheetIds?: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (sheetIds && !sheetIds.length) return out;
    // `{_id}` lookups (FerretDB answers them from its index; `$in` on another field scans)
    const docs = sheetIds
      ? (
          await Promise.all(
            sheetIds.flatMap((id) =>
              Array.from({ length: USAGE_SHARDS }, (_, k) =>
                this.usage.findOne({ _id: `${id}#${k}` }, { projection: { sheetId: 1, contacts: 1 } }),
              ),
            ),
          )
        ).filter((d) => d !== null)
      : await this.usage.find({}, { projection: { sheetId: 1, contacts: 1 }, maxTimeMS: 0 }).toArray();
    for (const d of docs) {
      const sheetId = String(d.sheetId);
      out.set(sheetId, (out.get(sheetId) ?? 0) + Number(d.contacts ?? 0));
    }
    return out;
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
