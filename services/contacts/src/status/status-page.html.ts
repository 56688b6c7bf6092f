/**
 * The citizen's status page (issue 14): plain server-rendered HTML in Italian, no JavaScript, built for
 * WCAG 2.1 AA: `lang="it"`, one `<h1>`, every field with its `<label>` and hint, errors listed at the top
 * (linked to their fields) and tied to each field with `aria-describedby` / `aria-invalid`, visible focus,
 * text and controls at least 4.5:1 contrast, nothing said by colour alone, usable at 320 px and 400 % zoom.
 */
import type { PublicCaseStatus } from './public-status.rules';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const esc = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);

export const STATUS_PAGE_PATH = '/stato-pratica';

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:"Titillium Web",system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:1.125rem;line-height:1.5;color:#1a1a1a;background:#fff}
header{background:#0b3d91;color:#fff;padding:1rem}
header p{margin:0;font-weight:600}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.25;margin:1rem 0}
h2{font-size:1.3rem;margin:1.5rem 0 .5rem}
.field{margin:0 0 1.5rem}
.field label{display:block;font-weight:700;margin-bottom:.25rem}
input[type=text]{width:100%;max-width:20rem;font:inherit;padding:.5rem;border:2px solid #5c6f82;border-radius:4px;color:#1a1a1a;background:#fff}
.hint{color:#3d4d5c;font-size:1rem;margin:.25rem 0 .5rem}
.error-message{color:#a30014;font-weight:700;margin:.25rem 0}
input.invalid{border-color:#a30014;border-width:3px}
.error-summary{border:3px solid #a30014;padding:1rem;margin:1rem 0}
.error-summary h2{margin-top:0;font-size:1.25rem}
.error-summary a{color:#a30014}
button{font:inherit;font-weight:700;background:#0b3d91;color:#fff;border:2px solid #0b3d91;border-radius:4px;padding:.75rem 1.5rem;min-height:44px;cursor:pointer}
button:hover{background:#072a66}
a{color:#0b3d91}
dl{display:grid;grid-template-columns:minmax(8rem,auto) 1fr;gap:.5rem 1rem;margin:0}
dt{font-weight:700}
dd{margin:0}
.status{border-left:6px solid #0b3d91;padding:.5rem 1rem;background:#f2f6fc;margin:1rem 0}
.status p{margin:.25rem 0}
:focus{outline:3px solid #b35900;outline-offset:2px}
:focus:not(:focus-visible){outline:none}
:focus-visible{outline:3px solid #b35900;outline-offset:2px}
footer{max-width:40rem;margin:2rem auto;padding:1rem;border-top:1px solid #5c6f82;font-size:1rem;color:#3d4d5c}
@media (max-width:30rem){dl{grid-template-columns:1fr}}
`;

function layout(administration: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${esc(title)} – ${esc(administration)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><p>${esc(administration)} · Ufficio Relazioni con il Pubblico</p></header>
<main id="contenuto">
${body}
</main>
<footer><p>Questa pagina mostra solo lo stato della pratica, l’ufficio e le date: nessun dato personale. Per il contenuto della risposta consulti i messaggi ricevuti o contatti l’URP.</p></footer>
</body>
</html>`;
}

const longDate = (civil: string): string =>
  new Intl.DateTimeFormat('it-IT', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${civil}T12:00:00Z`));

export interface FormState {
  protocollo?: string;
  /** Field errors by field name (`protocollo`, `codice`). */
  errors?: Partial<Record<'protocollo' | 'codice', string>>;
}

const FIELDS = {
  protocollo: {
    label: 'Numero di protocollo',
    hint: 'È scritto sulla ricevuta, nella forma anno/numero: per esempio 2026/0000123. Basta anche il numero: 123.',
    autocomplete: 'off',
  },
  codice: {
    label: 'Codice di verifica',
    hint: 'Il codice di 12 caratteri stampato sulla ricevuta accanto al protocollo, per esempio 7K3M-Q9TX-2HBD.',
    autocomplete: 'off',
  },
} as const;

function field(name: keyof typeof FIELDS, value: string, error?: string): string {
  const f = FIELDS[name];
  const hintId = `${name}-aiuto`;
  const errorId = `${name}-errore`;
  const described = [hintId, error ? errorId : ''].filter(Boolean).join(' ');
  return `<div class="field">
<label for="${name}">${f.label} (obbligatorio)</label>
<p class="hint" id="${hintId}">${f.hint}</p>
${error ? `<p class="error-message" id="${errorId}">Errore: ${esc(error)}</p>\n` : ''}<input type="text" id="${name}" name="${name}" value="${esc(value)}" required autocomplete="${f.autocomplete}" spellcheck="false" aria-describedby="${described}"${error ? ' aria-invalid="true" class="invalid"' : ''}>
</div>`;
}

/** The form (GET), or the form again with its errors (a POST that was refused). */
export function statusFormPage(administration: string, state: FormState = {}): string {
  const errors = state.errors ?? {};
  const list = (Object.keys(errors) as (keyof typeof FIELDS)[])
    .map((k) => `<li><a href="#${k}">${esc(errors[k])}</a></li>`)
    .join('\n');
  const summary = list
    ? `<div class="error-summary" role="alert" aria-labelledby="errori-titolo" tabindex="-1">
<h2 id="errori-titolo">Non è stato possibile mostrare la pratica</h2>
<ul>
${list}
</ul>
</div>
`
    : '';
  return layout(
    administration,
    list ? 'Errore – Stato della pratica' : 'Stato della pratica',
    `<h1>A che punto è la mia pratica</h1>
${summary}<p>Inserisca il numero di protocollo e il codice di verifica che trova sulla ricevuta.</p>
<form method="post" action="${STATUS_PAGE_PATH}" novalidate>
${field('protocollo', state.protocollo ?? '', errors.protocollo)}
${field('codice', '', errors.codice)}
<button type="submit">Mostra lo stato</button>
</form>`,
  );
}

/** The status of one case: status, office, dates, whether a reply was sent. Nothing else. */
export function statusResultPage(administration: string, s: PublicCaseStatus): string {
  const rows: [string, string][] = [
    ['Numero di protocollo', s.protocolNumber],
    ['Stato', s.status],
    ['Ufficio competente', s.officeName ?? 'Ufficio Relazioni con il Pubblico'],
    ['Registrata il', longDate(s.openedOn)],
    ...(s.dueOn ? ([['Termine per la conclusione', longDate(s.dueOn)]] as [string, string][]) : []),
    ['Risposta inviata', s.replySentOn ? `Sì, il ${longDate(s.replySentOn)}` : 'Non ancora'],
    ...(s.closedOn ? ([['Conclusa il', longDate(s.closedOn)]] as [string, string][]) : []),
  ];
  return layout(
    administration,
    `Pratica ${s.protocolNumber}`,
    `<h1>Stato della pratica ${esc(s.protocolNumber)}</h1>
<div class="status" role="status">
<p><strong>${esc(s.status)}</strong></p>
<p>${esc(s.explanation)}</p>
</div>
<h2>Dettagli</h2>
<dl>
${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('\n')}
</dl>
<p><a href="${STATUS_PAGE_PATH}">Cerca un’altra pratica</a></p>`,
  );
}

/** Too many attempts from this address (429). */
export function tooManyPage(administration: string, seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return layout(
    administration,
    'Troppi tentativi',
    `<h1>Troppi tentativi</h1>
<p>Per proteggere le pratiche dei cittadini, da questo collegamento sono stati fatti troppi tentativi. Riprovi tra ${minutes} ${minutes === 1 ? 'minuto' : 'minuti'}, oppure contatti l’URP.</p>
<p><a href="${STATUS_PAGE_PATH}">Torna al modulo</a></p>`,
  );
}
