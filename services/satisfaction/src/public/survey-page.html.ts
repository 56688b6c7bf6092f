/**
 * The public survey page: plain HTML, no JavaScript, Italian, built for WCAG 2.1 AA — a real `<form>` that
 * POSTs; every group of choices in a `<fieldset>` with its `<legend>`; errors listed at the top (with links
 * to the fields) and tied to each field with `aria-describedby` / `aria-invalid`; visible focus; text and
 * controls ≥ 4.5:1 contrast; no information by colour or emoji alone; works at 320 px and 400% zoom. The
 * layout, stylesheet, escaping and error summary are the public pages' (`@urp/public-pages`).
 */
import { errorSummary, esc, publicPage, publicPageStyle, type PageFrame } from '@urp/public-pages';
import type { FormInput, SurveyDefinition, SurveyQuestion } from '../survey/survey.rules';
import { EMOTICONS, REASONS } from '../survey/survey.rules';

export const ADMINISTRATION = 'Comune di Borgo Aurelio';

const FRAME: PageFrame = {
  administration: ADMINISTRATION,
  section: 'Ufficio Relazioni con il Pubblico',
  footer:
    'Il giudizio è registrato senza il numero della pratica né il suo nome, separato dall’invito: dell’invito resta solo che lei ha risposto.',
  style: publicPageStyle({
    extra: `fieldset{border:1px solid #5c6f82;border-radius:4px;margin:0 0 1.5rem;padding:1rem}
legend{font-weight:700;padding:0 .25rem}
.choice{display:flex;align-items:center;gap:.5rem;margin:.5rem 0;min-height:44px}
.choice input{width:1.5rem;height:1.5rem;margin:0;flex:none;accent-color:#0b3d91}
.scale{display:flex;flex-wrap:wrap;gap:.25rem 1rem}
label{cursor:pointer}
.field{margin:0 0 1.5rem}
.field>label{display:block;font-weight:700;margin-bottom:.25rem}
textarea{width:100%;min-height:7rem;font:inherit;padding:.5rem;border:2px solid #5c6f82;border-radius:4px;color:#1a1a1a}
.invalid{border-color:#a30014;border-width:2px}
.emoji{font-size:1.5rem}
`,
  }),
};

const layout = (title: string, body: string): string => publicPage(FRAME, title, body);

export function messagePage(title: string, text: string): string {
  return layout(title, `<h1>${esc(title)}</h1>\n<p>${esc(text)}</p>`);
}

const errorId = (q: SurveyQuestion) => `${q.id}-errore`;
const hintId = (q: SurveyQuestion) => `${q.id}-aiuto`;

function describedBy(q: SurveyQuestion, error?: string) {
  const ids = [q.help ? hintId(q) : '', error ? errorId(q) : ''].filter(Boolean);
  return ids.length ? ` aria-describedby="${ids.join(' ')}"` : '';
}

const hintHtml = (q: SurveyQuestion) =>
  q.help ? `<p class="hint" id="${hintId(q)}">${esc(q.help)}</p>` : '';
const errorHtml = (q: SurveyQuestion, error?: string) =>
  error
    ? `<p class="error-message" id="${errorId(q)}"><span class="sr-label">Errore:</span> ${esc(error)}</p>`
    : '';

function choices(
  q: SurveyQuestion,
  options: { value: string; label: string; prefix?: string }[],
  multiple: boolean,
  input: FormInput,
  error?: string,
  inline = false,
): string {
  const selected = new Set(Array.isArray(input[q.id]) ? (input[q.id] as string[]) : [input[q.id] ?? '']);
  const required = q.required && !multiple ? ' required' : '';
  const items = options
    .map((o, i) => {
      const id = `${q.id}-${i}`;
      const checked = selected.has(o.value) ? ' checked' : '';
      return `<div class="choice"><input type="${multiple ? 'checkbox' : 'radio'}" id="${id}" name="${esc(q.id)}" value="${esc(o.value)}"${checked}${required}${i === 0 && error ? ' aria-invalid="true"' : ''}><label for="${id}">${o.prefix ?? ''}${esc(o.label)}</label></div>`;
    })
    .join('\n');
  return `<fieldset id="${esc(q.id)}"${describedBy(q, error)}${error ? ' class="invalid"' : ''}>
<legend>${esc(q.label)}${q.required ? ' (obbligatorio)' : ''}</legend>
${hintHtml(q)}${errorHtml(q, error)}<div${inline ? ' class="scale"' : ''}>
${items}
</div>
</fieldset>`;
}

const range = (min: number, max: number) => Array.from({ length: max - min + 1 }, (_, i) => min + i);

function question(q: SurveyQuestion, input: FormInput, error?: string): string {
  switch (q.type) {
    case 'emoticon':
      return choices(
        q,
        EMOTICONS.map((e) => ({
          value: e.value,
          label: e.label,
          prefix: `<span class="emoji" aria-hidden="true">${e.symbol}</span> `,
        })),
        false,
        input,
        error,
      );
    case 'reasons':
      return choices(q, REASONS, true, input, error);
    case 'stars':
      return choices(
        q,
        range(q.min ?? 1, q.max ?? 5).map((n) => ({
          value: String(n),
          label: `${n} ${n === 1 ? 'stella' : 'stelle'}`,
          prefix: `<span aria-hidden="true">${'★'.repeat(n)}</span> `,
        })),
        false,
        input,
        error,
      );
    case 'csat':
    case 'nps':
    case 'scale':
      return choices(
        q,
        range(q.min ?? (q.type === 'nps' ? 0 : 1), q.max ?? (q.type === 'nps' ? 10 : 5)).map((n) => ({
          value: String(n),
          label: String(n),
        })),
        false,
        input,
        error,
        true,
      );
    case 'single_choice':
      return choices(q, q.options ?? [], false, input, error);
    case 'multiple_choice':
      return choices(q, q.options ?? [], true, input, error);
    case 'text': {
      const value = typeof input[q.id] === 'string' ? (input[q.id] as string) : '';
      const max = q.maxLength ?? 500;
      return `<div class="field">
<label for="${esc(q.id)}">${esc(q.label)}</label>
${hintHtml(q)}${errorHtml(q, error)}<textarea id="${esc(q.id)}" name="${esc(q.id)}" maxlength="${max}" rows="4"${describedBy(q, error)}${error ? ' aria-invalid="true" class="invalid"' : ''}${q.required ? ' required' : ''}>${esc(value)}</textarea>
<p class="hint">Al massimo ${max} caratteri.</p>
</div>`;
    }
  }
}

