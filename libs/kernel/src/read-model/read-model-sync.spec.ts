import type { CloudEvent } from '@urp/contracts';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { Db } from 'mongodb';
import { Lease, PeriodicTasks } from '../periodic';
import type {
  ChangeFollowerOptions,
  ChangeFollowerPort,
  PartitionRange,
  TopicOffsets,
} from './change-follower';
import { ChunkedSnapshotStore } from './chunked-snapshot';
import { ReadModelSync, type ReadModelSyncOptions, type ReadModelTarget } from './read-model-sync';

interface Item {
  id: string;
  revision: number;
  at?: Date;
}

/** A collection that answers `_id` lookups only (as the snapshot store asks), recording them. */
function idCollection() {
  const docs = new Map<string, Record<string, unknown>>();
  const reads: string[] = [];
  const col = {
    findOne: async (f: { _id: string }) => {
      reads.push(f._id);
      return docs.get(f._id) ?? null;
    },
    replaceOne: async (f: { _id: string }, d: Record<string, unknown>) =>
      void docs.set(f._id, { ...d, _id: f._id }),
    deleteOne: async (f: { _id: string }) => void docs.delete(f._id),
  };
  return { docs, reads, db: { collection: () => col } as unknown as Db };
}

/** The stored aggregates, and a read model over them. */
class Model implements ReadModelTarget<Item> {
  held = new Map<string, Item>();
  readonly stored = new Map<string, Item>();
  reads: string[] = [];
  fullReads = 0;
  revisionOf = (id: string) => this.held.get(id)?.revision;
  reread = async (id: string) => {
    this.reads.push(id);
    const s = this.stored.get(id);
    if (s) this.held.set(id, { ...s });
  };
  items = () => [...this.held.values()];
  replaceAll = (items: Item[]) => void (this.held = new Map(items.map((i) => [i.id, i])));
  rebuild = async () => {
    this.fullReads++;
    this.held = new Map([...this.stored].map(([id, s]) => [id, { ...s }]));
    return this.held.size;
  };
  get size() {
    return this.held.size;
  }
  write(id: string): Item {
    const next = { id, revision: (this.stored.get(id)?.revision ?? 0) + 1 };
    this.stored.set(id, next);
    return next;
  }
}

/** Kafka as the sync sees it: the topic's ranges, and the events delivered to the follower it made. */
class FakeFollower implements ChangeFollowerPort {
  startedFrom?: TopicOffsets | 'not started';
  options?: ChangeFollowerOptions;
  private readonly positions = new Map<string, string>();
  constructor(public ranges: PartitionRange[] | Error) {}
  make = (o: ChangeFollowerOptions) => {
    this.options = o;
    return this;
  };
  async topicRanges() {
    if (this.ranges instanceof Error) throw this.ranges;
    return this.ranges;
  }
  applied() {
    return Object.fromEntries(this.positions);
  }
  async start(from?: TopicOffsets) {
    this.startedFrom = from;
    for (const [p, o] of Object.entries(from ?? {})) this.positions.set(p, o);
    return true;
  }
  stop = async () => undefined;
  /** An event at `offset` of `partition` of the change topic. */
  async deliver(event: CloudEvent, partition = 0, offset?: string) {
    await this.options!.onEvent(event, 'urp.test.items');
    if (offset) this.positions.set(String(partition), String(BigInt(offset) + BigInt(1)));
  }
}

const changed = (id: string, revision: number): CloudEvent =>
  ({ type: 'it.urp.test.ItemChanged.v1', subject: id, data: { revision } }) as unknown as CloudEvent;

const RANGES: PartitionRange[] = [
  { partition: 0, low: '0', high: '40' },
  { partition: 1, low: '5', high: '12' },
];

