import { defineEvent, defineTopic, EventCatalog, type CloudEvent } from '@urp/contracts';
import { OutboxStore, toOutboxEntry, type OutboxEntry } from '@urp/persistence';
import { testInfra } from '@urp/testing';
import { Binary, MongoClient, type Collection, type Db, type Document } from 'mongodb';
import { z } from 'zod';
import { emit, type UseCaseContext } from '../src/context';
import { RevisionConflict } from '../src/errors';
import { Lease } from '../src/periodic';
import {
  APPLIED_TRIM_EVERY,
  DEFAULT_READ_TIME_LIMIT_MS,
  MongoAggregateStore,
  trimApplied,
  type Aggregate,
  type OutboxPort,
  type StoredDocument,
} from '../src/store';
import { execute } from '../src/use-case';

interface Ticket extends Aggregate {
  subject: string;
  note?: string;
}
const topic = defineTopic({ service: 'contacts', aggregate: 'ticket', partitions: 1, description: 'test' });
const Changed = defineEvent(topic, {
  name: 'TicketChanged',
  version: 1,
  summary: 'test',
  subject: 'ticket id',
  schema: z.object({ ticketId: z.string(), subject: z.string() }),
});
const catalog = new EventCatalog([Changed]);
const ctx: UseCaseContext = {
  actor: { sub: 'op', roles: ['operator'] },
  now: new Date(),
  source: '/urp/test',
};

class RecordingOutbox implements OutboxPort {
  readonly log: { collection: string; id: string; entries: OutboxEntry[] }[] = [];
  entries = (events: readonly CloudEvent[]) => events.map((e) => toOutboxEntry(catalog, e));
  register(_c: Collection<Document>): void {
    // the relay is not under test here: the recorded `written` calls are
  }
  written(collection: string, id: string, entries: OutboxEntry[]): void {
    this.log.push({ collection, id, entries });
  }
}

