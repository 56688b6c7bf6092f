import { romeCivilDate, type CivilDate } from '@urp/legal-clock';
import { documentId } from '../document/notice.document';
import { noted, type Change, type NoticeDelivery, type Procedure } from './procedure.state';

/**
 * What campaigns reported about a notification of this procedure (agreement 4), pure. One entry per notification
 * (the latest report), with a timeline line the office reads; a status never moves backwards (a late `sent` after
 * `delivered`, or a report older than the one kept, changes nothing). A permanent failure stays on the procedure.
 */
export interface DeliveryReport {
  notificationId: string;
  template: string;
  channel: string;
  status: NoticeDelivery['status'];
  code?: string;
  outcome?: 'failed' | 'bounced';
  at: string;
  eventId: string;
}

const RANK: Record<NoticeDelivery['status'], number> = { sent: 1, delivered: 2, failed: 2 };

/**
 * Who received a notification: the applicant, the office's referent (staff warnings about the deadline), or the
 * substitute official the clock engaged.
 */
type Recipient = 'applicant' | 'staff' | 'substitute';

/** What each notification is called in Italian, the ending of its participles (agreement) and who receives it. */
const LABELS: Record<string, [string, 'a' | 'o', Recipient]> = {
  procedure_start_notice: ['La comunicazione di avvio', 'a', 'applicant'],
  procedure_rejection_notice: ['Il preavviso di rigetto', 'o', 'applicant'],
  procedure_document_request_notice: ['La richiesta di integrazione documentale', 'a', 'applicant'],
  procedure_resumption_notice: ['La comunicazione della ripresa del termine', 'a', 'applicant'],
  procedure_deadline_approaching: ["L'avviso di scadenza del termine", 'o', 'staff'],
  procedure_deadline_missed: ["L'avviso di termine scaduto", 'o', 'staff'],
  procedure_deadlines_approaching: ['Il promemoria dei termini in scadenza', 'o', 'staff'],
  procedure_deadlines_missed: ['Il promemoria dei termini scaduti', 'o', 'staff'],
  procedure_substitute: ["L'avviso del potere sostitutivo", 'o', 'substitute'],
};

/** The channels in Italian, as the office reads them. */
const CHANNELS: Record<string, string> = {
  email: 'e-mail',
  pec: 'PEC',
  io: 'app IO',
  sms: 'SMS',
  letter: 'lettera',
  phone: 'telefono',
};
const channelIt = (c: string) => CHANNELS[c] ?? c;

/** Failure codes in Italian: what happened, and on which channel it was attempted (a code names its own). */
const FAILURES: Record<string, [string, string?]> = {
  io_profile_not_found: ["l'app IO non è attiva per il cittadino", 'io'],
  io_sender_not_allowed: ["il cittadino ha disattivato nell'app IO i messaggi di questo servizio", 'io'],
  no_address: ['nessun recapito disponibile per il canale scelto'],
  sms_invalid_number: ['numero di cellulare non valido', 'sms'],
  retries_exhausted: ['tentativi di invio esauriti'],
  channel_not_configured: ['canale non configurato'],
  channel_unsupported: ['canale non utilizzabile per le notifiche'],
  outcome_unknown: ["esito dell'invio sconosciuto"],
  expired: ["richiesta scaduta prima dell'invio"],
  document_not_found: ['il documento da allegare non è stato trovato'],
  document_not_pdf: ['il documento da allegare non è un PDF valido'],
  address_lookup_failed: ['recapiti del richiedente non consultabili'],
  message_lookup_failed: ['testo del messaggio non disponibile'],
  io_bad_fiscal_code: ["codice fiscale non accettato dall'app IO", 'io'],
  io_unreachable: ["servizio dell'app IO non raggiungibile", 'io'],
};

function failureIt(r: DeliveryReport): { channel: string; why: string } {
  const code = r.code ?? '';
  const known = FAILURES[code];
  const attempted =
    known?.[1] ?? (code.startsWith('io_') ? 'io' : code.startsWith('sms_') ? 'sms' : r.channel);
  const why = known
    ? known[0]
    : /^smtp_5\d\d$/.test(code)
      ? `il server del destinatario ha rifiutato il messaggio (codice ${code.slice(5)})`
      : r.outcome === 'bounced'
        ? `rifiutata dal server o dal gestore del destinatario (${code || 'errore'})`
        : `non inviata (${code || 'errore'})`;
  return { channel: attempted, why };
}

export function recordDelivery(p: Procedure, r: DeliveryReport): Change | null {
  const deliveries = p.deliveries ?? [];
  const kept = deliveries.find((d) => d.notificationId === r.notificationId);
  if (kept && (RANK[kept.status] > RANK[r.status] || kept.at > r.at || kept.status === 'delivered'))
    return null;
  const failure = r.status === 'failed' ? failureIt(r) : undefined;
  const entry: NoticeDelivery = {
    notificationId: r.notificationId,
    template: r.template,
    channel: r.channel,
    status: r.status,
    ...(r.code ? { code: r.code } : {}),
    ...(failure ? { reason: failure.why } : {}),
    at: r.at,
    eventId: r.eventId,
  };
  const [what, g, recipient] =
    LABELS[r.template] ??
    (r.template.startsWith('procedure_decision_')
      ? ['La comunicazione del provvedimento finale', 'a', 'applicant']
      : r.template.startsWith('procedure_deadline')
        ? ["L'avviso sulla scadenza del termine", 'o', 'staff']
        : ['La comunicazione', 'a', 'applicant']);
  const to =
    recipient === 'staff'
      ? "all'ufficio (responsabile del procedimento)"
      : recipient === 'substitute'
        ? 'al titolare del potere sostitutivo'
        : 'al richiedente';
  const summary = failure
    ? `${what} NON è stat${g} consegnat${g} ${to} (canale tentato: ${channelIt(failure.channel)}; ${failure.why})${recipient === 'applicant' ? ': avvisarlo per altra via' : ''}`
    : r.status === 'delivered'
      ? `${what} è stat${g} consegnat${g} ${to} (${channelIt(r.channel)})`
      : `${what} è stat${g} inviat${g} ${to} (${channelIt(r.channel)}), in attesa di ricevuta`;
  const state = noted(
    {
      ...p,
      deliveries: [...deliveries.filter((d) => d.notificationId !== r.notificationId), entry],
    },
    { at: r.at, type: `notice_${r.status}`, summary, by: 'campaigns' },
  );
  return { state, events: [] };
}

/**
 * The day the applicant received the pending rejection notice, when this report is its delivery (campaigns reports
 * under its own id, `ntf_prc_<notificationId>`); null for any other report.
 */
export function rejectionNoticeReceiptOf(p: Procedure, r: DeliveryReport): CivilDate | null {
  const rn = p.rejectionNotice;
  if (!rn || r.status !== 'delivered') return null;
  const docId = documentId(p.id, 'rejection_notice', rn.suspensionId);
  const id = p.documents?.find((d) => d.id === docId)?.notificationId;
  if (!id || !(r.notificationId === id || r.notificationId.endsWith(`_${id}`))) return null;
  return romeCivilDate(r.at);
}
