/**
 * The citizens' public pages (contacts' case status, procedures' status, satisfaction's survey): plain
 * server-rendered HTML in Italian, no JavaScript, built for WCAG 2.1 AA: `lang="it"`, one `<h1>`, every field with
 * its `<label>` and hint, errors listed at the top (linked to their fields) and tied to each field with
 * `aria-describedby` / `aria-invalid`, visible focus, text and controls at least 4.5:1 contrast, nothing said by
 * colour alone, usable at 320 px and 400 % zoom. What each page says stays in its service.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** Text and attribute values for HTML: `& < > " '` escaped; `undefined` and `null` become the empty string. */
export const esc = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** A civil date (`YYYY-MM-DD`) as an Italian reads it: `6 dicembre 2026`. */
export const longDate = (civil: string): string =>
  new Intl.DateTimeFormat('it-IT', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${civil}T12:00:00Z`));

/**
 * The stylesheet every public page starts from (colours checked at 4.5:1 or more on their backgrounds, a 3 px
 * focus ring, controls at least 44 px high), with the page's column width; `extra` rules come after it.
 */
export function publicPageStyle(options: { width?: string; extra?: string } = {}): string {
  const width = options.width ?? '40rem';
  return `
*{box-sizing:border-box}
body{margin:0;font-family:"Titillium Web",system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:1.125rem;line-height:1.5;color:#1a1a1a;background:#fff}
header{background:#0b3d91;color:#fff;padding:1rem}
header p{margin:0;font-weight:600}
main{max-width:${width};margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.25;margin:1rem 0}
.hint{color:#3d4d5c;font-size:1rem;margin:.25rem 0 .5rem}
.error-message{color:#a30014;font-weight:700;margin:.25rem 0}
.error-summary{border:3px solid #a30014;padding:1rem;margin:1rem 0}
.error-summary h2{margin-top:0;font-size:1.25rem}
.error-summary a{color:#a30014}
button{font:inherit;font-weight:700;background:#0b3d91;color:#fff;border:2px solid #0b3d91;border-radius:4px;padding:.75rem 1.5rem;min-height:44px;cursor:pointer}
button:hover{background:#072a66}
a{color:#0b3d91}
:focus{outline:3px solid #b35900;outline-offset:2px}
:focus:not(:focus-visible){outline:none}
:focus-visible{outline:3px solid #b35900;outline-offset:2px}
footer{max-width:${width};margin:2rem auto;padding:1rem;border-top:1px solid #5c6f82;font-size:1rem;color:#3d4d5c}
${options.extra ?? ''}`;
}

/**
 * The rules of a look-up page (a form of text fields, then a status box and a list of details): the status pages
 * of contacts and procedures. Append to `publicPageStyle`'s `extra`.
 */
export const LOOKUP_PAGE_STYLE = `h2{font-size:1.3rem;margin:1.5rem 0 .5rem}
.field{margin:0 0 1.5rem}
.field label{display:block;font-weight:700;margin-bottom:.25rem}
input[type=text]{width:100%;font:inherit;padding:.5rem;border:2px solid #5c6f82;border-radius:4px;color:#1a1a1a;background:#fff}
input.invalid{border-color:#a30014;border-width:3px}
dl{display:grid;grid-template-columns:minmax(8rem,auto) 1fr;gap:.5rem 1rem;margin:0}
dt{font-weight:700}
dd{margin:0}
.status{border-left:6px solid #0b3d91;padding:.5rem 1rem;background:#f2f6fc;margin:1rem 0}
.status p{margin:.25rem 0}
@media (max-width:30rem){dl{grid-template-columns:1fr}}
`;

/** What frames every page of one service: the administration, the header's second part, the footer, the style. */
export interface PageFrame {
  administration: string;
  /** After the administration in the header: `Ufficio Relazioni con il Pubblico`, `Procedimenti amministrativi`. */
  section: string;
  /** The footer's sentence (what the page shows and does not). */
  footer: string;
  /** The stylesheet (`publicPageStyle`), built once. */
  style: string;
}

/** A whole page: `lang="it"`, not indexed, no referrer, the header, `<main id="contenuto">` and the footer. */
export function publicPage(frame: PageFrame, title: string, body: string): string {
  return `<!doctype html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${esc(title)} – ${esc(frame.administration)}</title>
<style>${frame.style}</style>
</head>
<body>
<header><p>${esc(frame.administration)} · ${esc(frame.section)}</p></header>
<main id="contenuto">
${body}
</main>
<footer><p>${esc(frame.footer)}</p></footer>
</body>
</html>`;
}

/** One error of the summary: the id of the field it links to, and what it says. */
export interface SummaryError {
  field: string;
  message: string;
}

/**
 * The error summary at the top of a refused form: announced (`role="alert"`), focusable, titled, each error a
 * link to its field. Empty when there is no error.
 */
export function errorSummary(heading: string, errors: readonly SummaryError[]): string {
  if (!errors.length) return '';
  return `<div class="error-summary" role="alert" aria-labelledby="errori-titolo" tabindex="-1">
<h2 id="errori-titolo">${esc(heading)}</h2>
<ul>
${errors.map((e) => `<li><a href="#${esc(e.field)}">${esc(e.message)}</a></li>`).join('\n')}
</ul>
</div>`;
}

/** A required one-line text field of a look-up form. */
export interface TextFieldSpec {
  /** Its `name` and `id`; the hint is `<name>-aiuto`, the error `<name>-errore`. */
  name: string;
  label: string;
  hint: string;
  value: string;
  error?: string;
}

/**
 * The field with its label (marked required), its hint and its error, both named by `aria-describedby`, and
 * `aria-invalid` when it is wrong. Never autocompleted or spell-checked (codes and references).
 */
export function textField(f: TextFieldSpec): string {
  const name = esc(f.name);
  const hintId = `${name}-aiuto`;
  const errorId = `${name}-errore`;
  const described = f.error ? `${hintId} ${errorId}` : hintId;
  return `<div class="field">
<label for="${name}">${esc(f.label)} (obbligatorio)</label>
<p class="hint" id="${hintId}">${esc(f.hint)}</p>
${f.error ? `<p class="error-message" id="${errorId}">Errore: ${esc(f.error)}</p>\n` : ''}<input type="text" id="${name}" name="${name}" value="${esc(f.value)}" required autocomplete="off" spellcheck="false" aria-describedby="${described}"${f.error ? ' aria-invalid="true" class="invalid"' : ''}>
</div>`;
}

/** The status box of a result (announced with `role="status"`): the state in bold, then what it means. */
export const statusBox = (state: string, explanation: string): string =>
  `<div class="status" role="status">
<p><strong>${esc(state)}</strong></p>
<p>${esc(explanation)}</p>
</div>`;

/** The details of a result as a definition list, one `<dt>`/`<dd>` a row. */
export const detailsList = (rows: readonly (readonly [string, string])[]): string =>
  `<dl>
${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('\n')}
</dl>`;

/**
 * The body of the page answering a look-up refused for too many attempts (429): how long to wait in minutes
 * (at least one), whom to contact instead, and the way back to the form.
 */
export function tooManyAttemptsBody(options: {
  seconds: number;
  /** What the limit protects: `le pratiche`, `i procedimenti`. */
  protects: string;
  /** Whom to contact instead: `l’URP`, `l’ufficio competente`. */
  contact: string;
  formPath: string;
}): string {
  const minutes = Math.max(1, Math.ceil(options.seconds / 60));
  return `<h1>Troppi tentativi</h1>
<p>Per proteggere ${esc(options.protects)} dei cittadini, da questo collegamento sono stati fatti troppi tentativi. Riprovi tra ${minutes} ${minutes === 1 ? 'minuto' : 'minuti'}, oppure contatti ${esc(options.contact)}.</p>
<p><a href="${esc(options.formPath)}">Torna al modulo</a></p>`;
}
