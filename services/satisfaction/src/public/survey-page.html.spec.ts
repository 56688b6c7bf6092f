import { BUILT_IN_SURVEYS, validateAnswer, type SurveyDefinition } from '../survey/survey.rules';
import { blankSurveyPage, PAGES, surveyPage } from './survey-page.html';

const custom: SurveyDefinition = {
  id: 'sportello-anagrafe',
  kind: 'custom',
  title: 'Il servizio __urp_survey_action__',
  intro: 'Un questionario di prova.',
  questions: [{ id: 'q1', type: 'text', label: 'Che cosa migliorerebbe?', required: false }],
  active: true,
  builtIn: false,
  revision: 3,
};

describe('survey page built once', () => {
  it('give, for every questionnaire and link, exactly the page built afresh', () => {
    const token = 'A'.repeat(21) + '_-' + 'b'.repeat(20);
    for (const survey of [...BUILT_IN_SURVEYS, custom])
      for (const min of [10, 5]) {
        const action = `/s/${token}`;
        expect(blankSurveyPage(survey, action, min)).toBe(surveyPage(survey, action, {}, [], min));
        // a second call (from the built parts) too, and another link in its own place
        expect(blankSurveyPage(survey, action, min)).toBe(surveyPage(survey, action, {}, [], min));
        expect(blankSurveyPage(survey, '/s/"x"', min)).toContain('action="/s/&quot;x&quot;"');
      }
  });

  it('give the message pages the same every time', () => {
    expect(PAGES.thanks()).toBe(PAGES.thanks());
    expect(PAGES.invalid()).toContain('<h1>Link non valido</h1>');
  });
});

describe('the survey addresses the citizen with "Lei"', () => {
  // the informal forms a text could slip into: pronouns, possessives, the second person of the verbs used
  const INFORMAL =
    /\b(tu|tuo|tua|tuoi|tue|ti|te|hai|puoi|sei|vuoi|scegli|scrivi|controlla|correggi|valuta|giudichi|consiglieresti)\b/i;
  const text = (html: string) =>
    html
      .replace(/<style>[\s\S]*?<\/style>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ');

  it('in every page, question, hint and error message it shows', () => {
    const pages = [PAGES.invalid(), PAGES.expired(), PAGES.answered(), PAGES.thanks()];
    for (const survey of BUILT_IN_SURVEYS) {
      pages.push(blankSurveyPage(survey, '/s/x'));
      // every required question left empty, and every question given a value it refuses
      const empty = validateAnswer(survey, {});
      const wrong = validateAnswer(
        survey,
        Object.fromEntries(survey.questions.map((q) => [q.id, q.type === 'text' ? 'x'.repeat(600) : '99'])),
      );
      for (const r of [empty, wrong]) {
        expect(r.ok).toBe(false);
        if (!r.ok) pages.push(surveyPage(survey, '/s/x', {}, r.errors));
      }
    }
    for (const html of pages) expect(text(html)).not.toMatch(INFORMAL);
  });
});
