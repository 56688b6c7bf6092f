/**
 * The applicant's public status page of a procedure: plain server-rendered HTML in Italian, no JavaScript, built
 * for WCAG 2.1 AA with the public pages' conventions (`@urp/public-pages`: layout, stylesheet, the field tied to
 * its hint and error, the error summary), as contacts' status page.
 */
import {
  detailsList,
  errorSummary,
  esc,
  longDate,
  LOOKUP_PAGE_STYLE,
  publicPage,
  publicPageStyle,
  statusBox,
  textField,
  tooManyAttemptsBody,
  type PageFrame,
} from '@urp/public-pages';
import { PROCEDURE_STATUS_PATH } from '../config';
import type { PublicProcedureStatus } from './public-status.rules';

const STYLE = publicPageStyle({
  width: '44rem',
  extra: `${LOOKUP_PAGE_STYLE}table{border-collapse:collapse;width:100%;font-size:1rem}
caption{text-align:left;font-weight:700;padding:.25rem 0}
th,td{border:1px solid #5c6f82;padding:.4rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f6fc}
@media (max-width:30rem){table,thead,tbody,tr,th,td{display:block}thead{position:absolute;left:-9999px}td{border-top:0}}
`,
});

const frame = (administration: string): PageFrame => ({
  administration,
  section: 'Procedimenti amministrativi',
  footer:
    'Questa pagina mostra solo lo stato del procedimento, le date e le comunicazioni inviate: nessun dato personale. Il contenuto delle comunicazioni è nei documenti ricevuti; per chiarimenti contatti l’ufficio competente o l’URP.',
  style: STYLE,
});

export interface StatusFormState {
  riferimento?: string;
  error?: string;
}

/** The form (GET), or the form again with its error (a POST that was refused). */
export function procedureStatusFormPage(administration: string, state: StatusFormState = {}): string {
  const summary = errorSummary(
    'Non è stato possibile mostrare il procedimento',
    state.error ? [{ field: 'riferimento', message: state.error }] : [],
  );
  return publicPage(
    frame(administration),
    state.error ? 'Errore – Stato del procedimento' : 'Stato del procedimento',
    `<h1>A che punto è il mio procedimento</h1>
${summary ? `${summary}\n` : ''}<p>Inserisca il riferimento per la consultazione che trova nella comunicazione di avvio del procedimento.</p>
<form method="post" action="${PROCEDURE_STATUS_PATH}" novalidate>
${textField({
  name: 'riferimento',
  label: 'Riferimento per la consultazione',
  hint: 'È scritto nella comunicazione di avvio, alla voce «Stato del procedimento online»: inizia con prc_ e contiene un punto, per esempio prc_1a2b3c4d.Xy7kQ9…',
  value: state.riferimento ?? '',
  error: state.error,
})}
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
    ...(s.observationsDueOn
      ? ([
          [
            'Osservazioni al preavviso di rigetto',
            `entro il ${longDate(s.observationsDueOn)} (10 giorni dal ricevimento)`,
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
  return publicPage(
    frame(administration),
    `Procedimento ${s.protocolNumber}`,
    `<h1>Stato del procedimento ${esc(s.protocolNumber)}</h1>
${statusBox(s.phase, s.explanation)}
<h2>Dettagli</h2>
${detailsList(rows)}
<h2>Sospensioni</h2>
${suspensions}
<h2>Comunicazioni</h2>
${notices}
<p><a href="${PROCEDURE_STATUS_PATH}">Cerca un altro procedimento</a></p>`,
  );
}

/** Too many attempts from this address (429). */
export function procedureStatusTooManyPage(administration: string, seconds: number): string {
  return publicPage(
    frame(administration),
    'Troppi tentativi',
    tooManyAttemptsBody({
      seconds,
      protects: 'i procedimenti',
      contact: 'l’ufficio competente',
      formPath: PROCEDURE_STATUS_PATH,
    }),
  );
}
