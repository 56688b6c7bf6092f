import { BUILT_IN_SURVEYS, type SurveyDefinition } from '../survey/survey.rules';
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
