// Canned replies (risposte tipo) and FAQ. Placeholders: {{due_date}} {{responsible_person}} {{office}}
// {{procedure_term}} {{protocol_number}}. A bracketed part ([esito della verifica…]) is for the operator to write:
// contacts refuses a public message that still holds one (case-messages.rules.ts, checkWritten).

export interface DemoTemplate {
  code: string;
  kind: 'REPLY' | 'FAQ';
  title: string;
  body: string;
  audience: 'PUBLIC' | 'INTERNAL';
  /**
   * The phase of a case in which the reply is offered (services/contacts `CASE_STATUSES`: a code cases never have
   * hides the template for good); `category`: only for cases of that first-level category (none: every case).
   */
  caseStatus?: string;
  category?: string;
  sheets?: string[];
}

export const TEMPLATES: DemoTemplate[] = [
  {
    code: 'avvio_procedimento',
    kind: 'REPLY',
    title: 'Comunicazione di avvio del procedimento',
    body: "Gentile richiedente,\nla sua istanza è stata registrata con protocollo n. {{protocol_number}}. Il procedimento è assegnato all'unità organizzativa {{office}}; responsabile del procedimento è {{responsible_person}}. Il procedimento si concluderà entro {{procedure_term}}, cioè entro il {{due_date}}. In caso di inerzia può rivolgersi al titolare del potere sostitutivo, il Segretario generale. Può prendere visione degli atti presso l'unità organizzativa indicata.",
    audience: 'PUBLIC',
    caseStatus: 'received',
  },
  {
    code: 'sospensione_termini',
    kind: 'REPLY',
    title: 'Sospensione dei termini per integrazione documentale',
    body: "Gentile richiedente,\nper completare l'istruttoria della pratica n. {{protocol_number}} è necessario integrare la documentazione. Il termine del procedimento è sospeso fino al ricevimento delle integrazioni, e comunque per non più di 30 giorni (L. 241/1990 art. 2 c. 7). Alla ripresa, la nuova scadenza sarà comunicata. Responsabile: {{responsible_person}}, {{office}}.",
    audience: 'PUBLIC',
    caseStatus: 'waiting_citizen',
  },
  {
    code: 'preavviso_rigetto',
    kind: 'REPLY',
    title: 'Comunicazione dei motivi ostativi (preavviso di rigetto)',
    body: "Gentile richiedente,\nai sensi dell'art. 10-bis della L. 241/1990 le comunichiamo i motivi che ostano all'accoglimento dell'istanza n. {{protocol_number}}. Entro 10 giorni dal ricevimento può presentare osservazioni scritte ed eventuali documenti. Il termine del procedimento è sospeso e riprende dalla presentazione delle osservazioni o dalla scadenza dei 10 giorni. Responsabile: {{responsible_person}}.",
    audience: 'PUBLIC',
    caseStatus: 'in_progress',
  },
  {
    code: 'inoltro_ufficio_competente',
    kind: 'REPLY',
    title: "Inoltro all'ufficio competente",
    body: "Gentile cittadino,\nla sua richiesta (protocollo n. {{protocol_number}}) è stata trasmessa all'unità organizzativa competente per materia ({{office}}), che le risponderà entro il {{due_date}}. Per informazioni può contattare l'URP.",
    audience: 'PUBLIC',
    caseStatus: 'assigned',
  },
  {
    code: 'risposta_reclamo',
    kind: 'REPLY',
    title: 'Risposta a un reclamo',
    body: "Gentile cittadino,\nla ringraziamo per il reclamo n. {{protocol_number}}, che ci aiuta a migliorare i servizi. L'unità organizzativa competente ({{office}}) ha verificato quanto da lei lamentato: [esito della verifica e azioni intraprese]. Per ulteriori chiarimenti può rivolgersi a {{responsible_person}}.",
    audience: 'PUBLIC',
    caseStatus: 'in_progress',
  },
  {
    code: 'sollecito_interno',
    kind: 'REPLY',
    title: "Sollecito interno all'ufficio (promemoria dopo 10 giorni)",
    body: "Alla cortese attenzione di {{responsible_person}} ({{office}}): la pratica n. {{protocol_number}} è in carico all'ufficio e scade il {{due_date}}. Si prega di fornire risposta o di comunicare all'URP lo stato della pratica.",
    audience: 'INTERNAL',
    caseStatus: 'waiting_referent',
  },
  {
    code: 'faq_cie_tempi',
    kind: 'FAQ',
    title: "Quanto tempo ci vuole per avere la carta d'identità elettronica?",
    body: "La CIE viene spedita dal Poligrafico dello Stato all'indirizzo indicato entro 6 giorni lavorativi dalla richiesta allo sportello. Nel frattempo la ricevuta della richiesta vale come documento di identità in Italia, non per l'espatrio.",
    audience: 'PUBLIC',
    category: 'anagrafe_stato_civile',
    sheets: ['carta-identita-elettronica'],
  },
  {
    code: 'faq_residenza_silenzio',
    kind: 'FAQ',
    title: 'Dopo quanto tempo il cambio di residenza è definitivo?',
    body: "L'iscrizione è registrata entro 2 giorni lavorativi con effetto dalla data della dichiarazione. Se entro 45 giorni il Comune non comunica un esito negativo dell'accertamento, l'iscrizione si intende confermata.",
    audience: 'PUBLIC',
    category: 'anagrafe_stato_civile',
    sheets: ['cambio-residenza'],
  },
  {
    code: 'faq_tari_rate',
    kind: 'FAQ',
    title: 'Quando si paga la TARI?',
    body: "In tre rate con scadenza 16 maggio, 16 settembre e 16 dicembre, oppure in un'unica soluzione entro il 16 giugno, con gli avvisi pagoPA inviati dal Comune.",
    audience: 'PUBLIC',
    category: 'tributi',
    sheets: ['tari-tassa-rifiuti'],
  },
  {
    code: 'faq_auto_rimossa',
    kind: 'FAQ',
    title: "Mi hanno rimosso l'auto: dove la trovo?",
    body: 'Chiami la centrale operativa della Polizia Locale allo 06 9988 1300: le diranno se il veicolo è stato rimosso e in quale depositeria si trova. Per il ritiro servono documento e carta di circolazione.',
    audience: 'PUBLIC',
    category: 'strade_viabilita',
    sheets: ['rimozione-veicoli'],
  },
];
