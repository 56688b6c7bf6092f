import { Inject, Injectable } from '@nestjs/common';
import type { CloudEvent } from '@urp/contracts';
import { MONGO_DB, OUTBOX_PORT, trimApplied, type OutboxPort, type StoredDocument } from '@urp/kernel';
import { APPLIED_WINDOW, applyAllOnce, applyOnce, type OutboxEntry } from '@urp/persistence';
import type { Collection, Db, Document, Filter, FindOptions } from 'mongodb';
import { KnowledgeStore, type KnowledgeStorePort } from '../content/content.store';
import type { CountedEvent, SheetStats } from './feedback.rules';

export interface SheetStatsPort extends KnowledgeStorePort<SheetStats> {
  /**
   * One more contact answered with the sheet, once per event (`eventId`): the counter and the event's mark in
   * one atomic write, whatever else writes meanwhile. False when the event was counted already.
   */
  countContact(sheetId: string, eventId: string, time?: string): Promise<boolean>;
  /**
   * One more contact answered with the sheet for each of these events, each event counted once whatever was
   * counted before (a redelivery, the relay's second copy, the same id twice here): the contacts counted now.
   */
  countContacts(sheetId: string, events: readonly CountedEvent[]): Promise<number>;
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
 * `<sheet id>#<k>`, k from the event's time slot, `usageShard`), each holding its count and the marks of the events counted there: the
 * count and its mark stay one atomic write (`applyOnce`), and no document grows with the sheet's popularity. One
 * document per sheet held about 1,200 marks (55 KB), rewritten whole by FerretDB for each contact citing it.
 */
export const USAGE_SHARDS = 8;
/**
 * The marks each shard keeps: an event always lands on the same shard, so the shards together remember about
 * `APPLIED_WINDOW` (1,000) of the sheet's latest events, as the one document did (a redelivery comes within a
 * few hundred events: persistence's `APPLIED_WINDOW`). Cut back to it every `USAGE_SHARD_WINDOW` counts.
 * Not fewer, though a write's cost follows the marks it rewrites (~13 µs of FerretDB's CPU each): an event's mark
 * must outlive the uncommitted offsets (50 messages or 1 s per partition), a crashed instance's session timeout
 * (6 s) and the relay's republishing after a crash, and the bench cites one sheet at 300/s, where 1,000 marks
 * are ~3 s already. Batched writes (one per shard for a fetch) cut the cost instead.
 */
export const USAGE_SHARD_WINDOW = Math.ceil(APPLIED_WINDOW / USAGE_SHARDS);
/** How long after its start a process still checks the previous version's marks (`SheetStatsStore.legacyMarks`). */
export const LEGACY_MARKS_FOR_MS = 30 * 60_000;
/** How often those marks are read again meanwhile (a previous-version instance may still be counting). */
export const LEGACY_MARKS_TTL_MS = 5_000;

/**
 * How long the events of a sheet go to one shard (by their time), before the next shard takes over: the
 * consecutive events a batch handler receives (a partition carries ~100 a second at 300 registrations/s, ten
 * span ~100 ms) mostly fall in one slot, so one write counts them all; a slot at 300/s (75 marks) stays well
 * within a shard's window of marks, and eight slots round the shards take turns, so the sheet's marks spread over
 * them as before.
 */
export const USAGE_SLOT_MS = 250;

/**
 * The shard of an event: by its time (`USAGE_SLOT_MS` slots round the shards), the same for each delivery of the
 * event and for each copy the relay publishes (the time is the event's own, written once with it); by its id
 * (FNV-1a) when it has no readable time, as the previous version placed every event (`usageShardOfId`).
 */
export function usageShard(sheetId: string, eventId: string, time?: string): string {
  const at = time ? Date.parse(time) : NaN;
  if (!Number.isFinite(at)) return usageShardOfId(sheetId, eventId);
  return `${sheetId}#${Math.floor(at / USAGE_SLOT_MS) % USAGE_SHARDS}`;
}

/** The shard of an event by its id alone (FNV-1a): where the previous version counted every event. */
export function usageShardOfId(sheetId: string, eventId: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < eventId.length; i++) h = Math.imul(h ^ eventId.charCodeAt(i), 0x01000193);
  return `${sheetId}#${(h >>> 0) % USAGE_SHARDS}`;
}

