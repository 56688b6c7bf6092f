import { createHash } from 'node:crypto';
import type { ApplicantNotificationTemplate } from '@urp/contracts';
import { daysBetween, observationsDueOn, type CivilDate, type LegalCalendar } from '@urp/legal-clock';
import { noticeParties, startNotice, type StartNoticeSettings } from '../procedure/start-notice';
import { observedNoticesOf, type Procedure } from '../procedure/procedure.state';
import { publicReferenceOf } from '../procedure/procedure.view';

/**
 * The notices a procedure owes its applicant, as documents (pure): the comunicazione di avvio (art. 8 c.2
 * L. 241/1990) and the comunicazione dei motivi ostativi all'accoglimento (preavviso di rigetto, art. 10-bis as
 * amended by DL 76/2020, L. 120/2020). The content is fixed when the notice is issued and kept with the procedure
 * (`Procedure.documents`); the PDF is rendered from it (`notice.pdf.ts`) and its bytes stored apart
 * (`procedure_documents`). A later change of the procedure (a new responsible person, a moved deadline) never
 * rewrites a notice already sent.
 */

export type DocumentKind =
  'start_notice' | 'rejection_notice' | 'decision_notice' | 'document_request_notice' | 'resumption_notice';

/** One labelled paragraph of a notice. `element` names the legal element it satisfies (tests check them). */
export interface NoticeSection {
  element: string;
  label: string;
  text: string;
}

/** What the PDF shows, frozen at issue. */
export interface NoticeContent {
  administration: string;
  title: string;
  /** "Prot. n. …": the protocol number of the application the notice refers to. */
  reference: string;
  /** The day the notice was issued (Italian civil date). */
  issuedOn: CivilDate;
  /** Addressed by role, never by name: the applicant's identity lives in contacts only. */
  recipient: string;
  sections: NoticeSection[];
  /** The signature line (the responsible person). */
  signature: string;
}

/** A document of a procedure, as kept with it (the bytes are in `procedure_documents`, `_id` = `id`). */
export interface ProcedureDocument {
  id: string;
  kind: DocumentKind;
  title: string;
  createdAt: string;
  /** The notification asked for it (only when the procedure names its applicant). */
  notificationId?: string;
  /**
   * The day that matters to the applicant: the closing date (start), the last day for observations (10-bis), the
   * day of the decision (decision notice).
   */
  dueOn?: CivilDate;
  /** A decision notice: the decision's outcome (its message says it). */
  outcome?: DecisionNoticeOutcome;
  content: NoticeContent;
}

/** The outcomes a decision notice is issued for (generic procedures on request, decided by a person). */
export type DecisionNoticeOutcome = 'accepted' | 'partly_accepted' | 'rejected' | 'inadmissible';

/** The template campaigns renders the notice's message with (a decision's says its outcome). */
export const templateOf = (d: Pick<ProcedureDocument, 'kind' | 'outcome'>): ApplicantNotificationTemplate =>
  d.kind === 'decision_notice'
    ? `procedure_decision_${d.outcome ?? 'accepted'}_notice`
    : `procedure_${d.kind}`;

export const TITLE_OF: Record<DocumentKind, string> = {
  start_notice: 'Comunicazione di avvio del procedimento',
  rejection_notice: "Comunicazione dei motivi ostativi all'accoglimento dell'istanza (preavviso di rigetto)",
  decision_notice: 'Comunicazione del provvedimento finale',
  document_request_notice: 'Richiesta di integrazione documentale e sospensione del termine',
  resumption_notice: 'Comunicazione della ripresa del termine del procedimento',
};

/** The PDF's file name prefix of each kind (what the applicant sees as the attachment's name). */
const FILE_PREFIX: Record<DocumentKind, string> = {
  start_notice: 'comunicazione-avvio',
  rejection_notice: 'preavviso-rigetto',
  decision_notice: 'provvedimento-finale',
  document_request_notice: 'richiesta-integrazione',
  resumption_notice: 'ripresa-termine',
};

const digest = (s: string, n: number) => createHash('sha256').update(s).digest('hex').slice(0, n);

/** Stable ids: the same notice of the same procedure always has the same document and notification id. */
export const documentId = (procedureId: string, kind: DocumentKind, occurrence = ''): string =>
  `doc_${digest(`${procedureId}:${kind}:${occurrence}`, 32)}`;
