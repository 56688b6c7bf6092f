// Forms (modulistica) of the Comune di Borgo Aurelio. Field types follow @urp/forms (the GraphQL enum names).
// No citizen data is stored here: these are definitions only.

export interface DemoField {
  name: string;
  label: string;
  type: 'TEXT' | 'NUMBER' | 'DATE' | 'SINGLE_CHOICE' | 'MULTIPLE_CHOICE' | 'FILE';
  required: boolean;
  order: number;
  help?: string;
  options?: string[];
  min?: number;
  max?: number;
  pattern?: string;
}

export interface DemoForm {
  code: string;
  title: string;
  description: string;
  office: string;
  fields: DemoField[];
}

const CF = '[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]';
const MB = 1024 * 1024;

const applicant = (start: number): DemoField[] => [
  { name: 'nome', label: 'Nome', type: 'TEXT', required: true, order: start, max: 100 },
  { name: 'cognome', label: 'Cognome', type: 'TEXT', required: true, order: start + 1, max: 100 },
  {
    name: 'codice_fiscale',
    label: 'Codice fiscale',
    type: 'TEXT',
    required: true,
    order: start + 2,
    pattern: CF,
    help: '16 caratteri, lettere maiuscole',
  },
  {
    name: 'email',
    label: 'Email o PEC per le comunicazioni',
    type: 'TEXT',
    required: true,
    order: start + 3,
    pattern: '[^@\\s]+@[^@\\s]+\\.[a-z]{2,}',
  },
  {
    name: 'telefono',
    label: 'Telefono',
    type: 'TEXT',
    required: false,
    order: start + 4,
    pattern: '[+0-9 ]{6,20}',
  },
];

const identityDocument = (order: number): DemoField => ({
  name: 'documento_identita',
  label: "Copia del documento d'identità",
  type: 'FILE',
  required: true,
  order,
  max: 5 * MB,
  help: 'PDF o immagine, massimo 5 MB',
});

