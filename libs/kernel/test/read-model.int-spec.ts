import { createEvent, defineEvent, defineTopic, toKafkaRecord, type CloudEvent } from '@urp/contracts';
import { createKafka, createProducer } from '@urp/messaging';
import { testInfra } from '@urp/testing';
import { MongoClient, type Db } from 'mongodb';
import { z } from 'zod';
import { ChangeFollower } from '../src/read-model/change-follower';
import { ChunkedSnapshotStore } from '../src/read-model/chunked-snapshot';
import { StoreMarks } from '../src/read-model/store-marks';

const run = `${Date.now()}`;
const topic = defineTopic({
  service: 'contacts',
  aggregate: `kernel-rm-${run}`,
  partitions: 2,
  description: 'test',
});
const Changed = defineEvent(topic, {
  name: 'ItemChanged',
  version: 1,
  summary: 'test',
  subject: 'item id',
  schema: z.object({ revision: z.number() }),
});
/** Another type on the same topic, which the follower is told not to take. */
const Noted = defineEvent(topic, {
  name: 'ItemNoted',
  version: 1,
  summary: 'test',
  subject: 'item id',
  schema: z.object({ revision: z.number() }),
});

async function waitFor(ok: () => boolean, what: string): Promise<void> {
  for (const until = Date.now() + 60_000; !ok();) {
    if (Date.now() > until) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('read-model pieces on the real Kafka and FerretDB', () => {
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    client = await MongoClient.connect(testInfra.mongoUrl);
    db = client.db(`kernel_read_model_${run}`);
  });
  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('a store mark is read and bumped by `_id`', async () => {
    const marks = new StoreMarks(db);
    expect(await marks.read('items')).toBe('0');
    expect(await marks.bump('items', 'a migration')).toBe('1');
    expect(await marks.bump('items')).toBe('2');
    expect(await marks.read('items')).toBe('2');
    expect(await marks.read('others')).toBe('0');
  });

  it('a snapshot of 12,000 items is saved in chunks and loaded back, dates restored', async () => {
    const store = new ChunkedSnapshotStore<{ id: string; revision: number; at: Date }>(db, {
      name: 'items',
      version: 1,
      decode: (raw) => {
        const r = raw as { id: string; revision: number; at: string };
        return { ...r, at: new Date(r.at) };
      },
    });
    const items = Array.from({ length: 12_000 }, (_, i) => ({
      id: `i${i}`,
      revision: 1 + (i % 3),
      at: new Date(1_700_000_000_000 + i),
    }));
    await store.save(items, { '0': '12', '1': '3' }, new Date('2026-12-01T10:00:00Z'), '2');
    await store.save(items, { '0': '14', '1': '3' }, new Date('2026-12-01T10:05:00Z'), '2');
    expect(await db.collection('read_model_snapshots').countDocuments({}, { maxTimeMS: 0 })).toBe(1 + 3);
    const loaded = await store.load();
    expect(loaded?.items).toEqual(items);
    expect(loaded?.offsets).toEqual({ '0': '14', '1': '3' });
    expect(loaded?.mark).toBe('2');
  });

  it('a follower replays its change topic from given offsets, keeps its positions, and reads on, skipping types it does not take', async () => {
    const kafka = createKafka({ clientId: 'kernel-rm-test', brokers: testInfra.kafkaBrokers });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: topic.name, numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = createProducer(kafka);
    await producer.connect();
    const send = async (id: string, revision: number, partition: number, type = Changed) => {
      const e = createEvent(type, id, { revision }, { source: '/urp/test' });
      const r = toKafkaRecord(e);
      await producer.send({ topic: topic.name, messages: [{ ...r, partition }] });
    };
    await send('a', 1, 0);
    await send('x', 9, 0, Noted);
    await send('a', 2, 0);
    await send('b', 1, 0);
    await send('c', 1, 1);
    const seen: string[] = [];
    const joins: boolean[] = [];
    const follower = new ChangeFollower({
      brokers: testInfra.kafkaBrokers,
      clientId: 'kernel-rm-test',
      groupId: `kernel-rm-${run}`,
      topic: topic.name,
      types: [Changed.type],
      onEvent: async (e: CloudEvent) =>
        void seen.push(`${e.subject}@${(e.data as { revision: number }).revision}`),
      onJoin: (first) => void joins.push(first),
    });
    try {
      const ranges = await follower.topicRanges();
      expect(ranges.map((r) => [r.partition, r.high]).sort()).toEqual([
        [0, '4'],
        [1, '1'],
      ]);
      // as after a snapshot taken once `a@1` was applied: the rest is replayed
      expect(await follower.start({ '0': '1', '1': '0' })).toBe(true);
      await waitFor(() => seen.length === 3, 'the replay');
      expect(seen.sort()).toEqual(['a@2', 'b@1', 'c@1']);
      expect(joins).toEqual([true]);
      await send('y', 9, 1, Noted);
      await send('b', 2, 0);
      await waitFor(() => seen.length === 4, 'a new write');
      // the ItemNoted events were never given, yet the positions moved past them
      expect(seen.sort()).toEqual(['a@2', 'b@1', 'b@2', 'c@1']);
      await waitFor(() => follower.applied()['1'] === '2', 'the position past the skipped event');
      expect(follower.applied()).toEqual({ '0': '5', '1': '2' });
    } finally {
      await follower.stop();
      await producer.disconnect();
    }
  });
});
