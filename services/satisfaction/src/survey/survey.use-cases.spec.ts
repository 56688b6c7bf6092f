import { FixedClock, InMemoryAggregateStore, ServiceKernel, type Actor } from '@urp/kernel';
import { BUILT_IN_SURVEYS, customDefinition, type CustomSurvey, type SurveyDefinition } from './survey.rules';
import type { SurveyRepository } from './survey.store';
import { SurveyUseCases } from './survey.use-cases';

class MemorySurveys extends InMemoryAggregateStore<CustomSurvey> implements SurveyRepository {
  async definition(id: string): Promise<SurveyDefinition | undefined> {
    const custom = await this.get(id);
    return BUILT_IN_SURVEYS.find((s) => s.id === id) ?? (custom ? customDefinition(custom) : undefined);
  }
  async definitions() {
    return [...BUILT_IN_SURVEYS, ...this.all().map(customDefinition)];
  }
}

const manager: Actor = { sub: 'mgr-1', roles: ['manager'] };
const library = {
  id: 'biblioteca',
  title: 'Biblioteca',
  intro: 'Come ti sei trovato?',
  questions: [
    {
      id: 'orari',
      type: 'single_choice' as const,
      label: 'Orari',
      required: true,
      help: null,
      options: [
        { value: 'ok', label: 'Adeguati' },
        { value: 'ko', label: 'Da ampliare' },
      ],
    },
  ],
};

function setup() {
  const store = new MemorySurveys('survey_definitions');
  const kernel = new ServiceKernel(
    { source: '/urp/satisfaction' },
    new FixedClock(new Date('2026-11-30T10:00:00Z')),
  );
  return { store, surveys: new SurveyUseCases(store, kernel) };
}

describe('survey definition use cases (in memory)', () => {
  it('save a custom questionnaire beside the built-in models, then change it on its revision', async () => {
    const { surveys, store } = setup();
    const saved = await surveys.save(manager, library);
    expect(saved).toMatchObject({
      id: 'biblioteca',
      kind: 'custom',
      builtIn: false,
      revision: 1,
      active: true,
    });
    expect((await store.get('biblioteca'))?.questions[0]).not.toHaveProperty('help'); // GraphQL null = absent
    const again = await surveys.save(manager, {
      ...library,
      title: 'Biblioteca civica',
      expectedRevision: 1,
    });
    expect(again).toMatchObject({ title: 'Biblioteca civica', revision: 2 });
    expect((await surveys.list(manager)).map((d) => d.id)).toEqual([
      ...BUILT_IN_SURVEYS.map((s) => s.id),
      'biblioteca',
    ]);
  });

  it('refuse a save made on an old revision (CONFLICT) and keep the newer questionnaire', async () => {
    const { surveys, store } = setup();
    await surveys.save(manager, library);
    await surveys.save(manager, { ...library, title: 'Nuovo titolo' });
    await expect(
      surveys.save(manager, { ...library, title: 'Vecchio', expectedRevision: 1 }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await store.get('biblioteca'))?.title).toBe('Nuovo titolo');
  });

  it('refuse to change a built-in model, and say which field is wrong', async () => {
    const { surveys } = setup();
    await expect(surveys.save(manager, { ...library, id: 'agid-stelle' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { 'input.id': 'un modello predefinito non può essere modificato' },
    });
    await expect(
      surveys.save(manager, { ...library, questions: [{ ...library.questions[0], options: [] }] }),
    ).rejects.toMatchObject({ fields: { 'input.questions.0.options': 'almeno due risposte' } });
  });

  it('let the URP manager and back office edit, and everybody on staff but referents read', async () => {
    const { surveys } = setup();
    await expect(surveys.save({ sub: 'op', roles: ['operator'] }, library)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await surveys.one({ sub: 'op', roles: ['operator'] }, 'nps')).toMatchObject({ kind: 'nps' });
    await expect(surveys.list({ sub: 'r', roles: ['referent'] })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
