import { FixedClock, ServiceKernel, type Actor } from '@urp/kernel';
import { MemoryKnowledgeStore } from '../content/content.store.memory';
import type { Form } from './form.rules';
import { FormUseCases } from './form.use-cases';

const alice: Actor = { sub: 'alice', roles: ['backoffice'] };
const bruno: Actor = { sub: 'bruno', roles: ['backoffice'] };
const citizen: Actor = { sub: 'anonymous', roles: [], anonymous: true };
const fields = [{ name: 'nome', label: 'Nome e cognome', type: 'text', required: true, order: 1 }];

function setup() {
  const kernel = new ServiceKernel(
    { source: '/urp/knowledge-base' },
    new FixedClock(new Date('2026-03-02T09:00:00Z')),
  );
  const store = new MemoryKnowledgeStore<Form>('forms');
  return { store, forms: new FormUseCases(store, kernel) };
}

describe('form use cases (in-memory store)', () => {
  it('publishes versions with their events; the public sees published forms only', async () => {
    const { store, forms } = setup();
    const f = await forms.create(alice, { code: 'iscrizione', content: { title: 'Domanda', fields } });
    expect(await forms.find(citizen, undefined, 'iscrizione')).toBeNull();
    await forms.workflow.submit(alice, f.id);
    await forms.workflow.approve(bruno, f.id, {});
    await forms.edit(bruno, {
      id: f.id,
      note: 'email',
      expectedRevision: 1,
      content: { title: 'Domanda', fields: [...fields, { ...fields[0], name: 'email', order: 2 }] },
    });
    await forms.workflow.submit(bruno, f.id);
    const v2 = await forms.workflow.approve(alice, f.id, {});
    expect(v2.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(store.events.map((e) => (e.data as { version: number }).version)).toEqual([1, 2]);
    expect((await forms.validate(citizen, 'iscrizione', 1, '{"nome":"Anna"}')).ok).toBe(true);
    expect((await forms.validate(citizen, 'iscrizione', 2, '{"nome":"Anna"}')).ok).toBe(false);
  });

  it('refuses a duplicate code and an unknown form, field by field', async () => {
    const { forms } = setup();
    await forms.create(alice, { code: 'iscrizione', content: { title: 'Domanda', fields } });
    await expect(
      forms.create(alice, { code: 'iscrizione', content: { title: 'Domanda', fields } }),
    ).rejects.toMatchObject({ fields: { 'input.code': 'esiste già un modulo con questo codice' } });
    await expect(forms.validate(citizen, 'nessuno', undefined, '{}')).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });
  });
});
