import { fromKafkaMessage, toKafkaRecord, createEvent, deadLetterTopic } from '@urp/contracts';
import { testInfra, uniqueName, waitFor } from '@urp/testing';
import type { Consumer, Producer } from 'kafkajs';
import type { Db } from 'mongodb';
import { createKafka, createProducer, DLQ_HEADERS, EventOutbox } from '../src';
import { withEvents } from '@urp/persistence';
import { startTicketApp, ticketCatalog } from './fixtures/ticket-app';

describe('event backbone: outbox -> Kafka -> idempotent consumer (real Kafka + FerretDB)', () => {
  const aggregate = uniqueName('ticket');
  const dbName = uniqueName('msg').replace(/-/g, '_');
  const { topic, TicketOpened } = ticketCatalog(aggregate);
  const kafka = createKafka({ clientId: 'backbone-test', brokers: testInfra.kafkaBrokers });
  let ctx: Awaited<ReturnType<typeof startTicketApp>>;
  let db: Db;
  let producer: Producer;
  let dlqConsumer: Consumer | undefined;

  const counter = async (bucket: string) =>
    ((await db.collection('ticket_counters').findOne({ _id: bucket as never })) as { count?: number } | null)
      ?.count ?? 0;
  const deliveries = (eventId: string) => db.collection('ticket_deliveries').countDocuments({ eventId });

  beforeAll(async () => {
    ctx = await startTicketApp({
      aggregate,
      dbName,
      groupId: uniqueName('g'),
      brokers: testInfra.kafkaBrokers,
      mongoUrl: testInfra.mongoUrl,
      consume: true,
      maxAttempts: 3,
    });
    db = ctx.tickets.model.db.db!;
    producer = createProducer(kafka);
    await producer.connect();
  });

  afterAll(async () => {
    await dlqConsumer?.disconnect();
    await producer?.disconnect();
    await ctx?.app.close();
  });

  it('publishes what a use case writes, removes it from the outbox, and the consumer applies it', async () => {
    const event = await ctx.tickets.open('t-1', 'alpha');
    await waitFor(async () => (await counter('alpha')) === 1, { what: 'projection of t-1' });
    const doc = await db.collection('tickets').findOne({ _id: 't-1' as never });
    expect(doc).toMatchObject({ bucket: 'alpha' });
    expect(doc?._outbox ?? []).toEqual([]); // published and removed
    expect(await deliveries(event.id)).toBe(1);
  });

  it('applies the same event delivered twice only once', async () => {
    const event = createEvent(
      TicketOpened,
      't-dup',
      { ticketId: 't-dup', bucket: 'beta' },
      { source: '/urp/test' },
    );
    const record = toKafkaRecord(event);
    await producer.send({ topic: topic.name, acks: -1, messages: [record, record] });
    await waitFor(async () => (await deliveries(event.id)) === 2, { what: 'both deliveries' });
    expect(await counter('beta')).toBe(1);
  });

  it('dead-letters a poison message after the configured retries, with its error, and moves on', async () => {
    const poison = createEvent(
      TicketOpened,
      'same-key',
      { ticketId: 'p-1', bucket: 'gamma', poison: true },
      { source: '/urp/test' },
    );
    const after = [1, 2, 3].map((i) =>
      createEvent(
        TicketOpened,
        'same-key',
        { ticketId: `ok-${i}`, bucket: 'gamma' },
        { source: '/urp/test' },
      ),
    );
    // not a CloudEvent at all: dead-lettered at once, without retries
    const garbage = { key: 'same-key', value: 'not json', headers: { ce_type: TicketOpened.type } };
    await producer.send({
      topic: topic.name,
      acks: -1,
      messages: [poison, ...after]
        .map((e) => ({ ...toKafkaRecord(e), partition: 0 }))
        .concat([{ ...garbage, partition: 0 }]),
    });

    await waitFor(async () => (await counter('gamma')) === 3, {
      what: 'the three messages after the poison one',
    });

    const dead: { headers: Record<string, string>; value: string }[] = [];
    dlqConsumer = kafka.consumer({ groupId: uniqueName('dlq-reader') });
    await dlqConsumer.connect();
    await dlqConsumer.subscribe({ topic: deadLetterTopic(topic.name), fromBeginning: true });
    await dlqConsumer.run({
      eachMessage: async ({ message }) =>
        void dead.push({
          value: message.value!.toString(),
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
        }),
    });
    await waitFor(() => dead.length === 2, { what: 'two dead letters' });
    const poisoned = dead.find((d) => d.headers.ce_id === poison.id)!;
    expect(poisoned.headers[DLQ_HEADERS.error]).toBe('poison ticket p-1 (attempt 3, last)');
    expect(poisoned.headers[DLQ_HEADERS.attempts]).toBe('3');
    expect(poisoned.headers[DLQ_HEADERS.topic]).toBe(topic.name);
    expect(fromKafkaMessage({ value: poisoned.value, headers: poisoned.headers }).data).toMatchObject({
      ticketId: 'p-1',
    });
    const malformed = dead.find((d) => d.value === 'not json')!;
    expect(malformed.headers[DLQ_HEADERS.errorName]).toBe('ContractViolation');
    expect(malformed.headers[DLQ_HEADERS.attempts]).toBe('0');
    expect(await deliveries(poison.id)).toBe(0);
  });

  it('keeps publishing the other documents when the broker refuses one document’s events (too large)', async () => {
    const tickets = db.collection('tickets');
    const huge = createEvent(
      TicketOpened,
      'huge',
      { ticketId: 'huge', bucket: 'delta' },
      { source: '/urp/test' },
    );
    const record = toKafkaRecord(huge);
    const entry = {
      id: huge.id,
      topic: topic.name,
      key: record.key,
      headers: record.headers,
      value: JSON.stringify({ ...huge.data, pad: 'x'.repeat(2_000_000) }),
    };
    await tickets.insertOne({ _id: 'huge' as never, bucket: 'delta', _outbox: [entry] });
    const normal = createEvent(
      TicketOpened,
      'normal',
      { ticketId: 'normal', bucket: 'epsilon' },
      { source: '/urp/test' },
    );
    const outbox = ctx.app.get(EventOutbox);
    const entries = outbox.entries(normal);
    await tickets.insertOne(withEvents({ _id: 'normal' as never, bucket: 'epsilon' }, entries));
    // one publish round holding both documents
    outbox.written(ctx.tickets.model, 'huge', [entry]);
    outbox.written(ctx.tickets.model, 'normal', entries);
    await waitFor(async () => (await counter('epsilon')) === 1, {
      what: 'the normal ticket past the refused one',
    });
    // published *and* acknowledged: without the per-document fallback the failed round keeps it pending
    await waitFor(
      async () => ((await tickets.findOne({ _id: 'normal' as never }))?._outbox ?? []).length === 0,
      {
        what: 'the normal ticket acknowledged',
        timeoutMs: 5000,
      },
    );
    expect(((await tickets.findOne({ _id: 'huge' as never }))?._outbox ?? []).length).toBe(1); // kept, retried later
    await tickets.deleteOne({ _id: 'huge' as never });
  });
});
