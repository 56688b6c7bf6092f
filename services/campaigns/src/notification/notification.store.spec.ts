import type { CloudEvent } from '@urp/contracts';
import type { OutboxPort } from '@urp/kernel';
import type { Db } from 'mongodb';
import { aNotification, QUEUED_AT as at } from './notification.fixtures';
import type { Notification } from './notification.rules';
import { NotificationStore, OUTCOMES, QUEUED_IN_MEMORY } from './notification.store';

/** A new message (the store numbers its revisions). */
const n: typeof aNotification = (id, over = {}) => aNotification(id, { revision: 0, ...over });
const event = (id: string) => ({ id }) as CloudEvent;
type Doc = Record<string, unknown> & { _id: string };

/** Just enough of a collection, in memory: inserts (a duplicate `_id` collides), `_id` reads, deletes, updates. */
class FakeCollection {
  readonly docs = new Map<string, Doc>();
  statements = 0;
  constructor(readonly collectionName: string) {}
  async insertOne(d: Doc) {
    this.statements++;
    if (this.docs.has(d._id)) throw Object.assign(new Error('E11000'), { code: 11000 });
    this.docs.set(d._id, structuredClone(d));
    return {};
  }
  async insertMany(ds: Doc[]) {
    for (const d of ds) await this.insertOne(d);
    return {};
  }
  async findOne(f: { _id: string }) {
    const d = this.docs.get(f._id);
    return d ? structuredClone(d) : null;
  }
  /** Every document, or (the one filter the store scans with at start) the unfinished ones without a mark. */
  find(filter: { status?: { $in: string[] } } = {}) {
    const all = [...this.docs.values()];
    const match = (d: Doc) =>
      !filter.status || (filter.status.$in.includes(d.status as string) && d._marked === undefined);
    return { toArray: async () => all.filter(match) };
  }
  async bulkWrite(
    ops: Record<
      string,
      { filter: { _id: string; revision?: number }; update?: { $set: Record<string, unknown> } }
    >[],
  ) {
    let matchedCount = 0;
    for (const op of ops) {
      this.statements++;
      if (op.deleteOne) this.docs.delete(op.deleteOne.filter._id);
      if (op.updateOne) {
        const { filter, update } = op.updateOne;
        const d = this.docs.get(filter._id);
        if (!d || (filter.revision !== undefined && d.revision !== filter.revision)) continue;
        matchedCount++;
        Object.assign(d, update!.$set);
      }
    }
    return { matchedCount };
  }
  async updateOne(filter: { _id: string; revision?: number }, update: { $set: Record<string, unknown> }) {
    const r = await this.bulkWrite([{ updateOne: { filter, update } }]);
    return r;
  }
}

/** The store on in-memory collections, and an outbox port that records what the relay is told. */
function setUp(collections = new Map<string, FakeCollection>()) {
  const told: { collection: string; id: string; events: string[] }[] = [];
  const outbox: OutboxPort = {
    entries: (events) => events.map((e) => ({ id: e.id, topic: 't', key: 'k', headers: {}, value: '' })),
    register: () => undefined,
    written: (collection, id, entries) => told.push({ collection, id, events: entries.map((e) => e.id) }),
  };
  const db = {
    collection: (name: string) => {
      if (!collections.has(name)) collections.set(name, new FakeCollection(name));
      return collections.get(name)!;
    },
  } as unknown as Db;
  const store = new NotificationStore(db, outbox);
  return { store, told, col: (name: string) => collections.get(name)!, collections };
}

/** The claimed attempt of a queued message (as the sender holds it) and its delivered outcome. */
const claimed = (q: Notification, claimId: string): Notification => ({
  ...q,
  status: 'sending',
  attempts: q.attempts + 1,
  sendingSince: at,
  claimId,
});
const delivered = (s: Notification): Notification => {
  const { sendingSince: _s, claimId: _c, ...rest } = s;
  return { ...rest, status: 'delivered', sentAt: at, deliveredAt: at };
};

