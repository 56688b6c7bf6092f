import { infra, testInfra, uniqueName, waitFor } from '@urp/testing';
import type { Db } from 'mongodb';
import { startTicketApp } from './fixtures/ticket-app';

// Stops and restarts the real broker: keep this file on its own (the suite runs in band).
describe('outbox during a broker outage (real Kafka + FerretDB)', () => {
  let ctx: Awaited<ReturnType<typeof startTicketApp>>;
  let db: Db;

  beforeAll(async () => {
    ctx = await startTicketApp({
      aggregate: uniqueName('outage'),
      dbName: uniqueName('outage').replace(/-/g, '_'),
      groupId: uniqueName('g'),
      brokers: testInfra.kafkaBrokers,
      mongoUrl: testInfra.mongoUrl,
      consume: true,
    });
    db = ctx.tickets.model.db.db!;
  });

  afterAll(async () => {
    infra('start', 'kafka'); // never leave the broker down for the next suite
    await ctx?.app.close();
  });

  const counter = async () =>
    (
      (await db.collection('ticket_counters').findOne({ _id: 'outage' as never })) as {
        count?: number;
      } | null
    )?.count ?? 0;

  it('accepts the write while the broker is stopped, and publishes the event once the broker is back', async () => {
    await ctx.tickets.open('before', 'outage');
    await waitFor(async () => (await counter()) === 1, { what: 'the event written before the outage' });

    infra('stop', 'kafka');
    const event = await ctx.tickets.open('during', 'outage'); // the use case succeeds: the event waits in the document
    const pending = await db.collection('tickets').findOne({ _id: 'during' as never });
    expect(pending?._outbox).toEqual([expect.objectContaining({ id: event.id })]);
    await new Promise((r) => setTimeout(r, 1500)); // several relay sweeps fail meanwhile
    expect(await counter()).toBe(1);

    infra('start', 'kafka');
    await waitFor(async () => (await counter()) === 2, {
      timeoutMs: 80000,
      what: 'the event written during the outage',
    });
    await waitFor(
      async () =>
        ((await db.collection('tickets').findOne({ _id: 'during' as never }))?._outbox ?? []).length === 0,
      { what: 'outbox emptied' },
    );
    expect(
      await db.collection('ticket_deliveries').countDocuments({ eventId: event.id }),
    ).toBeGreaterThanOrEqual(1);
  });
});
