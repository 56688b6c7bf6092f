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
