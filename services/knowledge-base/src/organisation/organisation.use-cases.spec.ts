import { FixedClock, ServiceKernel, type Actor } from '@urp/kernel';
import { MemoryKnowledgeStore } from '../content/content.store.memory';
import type { Office, Referent } from './organisation.rules';
import { OrganisationUseCases } from './organisation.use-cases';

const alice: Actor = { sub: 'alice', roles: ['backoffice'] };
const olga: Actor = { sub: 'olga', roles: ['operator'] };

function setup() {
  const kernel = new ServiceKernel(
    { source: '/urp/knowledge-base' },
    new FixedClock(new Date('2026-03-02T09:00:00Z')),
  );
  const offices = new MemoryKnowledgeStore<Office>('offices');
  const referents = new MemoryKnowledgeStore<Referent>('referents');
  return { offices, referents, organisation: new OrganisationUseCases(offices, referents, kernel) };
}

describe('organisation use cases (in-memory stores)', () => {
  it('keeps offices and referents, one event per change with the full state', async () => {
    const { offices, referents, organisation } = setup();
    await organisation.saveOffice(alice, { code: 'anagrafe', name: 'Servizi demografici' });
    await organisation.saveOffice(alice, { code: 'anagrafe', name: 'Servizi demografici' }); // no change
    const r = await organisation.saveReferent(alice, { name: 'Maria Rossi', officeId: 'anagrafe' });
    expect(r.id).toMatch(/^ref-/);
    const head = await organisation.saveOffice(alice, {
      code: 'anagrafe',
      name: 'Servizi demografici',
      headReferentId: r.id,
    });
    expect(head).toMatchObject({ headReferentId: r.id, revision: 2 });
    expect(offices.events.map((e) => e.type.split('.')[3])).toEqual(['OfficeChanged', 'OfficeChanged']);
    expect(referents.events).toHaveLength(1);
  });

  it('refuses bad fields, missing references and operators, writing nothing', async () => {
    const { offices, organisation } = setup();
    await expect(
      organisation.saveOffice(alice, { code: 'anagrafe', name: 'X', pec: 'non-una-pec' }),
    ).rejects.toMatchObject({
      fields: { 'input.name': 'nome troppo corto', 'input.pec': 'indirizzo PEC non valido' },
    });
    await expect(
      organisation.saveOffice(alice, { code: 'anagrafe', name: 'Anagrafe', headReferentId: 'nessuno' }),
    ).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    await expect(
      organisation.saveReferent(alice, { name: 'Maria Rossi', officeId: 'nessuno' }),
    ).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    await expect(organisation.saveOffice(olga, { code: 'anagrafe', name: 'Anagrafe' })).rejects.toMatchObject(
      {
        extensions: { code: 'FORBIDDEN' },
      },
    );
    expect(offices.all()).toHaveLength(0);
  });
});
