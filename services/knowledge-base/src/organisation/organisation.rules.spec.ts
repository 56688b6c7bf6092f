import type { UseCaseContext } from '@urp/kernel';
import { OfficeInput, ReferentInput, saveOffice, saveReferent } from './organisation.rules';

const ctx: UseCaseContext = {
  actor: { sub: 'alice', roles: ['backoffice'] },
  now: new Date('2026-03-02T09:00:00Z'),
  source: '/urp/knowledge-base',
};

describe('offices and referents', () => {
  it('names each bad field in Italian', () => {
    const r = OfficeInput.safeParse({ code: 'Anagrafe', name: 'X', pec: 'non-una-pec' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['code', 'name', 'pec']);
    expect(ReferentInput.safeParse({ name: 'Maria Rossi', officeId: 'anagrafe' }).success).toBe(true);
  });

  it('creates an office with its full state as an event; a save that changes nothing emits nothing', () => {
    const input = OfficeInput.parse({ code: 'anagrafe', name: 'Servizi demografici', phone: '06 1234567' });
    const created = saveOffice(null, input, ctx);
    expect(created.state).toMatchObject({ id: 'anagrafe', active: true });
    expect(created.events[0].data).toMatchObject({ officeId: 'anagrafe', phone: '06 1234567', active: true });
    const same = saveOffice(created.state, input, ctx);
    expect(same.state).toBe(created.state);
    expect(same.events).toHaveLength(0);
    // a save states the whole office: a field left out is cleared
    const cleared = saveOffice(
      created.state,
      OfficeInput.parse({ code: 'anagrafe', name: 'Servizi demografici' }),
      ctx,
    );
    expect(cleared.state.phone).toBeUndefined();
    expect(cleared.events).toHaveLength(1);
  });

  it('keeps a referent with its staff account, one event per change', () => {
    const { id: _id, ...fields } = ReferentInput.parse({
      name: 'Maria Rossi',
      officeId: 'anagrafe',
      staffId: 'rossi',
    });
    const r = saveReferent(null, { id: 'ref-rossi', fields }, ctx);
    expect(r.events[0].data).toMatchObject({ referentId: 'ref-rossi', staffId: 'rossi' });
    expect(saveReferent(r.state, { id: 'ref-rossi', fields }, ctx).events).toHaveLength(0);
  });
});
