import { BUILT_IN_SURVEYS, validateAnswer, validateDefinition, type SurveyDefinition } from './survey.rules';

const def = (id: string) => BUILT_IN_SURVEYS.find((d) => d.id === id)!;

describe('survey answers', () => {
  it('accepts an emoticon with reasons and scrubs the comment', () => {
    const r = validateAnswer(def('mettiamoci-la-faccia'), {
      emoticon: 'dissatisfied',
      reasons: ['waiting_time', 'need_to_come_back', 'waiting_time'],
      comment: 'Attesa lunga, chiamatemi al 333 1234567',
    });
    expect(r).toEqual({
      ok: true,
      answer: {
        emoticon: 'dissatisfied',
        reasons: ['waiting_time', 'need_to_come_back'],
        comment: 'Attesa lunga, chiamatemi al [telefono]',
      },
    });
  });

  it('asks for the judgement, in Italian, tied to the field', () => {
    expect(validateAnswer(def('mettiamoci-la-faccia'), { comment: 'ok' })).toEqual({
      ok: false,
      errors: [{ field: 'emoticon', message: 'Scelga una risposta.' }],
    });
    expect(validateAnswer(def('mettiamoci-la-faccia'), { emoticon: 'furious' })).toMatchObject({
      ok: false,
      errors: [{ field: 'emoticon' }],
    });
    expect(
      validateAnswer(def('mettiamoci-la-faccia'), { emoticon: 'neutral', reasons: 'weather' }),
    ).toMatchObject({
      ok: false,
      errors: [{ field: 'reasons' }],
    });
  });

  it('accepts 1-5 stars only', () => {
    expect(validateAnswer(def('agid-stelle'), { stars: '4' })).toEqual({ ok: true, answer: { stars: 4 } });
    for (const bad of ['0', '6', '4.5', 'x', '-1'])
      expect(validateAnswer(def('agid-stelle'), { stars: bad })).toEqual({
        ok: false,
        errors: [{ field: 'stars', message: 'Scelga un valore da 1 a 5.' }],
      });
  });

  it('accepts CSAT 1-5 and NPS 0-10', () => {
    expect(validateAnswer(def('csat'), { csat: '5' })).toEqual({ ok: true, answer: { csat: 5 } });
    expect(validateAnswer(def('nps'), { nps: '0' })).toEqual({ ok: true, answer: { nps: 0 } });
    expect(validateAnswer(def('nps'), { nps: '11' })).toMatchObject({ ok: false });
  });

  it('refuses a comment over the limit instead of cutting it silently', () => {
    const r = validateAnswer(def('agid-stelle'), { stars: '3', comment: 'a'.repeat(501) });
    expect(r).toMatchObject({ ok: false, errors: [{ field: 'comment' }] });
  });

  it('handles custom questionnaires', () => {
    const custom: SurveyDefinition = {
      id: 'biblioteca',
      kind: 'custom',
      title: 'Biblioteca',
      intro: '',
      active: true,
      builtIn: false,
      revision: 0,
      questions: [
        {
          id: 'orari',
          type: 'single_choice',
          label: 'Orari',
          required: true,
          options: [
            { value: 'ok', label: 'Adeguati' },
            { value: 'ko', label: 'Da ampliare' },
          ],
        },
        { id: 'pulizia', type: 'scale', label: 'Pulizia', required: true, min: 1, max: 4 },
        { id: 'note', type: 'text', label: 'Note', required: false },
      ],
    };
    expect(validateDefinition(custom)).toEqual([]);
    expect(validateAnswer(custom, { orari: 'ko', pulizia: '4', note: 'scrivere a a@b.it' })).toEqual({
      ok: true,
      answer: {
        answers: [
          { questionId: 'orari', value: 'ko' },
          { questionId: 'pulizia', value: 4 },
          { questionId: 'note', value: 'scrivere a [email]' },
        ],
      },
    });
    expect(validateAnswer(custom, { orari: 'boh', pulizia: '5' })).toMatchObject({
      ok: false,
      errors: [{ field: 'orari' }, { field: 'pulizia' }],
    });
    expect(
      validateDefinition({ ...custom, id: 'Bad Id', questions: [custom.questions[0], custom.questions[0]] }),
    ).toEqual(['id: solo lettere minuscole, cifre e trattini', 'questions.1.id: orari è già usato']);
  });
});