function setUp(over: Partial<ReadModelSyncOptions<Item>> = {}, ranges: PartitionRange[] | Error = RANGES) {
  const model = new Model();
  const { db, docs, reads } = idCollection();
  const snapshots = new ChunkedSnapshotStore<Item>(db, {
    name: 'items',
    version: 1,
    perChunk: 2,
    decode: (raw) => {
      const i = raw as { id: string; revision: number; at?: string };
      return { ...i, ...(i.at ? { at: new Date(i.at) } : {}) } as Item;
    },
  });
  const follower = new FakeFollower(ranges);
  let mark = '0';
  const marks = { read: async () => mark };
  let stored: number | undefined;
  const others: CloudEvent[] = [];
  const sync = new ReadModelSync<Item>({
    name: 'items',
    target: model,
    changedType: 'it.urp.test.ItemChanged.v1',
    follower: { brokers: [], clientId: 't', groupId: 'g', topic: 'urp.test.items' },
    onOtherEvent: async (e) => void others.push(e),
    snapshots,
    marks: { store: marks, collection: 'items' },
    storedCount: async () => stored ?? model.stored.size,
    makeFollower: follower.make,
    ...over,
  });
  return {
    model,
    sync,
    follower,
    snapshots,
    docs,
    reads,
    others,
    bumpMark: () => void (mark = String(Number(mark) + 1)),
    setStored: (n: number) => void (stored = n),
  };
}

describe('ReadModelSync: one way to keep a read model current and start it from a snapshot', () => {
  it('without a snapshot: the full read, after following from the topic ends read before it', async () => {
    const s = setUp();
    s.model.write('a');
    s.model.write('b');
    const start = await s.sync.start();
    expect(start.how).toBe('from the collection');
    expect(s.model.fullReads).toBe(1);
    expect(s.follower.startedFrom).toEqual({ '0': '40', '1': '12' });
    expect(s.model.items().map((i) => i.id)).toEqual(['a', 'b']);
    expect(await s.sync.start()).toBe(start); // Nest bootstraps a hybrid app twice: once only
  });

  it('follows change events: re-reads by `_id` only a revision it does not hold; other events go on', async () => {
    const s = setUp();
    s.model.write('a');
    await s.sync.start();
    // another instance writes `a` twice: the first event re-reads revision 3 already, the second needs nothing
    s.model.write('a');
    s.model.write('a');
    await s.follower.deliver(changed('a', 2), 0, '40');
    await s.follower.deliver(changed('a', 3), 0, '41');
    expect(s.model.reads).toEqual(['a']);
    expect(s.model.revisionOf('a')).toBe(3);
    // a write this instance made is held at once: its own event reads nothing
    s.model.held.set('b', s.model.write('b'));
    await s.follower.deliver(changed('b', 1), 1, '12');
    expect(s.model.reads).toEqual(['a']);
    const other = { type: 'it.urp.test.Other.v1', subject: 'x', data: {} } as unknown as CloudEvent;
    await s.follower.deliver(other);
    expect(s.others).toEqual([other]);
    expect(s.sync.applied()).toEqual({ '0': '42', '1': '13' });
  });

  it('a snapshot keeps the items with the positions applied; the next start loads it by `_id` and replays from there', async () => {
    const a = setUp();
    for (const id of ['a', 'b', 'c']) a.model.write(id);
    await a.sync.start();
    await a.follower.deliver(changed('a', 1), 0, '40');
    expect(await a.sync.snapshot()).toBe(3);
    // a second instance on the same database, Kafka (written on since) and store
    const b = setUp({}, [{ ...RANGES[0], high: '45' }, RANGES[1]]);
    for (const [k, v] of a.docs) b.docs.set(k, v);
    for (const [k, v] of a.model.stored) b.model.stored.set(k, v);
    b.reads.length = 0;
    const start = await b.sync.start();
    expect(start.how).toMatch(/^from the snapshot of /);
    expect(b.model.fullReads).toBe(0);
    expect(b.follower.startedFrom).toEqual({ '0': '41', '1': '12' });
    expect(b.model.items()).toEqual(a.model.items());
    expect(b.reads).toEqual(['items:meta', expect.stringMatching(/:0$/), expect.stringMatching(/:1$/)]);
  });

  it('reads the collection instead of a snapshot that is old, past the retention, partial, or older than a write outside the service', async () => {
    const cases: [string, (s: ReturnType<typeof setUp>) => void, PartitionRange[]?][] = [
      ['too old', () => undefined, undefined],
      [
        'replay no longer on the topic',
        () => undefined,
        [{ partition: 0, low: '41', high: '50' }, RANGES[1]],
      ],
      ['a partition unknown to it', () => undefined, [...RANGES, { partition: 2, low: '0', high: '0' }]],
      ['the store mark moved', (s) => s.bumpMark(), undefined],
      ['more stored than it holds plus the events since', (s) => s.setStored(1000), undefined],
    ];
    for (const [what, change, ranges] of cases) {
      const a = setUp({ maxAgeMs: what === 'too old' ? -1 : undefined });
      a.model.write('a');
      await a.sync.start();
      await a.sync.snapshot();
      const b = setUp({ maxAgeMs: what === 'too old' ? -1 : undefined }, ranges ?? RANGES);
      for (const [k, v] of a.docs) b.docs.set(k, v);
      b.model.write('a');
      change(b);
      const start = await b.sync.start();
      expect({ what, how: start.how, fullReads: b.model.fullReads }).toEqual({
        what,
        how: 'from the collection',
        fullReads: 1,
      });
    }
    // and the control: the same snapshot, nothing changed, is used
    const a = setUp();
    a.model.write('a');
    await a.sync.start();
    await a.sync.snapshot();
    const b = setUp();
    for (const [k, v] of a.docs) b.docs.set(k, v);
    b.model.write('a');
    expect((await b.sync.start()).how).toMatch(/snapshot/);
  });

  it('writes no snapshot once the collection was written outside the service: the next start reads it', async () => {
    const s = setUp();
    s.model.write('a');
    await s.sync.start();
    expect(await s.sync.snapshot()).toBe(1);
    s.bumpMark(); // a migration wrote `items` directly: this read model cannot know what
    expect(await s.sync.snapshot()).toBe(0);
    await s.sync.rebuild(); // an administrator's full read takes the new mark as its basis
    expect(await s.sync.snapshot()).toBe(1);
    expect((await s.snapshots.load())?.mark).toBe('1');
  });

  it('after a full read, writes a snapshot at once and then every interval, by the periodic tasks', async () => {
    const every: string[] = [];
    const s = setUp({
      snapshotEveryMs: 60_000,
      tasks: { every: (name: string) => void every.push(name) },
    });
    s.model.write('a');
    await s.sync.start();
    await new Promise((r) => setImmediate(r));
    expect((await s.snapshots.load())?.items).toEqual([{ id: 'a', revision: 1 }]);
    expect(every).toEqual(['items.read-model-snapshot']);
  });

  it('starts from the collection when Kafka cannot say its offsets (and follows from the newest offset)', async () => {
    const s = setUp({}, new Error('broker down'));
    s.model.write('a');
    expect((await s.sync.start()).how).toBe('from the collection');
    expect(s.follower.startedFrom).toBeUndefined();
  });
});

