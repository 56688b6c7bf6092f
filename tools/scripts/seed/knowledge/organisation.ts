// Offices (unità organizzative) and internal referents of the fictional Comune di Borgo Aurelio (~45,000
// inhabitants, patron San Lorenzo, 10 August). Office codes are shared with the other services' seeds.

export interface DemoOffice {
  code: string;
  name: string;
  email: string;
  pec: string;
  phone: string;
  address: string;
  openingHours: string;
  head: string;
}

export interface DemoReferent {
  id: string;
  name: string;
  office: string;
  role: string;
  staffId?: string;
  /** nome.cognome@ the Comune's domain: reminders, review notices and the bulletin reach them (issue 14). */
  email: string;
}

const PEC = (box: string) => `${box}@pec.comune.borgoaurelio.it`;
const MAIL = (box: string) => `${box}@comune.borgoaurelio.it`;
const TOWN_HALL = 'Piazza San Lorenzo 1, 00049 Borgo Aurelio';
const WEEKDAYS = 'lunedì-venerdì 9:00-12:30; martedì e giovedì anche 15:00-17:30';

export const OFFICES: DemoOffice[] = [
  {
    code: 'urp',
    name: 'Ufficio Relazioni con il Pubblico',
    email: MAIL('urp'),
    pec: PEC('protocollo'),
    phone: '06 9988 1000',
    address: TOWN_HALL,
    openingHours: 'lunedì-venerdì 8:30-13:00; martedì e giovedì anche 14:30-17:30; sabato 9:00-12:00',
    head: 'ref-urp-ferri',
  },
  {
    code: 'anagrafe',
    name: 'Servizi Demografici - Anagrafe e Stato Civile',
    email: MAIL('anagrafe'),
    pec: PEC('anagrafe'),
    phone: '06 9988 1100',
    address: TOWN_HALL,
    openingHours:
      'su appuntamento: lunedì-venerdì 8:30-12:30; giovedì 15:00-17:30; sabato 9:00-12:00 (solo CIE)',
    head: 'ref-anagrafe-colombo',
  },
  {
    code: 'tributi',
    name: 'Ufficio Tributi',
    email: MAIL('tributi'),
    pec: PEC('tributi'),
    phone: '06 9988 1200',
    address: 'Via Garibaldi 12, 00049 Borgo Aurelio',
    openingHours: WEEKDAYS,
    head: 'ref-tributi-ricci',
  },
  {
    code: 'polizia_locale',
    name: 'Polizia Locale',
    email: MAIL('polizialocale'),
    pec: PEC('poliziamunicipale'),
    phone: '06 9988 1300',
    address: 'Via dei Vigili 3, 00049 Borgo Aurelio',
    openingHours: 'sportello: lunedì-sabato 8:30-12:30; centrale operativa 7:00-24:00',
    head: 'ref-pl-marino',
  },
  {
    code: 'lavori_pubblici',
    name: 'Lavori Pubblici e Manutenzioni',
    email: MAIL('lavoripubblici'),
    pec: PEC('lavoripubblici'),
    phone: '06 9988 1400',
    address: 'Via Roma 45, 00049 Borgo Aurelio',
    openingHours: 'martedì e giovedì 9:00-12:30',
    head: 'ref-lp-greco',
  },
  {
    code: 'ambiente',
    name: 'Ambiente e Igiene Urbana',
    email: MAIL('ambiente'),
    pec: PEC('ambiente'),
    phone: '06 9988 1500',
    address: 'Via Roma 45, 00049 Borgo Aurelio',
    openingHours: 'lunedì, mercoledì e venerdì 9:00-12:30',
    head: 'ref-amb-bruno',
  },
  {
    code: 'servizi_sociali',
    name: 'Servizi Sociali',
    email: MAIL('servizisociali'),
    pec: PEC('servizisociali'),
    phone: '06 9988 1600',
    address: 'Via San Francesco 8, 00049 Borgo Aurelio',
    openingHours: 'lunedì-venerdì 9:00-12:00 su appuntamento; mercoledì 15:00-17:00',
    head: 'ref-ss-gallo',
  },
  {
    code: 'istruzione',
    name: 'Pubblica Istruzione e Servizi Educativi',
    email: MAIL('istruzione'),
    pec: PEC('istruzione'),
    phone: '06 9988 1700',
    address: 'Via San Francesco 8, 00049 Borgo Aurelio',
    openingHours: WEEKDAYS,
    head: 'ref-ist-costa',
  },
  {
    code: 'edilizia_privata',
    name: 'Edilizia Privata e Urbanistica',
    email: MAIL('edilizia'),
    pec: PEC('edilizia'),
    phone: '06 9988 1800',
    address: 'Via Roma 45, 00049 Borgo Aurelio',
    openingHours: 'martedì 9:00-12:30 e giovedì 15:00-17:30 su appuntamento',
    head: 'ref-ed-fontana',
  },
  {
    code: 'suap',
    name: 'Sportello Unico per le Attività Produttive (SUAP)',
    email: MAIL('suap'),
    pec: PEC('suap'),
    phone: '06 9988 1900',
    address: 'Via Garibaldi 12, 00049 Borgo Aurelio',
    openingHours: 'lunedì e mercoledì 9:00-12:30 su appuntamento',
    head: 'ref-suap-rinaldi',
  },
  {
    code: 'segreteria_generale',
    name: 'Segreteria Generale e Trasparenza',
    email: MAIL('segreteria'),
    pec: PEC('protocollo'),
    phone: '06 9988 2000',
    address: TOWN_HALL,
    openingHours: 'lunedì-venerdì 9:00-12:00',
    head: 'ref-seg-moretti',
  },
  {
    code: 'mobilita',
    name: 'Mobilità e Trasporti',
    email: MAIL('mobilita'),
    pec: PEC('mobilita'),
    phone: '06 9988 2100',
    address: 'Via dei Vigili 3, 00049 Borgo Aurelio',
    openingHours: 'lunedì-venerdì 9:00-12:30; giovedì 15:00-17:00',
    head: 'ref-mob-barbieri',
  },
];

