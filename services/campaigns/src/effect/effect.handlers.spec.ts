import { ContactRegisteredV1, createEvent } from '@urp/contracts';
import { FixedClock, ServiceKernel } from '@urp/kernel';
import type { AudienceUseCases, ServiceNote } from '../audience/audience.use-cases';
import type { DeliveryStore } from '../delivery/delivery.store';
import { ContactsEventsHandlers } from './effect.handlers';
import { EffectUseCases, type ContactFact, type ContactFactStore } from './effect.use-cases';

const registered = (
  n: number,
  extra: { requesterId?: string; requesterIsStaff?: boolean; category?: string },
) =>
  createEvent(
    ContactRegisteredV1,
    `ct_${n}`,
    {
      contactId: `ct_${n}`,
      channel: 'phone',
      contactType: 'information',
      operatorId: 'op-1',
      registeredAt: new Date(Date.UTC(2026, 11, 7, 9, n)).toISOString(),
      ...(extra.requesterId ? { requesterId: extra.requesterId } : {}),
      ...(extra.requesterIsStaff ? { requesterIsStaff: true } : {}),
      ...(extra.category ? { category: { level1: extra.category } } : {}),
      sheetIds: n === 1 ? ['sheet-tari'] : undefined,
    },
    { source: '/urp/contacts' },
  );

function setup() {
  const writes: ContactFact[][] = [];
  const facts = {
    insertAbsent: async (f: ContactFact[]) => void writes.push(f),
    commit: async (c: { next: ContactFact }) => (writes.push([c.next]), { status: 'committed' }),
  };
  const noted: ServiceNote[][] = [];
  const audience = { noteServicesUsed: async (n: ServiceNote[]) => void noted.push(n) };
  const effect = new EffectUseCases(
    facts as unknown as ContactFactStore,
    null as unknown as DeliveryStore,
    new ServiceKernel({ source: '/urp/campaigns' }, new FixedClock(new Date())),
  );
  return {
    writes,
    noted,
    handlers: new ContactsEventsHandlers(effect, audience as unknown as AudienceUseCases),
  };
}

describe('ContactRegistered, a consumer batch at a time (issue 17)', () => {
  it("writes a run's facts together and notes only citizens' services", async () => {
    const { writes, noted, handlers } = setup();
    const events = [
      registered(1, { requesterId: 'req_citizen1', category: 'tributi' }),
      registered(2, { requesterId: 'req_employee', requesterIsStaff: true, category: 'tributi' }),
      registered(3, { category: 'anagrafe' }),
      registered(4, { requesterId: 'req_citizen2' }),
    ];
    await handlers.onContactsRegistered(events);
    expect(writes).toEqual([
      [
        {
          id: 'ct_1',
          revision: 0,
          at: new Date(Date.UTC(2026, 11, 7, 9, 1)),
          category: 'tributi',
          sheetIds: ['sheet-tari'],
          channel: 'phone',
        },
        expect.objectContaining({ id: 'ct_2', category: 'tributi', sheetIds: [] }),
        expect.objectContaining({ id: 'ct_3', category: 'anagrafe' }),
        expect.not.objectContaining({ category: expect.anything() }),
      ],
    ]);
    expect(noted).toEqual([[{ requesterId: 'req_citizen1', category: 'tributi', eventId: events[0].id }]]);
  });

  it('an event on its own (a run of one, or a batch retried one by one) is one fact written', async () => {
    const { writes, handlers } = setup();
    await handlers.onContactsRegistered([registered(5, {})]);
    expect(writes.map((w) => w.map((f) => f.id))).toEqual([['ct_5']]);
  });
});
