/**
 * The shared synonym list: citizens' words (left) and the administration's words they mean (right).
 * Applied to queries only: a query containing any phrase also searches for `means`. Sheet-specific
 * vocabulary lives in each sheet's `citizenWords`, edited by the back office; this list holds what is
 * common to many sheets. Phrases are matched after analysis (accents, stop words and endings ignored).
 */
export interface Synonym {
  phrases: string[];
  means: string;
}

export const SYNONYMS: Synonym[] = [
  {
    phrases: ['spazzatura', 'immondizia', 'monnezza', 'mondezza', 'pattume', 'rusco', 'sacchetti'],
    means: 'rifiuti',
  },
  {
    phrases: ['tassa spazzatura', 'tassa rifiuti', 'tassa immondizia', 'bolletta rifiuti', 'tassa monnezza'],
    means: 'tari',
  },
  {
    phrases: ['imu', 'ici', 'tassa casa', 'tassa seconda casa', 'tassa immobili'],
    means: 'imu imposta municipale',
  },
  { phrases: ['macchina', 'auto', 'automobile', 'motorino', 'moto', 'scooter', 'furgone'], means: 'veicolo' },
  {
    phrases: ['portato via', 'portata via', 'carro attrezzi', 'non trovo la macchina', 'sparita la macchina'],
    means: 'rimozione veicoli depositeria',
  },
  {
    phrases: ['multa', 'multe', 'contravvenzione', 'verbale', 'sanzione'],
    means: 'sanzioni codice strada pagamento verbali',
  },
  {
    phrases: ['carta identita', 'documento identita', 'carta d identita', 'documento riconoscimento'],
    means: 'carta identita elettronica cie',
  },
  {
    phrases: ['passaporto scaduto', 'documento scaduto', 'rinnovo documento'],
    means: 'rinnovo carta identita',
  },
  {
    phrases: [
      'trasloco',
      'cambiato casa',
      'nuova casa',
      'trasferito',
      'trasferimento',
      'nuovo indirizzo',
      'spostare residenza',
    ],
    means: 'cambio residenza',
  },
  {
    phrases: ['certificato', 'autocertificazione', 'stato famiglia', 'certificato residenza'],
    means: 'certificati anagrafici',
  },
  {
    phrases: ['asilo', 'nido', 'bimbo piccolo', 'neonato', 'bambino piccolo'],
    means: 'asilo nido iscrizione',
  },
  { phrases: ['mensa', 'pranzo scuola', 'buoni pasto scuola'], means: 'refezione scolastica mensa' },
  { phrases: ['scuolabus', 'pulmino', 'bus scuola'], means: 'trasporto scolastico' },
  {
    phrases: ['lampione', 'lampioni', 'luce strada', 'luci spente', 'buio strada'],
    means: 'illuminazione pubblica guasti',
  },
  {
    phrases: ['buca', 'buche', 'strada rotta', 'asfalto rotto', 'marciapiede rotto'],
    means: 'manutenzione strade segnalazione',
  },
  {
    phrases: [
      'divano',
      'materasso',
      'mobili vecchi',
      'frigorifero',
      'lavatrice',
      'elettrodomestici',
      'roba vecchia',
    ],
    means: 'ingombranti ritiro',
  },
  {
    phrases: ['ztl', 'zona traffico limitato', 'centro storico auto', 'varco', 'telecamere centro'],
    means: 'permesso ztl zona traffico limitato',
  },
  {
    phrases: ['disabile', 'invalido', 'handicap', 'contrassegno'],
    means: 'contrassegno disabili parcheggio',
  },
  { phrases: ['parcheggio residenti', 'strisce blu', 'sosta'], means: 'permesso sosta residenti' },
  {
    phrases: ['vedere documenti', 'copia atti', 'copia pratica', 'vedere pratica', 'accesso atti'],
    means: 'accesso documentale atti',
  },
  {
    phrases: ['foia', 'trasparenza', 'dati pubblici', 'chiedere dati'],
    means: 'accesso civico generalizzato',
  },
  {
    phrases: [
      'costruire casa',
      'ampliamento',
      'ristrutturazione grande',
      'nuova costruzione',
      'licenza edilizia',
      'concessione edilizia',
    ],
    means: 'permesso costruire edilizia',
  },
  {
    phrases: ['lavori casa', 'ristrutturare', 'ristrutturazione', 'lavori in casa'],
    means: 'cila scia edilizia',
  },
  {
    phrases: [
      'aprire negozio',
      'aprire attivita',
      'aprire bar',
      'partita iva negozio',
      'licenza commerciale',
    ],
    means: 'suap scia commercio',
  },
  { phrases: ['matrimonio', 'sposarsi', 'nozze'], means: 'matrimonio civile pubblicazioni' },
  { phrases: ['morto', 'decesso', 'funerale', 'lutto'], means: 'morte decesso denuncia cimiteriali' },
  { phrases: ['nato', 'nascita', 'nuovo figlio', 'bambino nato'], means: 'nascita dichiarazione' },
  { phrases: ['cane', 'gatto', 'animale'], means: 'anagrafe canina animali' },
  {
    phrases: ['soldi affitto', 'aiuto affitto', 'non riesco pagare affitto'],
    means: 'contributo affitto sostegno locazione',
  },
  {
    phrases: ['aiuto economico', 'sussidio', 'contributo soldi', 'bonus'],
    means: 'contributi economici servizi sociali',
  },
  { phrases: ['anziano', 'badante', 'non autosufficiente'], means: 'assistenza domiciliare anziani' },
  {
    phrases: ['lamentela', 'reclamo', 'protesta', 'segnalare problema ufficio'],
    means: 'reclami segnalazioni urp',
  },
  { phrases: ['votare', 'elezioni', 'seggio', 'scheda elettorale'], means: 'tessera elettorale' },
  {
    phrases: ['albero', 'rami', 'verde pubblico', 'giardini', 'parco'],
    means: 'verde pubblico manutenzione',
  },
  { phrases: ['rumore', 'musica alta', 'schiamazzi'], means: 'inquinamento acustico disturbo' },
  { phrases: ['acqua alta', 'allagamento', 'tombino', 'fogna'], means: 'caditoie fognature segnalazione' },
  { phrases: ['sala', 'palestra', 'campo', 'affittare sala'], means: 'concessione sale impianti sportivi' },
  {
    phrases: ['bancarella', 'mercato', 'suolo pubblico', 'dehor', 'tavolini'],
    means: 'occupazione suolo pubblico',
  },
  { phrases: ['pass', 'permesso auto', 'permesso transitare'], means: 'permesso' },
  { phrases: ['cittadinanza', 'straniero', 'permesso soggiorno'], means: 'cittadinanza stranieri anagrafe' },
  { phrases: ['pagare', 'pagamento', 'bollettino', 'f24'], means: 'pagopa pagamento' },
];
