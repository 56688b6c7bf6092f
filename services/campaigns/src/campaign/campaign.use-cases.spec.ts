import { FixedClock, InMemoryAggregateStore, ServiceKernel, type Actor } from '@urp/kernel';
import type { CampaignInput } from '../__generated__/graphql';
import type { Campaign, CampaignStatus } from './campaign.rules';
import { CampaignUseCases } from './campaign.use-cases';

const bruno: Actor = { sub: 'bruno', roles: ['backoffice'] };
const carla: Actor = { sub: 'carla', roles: ['backoffice'] };
const anna: Actor = { sub: 'anna', roles: ['manager'] };
const operator: Actor = { sub: 'op', roles: ['operator'] };

const input = (over: Partial<CampaignInput> = {}): CampaignInput => ({
  title: 'TARI 2027',
  goal: 'Meno telefonate sulla scadenza della TARI',
  topics: ['tributi'],
  steps: [{ channel: 'email', waitHours: 0, subject: 'TARI', body: 'La TARI scade il 16 giugno 2027.' }],
  startsAt: '2027-05-01T09:00:00+02:00',
  ...over,
});

function setup() {
  const memory = new InMemoryAggregateStore<Campaign>('campaigns');
  const store = Object.assign(memory, {
    list: async (status: CampaignStatus | undefined) =>
      memory.all().filter((c) => !status || c.status === status),
  });
  const useCases = new CampaignUseCases(
    {
      ELECTION_BLACKOUTS: [
        { label: 'Comunali 2027', from: '2027-04-10T00:00:00+02:00', to: '2027-05-25T23:00:00+02:00' },
      ],
    },
    store,
    { runsOf: async () => [] },
    { channels: () => ['email'] },
    new ServiceKernel({ source: '/urp/campaigns' }, new FixedClock(new Date('2026-12-01T10:00:00Z'))),
  );
  return { store, useCases };
}

describe('campaign use cases (in memory)', () => {
  it('a stale edit is refused with CONFLICT and the newer text stays', async () => {
    const { useCases, store } = setup();
    const c = await useCases.create(bruno, input({ startsAt: '2027-09-01T09:00:00+02:00' }));
    await useCases.update(
      carla,
      c.id,
      input({ title: 'TARI 2027: le scadenze', startsAt: '2027-09-01T09:00:00+02:00' }),
      c.revision,
    );
    await expect(
      useCases.update(
        bruno,
        c.id,
        input({ title: 'Titolo vecchio', startsAt: '2027-09-01T09:00:00+02:00' }),
        c.revision,
      ),
    ).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
    expect((await store.get(c.id))!.title).toBe('TARI 2027: le scadenze');
  });

  it('nobody who wrote the version approves it: not the creator, not an editor', async () => {
    const { useCases } = setup();
    const c = await useCases.create(bruno, input({ startsAt: '2027-09-01T09:00:00+02:00' }));
    await useCases.update(
      carla,
      c.id,
      input({ title: 'TARI 2027 bis', startsAt: '2027-09-01T09:00:00+02:00' }),
    );
    await useCases.act(carla, c.id, 'submit');
    await expect(useCases.act(carla, c.id, 'approve')).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    await expect(useCases.act(bruno, c.id, 'approve')).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    expect((await useCases.act(anna, c.id, 'approve')).status).toBe('approved');
  });

  it('a campaign in the election blackout needs an impersonal and indispensable justification', async () => {
    const { useCases } = setup();
    const c = await useCases.create(bruno, input());
    await expect(useCases.act(bruno, c.id, 'submit')).rejects.toMatchObject({
      extensions: {
        code: 'BAD_USER_INPUT',
        fields: { blackoutJustification: expect.stringMatching(/L\. 28\/2000/) },
      },
    });
  });

  it('bad input names each field under its argument and writes nothing; a channel without adapter is refused', async () => {
    const { useCases, store } = setup();
    await expect(useCases.create(bruno, input({ title: 'x', topics: [] }))).rejects.toMatchObject({
      extensions: { fields: { 'input.title': 'almeno 3 caratteri', 'input.topics': 'almeno un tema' } },
    });
    await expect(
      useCases.create(
        bruno,
        input({ steps: [{ channel: 'sms', waitHours: 0, body: 'Messaggio di prova per SMS.' }] }),
      ),
    ).rejects.toMatchObject({
      extensions: { fields: { 'input.steps.0.channel': 'nessun adattatore sms è configurato' } },
    });
    expect(store.all()).toHaveLength(0);
  });

  it('roles outside the policy are refused', async () => {
    const { useCases } = setup();
    await expect(useCases.create(operator, input())).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it('a refused caller gets FORBIDDEN before NOT_FOUND or BAD_USER_INPUT (it learns nothing)', async () => {
    const { useCases } = setup();
    const forbidden = { extensions: { code: 'FORBIDDEN' } };
    // an unknown campaign and an invalid input: still FORBIDDEN for a role that may not edit
    await expect(useCases.update(operator, 'cmp_nope', input({ title: '' }))).rejects.toMatchObject(
      forbidden,
    );
    await expect(useCases.act(operator, 'cmp_nope', 'approve')).rejects.toMatchObject(forbidden);
    await expect(
      useCases.act(operator, 'cmp_nope', 'schedule', { startsAt: 'not a date' }),
    ).rejects.toMatchObject(forbidden);
    // the same calls by a permitted role: NOT_FOUND and BAD_USER_INPUT
    await expect(useCases.act(bruno, 'cmp_nope', 'approve')).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });
    await expect(
      useCases.act(bruno, 'cmp_nope', 'schedule', { startsAt: 'not a date' }),
    ).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});