/** `Chiara Ferri` → `chiara.ferri@comune.borgoaurelio.it` (accents folded, apostrophes and spaces dropped). */
export const personalMail = (name: string): string =>
  MAIL(
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .split(/\s+/)
      .map((part) => part.replace(/[^a-z]/g, ''))
      .filter(Boolean)
      .join('.'),
  );

const REFERENT_LIST: Omit<DemoReferent, 'email'>[] = [
  { id: 'ref-urp-ferri', name: 'Chiara Ferri', office: 'urp', role: 'Responsabile URP' },
  {
    id: 'ref-urp-lombardi',
    name: 'Marco Esposito', // the Keycloak account bo-marco (marco.esposito): one person, one name
    office: 'urp',
    role: 'Redattore base di conoscenza',
    staffId: 'bo-marco',
  },
  {
    id: 'ref-anagrafe-colombo',
    name: 'Francesca Colombo',
    office: 'anagrafe',
    role: 'Ufficiale di anagrafe, responsabile',
  },
  { id: 'ref-anagrafe-russo', name: 'Giorgio Russo', office: 'anagrafe', role: 'Ufficiale di stato civile' },
  {
    id: 'ref-tributi-ricci',
    name: 'Anna Ricci',
    office: 'tributi',
    role: 'Funzionario tributi',
    staffId: 'ref-anna',
  },
  { id: 'ref-tributi-villa', name: 'Stefano Villa', office: 'tributi', role: 'Istruttore TARI' },
  { id: 'ref-pl-marino', name: 'Roberto Marino', office: 'polizia_locale', role: 'Comandante' },
  { id: 'ref-pl-caruso', name: 'Elena Caruso', office: 'polizia_locale', role: 'Ufficio verbali e permessi' },
  {
    id: 'ref-lp-greco',
    name: 'Alessandro Greco',
    office: 'lavori_pubblici',
    role: 'Responsabile manutenzioni',
  },
  { id: 'ref-amb-bruno', name: 'Silvia Bruno', office: 'ambiente', role: 'Responsabile igiene urbana' },
  {
    id: 'ref-ss-gallo',
    name: 'Laura Gallo',
    office: 'servizi_sociali',
    role: 'Assistente sociale coordinatrice',
  },
  { id: 'ref-ss-conte', name: 'Marta Conte', office: 'servizi_sociali', role: 'Istruttore contributi' },
  {
    id: 'ref-ist-costa',
    name: 'Paola Costa',
    office: 'istruzione',
    role: 'Responsabile servizi educativi',
    staffId: 'ref-paola',
  },
  {
    id: 'ref-ed-fontana',
    name: 'Andrea Fontana',
    office: 'edilizia_privata',
    role: 'Responsabile edilizia privata',
  },
  { id: 'ref-suap-rinaldi', name: 'Valerio Rinaldi', office: 'suap', role: 'Responsabile SUAP' },
  {
    id: 'ref-seg-moretti',
    name: 'Giovanna Moretti',
    office: 'segreteria_generale',
    role: 'Segretario generale, RPCT',
  },
  { id: 'ref-mob-barbieri', name: 'Luca Barbieri', office: 'mobilita', role: 'Responsabile mobilità' },
];

export const REFERENTS: DemoReferent[] = REFERENT_LIST.map((r) => ({ ...r, email: personalMail(r.name) }));
