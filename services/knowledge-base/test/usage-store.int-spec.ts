import type { OutboxPort } from '@urp/kernel';
import { testInfra } from '@urp/testing';
import { MongoClient, type Db } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import { applyOnce } from '@urp/persistence';
import {
  SheetStatsStore,
  USAGE_SHARD_WINDOW,
  USAGE_SHARDS,
  usageShard,
  usageShardOfId,
} from '../src/feedback/feedback.store';

/**
 * The usage counter on the real FerretDB (issue 17): each contact citing a sheet counted once per event, in small
 * shard documents whose marks stay bounded, however many contacts cite the sheet; the reads add the shards to the
 * counts kept in `sheet_stats` before them.
 */
describe('the usage counter counts each event once without growing one document', () => {
  let client: MongoClient;
  let db: Db;
  const outbox: OutboxPort = { entries: () => [], register: () => undefined, written: () => undefined };

  beforeAll(async () => {
    client = await MongoClient.connect(testInfra.mongoUrl);
    db = client.db(`kb_usage_${Date.now()}`);
  });
  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('counts redeliveries once, keeps each shard small, and adds the counts kept before the shards', async () => {
    const store = new SheetStatsStore(db, outbox);
    // a sheet counted the old way (one document with its marks) and a second one never counted before
    await db
      .collection<{ _id: string; [k: string]: unknown }>('sheet_stats')
      .insertOne({ _id: 'tari', revision: 7, contacts: 5, clear: 2, unclear: 1, _applied: ['old'] });
    const events = Array.from({ length: 3 * USAGE_SHARDS * USAGE_SHARD_WINDOW }, () => uuidv7());
    for (const e of events) expect(await store.countContact('tari', e)).toBe(true);
    // Kafka redelivers the latest events: none counted again
    for (const e of events.slice(-200)) expect(await store.countContact('tari', e)).toBe(false);
    // nor an event the previous version counted in the one document, redelivered across the deploy
    expect(await store.countContact('tari', 'old')).toBe(false);
    expect(await store.countContact('imu', events[0])).toBe(true);

    expect(await store.get('tari')).toMatchObject({ contacts: 5 + events.length, clear: 2, unclear: 1 });
    expect(await store.get('imu')).toMatchObject({ contacts: 1, clear: 0, unclear: 0 });
    expect(await store.get('nessuna')).toBeNull();
    const all = new Map((await store.find()).map((s) => [s.id, s.contacts]));
    expect(all).toEqual(
      new Map([
        ['tari', 5 + events.length],
        ['imu', 1],
      ]),
    );

    // every shard holds at most two windows of marks (cut back every window of counts), the old document none more
    const shards = await db
      .collection<{ _id: string; _applied: string[] }>('sheet_usage')
      .find({ sheetId: 'tari' })
      .toArray();
    expect(shards.length).toBe(USAGE_SHARDS);
    for (const s of shards) expect(s._applied.length).toBeLessThan(2 * USAGE_SHARD_WINDOW);
    expect(
      await db.collection<{ _id: string; [k: string]: unknown }>('sheet_stats').findOne({ _id: 'tari' }),
    ).toMatchObject({
      contacts: 5,
      _applied: ['old'],
    });
    expect(usageShard('tari', events[0])).toBe(usageShard('tari', events[0]));
  });

  it('keeps the shards small across restarts (the new process trims at its first count on each)', async () => {
    const shards = db.collection<{ _id: string; _applied: string[] }>('sheet_usage');
    const count = async (store: SheetStatsStore, n: number) => {
      for (let i = 0; i < n; i++) await store.countContact('tasi', uuidv7());
    };
    // the first process leaves each shard with up to two windows of marks, the next adds ~90 each
    await count(new SheetStatsStore(db, outbox), 1.5 * USAGE_SHARDS * USAGE_SHARD_WINDOW);
    await count(new SheetStatsStore(db, outbox), 90 * USAGE_SHARDS);
    for (const s of await shards.find({ sheetId: 'tasi' }).toArray())
      expect(s._applied.length).toBeLessThan(2 * USAGE_SHARD_WINDOW);
    expect((await new SheetStatsStore(db, outbox).get('tasi'))?.contacts).toBe(
      1.5 * USAGE_SHARDS * USAGE_SHARD_WINDOW + 90 * USAGE_SHARDS,
    );
  });

  it('counts each contact of a batch once: a redelivered batch, a batch with counted events, two instances at once', async () => {
    const store = new SheetStatsStore(db, outbox);
    let clock = Date.parse('2026-12-07T09:00:00Z');
    // a partition's events as a fetch brings them: 10 ms apart (mostly one shard), some slots later (others)
    const batch = (n: number, step = 10) =>
      Array.from({ length: n }, () => ({ id: uuidv7(), time: new Date((clock += step)).toISOString() }));
    const first = batch(10);
    expect(await store.countContacts('isee', first)).toBe(10);
    // Kafka redelivers the whole batch (no commit before a crash): nothing counted again
    expect(await store.countContacts('isee', first)).toBe(0);
    // a batch whose first events were counted (the relay's second copies) and then new ones: the new ones only
    const next = batch(10);
    expect(await store.countContacts('isee', [...first.slice(7), ...next, first[2]])).toBe(10);
    // events spread over several shards, and the same event twice in one batch
    const spread = batch(40, 100);
    expect(await store.countContacts('isee', [...spread, spread[5]])).toBe(40);
    expect(await store.countContacts('isee', spread.slice(20))).toBe(0);
    // two instances handling the same batch at once (a rebalance): each contact counted by one of them
    const twice = batch(20, 30);
    const counted = await Promise.all([
      store.countContacts('isee', twice),
      new SheetStatsStore(db, outbox).countContacts('isee', twice),
    ]);
    expect(counted[0] + counted[1]).toBe(20);
    // three partitions handled at once by one instance share its writes, an event in two of them counted once
    const together = batch(30, 3);
    const shared = await Promise.all([
      store.countContacts('isee', together.slice(0, 10)),
      store.countContacts('isee', together.slice(10, 20)),
      store.countContacts('isee', [...together.slice(20), together[0]]),
    ]);
    expect(shared[0] + shared[1] + shared[2]).toBe(30);
    expect(await store.countContacts('isee', together)).toBe(0);
    // one by one (the consumer's fallback when a batch handler throws), each redelivered: counted already
    for (const e of twice) expect(await store.countContact('isee', e.id, e.time)).toBe(false);

    expect(await store.get('isee')).toMatchObject({ contacts: 10 + 10 + 40 + 20 + 30 });
    const shards = await db
      .collection<{ _id: string; contacts: number }>('sheet_usage')
      .find({ sheetId: 'isee' })
      .toArray();
    expect(shards.length).toBeGreaterThan(1);
    expect(shards.reduce((n, s) => n + s.contacts, 0)).toBe(110);
  });

  it('does not count again what the previous version counted on the shard of the event id (rolling upgrade)', async () => {
    const usage = db.collection('sheet_usage');
    const events = Array.from({ length: 30 }, (_, i) => ({
      id: uuidv7(),
      time: new Date(Date.parse('2026-12-07T10:00:00Z') + i * 10).toISOString(),
    }));
    // the previous version: one write per event on the shard of its id
    for (const e of events.slice(0, 20))
      await applyOnce(usage, usageShardOfId('bonus', e.id), e.id, {
        $inc: { contacts: 1, revision: 1 },
        $setOnInsert: { sheetId: 'bonus' },
      });
    expect(events.some((e) => usageShardOfId('bonus', e.id) !== usageShard('bonus', e.id, e.time))).toBe(
      true,
    );
    // this version gets them again across the deploy, in one batch with ten new ones
    const store = new SheetStatsStore(db, outbox);
    expect(await store.countContacts('bonus', events)).toBe(10);
    expect(await store.countContacts('bonus', events)).toBe(0);
    expect((await store.get('bonus'))?.contacts).toBe(30);
  });
});