describe('MongoAggregateStore on the real database', () => {
  let client: MongoClient;
  let db: Db;
  let outbox: RecordingOutbox;
  let store: MongoAggregateStore<Ticket>;

  beforeAll(async () => {
    client = await MongoClient.connect(testInfra.mongoUrl);
    db = client.db(`kernel_test_${Date.now()}`);
    outbox = new RecordingOutbox();
    store = new MongoAggregateStore<Ticket>(db, outbox, 'tickets');
  });
  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  const change = (subject: string) => (state: Ticket | null, _: unknown, c: UseCaseContext) => {
    const next: Ticket = {
      ...(state ?? { id: 't1', revision: 0 }),
      subject,
      note: subject === 'b' ? undefined : 'n',
    };
    return { state: next, events: [emit(c, Changed, next.id, { ticketId: next.id, subject })] };
  };

  it('writes the state with its events in one document and hands them to the relay', async () => {
    await execute(store, 't1', change('a'), null, ctx);
    const raw = await db.collection('tickets').findOne({ _id: 't1' as never });
    expect(raw).toMatchObject({ subject: 'a', note: 'n', revision: 1 });
    expect(raw!._outbox).toHaveLength(1);
    expect(outbox.log.at(-1)).toMatchObject({ collection: 'tickets', id: 't1' });
    expect(await store.get('t1')).toEqual({ id: 't1', revision: 1, subject: 'a', note: 'n' });
  });

  it('removes fields the new state no longer has, and keeps events still unpublished', async () => {
    await execute(store, 't1', change('b'), null, ctx);
    const raw = await db.collection('tickets').findOne({ _id: 't1' as never });
    expect(raw).not.toHaveProperty('note');
    expect(raw!._outbox).toHaveLength(2);
  });

  it('a stale write never overwrites a newer one', async () => {
    const old = (await store.get('t1'))!;
    await execute(store, 't1', change('c'), null, ctx);
    await expect(
      store.commit({ previous: old, next: { ...old, subject: 'stale' }, events: [] }),
    ).rejects.toBeInstanceOf(RevisionConflict);
    expect((await store.get('t1'))!.subject).toBe('c');
  });

  it('concurrent use cases on one aggregate all land, none lost', async () => {
    const append = (state: Ticket | null) => ({
      state: { ...state!, subject: `${state!.subject}+` },
      events: [],
    });
    await Promise.all(
      Array.from({ length: 8 }, () => execute(store, 't1', append, null, ctx, { maxAttempts: 50 })),
    );
    expect((await store.get('t1'))!.subject).toBe('c++++++++');
  });

  it('an applied event id is recorded with the effect: redelivery changes nothing', async () => {
    const s = (await store.get('t1'))!;
    const first = await store.commit({
      previous: s,
      next: { ...s, subject: 'x' },
      events: [],
      appliedEventId: 'ev-1',
    });
    expect(first.status).toBe('committed');
    const again = await store.commit({
      previous: s,
      next: { ...s, subject: 'y' },
      events: [],
      appliedEventId: 'ev-1',
    });
    expect(again.status).toBe('duplicate');
    expect((await store.get('t1'))!.subject).toBe('x');
  });

  it('keeps the applied marks bounded on this database too: cut back to the window every 500 revisions', async () => {
    // a document with more marks than the window, one write before a trim (FerretDB ignores `$slice`)
    const marks = Array.from({ length: 1200 }, (_, i) => `old-${i}`);
    await db
      .collection<StoredDocument>('tickets')
      .insertOne({ _id: 'busy', subject: 'busy', revision: APPLIED_TRIM_EVERY - 1, _applied: marks });
    const s = (await store.get('busy'))!;
    const r = await store.commit({
      previous: s,
      next: { ...s, subject: 'z' },
      events: [],
      appliedEventId: 'new-1',
    });
    expect(r.status).toBe('committed');
    const doc = await db.collection<Document>('tickets').findOne({ _id: 'busy' } as Document);
    const kept = doc!._applied as string[];
    expect(kept).toHaveLength(1000);
    // the newest marks stay: the event just applied and the last old ones; the oldest are gone
    expect(kept.at(-1)).toBe('new-1');
    expect(kept[0]).toBe('old-201');
    const again = await store.commit({
      previous: s,
      next: { ...s, subject: 'w' },
      events: [],
      appliedEventId: 'new-1',
    });
    expect(again.status).toBe('duplicate');
    // a smaller window keeps the newest marks only
    expect(await trimApplied(db.collection<StoredDocument>('tickets'), 'busy', 10)).toBe(true);
    expect(
      ((await db.collection<Document>('tickets').findOne({ _id: 'busy' } as Document))!._applied as string[])
        .length,
    ).toBe(10);
  });

  it('a lease is held by one instance at a time', async () => {
    const a = new Lease(db);
    const b = new Lease(db);
    expect(await a.acquire('sweep', 60_000)).toBe(true);
    expect(await b.acquire('sweep', 60_000)).toBe(false);
    expect(await a.acquire('sweep', 60_000)).toBe(true);
    expect(await b.acquire('sweep', 60_000, new Date(Date.now() + 120_000))).toBe(true);
  });

  it("with packOutbox, stores a write's events as one element the relay reads, publishes and removes", async () => {
    const packed = new MongoAggregateStore<Ticket>(db, outbox, 'packed_tickets', { packOutbox: true });
    const col = db.collection('packed_tickets');
    const two = (subject: string) => (state: Ticket | null, _: unknown, c: UseCaseContext) => {
      const next: Ticket = { ...(state ?? { id: 'p1', revision: 0 }), subject };
      return {
        state: next,
        events: [1, 2].map((n) =>
          emit(c, Changed, next.id, { ticketId: next.id, subject: `${subject}${n}` }),
        ),
      };
    };
    await execute(packed, 'p1', two('a'), null, ctx);
    await execute(packed, 'p1', two('b'), null, ctx);
    await execute(packed, 'p1', change('c'), null, ctx);
    const raw = await col.findOne({ _id: 'p1' as never });
    // two packs (the insert's, the first update's) and one entry as it is (a pack of one gains nothing)
    expect(raw!._outbox).toHaveLength(3);
    expect(raw!._outbox.slice(0, 2)).toEqual([
      expect.objectContaining({ ids: expect.any(Array), z: expect.any(Binary) }),
      expect.objectContaining({ ids: expect.any(Array), z: expect.any(Binary) }),
    ]);
    const told = outbox.log.filter((l) => l.collection === 'packed_tickets').flatMap((l) => l.entries);
    expect(told).toHaveLength(5);
    // what the relay reads back is what it was told: the same records
    const relay = new OutboxStore(col);
    const [pending] = await relay.pending(['p1'], 10);
    expect(pending.entries.map((e) => ({ ...e }))).toEqual(told.map((e) => ({ ...e })));
    // the relay acknowledges from memory (what it was told): every element goes
    await relay.acknowledge([{ _id: 'p1', entries: told }]);
    expect((await col.findOne({ _id: 'p1' as never }))!._outbox).toEqual([]);
  });

  describe("reads stop on the server after the store's time limit (maxTimeMS)", () => {
    interface Row extends Aggregate {
      n: number;
      pad: string;
    }
    // enough rows that a filtered, sorted read is a scan of more than a millisecond on any machine
    const ROWS = 3000;
    let limited: MongoAggregateStore<Row>;
    let unlimited: MongoAggregateStore<Row>;

    beforeAll(async () => {
      const pad = 'x'.repeat(500);
      const rows = Array.from({ length: ROWS }, (_, n) => ({ _id: `r${n}`, revision: 1, n, pad }));
      for (let i = 0; i < ROWS; i += 500)
        await db.collection('rows').insertMany(rows.slice(i, i + 500) as never[]);
      limited = new MongoAggregateStore<Row>(db, outbox, 'rows', { readTimeLimitMs: 1 });
      unlimited = new MongoAggregateStore<Row>(db, outbox, 'rows', { readTimeLimitMs: 0 });
    });

    const scan = (store: MongoAggregateStore<Row>, options?: { maxTimeMS: number }) =>
      store.collection
        .find({ n: { $gte: 0 } }, options)
        .sort({ n: -1 })
        .limit(5)
        .toArray();

    it('a scan past the limit is stopped by the server with MaxTimeMSExpired (code 50)', async () => {
      await expect(scan(limited)).rejects.toMatchObject({ code: 50 });
      await expect(limited.collection.countDocuments({ n: { $gte: 0 } })).rejects.toMatchObject({ code: 50 });
      await expect(
        limited.collection.aggregate([{ $match: { n: { $gte: 0 } } }, { $sort: { n: -1 } }]).toArray(),
      ).rejects.toMatchObject({ code: 50 });
    });

    it('a read that sets its own maxTimeMS keeps it (0: no limit), and 0 in the options turns the default off', async () => {
      expect((await scan(limited, { maxTimeMS: 0 })).map((r) => r.n)).toEqual([2999, 2998, 2997, 2996, 2995]);
      expect((await scan(unlimited)).map((r) => r.n)).toEqual([2999, 2998, 2997, 2996, 2995]);
    });

    it('lookups by _id and writes go on as before under a limit', async () => {
      const r = (await limited.get('r7'))!;
      expect(r.n).toBe(7);
      const res = await limited.commit({ previous: r, next: { ...r, n: -7 }, events: [] });
      expect(res.status).toBe('committed');
      expect((await unlimited.get('r7'))!.n).toBe(-7);
    });

    it("by default a store limits its reads to the gateway's deadline", async () => {
      expect(DEFAULT_READ_TIME_LIMIT_MS).toBe(10_000);
      const byDefault = new MongoAggregateStore<Row>(db, outbox, 'rows');
      // the default is far above what this read takes, so it answers
      expect(await byDefault.collection.countDocuments({ n: { $gte: 0 } })).toBe(ROWS - 1);
    });
  });
});
