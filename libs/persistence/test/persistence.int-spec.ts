import { catalog, createEvent, NotificationQueuedV1, toKafkaRecord } from '@urp/contracts';
import { testInfra, uniqueName } from '@urp/testing';
import { MongoClient, type Db } from 'mongodb';
import {
  applyOnce,
  insertOnce,
  OutboxStore,
  OUTBOX_FIELD,
  packOutbox,
  storedOutbox,
  toOutboxEntry,
  updateWithEvents,
  withEvents,
  type OutboxEntry,
} from '../src';

const entry = (id: string): OutboxEntry => ({
  id,
  topic: 'urp.test.v1',
  key: 'k',
  headers: { ce_id: id },
  value: '{}',
});

/** A notification's queued event, numbered (what a campaigns document carries in its outbox). */
const queuedEvent = (n: number) =>
  createEvent(
    NotificationQueuedV1,
    `ntf_${n}`,
    {
      notificationId: `ntf_${n}`,
      requestedBy: 'CitizenNotificationRequested',
      channel: 'email',
      template: 'case_answered',
      recipientType: 'requester',
      recipientId: `req_${n}`,
      queuedAt: '2026-12-06T10:00:00.000Z',
    },
    { source: '/urp/campaigns', correlationId: `corr-${n}` },
  );

