/**
 * The applicant's public status page of a procedure: plain server-rendered HTML in Italian, no JavaScript, built
 * for WCAG 2.1 AA with the conventions of contacts' status page (`services/contacts/src/status/status-page.html.ts`):
 * `lang="it"`, one `<h1>`, the field with its `<label>` and hint, errors listed at the top (linked to the field)
 * and tied to it with `aria-describedby` / `aria-invalid`, visible focus, text and controls at least 4.5:1
 * contrast, nothing said by colour alone, usable at 320 px and 400 % zoom.
 * (The two pages share their conventions but not yet their code: a small HTML lib for both is a later move.)
 */
import { PROCEDURE_STATUS_PATH } from '../config';
import { longDate, type PublicProcedureStatus } from './public-status.rules';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const esc = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:"Titillium Web",system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:1.125rem;line-height:1.5;color:#1a1a1a;background:#fff}
header{background:#0b3d91;color:#fff;padding:1rem}
header p{margin:0;font-weight:600}
main{max-width:44rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.25;margin:1rem 0}
h2{font-size:1.3rem;margin:1.5rem 0 .5rem}
.field{margin:0 0 1.5rem}
.field label{display:block;font-weight:700;margin-bottom:.25rem}
input[type=text]{width:100%;font:inherit;padding:.5rem;border:2px solid #5c6f82;border-radius:4px;color:#1a1a1a;background:#fff}
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
table{border-collapse:collapse;width:100%;font-size:1rem}
caption{text-align:left;font-weight:700;padding:.25rem 0}
th,td{border:1px solid #5c6f82;padding:.4rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f6fc}
.status{border-left:6px solid #0b3d91;padding:.5rem 1rem;background:#f2f6fc;margin:1rem 0}
.status p{margin:.25rem 0}
:focus{outline:3px solid #b35900;outline-offset:2px}
:focus:not(:focus-visible){outline:none}
:focus-visible{outline:3px solid #b35900;outline-offset:2px}
footer{max-width:44rem;margin:2rem auto;padding:1rem;border-top:1px solid #5c6f82;font-size:1rem;color:#3d4d5c}
@media (max-width:30rem){dl{grid-template-columns:1fr}table,thead,tbody,tr,th,td{display:block}thead{position:absolute;left:-9999px}td{border-top:0}}
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
<header><p>${esc(administration)} · Procedimenti amministrativi</p></header>
<main id="contenuto">
${body}
</main>
<footer><p>Questa pagina mostra solo lo stato del procedimento, le date e le comunicazioni inviate: nessun dato personale. Il contenuto delle comunicazioni è nei documenti ricevuti; per chiarimenti contatti l’ufficio competente o l’URP.</p></footer>
</body>
</html>`;
}

export interface StatusFormState {
  riferimento?: string;
  error?: string;
}

/** The form (GET), or the form again with its error (a POST that was refused). */
export function procedureStatusFormPage(administration: string, state: StatusFormState = {}): string {
  const hintId = 'riferimento-aiuto';
  const errorId = 'riferimento-errore';
  const summary = state.error
    ? `<div class="error-summary" role="alert" aria-labelledby="errori-titolo" tabindex="-1">
<h2 id="errori-titolo">Non è stato possibile mostrare il procedimento</h2>
<ul>
<li><a href="#riferimento">${esc(state.error)}</a></li>
</ul>
</div>
`
    : '';
  return layout(
    administration,
    state.error ? 'Errore – Stato del procedimento' : 'Stato del procedimento',
    `<h1>A che punto è il mio procedimento</h1>
${summary}<p>Inserisca il riferimento per la consultazione che trova nella comunicazione di avvio del procedimento.</p>
<form method="post" action="${PROCEDURE_STATUS_PATH}" novalidate>
<div class="field">
<label for="riferimento">Riferimento per la consultazione (obbligatorio)</label>
<p class="hint" id="${hintId}">È scritto nella comunicazione di avvio, alla voce «Stato del procedimento online»: inizia con prc_ e contiene un punto, per esempio prc_1a2b3c4d.Xy7kQ9…</p>
${state.error ? `<p class="error-message" id="${errorId}">Errore: ${esc(state.error)}</p>\n` : ''}<input type="text" id="riferimento" name="riferimento" value="${esc(state.riferimento ?? '')}" required autocomplete="off" spellcheck="false" aria-describedby="${hintId}${state.error ? ` ${errorId}` : ''}"${state.error ? ' aria-invalid="true" class="invalid"' : ''}>
</div>
<button type="submit">Mostra lo stato</button>
</form>`,
  );
}

/** The state of one procedure: state, deadline, suspensions, notices sent. Nothing personal. */
export function procedureStatusResultPage(administration: string, s: PublicProcedureStatus): string {
  const rows: [string, string][] = [
    ['Numero di protocollo', s.protocolNumber],
    ['Procedimento', s.typeName],
    ['Ufficio competente', s.officeName ?? 'Ufficio competente per materia'],
    ['Istanza presentata il', longDate(s.receivedOn)],
    ['Stato', s.phase],
    ...(s.dueDate
      ? ([
          [s.overdue ? 'Termine di conclusione (scaduto)' : 'Termine di conclusione', longDate(s.dueDate)],
        ] as [string, string][])
      : []),
    ...(s.latestDueDate
      ? ([
          [
            'Termine di conclusione',
            `sospeso; al più tardi il ${longDate(s.latestDueDate)} se la sospensione dura fino al massimo di legge`,
          ],
        ] as [string, string][])
      : []),
    ...(s.decidedOn ? ([['Concluso il', longDate(s.decidedOn)]] as [string, string][]) : []),
    ...(s.outcome ? ([['Esito', s.outcome]] as [string, string][]) : []),
  ];
  const suspensions = s.suspensions.length
    ? `<table>
<caption>Sospensioni del termine</caption>
<thead><tr><th scope="col">Motivo</th><th scope="col">Dal</th><th scope="col">Al</th></tr></thead>
<tbody>
${s.suspensions
  .map(
    (x) =>
      `<tr><td>${esc(x.label)}</td><td>${esc(longDate(x.start))}</td><td>${
        x.end ? `${esc(longDate(x.end))}${x.endedByLaw ? ' (terminata per legge)' : ''}` : 'in corso'
      }</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>`
    : '<p>Il termine non è stato sospeso.</p>';
  const notices = s.notices.length
    ? `<table>
<caption>Comunicazioni inviate</caption>
<thead><tr><th scope="col">Comunicazione</th><th scope="col">Emessa il</th><th scope="col">Recapito</th></tr></thead>
<tbody>
${s.notices
  .map(
    (n) =>
      `<tr><td>${esc(n.title)}</td><td>${esc(longDate(n.issuedOn))}</td><td>${esc(n.delivery)}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>`
    : '<p>Nessuna comunicazione inviata finora.</p>';
  return layout(
    administration,
    `Procedimento ${s.protocolNumber}`,
    `<h1>Stato del procedimento ${esc(s.protocolNumber)}</h1>
<div class="status" role="status">
<p><strong>${esc(s.phase)}</strong></p>
<p>${esc(s.explanation)}</p>
</div>
<h2>Dettagli</h2>
<dl>
${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('\n')}
</dl>
<h2>Sospensioni</h2>
${suspensions}
<h2>Comunicazioni</h2>
${notices}
<p><a href="${PROCEDURE_STATUS_PATH}">Cerca un altro procedimento</a></p>`,
  );
}

/** Too many attempts from this address (429). */
export function procedureStatusTooManyPage(administration: string, seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return layout(
    administration,
    'Troppi tentativi',
    `<h1>Troppi tentativi</h1>
<p>Per proteggere i procedimenti dei cittadini, da questo collegamento sono stati fatti troppi tentativi. Riprovi tra ${minutes} ${minutes === 1 ? 'minuto' : 'minuti'}, oppure contatti l’ufficio competente.</p>
<p><a href="${PROCEDURE_STATUS_PATH}">Torna al modulo</a></p>`,
  );
}
