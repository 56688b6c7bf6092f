import type { CloudEvent } from '@urp/contracts';
import type { OutboxPort } from '@urp/kernel';
import type { Db } from 'mongodb';
import { aNotification } from './notification.fixtures';
import { DEFER_MAX, DEFER_MAX_MS, NotificationStore } from './notification.store';

/** A new message (the store numbers its revisions). */
const n: typeof aNotification = (id, over = {}) => aNotification(id, { revision: 0, ...over });
const event = (id: string) => ({ id }) as CloudEvent;

/** The store on a collection that accepts every write, and an outbox port that records what the relay is told. */
function setUp() {
  const told: { id: string; events: string[] }[] = [];
  const outbox: OutboxPort = {
    entries: (events) => events.map((e) => ({ id: e.id, topic: 't', key: 'k', headers: {}, value: '' })),
    register: () => undefined,
    written: (_c, id, entries) => told.push({ id, events: entries.map((e) => e.id) }),
  };
  const collection = {
    collectionName: 'notifications',
    insertMany: async () => ({}),
    bulkWrite: async (ops: unknown[]) => ({ matchedCount: ops.length }),
    updateOne: async () => ({ matchedCount: 1 }),
    insertOne: async () => ({}),
  };
  const db = { collection: () => collection } as unknown as Db;
  return { store: new NotificationStore(db, outbox), told };
}

describe('the notifications store: the events of a queued message go to the relay with its outcome', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('tells the relay of the queued event together with the outcome event (one acknowledgement for both)', async () => {
    const { store, told } = setUp();
    const [queued] = await store.insertMany([{ next: n('a'), events: [event('queued-a')] }]);
    expect(told).toEqual([]);
    await store.writeMany([
      {
        previous: queued,
        next: { ...queued, status: 'delivered', attempts: 1 },
        events: [event('delivered-a')],
      },
    ]);
    expect(told).toEqual([{ id: 'a', events: ['queued-a', 'delivered-a'] }]);
  });

  it('tells the relay at once of a message that failed at intake (no outcome write will follow)', async () => {
    const { store, told } = setUp();
    await store.insertMany([
      { next: n('b', { status: 'failed' }), events: [event('queued-b'), event('failed-b')] },
    ]);
    expect(told).toEqual([{ id: 'b', events: ['queued-b', 'failed-b'] }]);
  });

  it('hands a queued event over on its own when no outcome comes within DEFER_MAX_MS, and all at shutdown', async () => {
    const { store, told } = setUp();
    await store.insertMany([{ next: n('c'), events: [event('queued-c')] }]);
    jest.advanceTimersByTime(DEFER_MAX_MS / 2);
    await store.insertMany([{ next: n('d'), events: [event('queued-d')] }]);
    expect(told).toEqual([]);
    jest.advanceTimersByTime(DEFER_MAX_MS / 2 + 1000);
    expect(told).toEqual([{ id: 'c', events: ['queued-c'] }]);
    store.onApplicationShutdown();
    expect(told).toEqual([
      { id: 'c', events: ['queued-c'] },
      { id: 'd', events: ['queued-d'] },
    ]);
  });

  it('defers only the head of a long queue (the rest is handed over at once)', async () => {
    const { store, told } = setUp();
    await store.insertMany(
      Array.from({ length: DEFER_MAX + 2 }, (_, i) => ({
        next: n(`q${i}`),
        events: [event(`queued-q${i}`)],
      })),
    );
    expect(told.map((t) => t.id)).toEqual([`q${DEFER_MAX}`, `q${DEFER_MAX + 1}`]);
  });

  it('a single-document write of the message (a receipt, a stale claim) takes its deferred events along', async () => {
    const { store, told } = setUp();
    const [queued] = await store.insertMany([{ next: n('e'), events: [event('queued-e')] }]);
    await store.commit({
      previous: queued,
      next: { ...queued, status: 'failed' },
      events: [event('failed-e')],
    });
    expect(told).toEqual([
      { id: 'e', events: ['queued-e'] },
      { id: 'e', events: ['failed-e'] },
    ]);
  });
});