export const notificationIdOf = (docId: string): string => `ntf_${digest(`notice:${docId}`, 32)}`;

/**
 * The PDF's file name, saying what it is (the applicant sees it as the attachment's name): `comunicazione-avvio-`
 * or `preavviso-rigetto-` and the protocol number of the application, its slashes and anything but letters, digits
 * and hyphens turned into hyphens (`2026/0004567` → `comunicazione-avvio-2026-0004567.pdf`).
 */
export function documentFileName(kind: DocumentKind, protocolNumber: string): string {
  const prefix = FILE_PREFIX[kind];
  const protocol = protocolNumber
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${prefix}${protocol ? `-${protocol}` : ''}.pdf`;
}

export const itDate = (d: string): string => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

export type NoticeResult = { ok: true; document: ProcedureDocument } | { ok: false; missing: string[] };

/**
 * The start notice of a procedure as a document: every element of art. 8 c.2 (a, b, c, c-bis, c-ter, d), the
 * protocol number and the closing date. Refused (naming what is missing) when an element is not known.
 */
export function startNoticeDocument(
  p: Procedure,
  settings: StartNoticeSettings,
  issuedOn: CivilDate,
  createdAt: string,
): NoticeResult {
  const r = startNotice(p, settings);
  if (!r.ok) return r;
  const n = r.notice;
  const sections: NoticeSection[] = [
    { element: 'administration', label: 'Amministrazione competente', text: n.administration },
    {
      element: 'subject',
      label: 'Oggetto del procedimento',
      text: `${n.subject} (${n.legalBasis})`,
    },
    {
      element: 'office',
      label: 'Ufficio competente',
      text: n.office,
    },
    {
      element: 'responsiblePerson',
      label: 'Responsabile del procedimento',
      text: n.responsiblePerson,
    },
    {
      element: 'digitalAddress',
      label: "Domicilio digitale dell'amministrazione",
      text: n.digitalAddress,
    },
    {
      element: 'protocolNumber',
      label: "Numero di protocollo dell'istanza",
      text: n.protocolNumber,
    },
    ...(n.submissionDate
      ? [
          {
            element: 'submissionDate',
            label: "Data di presentazione dell'istanza",
            text: itDate(n.submissionDate),
          },
        ]
      : []),
    {
      element: 'closingDate',
      label: 'Data entro la quale deve concludersi il procedimento',
      text: `${itDate(n.closingDate)} (termine di ${p.legalTermDays} giorni dalla presentazione, salvo le sospensioni previste dalla legge)`,
    },
    {
      element: 'inactionRemedies',
      label: "Rimedi esperibili in caso di inerzia dell'amministrazione",
      text: n.inactionRemedies,
    },
    actsViewingSection(n),
    ...(settings.statusPage?.trim()
      ? [
          {
            element: 'publicStatus',
            label: 'Stato del procedimento online',
            text: `Lo stato del procedimento, il termine, le sospensioni e le comunicazioni inviate si possono consultare senza registrazione all'indirizzo ${settings.statusPage.trim()} inserendo il riferimento per la consultazione ${publicReferenceOf(p)} (lo conservi: chi lo conosce vede lo stato, non il contenuto, del procedimento).`,
          },
        ]
      : []),
  ];
  const id = documentId(p.id, 'start_notice');
  return {
    ok: true,
    document: {
      id,
      kind: 'start_notice',
      title: TITLE_OF.start_notice,
      createdAt,
      dueOn: n.closingDate,
      content: {
        administration: n.administration,
        title: `${TITLE_OF.start_notice} (artt. 7 e 8 L. 241/1990)`,
        reference: `Istanza prot. n. ${p.protocolNumber}`,
        issuedOn,
        recipient: `Al richiedente dell'istanza prot. n. ${p.protocolNumber}`,
        sections,
        signature: `Il responsabile del procedimento: ${n.responsiblePerson}`,
      },
    },
  };
}