/** These events per usage shard of the sheet (`usageShard`), each event once, in their order. */
export function eventsPerShard(sheetId: string, events: readonly CountedEvent[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const { id, time } of events) {
    if (seen.has(id)) continue;
    seen.add(id);
    const shard = usageShard(sheetId, id, time);
    const ids = out.get(shard);
    if (ids) ids.push(id);
    else out.set(shard, [id]);
  }
  return out;
}

/** Events waiting to be counted on a shard, and who waits for their count. */
interface ShardWaiter {
  ids: readonly string[];
  resolve: (counted: number) => void;
  reject: (error: unknown) => void;
}

/** The only writer of `sheet_stats` (one document per sheet, id = the sheet id) and `sheet_usage`. */
@Injectable()
export class SheetStatsStore extends KnowledgeStore<SheetStats> implements SheetStatsPort {
  private readonly counters: Collection<StatsDocument>;
  /** The same collection untyped, as the persistence library's `applyOnce` takes it. */
  private readonly documents: Collection<Document>;
  /** The usage shards (`usageShard`): a count and the marks of the events counted there. */
  private readonly usage: Collection<StoredDocument>;
  /** The same collection untyped, for the writes of a count and its marks (`applyOnce`'s and the batch's). */
  private readonly marks: Collection<Document>;
  /** The counts waiting for the next write on each shard that has one under way (`queueOnShard`). */
  private readonly queues = new Map<string, ShardWaiter[]>();
  /** Counts made by this instance per shard since its last trim of the marks. */
  private readonly countedHere = new Map<string, number>();
  /**
   * The marks the previous versions left, per sheet: the one-document counter's in `sheet_stats` (before the shards)
   * and the shards' (the version before placed an event by its id, `usageShardOfId`, not by its time: its marks may
   * be on another shard than the one this version writes the event to). Read again at most every
   * `LEGACY_MARKS_TTL_MS` (an instance of the previous version may still count during a rolling upgrade; an event
   * reaches another instance no sooner than the consumer's session timeout, 6 s, after a crash) and only in the first
   * `LEGACY_MARKS_FOR_MS` of this process: an event counted there and redelivered across the deploy is not counted
   * again. Later no redelivery can reach back to them (offsets commit within seconds).
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
    this.marks = db.collection('sheet_usage');
  }

  /**
   * `$inc` with the event's mark, rather than read-decide-write (`applyEvent`): a popular sheet is cited by many
   * contacts at once, and their read-decide-writes on one document conflicted and retried (at 16
   * registrations/s citing one sheet the knowledge base kept FerretDB at 1.6 cores and fell minutes behind). The
   * count and the event's mark are one write on the event's shard (`applyOnce`): a repeat changes nothing.
   * Counts made before the shards stay in `sheet_stats.contacts`; the reads add the shards to them.
   */
  async countContact(sheetId: string, eventId: string, time?: string): Promise<boolean> {
    return (await this.countContacts(sheetId, [{ id: eventId, time }])) === 1;
  }

  /**
   * The events a batch handler received, counted with one write per shard they fall on rather than one per event:
   * FerretDB reads, decodes, re-encodes and rewrites the whole shard (its count and ~250 marks) for each write, and
   * serialises the writes of a collection. The write counts all of them or none: its filter matches only while none
   * of their marks is there (`$nin`), so a batch holding an event counted already (a redelivery, the relay's second
   * copy) matches nothing, and its events are then counted one by one (`applyOnce`), each once.
   */
  async countContacts(sheetId: string, events: readonly CountedEvent[]): Promise<number> {
    const fresh: CountedEvent[] = [];
    for (const e of events) if (!(await this.countedBefore(sheetId, e.id))) fresh.push(e);
    let counted = 0;
    for (const [shard, ids] of eventsPerShard(sheetId, fresh))
      counted += await this.queueOnShard(sheetId, shard, ids);
    return counted;
  }