describe('ChunkedSnapshotStore', () => {
  it('round-trips items through encode/decode in chunks, switches generations, and ignores a broken one', async () => {
    const { db, docs } = idCollection();
    const store = new ChunkedSnapshotStore<Item>(db, {
      name: 'items',
      version: 3,
      perChunk: 2,
      encode: ({ id, revision }) => ({ id, revision }), // `at` is not kept
    });
    const items = [1, 2, 3].map((n) => ({ id: `i${n}`, revision: n, at: new Date() }));
    await store.save(items, { '0': '7' }, new Date('2026-12-01T10:00:00Z'), '4');
    await store.save(items, { '0': '9' }, new Date('2026-12-01T11:00:00Z'), '4');
    expect(docs.size).toBe(1 + 2); // the meta and two chunks: the older generation is gone
    expect(await store.load()).toEqual({
      items: items.map(({ id, revision }) => ({ id, revision })),
      offsets: { '0': '9' },
      takenAt: new Date('2026-12-01T11:00:00Z'),
      mark: '4',
    });
    expect(await new ChunkedSnapshotStore<Item>(db, { name: 'items', version: 4 }).load()).toBeUndefined();
    docs.delete([...docs.keys()].find((k) => k.endsWith(':1'))!);
    expect(await store.load()).toBeUndefined();
  });
});

describe('PeriodicTasks at shutdown', () => {
  it('gives back the leases this instance holds, not the others', async () => {
    const released: string[] = [];
    const lease = {
      acquire: async (name: string) => name !== 'held-elsewhere',
      release: async (name: string) => void released.push(name),
    } as unknown as Lease;
    const tasks = new PeriodicTasks(new SchedulerRegistry(), lease);
    let ran = 0;
    tasks.every('sweep', 60_000, async () => void ran++);
    tasks.every('held-elsewhere', 60_000, async () => void ran++);
    tasks.every('mine-only', 60_000, async () => void ran++, { everyInstance: true });
    await new Promise((r) => setTimeout(r, 20));
    expect(ran).toBe(2);
    await tasks.onApplicationShutdown();
    expect(released).toEqual(['sweep']);
  });
});