export const FORMS: DemoForm[] = [
  {
    code: 'dichiarazione_residenza',
    title: 'Dichiarazione di residenza (cambio di residenza o di indirizzo)',
    description:
      "Modello ministeriale per trasferimento da altro Comune, dall'estero o cambio di abitazione nel Comune (DPR 223/1989).",
    office: 'anagrafe',
    fields: [
      ...applicant(1),
      {
        name: 'provenienza',
        label: 'Provenienza',
        type: 'SINGLE_CHOICE',
        required: true,
        order: 6,
        options: ['Altro Comune', 'Estero', 'Stesso Comune (cambio indirizzo)', 'AIRE'],
      },
      {
        name: 'indirizzo',
        label: 'Nuovo indirizzo (via e numero civico)',
        type: 'TEXT',
        required: true,
        order: 7,
        max: 200,
      },
      {
        name: 'titolo_abitazione',
        label: "Titolo di occupazione dell'abitazione",
        type: 'SINGLE_CHOICE',
        required: true,
        order: 8,
        options: ['Proprietà', 'Locazione', 'Comodato', 'Usufrutto', 'Ospite'],
      },
      {
        name: 'componenti',
        label: 'Numero di persone che si trasferiscono',
        type: 'NUMBER',
        required: true,
        order: 9,
        min: 1,
        max: 20,
      },
      {
        name: 'data_trasferimento',
        label: 'Data del trasferimento',
        type: 'DATE',
        required: true,
        order: 10,
      },
      {
        name: 'contratto',
        label: 'Contratto o titolo di disponibilità',
        type: 'FILE',
        required: false,
        order: 11,
        max: 10 * MB,
      },
      identityDocument(12),
    ],
  },
  {
    code: 'dichiarazione_tari',
    title: 'Dichiarazione TARI (inizio, variazione, cessazione)',
    description:
      "Dichiarazione da presentare entro 90 giorni dall'inizio, dalla variazione o dalla cessazione dell'occupazione.",
    office: 'tributi',
    fields: [
      ...applicant(1),
      {
        name: 'tipo',
        label: 'Tipo di dichiarazione',
        type: 'SINGLE_CHOICE',
        required: true,
        order: 6,
        options: ['Inizio occupazione', 'Variazione', 'Cessazione'],
      },
      {
        name: 'indirizzo_immobile',
        label: "Indirizzo dell'immobile",
        type: 'TEXT',
        required: true,
        order: 7,
        max: 200,
      },
      {
        name: 'superficie_mq',
        label: 'Superficie calpestabile (mq)',
        type: 'NUMBER',
        required: true,
        order: 8,
        min: 1,
        max: 10000,
      },
      {
        name: 'occupanti',
        label: 'Numero di occupanti',
        type: 'NUMBER',
        required: true,
        order: 9,
        min: 0,
        max: 30,
      },
      { name: 'data_decorrenza', label: 'Data di decorrenza', type: 'DATE', required: true, order: 10 },
      {
        name: 'riduzioni',
        label: 'Riduzioni richieste',
        type: 'MULTIPLE_CHOICE',
        required: false,
        order: 11,
        options: [
          'Compostaggio domestico',
          'Unico occupante',
          'Abitazione a disposizione',
          'Agevolazione ISEE',
        ],
      },
    ],
  },
  {
    code: 'domanda_permesso_ztl',
    title: 'Domanda di permesso di accesso alla ZTL',
    description: 'Permessi per residenti, dimoranti, attività e categorie autorizzate.',
    office: 'mobilita',
    fields: [
      ...applicant(1),
      {
        name: 'categoria',
        label: 'Categoria',
        type: 'SINGLE_CHOICE',
        required: true,
        order: 6,
        options: [
          'Residente',
          'Dimorante',
          'Titolare di attività',
          'Garage in ZTL',
          'Medico',
          'Persona con disabilità',
        ],
      },
      {
        name: 'targa',
        label: 'Targa del veicolo',
        type: 'TEXT',
        required: true,
        order: 7,
        pattern: '[A-Z]{2}[0-9]{3}[A-Z]{2}',
        help: 'Es. AB123CD',
      },
      {
        name: 'carta_circolazione',
        label: 'Carta di circolazione',
        type: 'FILE',
        required: true,
        order: 8,
        max: 5 * MB,
      },
    ],
  },
  {
    code: 'prenotazione_ingombranti',
    title: 'Prenotazione del ritiro di rifiuti ingombranti',
    description: 'Ritiro gratuito a domicilio fino a 5 pezzi.',
    office: 'ambiente',
    fields: [
      ...applicant(1),
      {
        name: 'indirizzo_ritiro',
        label: 'Indirizzo del ritiro',
        type: 'TEXT',
        required: true,
        order: 6,
        max: 200,
      },
      {
        name: 'materiali',
        label: 'Materiali',
        type: 'MULTIPLE_CHOICE',
        required: true,
        order: 7,
        min: 1,
        max: 5,
        options: [
          'Divano',
          'Materasso',
          'Armadio',
          'Tavolo o sedie',
          'Frigorifero',
          'Lavatrice',
          'Televisore',
          'Altro',
        ],
      },
      {
        name: 'numero_pezzi',
        label: 'Numero di pezzi',
        type: 'NUMBER',
        required: true,
        order: 8,
        min: 1,
        max: 5,
      },
    ],
  },
  {
    code: 'domanda_asilo_nido',
    title: 'Domanda di ammissione agli asili nido comunali',
    description: 'Per bambini da 3 a 36 mesi; domande dal 1° al 31 marzo.',
    office: 'istruzione',
    fields: [
      ...applicant(1),
      {
        name: 'data_nascita_bambino',
        label: 'Data di nascita del bambino',
        type: 'DATE',
        required: true,
        order: 6,
      },
      {
        name: 'nido_preferito',
        label: 'Nido preferito',
        type: 'SINGLE_CHOICE',
        required: true,
        order: 7,
        options: ['Il Girasole', 'San Lorenzo', 'Indifferente'],
      },
      {
        name: 'frequenza',
        label: 'Frequenza',
        type: 'SINGLE_CHOICE',
        required: true,
        order: 8,
        options: ['Tempo pieno', 'Part-time mattina'],
      },
      {
        name: 'isee',
        label: 'Valore ISEE (euro)',
        type: 'NUMBER',
        required: false,
        order: 9,
        min: 0,
        max: 1000000,
      },
      {
        name: 'priorita',
        label: 'Condizioni di priorità',
        type: 'MULTIPLE_CHOICE',
        required: false,
        order: 10,
        options: [
          'Disabilità del bambino',
          'Genitore solo',
          'Entrambi i genitori lavoratori',
          'Fratelli già iscritti',
        ],
      },
    ],
  },
  {
    code: 'richiesta_accesso_documentale',
    title: 'Richiesta di accesso documentale (L. 241/1990)',
    description: "Visione o copia di documenti amministrativi, con la motivazione dell'interesse.",
    office: 'segreteria_generale',
    fields: [
      ...applicant(1),
      {
        name: 'documenti',
        label: 'Documenti richiesti',
        type: 'TEXT',
        required: true,
        order: 6,
        min: 10,
        max: 2000,
      },
      {
        name: 'motivazione',
        label: 'Interesse diretto, concreto e attuale',
        type: 'TEXT',
        required: true,
        order: 7,
        min: 10,
        max: 2000,
      },
      {
        name: 'modalita',
        label: 'Modalità',
        type: 'SINGLE_CHOICE',
        required: true,
        order: 8,
        options: ['Visione', 'Copia semplice', 'Copia conforme', 'Copia digitale'],
      },
      identityDocument(9),
    ],
  },
  {
    code: 'richiesta_accesso_generalizzato',
    title: 'Richiesta di accesso civico generalizzato (FOIA)',
    description: 'Accesso a dati e documenti senza motivazione (D.Lgs 33/2013 art. 5 c. 2).',
    office: 'segreteria_generale',
    fields: [
      ...applicant(1),
      {
        name: 'dati_richiesti',
        label: 'Dati o documenti richiesti',
        type: 'TEXT',
        required: true,
        order: 6,
        min: 10,
        max: 2000,
      },
      {
        name: 'formato',
        label: 'Formato preferito',
        type: 'SINGLE_CHOICE',
        required: false,
        order: 7,
        options: ['PDF', 'Formato aperto (CSV, ODS)', 'Cartaceo'],
      },
    ],
  },
  {
    code: 'modulo_reclamo',
    title: "Reclamo, suggerimento o elogio all'URP",
    description: 'Risposta entro 30 giorni secondo la Carta dei servizi.',
    office: 'urp',
    fields: [
      {
        name: 'tipo',
        label: 'Tipo',
        type: 'SINGLE_CHOICE',
        required: true,
        order: 1,
        options: ['Reclamo', 'Suggerimento', 'Elogio'],
      },
      {
        name: 'servizio',
        label: 'Servizio o ufficio interessato',
        type: 'TEXT',
        required: true,
        order: 2,
        max: 200,
      },
      {
        name: 'descrizione',
        label: 'Descrizione',
        type: 'TEXT',
        required: true,
        order: 3,
        min: 20,
        max: 4000,
      },
      { name: 'data_fatto', label: 'Data del fatto', type: 'DATE', required: false, order: 4 },
      {
        name: 'email',
        label: 'Email per la risposta',
        type: 'TEXT',
        required: false,
        order: 5,
        pattern: '[^@\\s]+@[^@\\s]+\\.[a-z]{2,}',
      },
      { name: 'allegato', label: 'Allegato', type: 'FILE', required: false, order: 6, max: 10 * MB },
    ],
  },
];