  /**
   * Counts these events with the next write on their shard: the first caller writes at once, and the callers that
   * come while a write on the shard is under way (the partitions a consumer handles concurrently bring events of the
   * same moment, so of the same shard) share the next one. Each gets its own events' count once that write is
   * durable, or its error.
   */
  private queueOnShard(sheetId: string, shard: string, ids: readonly string[]): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      let queue = this.queues.get(shard);
      if (!queue) {
        queue = [];
        this.queues.set(shard, queue);
        void this.drain(sheetId, shard, queue);
      }
      queue.push({ ids, resolve, reject });
    });
  }

  /** Writes a shard's waiting counts, all of them at a time, until none is waiting (`queueOnShard`). */
  private async drain(sheetId: string, shard: string, queue: ShardWaiter[]): Promise<void> {
    // the caller pushes its own counts right after this starts
    await Promise.resolve();
    while (queue.length) {
      const group = queue.splice(0);
      try {
        const counted = await this.countOnShard(sheetId, shard, [...new Set(group.flatMap((w) => w.ids))]);
        await this.trimEvery(shard, counted.size);
        // an event twice (two callers at once) credited to the first
        for (const w of group) w.resolve(w.ids.filter((id) => counted.delete(id)).length);
      } catch (e) {
        for (const w of group) w.reject(e);
      }
    }
    this.queues.delete(shard);
  }

  /** The events of one shard: all in one write, or one by one when some of them were counted already. */
  private async countOnShard(sheetId: string, shard: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length > 1) {
      const all = await this.countAllOnShard(sheetId, shard, ids);
      if (all) return new Set(ids);
    }
    const counted = new Set<string>();
    for (const id of ids) {
      const result = await applyOnce(this.marks, shard, id, {
        $inc: { contacts: 1, revision: 1 },
        $setOnInsert: { sheetId },
      });
      if (result === 'applied') counted.add(id);
    }
    return counted;
  }

  /**
   * One write counting all these events on their shard, with their marks (as `applyOnce`'s, so both versions find
   * them), if none of them is marked there yet; false when it changed nothing (the caller then counts them one by
   * one).
   */
  private async countAllOnShard(sheetId: string, shard: string, ids: readonly string[]): Promise<boolean> {
    const result = await applyAllOnce(this.marks, shard, ids, {
      $inc: { contacts: ids.length, revision: 1 },
      $setOnInsert: { sheetId },
    });
    return result === 'applied';
  }

  /**
   * FerretDB ignores `$slice`: the marks are cut back every `USAGE_SHARD_WINDOW` counts of this instance on the
   * shard (kernel's trim) and at this process's first count on it (what the previous one counted since its last
   * trim is unknown).
   */
  private async trimEvery(shard: string, counts: number): Promise<void> {
    const first = !this.countedHere.has(shard);
    const n = (this.countedHere.get(shard) ?? 0) + counts;
    this.countedHere.set(shard, n % USAGE_SHARD_WINDOW);
    if (first || n >= USAGE_SHARD_WINDOW) await trimApplied(this.usage, shard, USAGE_SHARD_WINDOW);
  }

  /**
   * Whether a previous version counted this event where this one does not look (`legacyMarks`): the one-document
   * counter in `sheet_stats`, or a shard other than the event's own (the version before placed events by id).
   */
  private async countedBefore(sheetId: string, eventId: string): Promise<boolean> {
    const now = Date.now();
    if (now - this.startedAt > LEGACY_MARKS_FOR_MS) {
      this.legacyMarks.clear();
      return false;
    }
    let known = this.legacyMarks.get(sheetId);
    if (!known || now - known.at > LEGACY_MARKS_TTL_MS) {
      // `{_id}` lookups (FerretDB answers them from its index)
      const docs = await Promise.all([
        this.counters.findOne({ _id: sheetId }, { projection: { _applied: 1 } }),
        ...Array.from({ length: USAGE_SHARDS }, (_, k) =>
          this.usage.findOne({ _id: `${sheetId}#${k}` }, { projection: { _applied: 1 } }),
        ),
      ]);
      known = { at: now, marks: new Set(docs.flatMap((d) => d?._applied ?? [])) };
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