/** The suspension effect of the notice, in the words of art. 10-bis as amended by DL 76/2020. */
export const SUSPENSION_EFFECT =
  'La presente comunicazione sospende i termini di conclusione del procedimento, che ricominciano a decorrere dieci giorni dopo la presentazione delle osservazioni o, in mancanza delle stesse, dalla scadenza del termine di dieci giorni indicato sopra (art. 10-bis L. 241/1990, come modificato dal D.L. 16 luglio 2020, n. 76, convertito dalla L. 11 settembre 2020, n. 120).';

/** Who writes, about which procedure, from which office: the opening of every notice after the start. */
const noticeHead = (p: Procedure, v: Record<string, string>): NoticeSection[] => [
  { element: 'administration', label: 'Amministrazione competente', text: v.administration },
  {
    element: 'subject',
    label: 'Oggetto del procedimento',
    text: `${p.typeName} (${p.legalBasis})`, // the type's name: never the scrubbed request text (start-notice.ts)
  },
  { element: 'office', label: 'Ufficio competente', text: v.office },
];

/** Where and how to view the acts (art. 10 L. 241/1990): the last section of every notice. */
const actsViewingSection = (v: Partial<Record<'actsViewing' | 'office', string>>): NoticeSection => ({
  element: 'actsViewing',
  label: 'Ufficio e modalità per prendere visione degli atti',
  text: `${v.actsViewing} (${v.office})`,
});

/** The application the notice answers: its protocol number and the day it was presented. */
const applicationSection = (p: Procedure): NoticeSection => ({
  element: 'protocolNumber',
  label: "Numero di protocollo dell'istanza",
  text: `${p.protocolNumber}, presentata il ${itDate(p.receivedOn)}`,
});

/**
 * The art. 10-bis notice as a document: the reasons that stand in the way of acceptance, the applicant's right to
 * submit written observations (with documents) within 10 days, the last day, where to send them, the suspension of
 * the term as amended, and that the final decision must say why observations were not accepted.
 */
export function rejectionNoticeDocument(
  p: Procedure,
  settings: StartNoticeSettings,
  notice: { suspensionId: string; sentOn: CivilDate; reasons: string },
  calendar: LegalCalendar,
  createdAt: string,
): NoticeResult {
  const parties = noticeParties(p, settings.directory);
  const values: Record<string, string | undefined> = {
    administration: settings.administrationName?.trim(),
    digitalAddress: settings.digitalAddress?.trim(),
    office: parties.office,
    responsiblePerson: parties.responsiblePerson,
    actsViewing: settings.actsViewing?.trim(),
  };
  const missing = Object.keys(values).filter((k) => !values[k]);
  if (missing.length) return { ok: false, missing };
  const v = values as Record<string, string>;
  const lastDay = observationsDueOn(notice.sentOn, calendar);
  const sections: NoticeSection[] = [
    ...noticeHead(p, v),
    { element: 'responsiblePerson', label: 'Responsabile del procedimento', text: v.responsiblePerson },
    applicationSection(p),
    {
      element: 'reasons',
      label: "Motivi che ostano all'accoglimento dell'istanza",
      text: notice.reasons.trim(),
    },
    {
      element: 'observations',
      label: 'Termine per presentare osservazioni',
      // art. 10-bis: the 10 days run from the applicant's receipt, unknown when the notice is issued; the day given is
      // the last one for a notice received on the day it is sent (a later receipt moves it: the status page says it)
      text: `Entro il termine di 10 giorni dal ricevimento della presente comunicazione (per una comunicazione ricevuta il giorno stesso dell'invio, entro il ${itDate(lastDay)}) è possibile presentare per iscritto le proprie osservazioni, eventualmente corredate da documenti, al domicilio digitale dell'amministrazione ${v.digitalAddress}.`,
    },
    { element: 'suspension', label: 'Effetto sul termine del procedimento', text: SUSPENSION_EFFECT },
    {
      element: 'finalDecision',
      label: 'Provvedimento finale',
      text: "Dell'eventuale mancato accoglimento delle osservazioni sarà data ragione nella motivazione del provvedimento finale.",
    },
    actsViewingSection(v),
  ];
  const id = documentId(p.id, 'rejection_notice', notice.suspensionId);
  return {
    ok: true,
    document: {
      id,
      kind: 'rejection_notice',
      title: TITLE_OF.rejection_notice,
      createdAt,
      dueOn: lastDay,
      content: {
        administration: v.administration,
        title: `${TITLE_OF.rejection_notice} (art. 10-bis L. 241/1990)`,
        reference: `Istanza prot. n. ${p.protocolNumber}`,
        issuedOn: notice.sentOn,
        recipient: `Al richiedente dell'istanza prot. n. ${p.protocolNumber}`,
        sections,
        signature: `Il responsabile del procedimento: ${v.responsiblePerson}`,
      },
    },
  };
}

