/**
 * Survey definitions and the validation of an answer (pure). The standard models are built in; an
 * administration adds custom questionnaires (LimeSurvey-like, small) through GraphQL.
 *
 * - "Mettiamoci la faccia" (Dipartimento della Funzione Pubblica): three emoticons and the reason of the
 *   judgement (waiting time, courtesy, clarity, outcome, need to come back).
 * - AgID / Designers Italia: 1-5 stars at the end of an online service, with a short comment.
 * - CSAT (1-5) and NPS (0-10, "would you recommend").
 */
import type { Emoticon, SurveyKind, SurveyReason } from '@urp/contracts';
import { DomainError, type Aggregate, type Decide } from '@urp/kernel';
import { cleanComment } from '@urp/privacy';

export type QuestionType =
  'emoticon' | 'reasons' | 'stars' | 'csat' | 'nps' | 'single_choice' | 'multiple_choice' | 'scale' | 'text';

export interface SurveyQuestion {
  id: string;
  type: QuestionType;
  /** Italian label shown to the citizen. */
  label: string;
  required: boolean;
  help?: string;
  options?: { value: string; label: string }[];
  min?: number;
  max?: number;
  maxLength?: number;
}

export interface SurveyDefinition {
  id: string;
  kind: SurveyKind;
  title: string;
  intro: string;
  questions: SurveyQuestion[];
  active: boolean;
  builtIn: boolean;
  /** Bumped by every save of a custom questionnaire; 0 for the built-in models. */
  revision: number;
}

/** A custom questionnaire as stored (`survey_definitions`): the built-in models live in code. */
export interface CustomSurvey extends Aggregate {
  title: string;
  intro: string;
  questions: SurveyQuestion[];
  active: boolean;
  updatedAt: Date;
  updatedBy: string;
}

export const customDefinition = (s: CustomSurvey): SurveyDefinition => ({
  id: s.id,
  kind: 'custom',
  title: s.title,
  intro: s.intro,
  questions: s.questions,
  active: s.active,
  builtIn: false,
  revision: s.revision,
});

export const EMOTICONS: { value: Emoticon; label: string; symbol: string }[] = [
  { value: 'satisfied', label: 'Soddisfatto', symbol: '😊' },
  { value: 'neutral', label: 'Né soddisfatto né insoddisfatto', symbol: '😐' },
  { value: 'dissatisfied', label: 'Insoddisfatto', symbol: '☹️' },
];

export const REASONS: { value: SurveyReason; label: string }[] = [
  { value: 'waiting_time', label: 'Tempo di attesa' },
  { value: 'courtesy', label: 'Cortesia del personale' },
  { value: 'clarity', label: 'Chiarezza delle informazioni' },
  { value: 'outcome', label: 'Esito della richiesta' },
  { value: 'need_to_come_back', label: 'Necessità di tornare' },
];

const comment = (label = 'Vuole aggiungere un commento? (facoltativo)'): SurveyQuestion => ({
  id: 'comment',
  type: 'text',
  label,
  required: false,
  maxLength: 500,
  help: 'Non scriva dati personali (nome, telefono, email, codice fiscale): verrebbero comunque cancellati.',
});

export const BUILT_IN_SURVEYS: SurveyDefinition[] = [
  {
    id: 'mettiamoci-la-faccia',
    kind: 'emoticons',
    title: 'Come giudica il servizio ricevuto?',
    intro: 'Il suo giudizio, anonimo, ci aiuta a migliorare i servizi del Comune (Mettiamoci la faccia).',
    builtIn: true,
    active: true,
    revision: 0,
    questions: [
      { id: 'emoticon', type: 'emoticon', label: 'Il suo giudizio', required: true },
      {
        id: 'reasons',
        type: 'reasons',
        label: 'Che cosa ha pesato di più sul suo giudizio? (facoltativo, anche più di una risposta)',
        required: false,
      },
      comment(),
    ],
  },
  {
    id: 'agid-stelle',
    kind: 'stars',
    title: 'Quanto è soddisfatto del servizio?',
    intro: 'Valuti il servizio da 1 a 5 stelle. Il giudizio è anonimo.',
    builtIn: true,
    active: true,
    revision: 0,
    questions: [
      { id: 'stars', type: 'stars', label: 'Valutazione da 1 a 5 stelle', required: true, min: 1, max: 5 },
      comment('Vuole dirci qualcosa in più? (facoltativo)'),
    ],
  },
  {
    id: 'csat',
    kind: 'csat',
    title: 'Soddisfazione per il servizio',
    intro: 'Quanto è soddisfatto, complessivamente? Il giudizio è anonimo.',
    builtIn: true,
    active: true,
    revision: 0,
    questions: [
      {
        id: 'csat',
        type: 'csat',
        label: 'Da 1 (per niente soddisfatto) a 5 (molto soddisfatto)',
        required: true,
        min: 1,
        max: 5,
      },
      comment(),
    ],
  },
  {
    id: 'nps',
    kind: 'nps',
    title: 'Consiglierebbe questo servizio?',
    intro: 'Il giudizio è anonimo.',
    builtIn: true,
    active: true,
    revision: 0,
    questions: [
      {
        id: 'nps',
        type: 'nps',
        label:
          'Da 0 (per niente probabile) a 10 (estremamente probabile), consiglierebbe il servizio a un conoscente?',
        required: true,
        min: 0,
        max: 10,
      },
      comment(),
    ],
  },
];

/** What an answer carries once validated: the standard measures, custom answers, the scrubbed comment. */
export interface SurveyAnswer {
  emoticon?: Emoticon;
  reasons?: SurveyReason[];
  stars?: number;
  csat?: number;
  nps?: number;
  answers?: { questionId: string; value: string | number | string[] }[];
  comment?: string;
}

