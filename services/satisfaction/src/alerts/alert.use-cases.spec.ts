import { ImprovementActionChangedV1 } from '@urp/contracts';
import type { Actor } from '@urp/kernel';
import { FixedClock, InMemoryAggregateStore, ServiceKernel } from '@urp/kernel';
import { scrubPersonalData } from '@urp/privacy';
import type { ImprovementAction } from './action.rules';
import { alertIdFor, type AlertCandidate, type SatisfactionAlert } from './alert.rules';
import type { AlertRepository, ImprovementActionRepository } from './alert.store';
import { AlertUseCases } from './alert.use-cases';

class MemoryAlerts extends InMemoryAggregateStore<SatisfactionAlert> implements AlertRepository {
  async list() {
    return this.all();
  }
}
class MemoryActions extends InMemoryAggregateStore<ImprovementAction> implements ImprovementActionRepository {
  async list() {
    return this.all();
  }
}

const who = (role: Actor['roles'][number], sub = `${role}-1`): Actor => ({ sub, roles: [role] });
const candidate: AlertCandidate = {
  alertId: alertIdFor('office', 'anagrafe', 'dissatisfied_share', '2026-11-30', 30),
  scope: 'office',
  scopeId: 'anagrafe',
  measure: 'dissatisfied_share',
  value: 0.6667,
  threshold: 0.3,
  sampleSize: 3,
  windowStart: '2026-11-01T00:00:00Z',
  windowEnd: '2026-11-30T23:59:59Z',
};

function setup() {
  const alerts = new MemoryAlerts('satisfaction_alerts');
  const actions = new MemoryActions('improvement_actions');
  const kernel = new ServiceKernel(
    { source: '/urp/satisfaction', scrub: (t) => scrubPersonalData(t) },
    new FixedClock(new Date('2026-11-30T10:00:00Z')),
  );
  const make = () => new AlertUseCases(alerts, actions, kernel);
  return { alerts, actions, useCases: make(), make };
}

describe('alert use cases (in memory)', () => {
  it('raise an alert once, however many evaluations (and replicas) find it', async () => {
    const { alerts, useCases, make } = setup();
    expect(await useCases.raise(candidate)).toBe(true);
    expect(await useCases.raise(candidate)).toBe(false);
    expect(await make().raise(candidate)).toBe(false); // another replica: the store says "already there"
    expect(alerts.events.map((e) => e.type)).toEqual(['it.urp.satisfaction.SatisfactionAlertRaised.v1']);
  });

  it('propose an action on an alert with its scope, and carry it through accepted to done', async () => {
    const { useCases, actions } = setup();
    await useCases.raise(candidate);
    const action = await useCases.propose(who('backoffice'), {
      alertId: candidate.alertId,
      title: 'Secondo sportello il lunedì mattina',
    });
    expect(action).toMatchObject({ scope: 'office', scopeId: 'anagrafe', status: 'proposed', revision: 1 });
    await expect(
      useCases.change(who('backoffice'), { id: action.id, status: 'accepted' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(useCases.change(who('manager'), { id: action.id, status: 'done' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const accepted = await useCases.change(who('manager'), {
      id: action.id,
      status: 'accepted',
      expectedRevision: 1,
    });
    const done = await useCases.change(who('backoffice'), { id: action.id, status: 'done', note: 'fatto' });
    expect(done.history.map((h) => [h.status, h.by])).toEqual([
      ['proposed', 'backoffice-1'],
      ['accepted', 'manager-1'],
      ['done', 'backoffice-1'],
    ]);
    expect(accepted.revision).toBe(2);
    const changes = actions.events.map((e) => ImprovementActionChangedV1.schema.parse(e.data));
    expect(changes.map((d) => [d.status, d.previousStatus])).toEqual([
      ['proposed', undefined],
      ['accepted', 'proposed'],
      ['done', 'accepted'],
    ]);
  });

  it('refuse a change made on a revision that is no longer current, and write nothing', async () => {
    const { useCases, actions } = setup();
    const action = await useCases.propose(who('manager'), {
      scope: 'service',
      scopeId: 'tari',
      title: 'Orari',
    });
    await useCases.change(who('manager'), { id: action.id, status: 'accepted' });
    await expect(
      useCases.change(who('manager'), { id: action.id, status: 'rejected', expectedRevision: 1 }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await actions.get(action.id))?.status).toBe('accepted');
  });

  it('scrub the free text an action carries to the stream', async () => {
    const { useCases, actions } = setup();
    await useCases.propose(who('backoffice'), {
      scope: 'office',
      scopeId: 'tributi',
      title: 'Richiamare Mario Rossi al 333 1234567',
      description: 'scrivere a mario.rossi@example.it',
    });
    const data = JSON.stringify(actions.events[0].data);
    expect(data).not.toMatch(/333 1234567|mario\.rossi@example\.it/);
  });

  it('tell who may not act, and which input is wrong, field by field', async () => {
    const { useCases } = setup();
    await expect(
      useCases.propose(who('referent'), { scope: 'office', scopeId: 'x', title: 'x' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      useCases.propose(who('manager'), { scope: 'office', scopeId: 'x', title: 'x', dueAt: 'domani' }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', fields: { 'input.dueAt': expect.any(String) } });
    await expect(useCases.propose(who('manager'), { alertId: 'al_nope', title: 'x' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(useCases.listAlerts(who('operator'), {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('authorization before validation or lookup (issue 12)', () => {
  it('a caller without the role gets FORBIDDEN on changeImprovementAction, whatever the input', async () => {
    const { useCases, actions } = setup();
    await useCases.raise(candidate);
    const action = await useCases.propose(who('backoffice'), {
      alertId: candidate.alertId,
      title: 'Sportello',
    });
    for (const role of ['operator', 'analyst', 'referent'] as const) {
      for (const input of [
        { id: 'nessuna', status: 'done' }, // unknown: not NOT_FOUND
        { id: '', status: 'chiusa' }, // malformed: not BAD_USER_INPUT
        { id: action.id, status: 'done', expectedRevision: 7 }, // stale: not CONFLICT
      ])
        await expect(
          useCases.change(who(role), input as Parameters<AlertUseCases['change']>[1]),
        ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await actions.get(action.id))!.revision).toBe(1);
  });
});
