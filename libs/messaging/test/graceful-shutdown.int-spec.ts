import { testInfra, uniqueName, waitFor } from '@urp/testing';
import { MongoClient } from 'mongodb';
import { startTicketApp } from './fixtures/ticket-app';

describe('graceful shutdown of a consumer', () => {
  const mongo = new MongoClient(testInfra.mongoUrl);
  afterAll(() => mongo.close());

  it('finishes the message in flight, commits it, and a restart does not apply it again', async () => {
    const o = {
      aggregate: uniqueName('shutdown'),
      dbName: uniqueName('shutdown').replace(/-/g, '_'),
      groupId: uniqueName('g'),
      brokers: testInfra.kafkaBrokers,
      mongoUrl: testInfra.mongoUrl,
      consume: true,
    };
    const db = mongo.db(o.dbName);
    const first = await startTicketApp(o);
    await first.tickets.open('warm-up', 'w');
    await waitFor(async () => (await db.collection('ticket_deliveries').countDocuments()) === 1, {
      what: 'warm-up',
    });

    const slow = await first.tickets.open('slow', 's', { slowMs: 2000 });
    await new Promise((r) => setTimeout(r, 700)); // the handler is now sleeping inside its 2 s
    await first.app.close();
    expect(await db.collection('ticket_counters').findOne({ _id: 's' as never })).toMatchObject({ count: 1 });

    const second = await startTicketApp(o);
    await second.tickets.open('after', 'a');
    await waitFor(
      async () => (await db.collection('ticket_counters').countDocuments({ _id: 'a' as never })) === 1,
      { what: 'the event after restart' },
    );
    expect(await db.collection('ticket_deliveries').countDocuments({ eventId: slow.id })).toBe(1);
    await second.app.close();
  });
});
