import { InMemoryAggregateStore, ServiceKernel, systemClock } from '@urp/kernel';
import { deliveryId, type RecipientState } from '../audience/audience.rules';
import type { Campaign } from '../campaign/campaign.rules';
import type { RunCounter, StepRun } from '../campaign/campaign.store';
import type { CampaignsConfig } from '../config';
import { DeliveryError, type DeliveryAdapter, type OutgoingMessage } from './adapters';
import { DeliveryEngine } from './delivery.engine';
import type { Delivery, DeliveryBatch, DeliveryOutcome } from './delivery.store';

/** In-memory stand-ins for the stores: the same contracts (insert-before-send collides on the id). */
function world(audience: RecipientState[]) {
  const deliveries = new Map<string, Delivery>();
  const runs = new Map<string, StepRun>();
  const batches = new InMemoryAggregateStore<DeliveryBatch>('delivery_batches');
  const deliveryStore = {
    claim: async (docs: Delivery[]) => {
      const fresh = new Set<string>();
      for (const d of docs)
        if (!deliveries.has(d.id)) {
          deliveries.set(d.id, { ...d });
          fresh.add(d.id);
        }
      return fresh;
    },
    unclaim: async (ids: string[]) => ids.forEach((id) => deliveries.delete(id)),
    recordOutcomes: async (updates: { id: string; set: DeliveryOutcome }[]) =>
      updates.forEach((u) => deliveries.set(u.id, { ...deliveries.get(u.id)!, ...u.set })),
  };
  const recipientStore = {
    stream: () =>
      Object.assign(
        (async function* () {
          yield* audience;
        })(),
        { close: async () => undefined },
      ),
  };
  const runStore = {
    start: async (run: StepRun) => runs.get(run._id) ?? (runs.set(run._id, { ...run }), run),
    progress: async (
      id: string,
      checkpoint: number | undefined,
      inc: Partial<Record<RunCounter, number>>,
    ) => {
      const r = runs.get(id)!;
      if (checkpoint !== undefined) r.checkpoint = checkpoint;
      for (const [k, v] of Object.entries(inc) as [RunCounter, number][]) r[k] += v;
    },
  };
  const config: CampaignsConfig = {
    ...({} as CampaignsConfig),
    SMTP_URL: 'smtp://127.0.0.1:9',
    SMTP_FROM: 'urp@comune.example',
    SMTP_POOL_SIZE: 1,
    CONTACTS_INTERNAL_URL: 'http://127.0.0.1:9',
    PUBLIC_BASE_URL: 'http://urp.example',
    DELIVERY_RATE_PER_SECOND: 100_000,
    DELIVERY_CONCURRENCY: 16,
    DELIVERY_MAX_ATTEMPTS: 3,
    DELIVERY_RETRY_BASE_MS: 1,
    IDENTITY_SECRET: 'x'.repeat(32),
  };
  const engine = new DeliveryEngine(
    config,
    deliveryStore,
    batches,
    recipientStore,
    runStore,
    new ServiceKernel({ source: '/urp/campaigns' }, systemClock),
  );
  const events = {
    get types() {
      return batches.events.map((e) => e.type);
    },
  };
  const sent: OutgoingMessage[] = [];
  const failures = new Map<string, DeliveryError[]>();
  const adapter: DeliveryAdapter = {
    channel: 'email',
    send: async (m) => {
      const f = failures.get(m.to)?.shift();
      if (f) throw f;
      sent.push(m);
      return { status: 'delivered' };
    },
    close: async () => undefined,
  };
  engine.replace({
    adapter,
    resolver: {
      resolve: async (ids: string[]) =>
        new Map(
          ids.map((id) => [id, { requesterId: id, status: 'ok' as const, address: `${id}@example.org` }]),
        ),
    },
  });
  return { engine, deliveries, runs, events, sent, failures };
}

const consenting = (n: number): RecipientState[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `req_u${String(i).padStart(5, '0')}`,
    consents: { email_campaigns: { given: true, at: '2026-11-01T09:00:00Z', source: 'desk' } },
  }));

const campaign: Campaign = {
  id: 'cmp_test',
  revision: 1,
  title: 'TARI',
  goal: 'Meno telefonate sulla TARI',
  topics: ['tributi'],
  sheetIds: [],
  ownerId: 'bruno',
  authorId: 'bruno',
  status: 'running',
  nextStep: 0,
  history: [],
  startsAt: new Date('2026-11-01T09:00:00Z'),
  createdAt: new Date('2026-11-01T09:00:00Z'),
  updatedAt: new Date('2026-11-01T09:00:00Z'),
  segment: {},
  steps: [
    {
      stepId: 's1',
      channel: 'email',
      waitHours: 0,
      subject: 'TARI',
      body: 'Scade il 16 dicembre.',
      links: [],
    },
  ],
};

describe('delivery engine: never the same step twice to the same person', () => {
  it('sends each recipient once, and nothing again when the step is run a second time', async () => {
    const w = world(consenting(130));
    const first = await w.engine.runStep(campaign, 0, async () => true);
    expect(first).toMatchObject({ outcome: 'completed', sent: 130, bounced: 0 });
    // a second runner (or a restart that lost its checkpoint) finds every delivery recorded
    w.runs.clear();
    const second = await w.engine.runStep(campaign, 0, async () => true);
    expect(second.sent).toBe(0);
    expect(w.sent).toHaveLength(130);
    expect(new Set(w.sent.map((m) => m.to)).size).toBe(130);
    expect(w.runs.get('cmp_test:s1')!.duplicatesAvoided).toBe(130);
    expect(w.events.types.filter((t) => t.includes('MessageDelivered'))).toHaveLength(130);
  });

  it('an interrupted step resumes after its checkpoint and still sends nobody twice', async () => {
    const w = world(consenting(1000));
    let calls = 0;
    const interrupted = await w.engine.runStep(campaign, 0, async () => ++calls < 2);
    expect(interrupted.outcome).toBe('interrupted');
    expect(w.sent.length).toBeLessThan(1000);
    const resumed = await w.engine.runStep(campaign, 0, async () => true);
    expect(resumed.outcome).toBe('completed');
    expect(w.sent).toHaveLength(1000);
    expect(new Set(w.sent.map((m) => m.to)).size).toBe(1000);
  });

  it('retries transient failures with backoff, bounces permanent ones at once', async () => {
    const w = world(consenting(3));
    w.failures.set('req_u00000@example.org', [new DeliveryError('421 try later', false, '421')]);
    w.failures.set('req_u00001@example.org', [new DeliveryError('550 no such user', true, '550')]);
    const r = await w.engine.runStep(campaign, 0, async () => true);
    expect(r).toMatchObject({ sent: 2, bounced: 1 });
    const d = (n: number) => w.deliveries.get(deliveryId('cmp_test', 's1', `req_u0000${n}`))!;
    expect(d(0)).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(d(1)).toMatchObject({ status: 'bounced', error: '550', attempts: 1 });
    expect(w.sent.filter((m) => m.to === 'req_u00000@example.org')).toHaveLength(1);
  });

  it('puts the one-click unsubscribe in every message (RFC 8058 headers and a line in the text)', async () => {
    const w = world(consenting(1));
    await w.engine.runStep(campaign, 0, async () => true);
    const [m] = w.sent;
    expect(m.headers).toMatchObject({
      'List-Unsubscribe': expect.stringMatching(/^<http:\/\/urp\.example\/u\/dlv_[0-9a-f]{32}\.[\w-]+>$/),
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(m.text).toContain('http://urp.example/u/');
    expect(m.html).toContain('/t/o/');
  });
});
