import type { UseCaseContext } from '@urp/kernel';
import { createDraft } from '../content/workflow.rules';
import { FormContent, formConsequences, validateAgainst, type Form } from './form.rules';

const t0 = new Date('2026-03-02T09:00:00Z');
const ctx: UseCaseContext = {
  actor: { sub: 'bruno', roles: ['backoffice'] },
  now: t0,
  source: '/urp/knowledge-base',
};
const content = FormContent.parse({
  title: 'Domanda di iscrizione',
  fields: [{ name: 'figli', label: 'Numero di figli', type: 'number', required: true, order: 1 }],
});
const form = (): Form => ({
  id: 'f1',
  revision: 1,
  code: 'iscrizione',
  versions: [],
  createdAt: t0,
  updatedAt: t0,
  ...createDraft(content, 'alice', 'prima', t0),
});

describe('forms', () => {
  it('each publication is a new immutable version, announced with its fields', () => {
    const f = form();
    const published = { ...f, live: { revision: 1, content, publishedAt: t0, approvedBy: 'bruno' } };
    const d = formConsequences(null, published, ['published'], ctx);
    expect(d.state.versions).toEqual([
      { version: 1, revision: 1, title: 'Domanda di iscrizione', fields: content.fields, publishedAt: t0 },
    ]);
    expect(d.events[0].data).toMatchObject({ formId: 'f1', code: 'iscrizione', version: 1 });
    expect(formConsequences(null, d.state, ['updated'], ctx).state.versions).toHaveLength(2);
    expect(formConsequences(null, f, [], ctx).events).toHaveLength(0);
  });

  it('validates a submission against the version it names', () => {
    const f = formConsequences(
      null,
      { ...form(), live: { revision: 1, content, publishedAt: t0, approvedBy: 'bruno' } },
      ['published'],
      ctx,
    ).state;
    expect(validateAgainst(f, 1, JSON.stringify({ figli: 'due' })).ok).toBe(false);
    expect(validateAgainst(f, undefined, JSON.stringify({ figli: 2 })).ok).toBe(true);
    expect(() => validateAgainst(f, 2, '{}')).toThrow(/versione 2/);
    expect(() => validateAgainst(f, 1, '{')).toThrow(/JSON non valido/);
  });
});