/** The values every notice after the start needs, or what is missing (the timeline says it). */
function noticeValues(
  p: Procedure,
  settings: StartNoticeSettings,
): { ok: true; v: Record<string, string> } | { ok: false; missing: string[] } {
  const parties = noticeParties(p, settings.directory);
  const values: Record<string, string | undefined> = {
    administration: settings.administrationName?.trim(),
    digitalAddress: settings.digitalAddress?.trim(),
    office: parties.office,
    responsiblePerson: parties.responsiblePerson,
    actsViewing: settings.actsViewing?.trim(),
  };
  const missing = Object.keys(values).filter((k) => !values[k]);
  return missing.length ? { ok: false, missing } : { ok: true, v: values as Record<string, string> };
}

/** The document of a notice after the start, addressed to the applicant and signed by the responsible person. */
function noticeAfterStart(
  p: Procedure,
  kind: DocumentKind,
  occurrence: string,
  law: string,
  v: Record<string, string>,
  issuedOn: CivilDate,
  dueOn: CivilDate | undefined,
  sections: NoticeSection[],
  createdAt: string,
): NoticeResult {
  return {
    ok: true,
    document: {
      id: documentId(p.id, kind, occurrence),
      kind,
      title: TITLE_OF[kind],
      createdAt,
      ...(dueOn ? { dueOn } : {}),
      content: {
        administration: v.administration,
        title: `${TITLE_OF[kind]} (${law})`,
        reference: `Istanza prot. n. ${p.protocolNumber}`,
        issuedOn,
        recipient: `Al richiedente dell'istanza prot. n. ${p.protocolNumber}`,
        sections,
        signature: `Il responsabile del procedimento: ${v.responsiblePerson}`,
      },
    },
  };
}

/**
 * The request for documents (integrazione documentale, art. 2 c.7 L. 241/1990) as a document: what is missing (the
 * suspension's reason as the office wrote it), that the term is suspended from the day of the request, once and for
 * 30 days at most, and that it runs again on receipt of what is asked (at the latest on `resumesByLawOn`), where to
 * send it. One per suspension (`occurrence` = its id).
 */
export function documentRequestNoticeDocument(
  p: Procedure,
  settings: StartNoticeSettings,
  request: { suspensionId: string; start: CivilDate; reason: string; resumesByLawOn: CivilDate | null },
  createdAt: string,
): NoticeResult {
  const r = noticeValues(p, settings);
  if (!r.ok) return r;
  const v = r.v;
  const latest = request.resumesByLawOn
    ? ` e comunque, se le integrazioni non pervengono, dal ${itDate(request.resumesByLawOn)}, alla scadenza dei 30 giorni`
    : '';
  const sections: NoticeSection[] = [
    ...noticeHead(p, v),
    { element: 'responsiblePerson', label: 'Responsabile del procedimento', text: v.responsiblePerson },
    applicationSection(p),
    {
      element: 'missing',
      label: "Documenti e informazioni da integrare per l'istruttoria",
      text: request.reason.trim(),
    },
    {
      element: 'suspension',
      label: 'Sospensione del termine del procedimento',
      text: `Il termine per la conclusione del procedimento è sospeso dal ${itDate(request.start)}, per una sola volta e per un periodo non superiore a trenta giorni, per l'acquisizione di quanto sopra indicato (art. 2, comma 7, L. 241/1990).`,
    },
    {
      element: 'resumption',
      label: 'Ripresa del termine',
      text: `Il termine riprende a decorrere dal ricevimento delle integrazioni richieste${latest}; le sarà comunicato il nuovo termine di conclusione.`,
    },
    {
      element: 'sendTo',
      label: 'Come inviare le integrazioni',
      text: `Le integrazioni si inviano al domicilio digitale dell'amministrazione ${v.digitalAddress}, indicando il numero di protocollo ${p.protocolNumber}, oppure si consegnano all'ufficio competente (${v.office}).`,
    },
    actsViewingSection(v),
  ];
  return noticeAfterStart(
    p,
    'document_request_notice',
    request.suspensionId,
    'art. 2 c.7 L. 241/1990',
    v,
    request.start,
    request.resumesByLawOn ?? undefined,
    sections,
    createdAt,
  );
}

