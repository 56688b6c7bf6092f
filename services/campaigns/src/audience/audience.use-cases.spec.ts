import { FixedClock, InMemoryAggregateStore, ServiceKernel } from '@urp/kernel';
import { AudienceUseCases } from './audience.use-cases';
import type { Recipient, RecipientStore } from './recipient.store';

function setup() {
  const store = new InMemoryAggregateStore<Recipient>('recipients');
  const reads = jest.spyOn(store, 'get');
  const kernel = new ServiceKernel(
    { source: '/urp/campaigns' },
    new FixedClock(new Date('2026-03-02T09:00:00Z')),
  );
  return { store, reads, audience: new AudienceUseCases(store as unknown as RecipientStore, kernel) };
}

describe('the services a requester used (from ContactRegistered)', () => {
  it('records each service once and reads the recipient no more once it is known (issue 17)', async () => {
    const { store, reads, audience } = setup();
    expect(await audience.noteServiceUsed('req_abcdef01', 'tributi', 'e1')).toBe('applied');
    expect(await audience.noteServiceUsed('req_abcdef01', 'tributi', 'e2')).toBe('ignored');
    expect(await audience.noteServiceUsed('req_abcdef01', 'tributi', 'e1')).toBe('ignored');
    expect(reads).toHaveBeenCalledTimes(1);
    expect(await audience.noteServiceUsed('req_abcdef01', 'anagrafe', 'e3')).toBe('applied');
    expect(reads).toHaveBeenCalledTimes(2);
    expect((await store.get('req_abcdef01'))?.servicesUsed).toEqual(['tributi', 'anagrafe']);
  });

  it('keeps an anonymised requester without services, known pair or not', async () => {
    const { store, audience } = setup();
    await audience.noteServiceUsed('req_abcdef02', 'tributi', 'e1');
    await audience.forget('req_abcdef02', '2026-03-02T10:00:00Z', 'e2');
    await audience.noteServiceUsed('req_abcdef02', 'tributi', 'e3');
    await audience.noteServiceUsed('req_abcdef02', 'anagrafe', 'e4');
    expect(await store.get('req_abcdef02')).toMatchObject({
      servicesUsed: [],
      anonymisedAt: '2026-03-02T10:00:00Z',
    });
  });
});

/** The in-memory store with the batch insert of RecipientStore (`insertAbsent`: present ones left as they are). */
function setupBatch(
  beforeInsert: (store: InMemoryAggregateStore<Recipient>) => Promise<void> = () => Promise.resolve(),
) {
  const { store, reads, audience } = setup();
  const inserts: string[][] = [];
  const commits = jest.spyOn(store, 'commit');
  Object.assign(store, {
    async insertAbsent(created: { recipient: Recipient }[]) {
      await beforeInsert(store);
      inserts.push(created.map((c) => c.recipient.id));
      const present = new Set<string>();
      for (const { recipient } of created) {
        const r = await store.commit({ previous: null, next: recipient, events: [], ifAbsent: true });
        if (r.status === 'duplicate') present.add(recipient.id);
      }
      return present;
    },
  });
  return { store, reads, audience, inserts, commits };
}

const note = (requesterId: string, category: string, eventId: string) => ({ requesterId, category, eventId });

describe('the services used, a consumer batch at a time', () => {
  it('creates the new requesters in one insert and gives a known one its new services in one write', async () => {
    const { store, audience, inserts, commits } = setupBatch();
    await audience.noteServiceUsed('req_known001', 'tributi', 'e0');
    commits.mockClear();
    await audience.noteServicesUsed([
      note('req_new00001', 'tributi', 'e1'),
      note('req_known001', 'anagrafe', 'e2'),
      note('req_new00001', 'tributi', 'e3'),
      note('req_new00002', 'scuola', 'e4'),
      note('req_known001', 'tributi', 'e5'),
      note('req_new00001', 'anagrafe', 'e6'),
      note('req_known001', 'urp_generale', 'e7'),
    ]);
    expect(inserts).toEqual([['req_new00001', 'req_new00002']]);
    // the two inserted, one write for the known requester's two new services
    expect(commits).toHaveBeenCalledTimes(3);
    expect((await store.get('req_new00001'))?.servicesUsed).toEqual(['tributi', 'anagrafe']);
    expect((await store.get('req_new00002'))?.servicesUsed).toEqual(['scuola']);
    expect((await store.get('req_known001'))?.servicesUsed).toEqual(['tributi', 'anagrafe', 'urp_generale']);
  });

  it('a redelivered batch changes nothing, on this instance or after a restart', async () => {
    const { store, audience } = setupBatch();
    const batch = [note('req_new00001', 'tributi', 'e1'), note('req_new00001', 'anagrafe', 'e2')];
    await audience.noteServicesUsed(batch);
    const before = await store.get('req_new00001');
    await audience.noteServicesUsed(batch);
    // a new instance (restart: nothing remembered) reads and finds the services there
    const restarted = new AudienceUseCases(
      store as unknown as RecipientStore,
      new ServiceKernel({ source: '/urp/campaigns' }, new FixedClock(new Date('2026-03-02T09:00:00Z'))),
    );
    await restarted.noteServicesUsed(batch);
    expect(await store.get('req_new00001')).toEqual(before);
  });

  it('gives an anonymised requester no service, anonymised before the batch or while it is written', async () => {
    const { store, audience } = setupBatch(async (s) => {
      // anonymised between the batch's read (no recipient yet) and its insert
      if (!(await s.get('req_racing01')))
        await new AudienceUseCases(
          s as unknown as RecipientStore,
          new ServiceKernel({ source: 'x' }, new FixedClock(new Date('2026-03-02T10:00:00Z'))),
        ).forget('req_racing01', '2026-03-02T10:00:00Z', 'anon-1');
    });
    await audience.forget('req_gone0001', '2026-03-02T10:00:00Z', 'anon-0');
    await audience.noteServicesUsed([
      note('req_gone0001', 'tributi', 'e1'),
      note('req_racing01', 'tributi', 'e2'),
      note('req_other001', 'tributi', 'e3'),
    ]);
    expect(await store.get('req_gone0001')).toMatchObject({
      servicesUsed: [],
      anonymisedAt: '2026-03-02T10:00:00Z',
    });
    expect(await store.get('req_racing01')).toMatchObject({
      servicesUsed: [],
      anonymisedAt: '2026-03-02T10:00:00Z',
    });
    expect((await store.get('req_other001'))?.servicesUsed).toEqual(['tributi']);
  });
});
