import { testInfra, uniqueName, waitFor } from '@urp/testing';
import type { Admin, Consumer, Producer } from 'kafkajs';
import { createKafka, createProducer } from '../src';

// Proves that kafkajs 2.2.4 negotiates protocol versions the Kafka 4.x broker still serves (KIP-896).
describe('kafkajs against the local Kafka 4.x broker', () => {
  const kafka = createKafka({ clientId: 'smoke', brokers: testInfra.kafkaBrokers });
  let admin: Admin, producer: Producer, consumer: Consumer;

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    await admin?.disconnect();
  });

  it('creates a topic, produces, and consumes in a consumer group', async () => {
    const topic = uniqueName('smoke');
    admin = kafka.admin();
    await admin.connect();
    const cluster = await admin.describeCluster();
    expect(cluster.brokers).toHaveLength(1);
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true })).toBe(
      true,
    );
    expect(await admin.listTopics()).toContain(topic);

    producer = createProducer(kafka);
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `v${i}` })),
    });

    const received: string[] = [];
    const groupId = uniqueName('smoke-group');
    consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void received.push(message.value!.toString()) });
    await waitFor(() => received.length === 10, { what: '10 messages' });
    expect(received.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `v${i}`).sort());

    // the group committed its offsets (OffsetCommit / OffsetFetch round trip)
    await consumer.disconnect();
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed.partitions.reduce((sum, p) => sum + Number(p.offset), 0)).toBe(10);
  });
});
