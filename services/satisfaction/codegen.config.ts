/**
 * The schema's enums are the domain's lowercase values on the wire inside the service (`CASE_CLOSED` ⇄
 * `case_closed`, mapped at runtime by `enumResolver` in app.module.ts): the generated resolver types speak
 * the domain's values too, so resolvers hand domain values through without casts.
 */
const upper = (values: readonly string[]) =>
  Object.fromEntries(values.map((v) => [v.toUpperCase(), v])) as Record<string, string>;

export const ENUM_VALUES = {
  SurveyInvitationStatus: ['pending', 'answered', 'expired'],
  SurveyTrigger: ['case_closed', 'contact_closed', 'procedure_decided', 'online_service'],
  SurveyKind: ['emoticons', 'stars', 'csat', 'nps', 'custom'],
  SatisfactionEmoticon: ['satisfied', 'neutral', 'dissatisfied'],
  SurveyQuestionType: [
    'emoticon',
    'reasons',
    'stars',
    'csat',
    'nps',
    'single_choice',
    'multiple_choice',
    'scale',
    'text',
  ],
  SatisfactionGroupBy: ['none', 'month', 'service', 'office', 'channel', 'trigger'],
  IndicatorTimesGroupBy: ['none', 'month', 'office'],
  IndicatorName: [
    'contacts',
    'first_contact_resolution',
    'case_times',
    'backlog',
    'reminders',
    'procedures',
    'access_register',
    'complaints',
    'knowledge_base',
    'satisfaction',
    'performance',
  ],
  AlertScope: ['service', 'office', 'channel'],
  ImprovementActionStatus: ['proposed', 'accepted', 'done', 'rejected'],
} as const;

export default {
  enumValues: Object.fromEntries(Object.entries(ENUM_VALUES).map(([name, values]) => [name, upper(values)])),
};