export type FormInput = Record<string, string | string[] | undefined>;
export type AnswerResult =
  { ok: true; answer: SurveyAnswer } | { ok: false; errors: { field: string; message: string }[] };

const asList = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((s) => s.trim()).filter(Boolean);

function integerIn(raw: string, min: number, max: number): number | undefined {
  if (!/^\d{1,2}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= min && n <= max ? n : undefined;
}

/** Validates the fields a citizen posted against a survey; messages in Italian, one per field. */
export function validateAnswer(def: SurveyDefinition, input: FormInput): AnswerResult {
  const errors: { field: string; message: string }[] = [];
  const answer: SurveyAnswer = {};
  for (const q of def.questions) {
    const values = asList(input[q.id]);
    if (!values.length) {
      if (q.required)
        errors.push({
          field: q.id,
          message: q.type === 'text' ? 'Scriva una risposta.' : 'Scelga una risposta.',
        });
      continue;
    }
    const first = values[0];
    const bad = (message: string) => errors.push({ field: q.id, message });
    switch (q.type) {
      case 'emoticon': {
        const e = EMOTICONS.find((x) => x.value === first);
        if (!e) bad('Scelga uno dei tre giudizi.');
        else answer.emoticon = e.value;
        break;
      }
      case 'reasons': {
        const known = values.filter((v) => REASONS.some((r) => r.value === v)) as SurveyReason[];
        if (known.length !== values.length) bad('Scelga tra i motivi proposti.');
        else answer.reasons = [...new Set(known)];
        break;
      }
      case 'stars':
      case 'csat':
      case 'nps':
      case 'scale': {
        const min = q.min ?? (q.type === 'nps' ? 0 : 1);
        const max = q.max ?? (q.type === 'nps' ? 10 : 5);
        const n = integerIn(first, min, max);
        if (n === undefined) bad(`Scelga un valore da ${min} a ${max}.`);
        else if (q.type === 'scale') (answer.answers ??= []).push({ questionId: q.id, value: n });
        else answer[q.type] = n;
        break;
      }
      case 'single_choice': {
        if (!q.options?.some((o) => o.value === first)) bad('Scelga una delle risposte proposte.');
        else (answer.answers ??= []).push({ questionId: q.id, value: first });
        break;
      }
      case 'multiple_choice': {
        if (!values.every((v) => q.options?.some((o) => o.value === v)))
          bad('Scelga tra le risposte proposte.');
        else (answer.answers ??= []).push({ questionId: q.id, value: [...new Set(values)] });
        break;
      }
      case 'text': {
        const max = q.maxLength ?? 500;
        if (first.length > max) {
          bad(`Il testo è troppo lungo: al massimo ${max} caratteri (ne ha scritti ${first.length}).`);
          break;
        }
        const clean = cleanComment(first, max);
        if (!clean) break;
        if (q.id === 'comment') answer.comment = clean;
        else (answer.answers ??= []).push({ questionId: q.id, value: clean });
        break;
      }
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, answer };
}

/** Checks a custom questionnaire before it is saved (ids unique, choices have options, ranges sane). */
export function validateDefinition(def: Pick<SurveyDefinition, 'id' | 'title' | 'questions'>): string[] {
  const problems: string[] = [];
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(def.id))
    problems.push('id: solo lettere minuscole, cifre e trattini');
  if (!def.title.trim()) problems.push('title: obbligatorio');
  if (!def.questions.length) problems.push('questions: almeno una domanda');
  const ids = new Set<string>();
  def.questions.forEach((q, i) => {
    if (!/^[a-z][a-z0-9_]{0,40}$/.test(q.id))
      problems.push(`questions.${i}.id: lettere minuscole, cifre e trattini bassi`);
    if (ids.has(q.id)) problems.push(`questions.${i}.id: ${q.id} è già usato`);
    ids.add(q.id);
    if (!q.label.trim()) problems.push(`questions.${i}.label: obbligatorio`);
    if ((q.type === 'single_choice' || q.type === 'multiple_choice') && (q.options?.length ?? 0) < 2)
      problems.push(`questions.${i}.options: almeno due risposte`);
    if (
      q.type === 'scale' &&
      !(q.min !== undefined && q.max !== undefined && q.min < q.max && q.max - q.min <= 10)
    )
      problems.push(`questions.${i}: una scala richiede min < max, al massimo 10 punti`);
  });
  return problems;
}

export interface SaveSurvey {
  title: string;
  intro: string;
  questions: SurveyQuestion[];
  active: boolean;
}

/**
 * Creates or replaces a custom questionnaire. Every problem is reported beside its input field
 * (`input.questions.1.id`); the built-in models cannot be changed.
 */
export const saveSurvey =
  (id: string): Decide<CustomSurvey, SaveSurvey> =>
  (existing, cmd, ctx) => {
    const problems = validateDefinition({ id, title: cmd.title, questions: cmd.questions });
    if (BUILT_IN_SURVEYS.some((s) => s.id === id))
      problems.unshift('id: un modello predefinito non può essere modificato');
    if (problems.length) {
      const fields: Record<string, string> = {};
      for (const p of problems) {
        const [field, ...rest] = p.split(': ');
        fields[`input.${field}`] ??= rest.join(': ');
      }
      throw DomainError.invalidFields(fields);
    }
    const state: CustomSurvey = {
      id,
      revision: existing?.revision ?? 0,
      ...cmd,
      updatedAt: ctx.now,
      updatedBy: ctx.actor.sub,
    };
    return { state, events: [] };
  };
