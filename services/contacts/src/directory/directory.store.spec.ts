import type { Db } from 'mongodb';
import { DirectoryStore } from './directory.store';

/** The few collection calls the projection makes, on a map; a read can be held to see who waits for it. */
function fakeDb() {
  const docs = new Map<string, Record<string, unknown>>();
  const reads: string[] = [];
  let gate: Promise<void> | undefined;
  let release: () => void = () => undefined;
  const collection = {
    createIndex: async () => 'kind_1',
    findOne: async (f: { _id: string }) => docs.get(f._id) ?? null,
    replaceOne: async (f: { _id: string }, d: Record<string, unknown>) => {
      docs.set(f._id, { _id: f._id, ...d });
    },
    find: (f: { kind: string }) => {
      reads.push(f.kind);
      const found = [...docs.values()].filter((d) => d.kind === f.kind);
      return {
        toArray: async () => {
          if (gate) await gate;
          return found;
        },
      };
    },
  };
  return {
    db: { collection: () => collection } as unknown as Db,
    docs,
    reads,
    hold: () => {
      gate = new Promise((r) => (release = r));
    },
    open: () => {
      gate = undefined;
      release();
    },
  };
}

const office = (name: string, changedAt: string) => ({
  officeId: 'off_1',
  code: 'tributi',
  name,
  active: true,
  changedAt,
});

describe("contacts' directory", () => {
  afterEach(() => jest.useRealTimers());

  it('once its few seconds are up, serves the list held while the read runs, instead of making callers wait', async () => {
    jest.useFakeTimers({ now: new Date('2026-03-02T08:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    const { db, reads, hold, open } = fakeDb();
    const dir = new DirectoryStore(db);
    await dir.applyOfficeChanged(office('Ufficio Tributi', '2026-03-01T10:00:00Z'));
    expect((await dir.offices()).map((o) => o.name)).toEqual(['Ufficio Tributi']);
    expect(reads).toEqual(['office']);
    // within the time: from memory, no read
    jest.setSystemTime(Date.now() + 1000);
    await dir.offices();
    expect(reads).toEqual(['office']);
    // the time is up (but the list is not twice as old): the caller gets it at once, one read refreshes it behind
    jest.setSystemTime(Date.now() + 6_000);
    hold();
    const served = await dir.offices();
    expect(served.map((o) => o.name)).toEqual(['Ufficio Tributi']);
    expect(reads).toEqual(['office', 'office']);
    await dir.offices(); // joins the read in flight, still answered at once
    expect(reads).toEqual(['office', 'office']);
    open();
  });

  it('a list older than twice its time is not served: after an idle spell the caller waits for the read', async () => {
    jest.useFakeTimers({ now: new Date('2026-03-02T08:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    const { db, docs } = fakeDb();
    const dir = new DirectoryStore(db);
    await dir.applyOfficeChanged(office('Ufficio Tributi', '2026-03-01T10:00:00Z'));
    await dir.offices();
    // another instance applies a change (the events reach one instance of the group), then nobody asks for a while
    for (const d of docs.values()) if (d.kind === 'office') d.name = 'Tributi e Fiscalità';
    jest.setSystemTime(Date.now() + 2 * DirectoryStore.CACHE_MS);
    expect((await dir.offices()).map((o) => o.name)).toEqual(['Tributi e Fiscalità']);
  });

  it('a change this instance applies is seen by the next caller, never an older list', async () => {
    const { db } = fakeDb();
    const dir = new DirectoryStore(db);
    await dir.applyOfficeChanged(office('Ufficio Tributi', '2026-03-01T10:00:00Z'));
    await dir.offices();
    await dir.applyOfficeChanged(office('Tributi e Fiscalità', '2026-03-02T10:00:00Z'));
    expect((await dir.offices()).map((o) => o.name)).toEqual(['Tributi e Fiscalità']);
  });

  it('a read that started before a change is not held after it', async () => {
    const { db, hold, open } = fakeDb();
    const dir = new DirectoryStore(db);
    await dir.applyOfficeChanged(office('Ufficio Tributi', '2026-03-01T10:00:00Z'));
    hold();
    const before = dir.offices(); // reads the old name, answered after the change
    await dir.applyOfficeChanged(office('Tributi e Fiscalità', '2026-03-02T10:00:00Z'));
    open();
    expect((await before).map((o) => o.name)).toEqual(['Ufficio Tributi']);
    expect((await dir.offices()).map((o) => o.name)).toEqual(['Tributi e Fiscalità']);
  });
});
