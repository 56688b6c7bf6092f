/**
 * The citizen's status page (issue 14): plain server-rendered HTML in Italian, no JavaScript, built for
 * WCAG 2.1 AA with the public pages' conventions (`@urp/public-pages`: layout, stylesheet, fields tied to their
 * hint and error, the error summary).
 */
import {
  detailsList,
  errorSummary,
  esc,
  LOOKUP_PAGE_STYLE,
  longDate,
  publicPage,
  publicPageStyle,
  statusBox,
  textField,
  tooManyAttemptsBody,
  type PageFrame,
} from '@urp/public-pages';
import type { PublicCaseStatus } from './public-status.rules';

export const STATUS_PAGE_PATH = '/stato-pratica';

const STYLE = publicPageStyle({ extra: `${LOOKUP_PAGE_STYLE}input[type=text]{max-width:20rem}\n` });

const frame = (administration: string): PageFrame => ({
  administration,
  section: 'Ufficio Relazioni con il Pubblico',
  footer:
    'Questa pagina mostra solo lo stato della pratica, l’ufficio, le date e, quando l’ufficio attende qualcosa da lei, che cosa: nessun dato personale. Per il contenuto della risposta consulti i messaggi ricevuti o contatti l’URP.',
  style: STYLE,
});

export interface FormState {
  protocollo?: string;
  /** Field errors by field name (`protocollo`, `codice`). */
  errors?: Partial<Record<'protocollo' | 'codice', string>>;
}

const FIELDS = {
  protocollo: {
    label: 'Numero di protocollo',
    hint: 'È scritto sulla ricevuta, nella forma anno/numero: per esempio 2026/0000123. Basta anche il numero: 123.',
  },
  codice: {
    label: 'Codice di verifica',
    hint: 'Il codice di 12 caratteri stampato sulla ricevuta accanto al protocollo, per esempio 7K3M-Q9TX-2HBD.',
  },
} as const;

const field = (name: keyof typeof FIELDS, value: string, error?: string): string =>
  textField({ name, ...FIELDS[name], value, error });

/** The form (GET), or the form again with its errors (a POST that was refused). */
export function statusFormPage(administration: string, state: FormState = {}): string {
  const errors = state.errors ?? {};
  const listed = (Object.keys(errors) as (keyof typeof FIELDS)[]).map((k) => ({
    field: k,
    message: errors[k] ?? '',
  }));
  const summary = errorSummary('Non è stato possibile mostrare la pratica', listed);
  return publicPage(
    frame(administration),
    listed.length ? 'Errore – Stato della pratica' : 'Stato della pratica',
    `<h1>A che punto è la mia pratica</h1>
${summary ? `${summary}\n` : ''}<p>Inserisca il numero di protocollo e il codice di verifica che trova sulla ricevuta.</p>
<form method="post" action="${STATUS_PAGE_PATH}" novalidate>
${field('protocollo', state.protocollo ?? '', errors.protocollo)}
${field('codice', '', errors.codice)}
<button type="submit">Mostra lo stato</button>
</form>`,
  );
}

/** What the office asked the citizen to send (already scrubbed), its line breaks kept. */
const requestSection = (r: NonNullable<PublicCaseStatus['request']>): string =>
  `<h2>Cosa le chiede l’ufficio</h2>
<p>Richiesta del ${esc(longDate(r.askedOn))}:</p>
<blockquote><p>${r.text
    .split('\n')
    .map((line) => esc(line))
    .join('<br>')}</p></blockquote>
<p>Lo invii come indicato nella richiesta, oppure lo porti o lo spedisca all’URP indicando il numero di protocollo.</p>`;

/** The status of one case: status, office, dates, whether a reply was sent, what the office waits for. */
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
  return publicPage(
    frame(administration),
    `Pratica ${s.protocolNumber}`,
    `<h1>Stato della pratica ${esc(s.protocolNumber)}</h1>
${statusBox(s.status, s.explanation)}
${s.request ? `${requestSection(s.request)}\n` : ''}<h2>Dettagli</h2>
${detailsList(rows)}
<p><a href="${STATUS_PAGE_PATH}">Cerca un’altra pratica</a></p>`,
  );
}

/** Too many attempts from this address (429). */
export function tooManyPage(administration: string, seconds: number): string {
  return publicPage(
    frame(administration),
    'Troppi tentativi',
    tooManyAttemptsBody({ seconds, protects: 'le pratiche', contact: 'l’URP', formPath: STATUS_PAGE_PATH }),
  );
}
