import { FixedClock, ServiceKernel, type Actor } from '@urp/kernel';
import type { Campaign } from '../campaign/campaign.rules';
import type { DeliveryStore } from '../delivery/delivery.store';
import { EffectUseCases, type ContactFactStore } from './effect.use-cases';

const NOW = new Date('2026-12-07T10:00:00Z');
const DAY = 86_400_000;
const analyst: Actor = { sub: 'an', roles: ['analyst'] };

/** Contacts on the campaign's topic at these instants; the counts as the store's `countDocuments` gives them. */
function setup(contactsAt: Date[]) {
  const inRange = (f: { at: { $gte: Date; $lt: Date } }) =>
    contactsAt.filter((a) => a >= f.at.$gte && a < f.at.$lt).length;
  const facts = { collection: { countDocuments: async (f: never) => inRange(f) } };
  const deliveries = { stats: async () => ({}) };
  return new EffectUseCases(
    facts as unknown as ContactFactStore,
    deliveries as unknown as DeliveryStore,
    new ServiceKernel({ source: '/urp/campaigns' }, new FixedClock(NOW)),
  );
}

const campaign = (startsAt: Date, endsAt: Date) =>
  ({
    id: 'cmp_1',
    topics: ['tributi'],
    sheetIds: [],
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
  }) as unknown as Campaign;

describe('the effect of a campaign on the contacts about its topics', () => {
  it('compares the period of the campaign with the one before it', async () => {
    const effect = setup([
      new Date(NOW.getTime() - 10 * DAY),
      new Date(NOW.getTime() - 2 * DAY),
      new Date(NOW.getTime() - DAY),
    ]);
    const r = await effect.report(
      analyst,
      campaign(new Date(NOW.getTime() - 7 * DAY), new Date(NOW.getTime() + 7 * DAY)),
    );
    // before: 1 contact, during: 2
    expect(r.windows.map((w) => w.contactsOnTopics)).toEqual([1, 2, 0]);
    expect(r.changeDuringVsBeforePercent).toBe(100);
  });

  it('a campaign whose period has not begun shows no change, not "-100 %"', async () => {
    const effect = setup([new Date(NOW.getTime() - 2 * DAY), new Date(NOW.getTime() - DAY)]);
    const r = await effect.report(
      analyst,
      campaign(new Date(NOW.getTime() + 3 * DAY), new Date(NOW.getTime() + 10 * DAY)),
    );
    // the contacts before it, none during it (it has not begun): that is not a fall of 100 %
    expect(r.windows.map((w) => w.contactsOnTopics)).toEqual([2, 0, 0]);
    expect(r.changeDuringVsBeforePercent).toBeNull();
    expect(r.changeDuringVsPreviousYearPercent).toBeNull();
  });
});
