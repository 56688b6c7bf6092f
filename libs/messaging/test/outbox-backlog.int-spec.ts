import type { OutboxEntry } from '@urp/persistence';
import { testInfra, uniqueName, waitFor } from '@urp/testing';
import { MongoClient, type Collection } from 'mongodb';
import type { Producer } from 'kafkajs';
import { createKafka, createProducer } from '../src/kafka';
import { OutboxRelay } from '../src/outbox-relay';

/**
 * A fresh write must not wait behind a backlog: after an outage, or a burst of timers, a sweep may have tens of
 * thousands of events to publish, and a citizen's notice written meanwhile would wait for all of them.
 */
describe('outbox relay: a fresh write during a long sweep (real Kafka + FerretDB)', () => {
  const topic = uniqueName('relay-backlog');
  let client: MongoClient;
  let docs: Collection;
  let producer: Producer;
  let relay: OutboxRelay;
  const order: string[] = [];

  const entry = (id: string): OutboxEntry => ({
    id,
    topic,
    key: id,
    headers: { ce_id: id, ce_time: new Date().toISOString() },
    value: JSON.stringify({ id }),
  });

  beforeAll(async () => {
    const kafka = createKafka({ clientId: uniqueName('relay'), brokers: testInfra.kafkaBrokers });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    producer = createProducer(kafka);
    await producer.connect();
    client = await MongoClient.connect(testInfra.mongoUrl);
    docs = client.db(uniqueName('relay_backlog').replace(/-/g, '_')).collection('items');
  });

  afterAll(async () => {
    await relay?.stop();
    await producer?.disconnect();
    await docs?.db.dropDatabase();
    await client?.close();
  });

  it('publishes it between two of the sweep batches, not after the whole backlog', async () => {
    // a backlog of 12 documents with an event each, left by a crash: the sweep publishes them 2 at a time
    await docs.insertMany(
      Array.from({ length: 12 }, (_, i) => ({ _id: `old-${i}`, _outbox: [entry(`old-${i}`)] }) as never),
    );
    let fresh = false;
    const send = producer.sendBatch.bind(producer);
    producer.sendBatch = async (batch) => {
      for (const t of batch.topicMessages ?? []) for (const m of t.messages) order.push(String(m.key));
      const done = await send(batch);
      if (!fresh) {
        // while the sweep is at its first batch, a use case writes a document and notifies the relay
        fresh = true;
        const e = entry('fresh');
        await docs.insertOne({ _id: 'fresh', _outbox: [e] } as never);
        relay.notifyWritten('items', 'fresh', [e]);
      }
      return done;
    };
    relay = new OutboxRelay(producer, { batchSize: 2, idleSweepMs: 3_600_000 });
    relay.register(docs);
    relay.start();

    await waitFor(
      async () => order.length >= 13 && (await docs.countDocuments({ '_outbox.0': { $exists: true } })) === 0,
      {
        what: 'the backlog and the fresh write published',
      },
    );
    // published once each, and the fresh one right after the batch during which it was written
    expect(order.filter((k) => k === 'fresh')).toHaveLength(1);
    expect(new Set(order).size).toBe(13);
    expect(order.indexOf('fresh')).toBe(2);
  });
});