/** The form; with `errors`, the same form again with the citizen's input kept and each error by its field. */
export function surveyPage(
  survey: SurveyDefinition,
  action: string,
  input: FormInput = {},
  errors: { field: string; message: string }[] = [],
  minSample = 10,
): string {
  const byField = new Map(errors.map((e) => [e.field, e.message]));
  const summary = errorSummary(
    `Corregga ${errors.length === 1 ? 'un errore' : `${errors.length} errori`} per inviare il giudizio`,
    errors.map((e) => {
      const q = survey.questions.find((x) => x.id === e.field);
      return {
        field: q && q.type !== 'text' ? `${e.field}-0` : e.field,
        message: `${q?.label ?? e.field}: ${e.message}`,
      };
    }),
  );
  const body = `${summary}<h1>${esc(survey.title)}</h1>
<p>${esc(survey.intro)}</p>
<p class="hint">Le domande contrassegnate come obbligatorie richiedono una risposta.</p>
<form method="post" action="${esc(action)}" novalidate>
${survey.questions.map((q) => question(q, input, byField.get(q.id))).join('\n')}
<button type="submit">Invia il giudizio</button>
</form>
${whoSeesWhat(minSample)}`;
  return layout(errors.length ? `Errore: ${survey.title}` : survey.title, body);
}

const ACTION_MARK = '__urp_survey_action__';
const blankPages = new WeakMap<SurveyDefinition, Map<number, [string, string]>>();

/**
 * The form as first shown (no input, no error), built once per questionnaire object and minimum sample:
 * only the action (the link's own path) differs between citizens. The built-in models are constants, so
 * their page is built once per process; a custom questionnaire is a new object on every read, so it is
 * built per request as before (and a text holding the mark itself is never split).
 */
export function blankSurveyPage(survey: SurveyDefinition, action: string, minSample = 10): string {
  let byMin = blankPages.get(survey);
  if (!byMin) blankPages.set(survey, (byMin = new Map()));
  let parts = byMin.get(minSample);
  if (!parts) {
    const split = surveyPage(survey, ACTION_MARK, {}, [], minSample).split(ACTION_MARK);
    if (split.length !== 2) return surveyPage(survey, action, {}, [], minSample);
    parts = [split[0], split[1]];
    byMin.set(minSample, parts);
  }
  return `${parts[0]}${esc(action)}${parts[1]}`;
}

/**
 * Who sees what, exactly (the promise must be true): the answer is stored apart from the invitation (random
 * id, no case, contact or requester), staff read aggregates of at least the minimum sample, and the analysts'
 * event stream carries each answer with its dimensions and scrubbed comment, but nothing leading to the person.
 */
export function whoSeesWhat(minSample: number): string {
  return `<section aria-labelledby="chi-vede">
<h2 id="chi-vede">Chi vede il suo giudizio</h2>
<ul>
<li>Il giudizio e il commento sono registrati senza il numero della pratica né il suo nome, separati dall’invito: dell’invito resta solo che lei ha risposto, non che cosa né quando.</li>
<li>Gli operatori e i responsabili degli uffici vedono solo risultati complessivi di almeno ${minSample} risposte, mai il giudizio di una singola persona né quello di una pratica.</li>
<li>Gli analisti dell’amministrazione ricevono ogni risposta singolarmente, con il servizio, l’ufficio, il canale e il mese, ma senza pratica, nome o altro dato che porti a lei.</li>
<li>Dal commento togliamo automaticamente, prima di conservarlo, i dati personali che riconosciamo (nomi, recapiti, codici fiscali, indirizzi): non scriva comunque dati che la identificano.</li>
</ul>
</section>`;
}

/** A page built on first use, then the same string every time. */
const once = (build: () => string): (() => string) => {
  let html: string | undefined;
  return () => (html ??= build());
};

export const PAGES = {
  invalid: once(() =>
    messagePage(
      'Link non valido',
      'Il link del questionario non è valido. Controlli di averlo copiato per intero dal messaggio che ha ricevuto.',
    ),
  ),
  expired: once(() =>
    messagePage(
      'Il questionario è scaduto',
      'Il tempo per rispondere a questo questionario è terminato. La ringraziamo comunque per l’attenzione: può sempre scriverci tramite i canali dell’Ufficio Relazioni con il Pubblico.',
    ),
  ),
  answered: once(() =>
    messagePage(
      'Ha già risposto',
      'Il giudizio per questo servizio è già stato registrato: ogni questionario si può compilare una sola volta. Grazie!',
    ),
  ),
  thanks: once(() =>
    messagePage(
      'Grazie per il suo giudizio',
      'La sua risposta è stata registrata. Ci aiuterà a migliorare i servizi del Comune.',
    ),
  ),
};