describe('persistence on the MongoDB-wire server (FerretDB locally, MongoDB in production)', () => {
  const client = new MongoClient(testInfra.mongoUrl, { maxPoolSize: 30 });
  let db: Db;

  beforeAll(async () => {
    db = client.db(uniqueName('persist').replace(/-/g, '_'));
  });
  afterAll(() => client.close());

  it('applies 200 concurrent distinct events to one document exactly once each, and ignores their redelivery', async () => {
    const col = db.collection('counters');
    const ids = Array.from({ length: 200 }, (_, i) => `e${i}`);
    const first = await Promise.all(ids.map((id) => applyOnce(col, 'hot', id, { $inc: { n: 1 } })));
    expect(first.filter((r) => r === 'applied')).toHaveLength(200);
    const again = await Promise.all(
      ids.slice(0, 50).map((id) => applyOnce(col, 'hot', id, { $inc: { n: 1 } })),
    );
    expect(again.every((r) => r === 'duplicate')).toBe(true);
    expect(await col.findOne({ _id: 'hot' as never })).toMatchObject({ n: 200 });
  });

  it('inserts an event-keyed document once', async () => {
    const col = db.collection('invitations');
    await col.createIndex({ sourceEventId: 1 }, { unique: true });
    expect(await insertOnce(col, { _id: 'a' as never, sourceEventId: 'ev-1' })).toBe('applied');
    expect(await insertOnce(col, { _id: 'b' as never, sourceEventId: 'ev-1' })).toBe('duplicate');
    expect(await col.countDocuments()).toBe(1);
  });

  it('acknowledging published events keeps the ones appended meanwhile', async () => {
    const col = db.collection('aggregates');
    const store = new OutboxStore(col);
    await col.insertOne(withEvents({ _id: 'agg' as never, v: 1 }, [entry('e1'), entry('e2')]));
    const [pending] = await store.pending(['agg'], 10);
    expect(pending.entries.map((e) => e.id)).toEqual(['e1', 'e2']);

    // a use case appends an event while the relay is publishing e1, e2
    await col.updateOne(
      { _id: 'agg' as never },
      updateWithEvents({ $set: { v: 2 } }, [entry('e3')]) as never,
    );
    await store.acknowledge([pending]);
    let doc = await col.findOne({ _id: 'agg' as never });
    expect(doc?.[OUTBOX_FIELD].map((e: OutboxEntry) => e.id)).toEqual(['e3']);
    expect(await store.pending(undefined, 10)).toHaveLength(1); // the sweep still sees it

    await store.acknowledge(await store.pending(['agg'], 10));
    doc = await col.findOne({ _id: 'agg' as never });
    expect(doc).toEqual({ _id: 'agg', v: 2, [OUTBOX_FIELD]: [] });
    expect(await store.pending(undefined, 10)).toHaveLength(0);
  });

  it('acknowledges a large publish round in one call (FerretDB hangs on a single command of ~100 updates)', async () => {
    const col = db.collection('many');
    const store = new OutboxStore(col);
    await col.insertMany(
      Array.from({ length: 180 }, (_, i) => withEvents({ _id: `d${i}` as never }, [entry(`m${i}`)])),
    );
    const pending = await store.pending(undefined, 500);
    expect(pending).toHaveLength(180);
    await store.acknowledge(pending);
    expect(await store.pending(undefined, 500)).toHaveLength(0);
  });

  it('sweeps a backlog in one pass, a batch at a time, acknowledging as it goes', async () => {
    const col = db.collection('backlog');
    const store = new OutboxStore(col);
    // 40 documents already published (empty outboxes) before 60 pending ones, as after a large sweep
    await col.insertMany(
      Array.from({ length: 40 }, (_, i) => ({ _id: `a${i}` as never, [OUTBOX_FIELD]: [] })),
    );
    await col.insertMany(
      Array.from({ length: 60 }, (_, i) => withEvents({ _id: `p${i}` as never }, [entry(`e${i}`)])),
    );
    const seen: string[] = [];
    const sizes: number[] = [];
    for await (const batch of store.pendingBatches(25)) {
      sizes.push(batch.length);
      seen.push(...batch.map((d) => String(d._id)));
      await store.acknowledge(batch);
    }
    expect(sizes).toEqual([25, 25, 10]);
    expect(new Set(seen).size).toBe(60);
    expect(await store.pending(undefined, 500)).toHaveLength(0);
  });

  it('a rolling upgrade: entries written before (headers as fields) and compact ones, read whole, acknowledged', async () => {
    const col = db.collection('upgrade');
    const store = new OutboxStore(col);
    const [e1, e2, e3] = [queuedEvent(1), queuedEvent(2), queuedEvent(3)];
    // the previous version wrote the whole record as fields (a plain object: no compact form)
    const before: OutboxEntry = { id: e1.id, topic: 'urp.campaigns.notification.v1', ...toKafkaRecord(e1) };
    await col.insertOne(withEvents({ _id: 'old' as never }, [{ ...before }]));
    // this version appends a compact one to the same document, and writes a new document
    await col.updateOne(
      { _id: 'old' as never },
      updateWithEvents({ $set: { v: 2 } }, [toOutboxEntry(catalog, e2)]) as never,
    );
    const fresh = toOutboxEntry(catalog, e3);
    await col.insertOne(withEvents({ _id: 'new' as never }, [fresh]));
    const raw = await col.findOne({ _id: 'new' as never });
    expect(Object.keys(raw?.[OUTBOX_FIELD][0])).toEqual(['id', 'env', 'value']);

    // the sweep reads each entry whole: what the relay sends is the event's Kafka record, whatever the form
    const swept = new Map<string, OutboxEntry>();
    for await (const batch of store.pendingBatches(10))
      for (const d of batch) for (const e of d.entries) swept.set(e.id, e);
    for (const e of [e1, e2, e3]) {
      const got = swept.get(e.id);
      expect({ ...got, headers: { ...got?.headers, traceparent: undefined } }).toEqual({
        id: e.id,
        topic: 'urp.campaigns.notification.v1',
        ...toKafkaRecord(e),
        headers: { ...toKafkaRecord(e).headers, traceparent: undefined },
      });
    }
    // acknowledged as read (both forms in one document) and as written (the fast path's entry in memory)
    await store.acknowledge(await store.pending(['old'], 10));
    await store.acknowledge([{ _id: 'new', entries: [fresh] }]);
    expect(await store.pending(undefined, 10)).toHaveLength(0);
    expect(await col.findOne({ _id: 'old' as never })).toEqual({ _id: 'old', v: 2, [OUTBOX_FIELD]: [] });
  });

  it('a pack (one element for many entries, deflated) is swept whole and acknowledged as read and as written', async () => {
    const col = db.collection('packs');
    const store = new OutboxStore(col);
    const events = Array.from({ length: 32 }, (_, i) => queuedEvent(i));
    const packedA = packOutbox(events.slice(0, 16).map((e) => toOutboxEntry(catalog, e)));
    const packedB = packOutbox(events.slice(16).map((e) => toOutboxEntry(catalog, e)));
    await col.insertOne({ _id: 'a' as never, [OUTBOX_FIELD]: storedOutbox(packedA) });
    await col.insertOne({ _id: 'b' as never, [OUTBOX_FIELD]: storedOutbox(packedB) });

    // the sweep's filter finds both, and reads every entry of each pack as its event's Kafka record
    const swept = new Map<string, OutboxEntry>();
    for await (const batch of store.pendingBatches(10))
      for (const d of batch) for (const e of d.entries) swept.set(e.id, e);
    expect(swept.size).toBe(32);
    for (const e of events)
      expect({ ...swept.get(e.id), headers: undefined }).toEqual({
        id: e.id,
        topic: 'urp.campaigns.notification.v1',
        key: e.subject,
        value: JSON.stringify(e.data),
        headers: undefined,
      });
    expect(swept.get(events[5].id)?.headers).toEqual(toKafkaRecord(events[5]).headers);

    // acknowledged as read back (the sweep) and as written (the fast path's entries in memory)
    await store.acknowledge(await store.pending(['a'], 10));
    await store.acknowledge([{ _id: 'b', entries: packedB }]);
    expect(await store.pending(undefined, 10)).toHaveLength(0);
    expect(await col.findOne({ _id: 'a' as never })).toEqual({ _id: 'a', [OUTBOX_FIELD]: [] });
    expect(await col.findOne({ _id: 'b' as never })).toEqual({ _id: 'b', [OUTBOX_FIELD]: [] });
  });
});
