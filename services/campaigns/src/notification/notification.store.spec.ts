import type { CloudEvent } from '@urp/contracts';
import type { OutboxPort, UseCaseContext } from '@urp/kernel';
import { BSON, MongoBulkWriteError, type Db } from 'mongodb';
import { aNotification, QUEUED_AT as at } from './notification.fixtures';
import { queueNotification, type Notification } from './notification.rules';
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
  /** Unordered, as the store asks: the others are written, the collisions reported as the driver does. */
  async insertMany(ds: Doc[]) {
    const writeErrors: { index: number; code: number }[] = [];
    for (const [index, d] of ds.entries())
      await this.insertOne(d).catch(() => writeErrors.push({ index, code: 11000 }));
    // the driver's own error class (the store recognises it), without its driver-only constructor
    if (writeErrors.length)
      throw Object.assign(Object.create(MongoBulkWriteError.prototype) as MongoBulkWriteError, {
        message: 'E11000',
        code: 11000,
        writeErrors,
      });
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
  /** Every event handed to the outbox, whole. */
  const given: CloudEvent[] = [];
  const outbox: OutboxPort = {
    entries: (events) => {
      given.push(...events);
      return events.map((e) => ({ id: e.id, topic: 't', key: 'k', headers: {}, value: '' }));
    },
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
  return { store, told, given, col: (name: string) => collections.get(name)!, collections };
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
    // one open mark for the chunk, naming its messages
    expect([...col('notification_open').docs.values()].map((m) => m.ids)).toEqual([['a', 'b']]);
    expect(await store.openIds()).toEqual(['a', 'b']);
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

  it("stores a slice's outcomes as one deflated text (dates kept as dates) and reads slices written before as texts and arrays", async () => {
    const { store, col } = setUp();
    const queued = await store.insertMany([
      { next: n('x'), events: [event('queued-x')] },
      { next: n('y'), events: [event('queued-y')] },
    ]);
    await store.claim([{ id: 'x', attempt: 1 }], 'slice-x', at);
    await store.recordSlice('slice-x', [
      { previous: claimed(queued[0], 'slice-x'), next: delivered(claimed(queued[0], 'slice-x')), events: [] },
    ]);
    const doc = col(OUTCOMES).docs.get('slice-x')!;
    expect(doc.outcomes).toBeUndefined();
    expect(doc.outcomesText).toBeUndefined();
    // the deflated text (the in-memory collection keeps a copy of the Binary's fields)
    expect(doc.outcomesZ).toHaveProperty('buffer');
    const x = await store.get('x');
    expect(x).toMatchObject({ id: 'x', status: 'delivered', attempts: 1, revision: 1 });
    expect(x?.deliveredAt).toBeInstanceOf(Date);
    expect(x?.deliveredAt?.getTime()).toBe(at.getTime());

    // a slice written by the version before: the outcomes as an array of objects
    await store.claim([{ id: 'y', attempt: 1 }], 'slice-old', at);
    const { revision: _r, ...old } = delivered(claimed(queued[1], 'slice-old'));
    await col(OUTCOMES).insertOne({ _id: 'slice-old', at, outcomes: [{ ...old, sendingSince: undefined }] });
    const y = await store.get('y');
    expect(y).toMatchObject({ id: 'y', status: 'delivered', attempts: 1 });
    expect(y?.deliveredAt).toEqual(at);

    // a slice written by the version before that: the outcomes as one Extended JSON text
    const [z] = await store.insertMany([{ next: n('z'), events: [event('queued-z')] }]);
    await store.claim([{ id: 'z', attempt: 1 }], 'slice-text', at);
    const { revision: _z, ...zOld } = delivered(claimed(z, 'slice-text'));
    await col(OUTCOMES).insertOne({
      _id: 'slice-text',
      at,
      outcomesText: BSON.EJSON.stringify([{ ...zOld, sendingSince: undefined }], { relaxed: true }),
    });
    const zNow = await store.get('z');
    expect(zNow).toMatchObject({ id: 'z', status: 'delivered', attempts: 1 });
    expect(zNow?.deliveredAt).toEqual(at);
  });

  it('a request arriving twice in one batch is written once, and its NotificationQueued told once', async () => {
    const { store, told, col } = setUp();
    const queued = await store.insertMany([
      { next: n('t'), events: [event('queued-t')] },
      { next: n('t'), events: [event('queued-t-again')] },
    ]);
    expect(queued.map((q) => q.id)).toEqual(['t']);
    expect(col('notifications').docs.size).toBe(1);
    expect(await store.openIds()).toEqual(['t']);
    await store.claim([{ id: 't', attempt: 1 }], 'slice-t', at);
    await store.recordSlice('slice-t', [
      {
        previous: claimed(queued[0], 'slice-t'),
        next: delivered(claimed(queued[0], 'slice-t')),
        events: [event('delivered-t')],
      },
    ]);
    expect(told.flatMap((t) => t.events)).toEqual(['queued-t', 'delivered-t']);
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

  it('slices recorded together: one insert for their documents, each slice with its own events; written again, only what is missing', async () => {
    const { store, told, col } = setUp();
    const [a, b, c] = await store.insertMany([
      { next: n('a'), events: [event('queued-a')] },
      { next: n('b'), events: [event('queued-b')] },
      { next: n('c'), events: [event('queued-c')] },
    ]);
    await store.claim([{ id: 'a', attempt: 1 }], 'sa', at);
    await store.claim([{ id: 'b', attempt: 1 }], 'sb', at);
    await store.claim([{ id: 'c', attempt: 1 }], 'sc', at);
    const change = (q: Notification, s: string) => ({
      previous: claimed(q, s),
      next: delivered(claimed(q, s)),
      events: [event(`ok-${q.id}`)],
    });
    const outcomes = col(OUTCOMES);
    const inserts = jest.spyOn(outcomes, 'insertMany');
    await store.recordSlices([
      { claimId: 'sa', changes: [change(a, 'sa')] },
      { claimId: 'sb', changes: [change(b, 'sb')] },
    ]);
    expect(inserts).toHaveBeenCalledTimes(1);
    expect([...outcomes.docs.keys()]).toEqual(['sa', 'sb']);
    expect(told).toEqual([
      { collection: OUTCOMES, id: 'sa', events: ['queued-a', 'ok-a'] },
      { collection: OUTCOMES, id: 'sb', events: ['queued-b', 'ok-b'] },
    ]);
    expect(await store.get('a')).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(await store.get('b')).toMatchObject({ status: 'delivered', attempts: 1 });

    // a retry after a failure that wrote part of them: the written one collides, the other is written and told
    await store.recordSlices([
      { claimId: 'sb', changes: [change(b, 'sb')] },
      { claimId: 'sc', changes: [change(c, 'sc')] },
    ]);
    expect(told.map((t) => t.id)).toEqual(['sa', 'sb', 'sc']);
    expect(await store.get('c')).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(await store.openIds()).toEqual([]);
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

  it('a slice recorded after the sweep gave its claim up: what was sent wins over "outcome unknown"', async () => {
    const { store } = setUp();
    const [q] = await store.insertMany([{ next: n('g'), events: [event('queued-g')] }]);
    await store.claim([{ id: 'g', attempt: 1 }], 'slow', at);
    // another instance's sweep: the claim is older than the timeout, the message is declared failed
    const sending = (await store.get('g'))!;
    const { sendingSince: _s, claimId: _c, ...rest } = sending;
    await store.commit({
      previous: sending,
      next: { ...rest, status: 'failed', failureCode: 'outcome_unknown' },
      events: [event('failed-g')],
    });
    expect(await store.get('g')).toMatchObject({ status: 'failed', failureCode: 'outcome_unknown' });
    // the slow sender had sent it, and records its slice afterwards
    await store.recordSlice('slow', [
      { previous: claimed(q, 'slow'), next: delivered(claimed(q, 'slow')), events: [event('ok-g')] },
    ]);
    const now = await store.get('g');
    expect(now).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(now?.failureCode).toBeUndefined();
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

  it('the document keeps only the queued event’s id and origin; after a restart the same event is told again', async () => {
    const before = setUp();
    const ctx: UseCaseContext = {
      actor: { sub: 'x', roles: ['service'] },
      now: at,
      source: '/urp/campaigns',
      correlationId: 'corr-1',
      causationId: 'cause-1',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    };
    const d = queueNotification(
      null,
      {
        id: 'w',
        requestedBy: 'CitizenNotificationRequested',
        caseId: 'case_1',
        recipientType: 'requester',
        recipientId: 'req_w',
        channel: 'email',
        template: 'case_answered',
        facts: {},
      },
      ctx,
    )!;
    const [q] = await before.store.insertMany([{ next: d.state, events: d.events }]);
    const stored = before.col('notifications').docs.get('w')!;
    expect(JSON.parse(stored._queued as string)).toEqual({
      id: d.events[0].id,
      source: '/urp/campaigns',
      correlationid: 'corr-1',
      causationid: 'cause-1',
      traceparent: ctx.traceparent,
    });
    await before.store.claim([{ id: 'w', attempt: 1 }], 's', at);
    const after = setUp(before.collections);
    await after.store.recordSlice('s', [
      { previous: claimed(q, 's'), next: delivered(claimed(q, 's')), events: [] },
    ]);
    expect(after.given).toEqual([d.events[0]]);
  });

  it('a message’s document keeps what never changes as one text, the filtered fields as fields; both forms read back whole', async () => {
    const { store, col } = setUp();
    const state = n('c', {
      caseId: 'case_1',
      officeId: 'off_1',
      preferred: true,
      facts: { protocolNumber: '2026/000123', daysBefore: 3 },
    });
    const [q] = await store.insertMany([{ next: state, events: [event('queued-c')] }]);
    const stored = col('notifications').docs.get('c')!;
    // what the filters, the sort and the guarded writes name stays a field
    expect(stored).toMatchObject({ caseId: 'case_1', channel: 'email', status: 'queued', revision: 1 });
    expect(stored.queuedAt).toEqual(at);
    for (const k of ['recipientId', 'template', 'facts', 'officeId', 'requestedBy'])
      expect(stored).not.toHaveProperty(k);
    expect(await store.get('c')).toEqual({ ...state, revision: 1 });
    expect(q).toEqual({ ...state, revision: 1 });

    // a document written before, every value a field: read as it is, and written again whole
    const old = aNotification('old', { revision: 2, caseId: 'case_2', facts: { status: 'answered' } });
    const { id: _id, ...fields } = old;
    col('notifications').docs.set('old', { _id: 'old', ...fields, _marked: true });
    expect(await store.get('old')).toEqual(old);
    const failed = { ...old, status: 'failed' as const, failureCode: 'no_address', failedAt: at };
    await store.commit({ previous: old, next: failed, events: [] });
    expect(await store.get('old')).toEqual({ ...failed, revision: 3 });
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

  it('one open mark per intake chunk: kept while one of its messages is open, deleted when all are final', async () => {
    const { store, col } = setUp();
    const [a, b] = await store.insertMany([
      { next: n('a'), events: [event('queued-a')] },
      { next: n('b'), events: [event('queued-b')] },
    ]);
    expect(col('notification_open').statements).toBe(1);
    await store.claim([{ id: 'a', attempt: 1 }], 's1', at);
    await store.recordSlice('s1', [
      { previous: claimed(a, 's1'), next: delivered(claimed(a, 's1')), events: [] },
    ]);
    await new Promise((r) => setImmediate(r));
    // b is still open: the chunk's mark stays; a is not read again at a rebuild
    expect(await store.openIds()).toEqual(['b']);
    expect(col('notification_open').docs.size).toBe(1);
    await store.claim([{ id: 'b', attempt: 1 }], 's2', at);
    await store.recordSlice('s2', [
      { previous: claimed(b, 's2'), next: delivered(claimed(b, 's2')), events: [] },
    ]);
    await new Promise((r) => setImmediate(r));
    expect(col('notification_open').docs.size).toBe(0);
    // one insert and one delete for the chunk
    expect(col('notification_open').statements).toBe(2);
  });

  it('a redelivered request in a later chunk never drops the mark of the chunk that queued it', async () => {
    const { store, col } = setUp();
    await store.insertMany([{ next: n('a'), events: [event('queued-a')] }]);
    // the same request again, with a new one: only the new one is queued; the first chunk's mark keeps `a`
    const again = await store.insertMany([
      { next: n('a'), events: [event('queued-a')] },
      { next: n('c'), events: [event('queued-c')] },
    ]);
    expect(again.map((x) => x.id)).toEqual(['c']);
    expect((await store.openIds()).sort()).toEqual(['a', 'c']);
    // the same request alone: its chunk's mark names nobody open and goes at once
    await store.insertMany([{ next: n('a'), events: [event('queued-a')] }]);
    expect(col('notification_open').docs.size).toBe(2);
    expect((await store.openIds()).sort()).toEqual(['a', 'c']);
  });

  it('after a restart the marks read again are deleted once their messages are final', async () => {
    const before = setUp();
    const [q] = await before.store.insertMany([{ next: n('z'), events: [event('queued-z')] }]);
    await before.store.claim([{ id: 'z', attempt: 1 }], 's', at);
    const after = setUp(before.collections);
    expect(await after.store.openIds()).toEqual(['z']);
    await after.store.recordSlice('s', [
      { previous: claimed(q, 's'), next: delivered(claimed(q, 's')), events: [event('ok-z')] },
    ]);
    await new Promise((r) => setImmediate(r));
    expect(after.col('notification_open').docs.size).toBe(0);
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