/**
 * The term runs again after a request for documents (art. 2 c.7): the documents arrived (the office resumed) or the
 * 30 days ended by law. Says since when it runs and the new closing date (none while another suspension is open:
 * then it says so). One per suspension.
 */
export function resumptionNoticeDocument(
  p: Procedure,
  settings: StartNoticeSettings,
  resumption: {
    suspensionId: string;
    start: CivilDate;
    end: CivilDate;
    byLaw: boolean;
    addedDays: number;
  },
  createdAt: string,
): NoticeResult {
  const r = noticeValues(p, settings);
  if (!r.ok) return r;
  const v = r.v;
  const why = resumption.byLaw
    ? 'decorsi i trenta giorni di sospensione previsti dalla legge'
    : 'ricevute le integrazioni richieste';
  const sections: NoticeSection[] = [
    ...noticeHead(p, v),
    { element: 'responsiblePerson', label: 'Responsabile del procedimento', text: v.responsiblePerson },
    applicationSection(p),
    {
      element: 'resumption',
      label: 'Ripresa del termine',
      text: `La sospensione del termine disposta il ${itDate(resumption.start)} per la richiesta di integrazione documentale (art. 2, comma 7, L. 241/1990) è terminata: ${why}, il termine riprende a decorrere dal ${itDate(resumption.end)} (${resumption.addedDays} ${resumption.addedDays === 1 ? 'giorno' : 'giorni'} di sospensione).`,
    },
    p.dueDate
      ? {
          element: 'closingDate',
          label: 'Data entro la quale deve concludersi il procedimento',
          text: `${itDate(p.dueDate)} (termine di ${p.legalTermDays} giorni dalla presentazione, prorogato dei giorni di sospensione)`,
        }
      : {
          element: 'closingDate',
          label: 'Data entro la quale deve concludersi il procedimento',
          text: 'Il termine resta sospeso per un altro motivo già comunicato: la nuova data le sarà comunicata alla ripresa.',
        },
    actsViewingSection(v),
  ];
  return noticeAfterStart(
    p,
    'resumption_notice',
    resumption.suspensionId,
    'art. 2 c.7 L. 241/1990',
    v,
    resumption.end,
    p.dueDate ?? undefined,
    sections,
    createdAt,
  );
}

/**
 * Art. 2 c.9-quinquies L. 241/1990: a decision taken after the term states the term set by law or regulation and
 * the time actually taken. The term is the ordinary one (the substitute official's is a remedy, not a new term), as
 * the legal clock computed it (suspensions added); the time taken runs from the application to the decision.
 */
export function lateDecisionSection(
  p: Pick<
    Procedure,
    'legalTermDays' | 'legalBasis' | 'receivedOn' | 'dueDate' | 'substitute' | 'suspendedDays'
  >,
  decidedOn: CivilDate,
): NoticeSection {
  const due = p.substitute?.ordinaryDueDate ?? p.dueDate;
  const taken = daysBetween(p.receivedOn, decidedOn);
  const suspended = p.suspendedDays
    ? `, prorogato di ${p.suspendedDays} ${p.suspendedDays === 1 ? 'giorno' : 'giorni'} per le sospensioni previste dalla legge`
    : '';
  return {
    element: 'lateDecision',
    label: 'Termine di conclusione e tempo impiegato (art. 2 c.9-quinquies L. 241/1990)',
    text: `Il provvedimento è adottato oltre il termine. Termine previsto: ${p.legalTermDays} giorni dalla presentazione dell'istanza (${p.legalBasis})${suspended}${due ? `, scaduto il ${itDate(due)}` : ''}. Tempo effettivamente impiegato: ${taken} ${taken === 1 ? 'giorno' : 'giorni'}, dalla presentazione dell'istanza il ${itDate(p.receivedOn)} al provvedimento del ${itDate(decidedOn)}.`,
  };
}