describe('the notifications store: outcomes written per slice, read back by `_id`', () => {
  it('writes the outcomes of a slice as ONE document with every event (the queued ones first), one relay hand-over', async () => {
    const { store, told, col } = setUp();
    const queued = await store.insertMany([
      { next: n('a'), events: [event('queued-a')] },
      { next: n('b'), events: [event('queued-b')] },
    ]);
    expect(told).toEqual([]);
    expect([...col('notification_open').docs.keys()]).toEqual(['a', 'b']);
    await store.claim(
      queued.map((q) => ({ id: q.id, attempt: 1 })),
      'slice-1',
      at,
    );
    const writesBefore = col('notifications').statements;
    const states = await store.recordSlice(
      'slice-1',
      queued.map((q) => ({
        previous: claimed(q, 'slice-1'),
        next: delivered(claimed(q, 'slice-1')),
        events: [event(`delivered-${q.id}`)],
      })),
    );
    expect(col('notifications').statements).toBe(writesBefore); // the messages' documents are not written
    expect(col(OUTCOMES).docs.size).toBe(1);
    expect(told).toEqual([
      { collection: OUTCOMES, id: 'slice-1', events: ['queued-a', 'delivered-a', 'queued-b', 'delivered-b'] },
    ]);
    expect(states.map((s) => [s.status, s.revision])).toEqual([
      ['delivered', 1],
      ['delivered', 1],
    ]);
    // final: no longer open
    expect(col('notification_open').docs.size).toBe(0);
    // read back by `_id`: the document followed along its claim to the slice's outcome
    expect(await store.get('a')).toMatchObject({ id: 'a', status: 'delivered', attempts: 1, revision: 1 });
  });

  it('a claim without a recorded outcome reads as `sending` since the claim (a crash mid-send)', async () => {
    const { store } = setUp();
    await store.insertMany([{ next: n('k'), events: [event('queued-k')] }]);
    await store.claim([{ id: 'k', attempt: 1 }], 'dead', at);
    expect(await store.get('k')).toMatchObject({ status: 'sending', attempts: 1, claimId: 'dead' });
    expect(await store.openIds()).toEqual(['k']);
  });

  it('follows retries: an outcome that queues the message again, then the next attempt', async () => {
    const { store } = setUp();
    const [q] = await store.insertMany([{ next: n('r'), events: [event('queued-r')] }]);
    await store.claim([{ id: 'r', attempt: 1 }], 's1', at);
    const retry: Notification = { ...q, attempts: 1, lastError: 'smtp_421', nextAttemptAt: at };
    await store.recordSlice('s1', [{ previous: claimed(q, 's1'), next: retry, events: [] }]);
    expect(await store.openIds()).toEqual(['r']);
    await store.claim([{ id: 'r', attempt: 2 }], 's2', at);
    await store.recordSlice('s2', [
      { previous: claimed(retry, 's2'), next: delivered(claimed(retry, 's2')), events: [] },
    ]);
    expect(await store.get('r')).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(await store.openIds()).toEqual([]);
  });

  it('a slice written again (a retry after a failure) collides and is not handed to the relay twice', async () => {
    const { store, told } = setUp();
    const [q] = await store.insertMany([{ next: n('d'), events: [event('queued-d')] }]);
    const change = { previous: claimed(q, 's'), next: delivered(claimed(q, 's')), events: [event('ok-d')] };
    await store.recordSlice('s', [change]);
    await store.recordSlice('s', [change]);
    expect(told).toHaveLength(1);
  });

  it('tells the relay at once of a message that failed at intake (no outcome will follow)', async () => {
    const { store, told, col } = setUp();
    await store.insertMany([
      { next: n('b', { status: 'failed' }), events: [event('queued-b'), event('failed-b')] },
    ]);
    expect(told).toEqual([{ collection: 'notifications', id: 'b', events: ['queued-b', 'failed-b'] }]);
    expect(col('notification_open').docs.size).toBe(0);
  });

  it('a write of the document on a first attempt (a stale claim) takes the queued event along, and folds the state', async () => {
    const { store, told, col } = setUp();
    await store.insertMany([{ next: n('e'), events: [event('queued-e')] }]);
    await store.claim([{ id: 'e', attempt: 1 }], 'dead', at);
    const sending = (await store.get('e'))!;
    const { sendingSince: _s, claimId: _c, ...rest } = sending;
    await store.commit({
      previous: sending,
      next: { ...rest, status: 'failed', failureCode: 'outcome_unknown' },
      events: [event('failed-e')],
    });
    expect(told).toEqual([{ collection: 'notifications', id: 'e', events: ['queued-e', 'failed-e'] }]);
    expect(await store.get('e')).toMatchObject({ status: 'failed', attempts: 1, revision: 2 });
    expect(col('notification_open').docs.size).toBe(0);
  });

  it('after a restart the queued event is read from the document and goes out with the first outcome', async () => {
    const before = setUp();
    const [q] = await before.store.insertMany([{ next: n('z'), events: [event('queued-z')] }]);
    await before.store.claim([{ id: 'z', attempt: 1 }], 's', at);
    const after = setUp(before.collections);
    await after.store.recordSlice('s', [
      { previous: claimed(q, 's'), next: delivered(claimed(q, 's')), events: [event('ok-z')] },
    ]);
    expect(after.told).toEqual([{ collection: OUTCOMES, id: 's', events: ['queued-z', 'ok-z'] }]);
  });

  it('at start, the unfinished messages written before the open marks existed get theirs', async () => {
    const { store, col } = setUp();
    await store.insertMany([{ next: n('new'), events: [event('queued-new')] }]);
    col('notifications').docs.set('old', { _id: 'old', status: 'queued', attempts: 0, revision: 3 });
    col('notifications').docs.set('done', { _id: 'done', status: 'delivered', attempts: 1, revision: 4 });
    await store.closeMarks(['new']);
    expect(await store.markEarlier()).toBe(1);
    expect(await store.openIds()).toEqual(['old']);
  });

  it('beyond the memory bound a queued event goes out at once', async () => {
    const { store, told } = setUp();
    await store.insertMany(
      Array.from({ length: QUEUED_IN_MEMORY + 1 }, (_, i) => ({
        next: n(`q${i}`),
        events: [event(`queued-q${i}`)],
      })),
    );
    expect(told.map((t) => t.id)).toEqual([`q${QUEUED_IN_MEMORY}`]);
  });
});