/** The outcome of the decision as the applicant reads it. */
export const DECISION_OUTCOME_TEXT: Record<DecisionNoticeOutcome, string> = {
  accepted: "l'istanza è accolta",
  partly_accepted: "l'istanza è accolta in parte",
  rejected: "l'istanza è respinta",
  inadmissible: "l'istanza è dichiarata inammissibile",
};

/** Art. 3 c.4 L. 241/1990: the act states the term and the authority to appeal to. */
export const REDRESS_TEXT =
  'Contro il presente provvedimento è ammesso ricorso al Tribunale amministrativo regionale competente entro 60 giorni dalla sua comunicazione (art. 29 D.Lgs. 2 luglio 2010, n. 104), oppure, in alternativa, ricorso straordinario al Presidente della Repubblica entro 120 giorni (art. 9 D.P.R. 24 novembre 1971, n. 1199).';

/**
 * The communication of the final decision (provvedimento finale) to the applicant of a generic procedure: outcome,
 * date, reasons (art. 3), who decided, and the means of redress with their terms (art. 3 c.4). Access requests have
 * their own remedies (art. 25 c.4-5; D.Lgs 33/2013 art. 5 c.7) and get no such notice here yet.
 */
export function decisionNoticeDocument(
  p: Procedure,
  settings: StartNoticeSettings,
  createdAt: string,
): NoticeResult {
  const d = p.decision;
  if (!d || p.kind !== 'generic' || !(d.outcome in DECISION_OUTCOME_TEXT))
    return { ok: false, missing: ['un provvedimento espresso di un procedimento su istanza'] };
  const outcome = d.outcome as DecisionNoticeOutcome;
  const parties = noticeParties(p, settings.directory);
  const signer = d.bySubstitute
    ? { label: 'Il titolare del potere sostitutivo', name: p.substituteName?.trim() }
    : { label: 'Il responsabile del procedimento', name: parties.responsiblePerson };
  const values: Record<string, string | undefined> = {
    administration: settings.administrationName?.trim(),
    office: parties.office,
    signer: signer.name,
  };
  const named: Record<string, string> = {
    administration: "l'amministrazione competente",
    office: "l'ufficio competente",
    signer: d.bySubstitute ? 'il titolare del potere sostitutivo' : 'il responsabile del procedimento',
  };
  const missing = Object.keys(values)
    .filter((k) => !values[k])
    .map((k) => named[k]);
  if (missing.length) return { ok: false, missing };
  const v = values as Record<string, string>;
  const observed = observedNoticesOf(p);
  const sections: NoticeSection[] = [
    ...noticeHead(p, v),
    applicationSection(p),
    {
      element: 'outcome',
      label: 'Esito',
      text: `Con provvedimento del ${itDate(d.decidedOn)} ${DECISION_OUTCOME_TEXT[outcome]}.`,
    },
    { element: 'reasons', label: 'Motivazione', text: d.reasons.trim() },
    ...(d.observationsAnswer && observed.length
      ? [
          {
            element: 'observations',
            label: "Osservazioni presentate dall'istante (art. 10-bis L. 241/1990)",
            // every notice's observations: a second notice does not answer those on the first
            text: `Le osservazioni presentate ${observed
              .map((n) => `il ${itDate(n.observationsOn)} al preavviso di rigetto del ${itDate(n.sentOn)}`)
              .join(' e ')} non sono accolte per i seguenti motivi: ${d.observationsAnswer.trim()}`,
          },
        ]
      : []),
    ...(d.withinTerm ? [] : [lateDecisionSection(p, d.decidedOn)]),
    { element: 'redress', label: 'Mezzi di impugnazione', text: REDRESS_TEXT },
  ];
  const id = documentId(p.id, 'decision_notice');
  return {
    ok: true,
    document: {
      id,
      kind: 'decision_notice',
      title: TITLE_OF.decision_notice,
      createdAt,
      dueOn: d.decidedOn,
      outcome,
      content: {
        administration: v.administration,
        title: `${TITLE_OF.decision_notice} (artt. 2 e 3 L. 241/1990)`,
        reference: `Istanza prot. n. ${p.protocolNumber}`,
        issuedOn: d.decidedOn,
        recipient: `Al richiedente dell'istanza prot. n. ${p.protocolNumber}`,
        sections,
        signature: `${signer.label}: ${v.signer}`,
      },
    },
  };
}
