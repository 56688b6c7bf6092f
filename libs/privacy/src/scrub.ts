import { AMBIGUOUS_FIRST_NAMES, ITALIAN_FIRST_NAMES } from './first-names';
import { PERSON_FISCAL_CODE_SOURCE } from './fiscal-code';

/** One placeholder style for every kind of personal data, everywhere in the platform. */
export const PLACEHOLDER = {
  name: '[nome]',
  email: '[email]',
  phone: '[telefono]',
  fiscalCode: '[codice fiscale]',
  iban: '[IBAN]',
  address: '[indirizzo]',
  plate: '[targa]',
  birthDate: '[data di nascita]',
  number: '[numero]',
  /** GDPR art. 9: health, disability, pregnancy, religion, ethnic origin, sex life, political or union ties. */
  specialCategory: '[dato particolare]',
} as const;
export type PersonalDataKind = keyof typeof PLACEHOLDER;

export interface ScrubOptions {
  /** Names the caller knows belong to people in the text (the requester's first and last names…). */
  knownNames?: readonly string[];
}

const UPPER = 'A-ZÀ-ÖØ-Ý';
const LOWER = 'a-zà-öø-ÿ';
/** A capitalised word (Rossi, D'Angelo, ROSSI). */
const CAP = `(?:(?:D|L|Dell|Dall|DELL|DALL)['’])?[${UPPER}](?:[${LOWER}]+(?:['’][${UPPER}][${LOWER}]+)?|[${UPPER}]+)`;
const MONTHS =
  'gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre';

const DOT = String.raw`(?:\s*(?:\[dot\]|\(dot\)|\{dot\}|\[punto\]|\(punto\)|\{punto\})\s*|\s(?:dot|punto)\s|\.)`;
const AT = String.raw`(?:\s*(?:\[at\]|\(at\)|\{at\}|\[chiocciola\]|\(chiocciola\)|\{chiocciola\})\s*|\s(?:at|chiocciola)\s)`;
/** "mario punto rossi chiocciola gmail punto com", "anna(at)libero.it", "g.bianchi[at]tiscali[dot]it" */
const OBFUSCATED_EMAIL = new RegExp(
  String.raw`(?<![\w.])[\w+-]+(?:${DOT}[\w+-]+)*${AT}[\w-]+(?:${DOT}[\w-]+)*${DOT}(?:it|com|net|org|eu|info|biz|gov|edu|[a-z]{2})\b`,
  'gi',
);
const EMAIL = /[\w.%+-]+@[\w-]+(?:\.[\w-]+)+/g;
/** An office's mailbox (urp@comune.…, protocollo@pec.comune.…): no person in it, left as it is. */
const OFFICE_EMAIL =
  /^(?:urp|protocollo|info|segreteria|tributi|anagrafe|servizi\w*|ufficio\w*|comune|sindaco|polizia\w*|suap|sue|scuola|istruzione|cultura|ragioneria|personale|contatti)@(?:pec\.)?(?:comune|regione|provincia|asl|ausl|aulss|citta\w*|unione)\b[\w.-]*$/i;
/** IBAN: country, check digits, 11–30 characters, with or without groups of four. */
const IBAN =
  /\b[A-Z]{2} ?\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?|(?: [A-Z])(?: \d{5}){2} [A-Z0-9]{12})\b/g;
/** In lower case only after the word IBAN ("iban: it60x0542811101000000123456"). */
const IBAN_AFTER_CUE = /\b(iban:?\s*)([a-z]{2}\d{2}[a-z0-9]{11,30})\b/gi;
/** Codice fiscale, with omocodia letters (LMNPQRSTUV) in place of digits, any case: the shape of `fiscal-code.ts`. */
const FISCAL_CODE = new RegExp(String.raw`\b${PERSON_FISCAL_CODE_SOURCE}\b`, 'gi');
/** The same written in groups (RSS MRA 80A01 H501U), upper case only. */
const FISCAL_CODE_SPACED =
  /\b[A-Z]{3} [A-Z]{3} ?[0-9LMNPQRSTUV]{2}[A-EHLMPRST][0-9LMNPQRSTUV]{2} ?[A-Z][0-9LMNPQRSTUV]{3}[A-Z]\b/g;
/** Identity documents and tax numbers after their name: carta d'identità (CA12345AB), passaporto, patente, partita IVA. */
const DOCUMENT_AFTER_CUE =
  /\b((?:carta d['’]identit[àa]|c\.\s?i\.|cie|passaporto|patente(?: di guida)?|partita iva|p\.\s?iva|piva|tessera sanitaria|permesso di soggiorno)(?:\s+(?:n\.|n°|nr\.?|num\.|numero))?:?\s*)([A-Z]{1,2}\s?\d{5,9}[A-Z]{0,2}|\d{8,20})\b/gi;
/** Italian plates since 1994 (AB 123 CD); after the word "targa" lower case too. */
const PLATE = /\b[A-Z]{2}[ ]?\d{3}[ ]?[A-Z]{2}\b/g;
const PLATE_AFTER_CUE = /\b(targa(?:ta)?:?\s+)([A-Za-z]{2}[ ]?\d{3}[ ]?[A-Za-z]{2})\b/gi;
const DATE = String.raw`(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}(?:°|º)?\s+(?:${MONTHS})\s+\d{4})`;
const BIRTH_DATE = new RegExp(
  String.raw`\b((?:(?:nat[oaie]|data di nascita|nascita|classe)\b|d\.\s?n\.)[^.\n\d]{0,40}?)${DATE}`,
  'gi',
);
const MAY_HAVE_EMAIL = /@|\b(?:at|chiocciola)\b/i;
/** Numbers that identify no person, kept as they are: pagoPA notice codes, toll-free numbers. */
const PROTECTED =
  /\b(?:(?:codice (?:avviso|iuv)|iuv|numero verde|n\. verde)\s*(?:n\.\s*)?:?\s*\d(?:[\s.-]?\d){2,20}\b|(?:pratica|prot\.|protocollo|verbale|determina|delibera|ordinanza|fattura|mandato)\s+(?:n\.|n°|nr\.?)?\s*\d[\w/.]*(?:-[\w/.]+){2,})/gi;
/** Dates, protocol numbers (000123/2026) and toll-free numbers (800, 803) are not phones. */
const NOT_A_PHONE = String.raw`(?!\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\d+/(?:19|20)\d{2}\b|80[03][\s.-]?\d)`;
/** Phones: +39/0039, mobiles (3xx), landlines (0x), with spaces, dots, dashes or slashes. */
const PHONE = new RegExp(
  String.raw`(?<![\w[/])${NOT_A_PHONE}(?:(?:\+|00)\d{2}[\s.-]?)?(?:\(?0\d{1,4}\)?|3\d{2})(?:[\s./-]?\d){5,8}\b`,
  'g',
);
/** Any other long number (documents, cards, partita IVA). */
const LONG_NUMBER = new RegExp(String.raw`(?<![\w[/])${NOT_A_PHONE}\d(?:[\s.-]?\d){7,}\b`, 'g');

const STREET_AFTER_CUE =
  "via|viale|v\\.le|piazza|p\\.zza|piazzale|p\\.le|corso|c\\.so|largo|vicolo|vico|strada|str\\.|località|loc\\.|contrada|c\\.da|lungomare|lungotevere|salita|traversa|rampa|calle"; // prettier-ignore
/** With a house number also "borgo" and the abbreviation "V." ("V. Roma 3"). */
const STREET = `${STREET_AFTER_CUE}|borgo|v\\.`;
const MAY_HAVE_STREET = new RegExp(String.raw`\b(?:${STREET})(?![\w])`, 'i');
const HOUSE_NUMBER = String.raw`(?:,\s*|\s+)(?:n(?:\.|°|um(?:ero)?\.?)\s*)?\d{1,4}(?:(?:\/\s?[A-Za-z]|[A-Za-z]|\s[A-Z])(?![${LOWER}${UPPER}]))?(?:\s+(?:bis|ter))?\b`;
/** A street's name: connectors, capitalised words, numbers of dates and roman numerals ("via XX Settembre"). */
const STREET_NAME = String.raw`(?:(?:della|delle|degli|dello|dei|del|di|de)\s+|d['’]\s*|(?:${CAP}|\d{1,2}|[IVXL]+)\.?\s+){0,4}${CAP}`;
const RESIDENCE_VERBS = String.raw`abito|abita|abitiamo|vivo|vive|risiedo|risiede|residente|residenti|domiciliat[oaie]|casa\s+mia|casa\s+sua|sotto\s+casa`;
/** Upper or lower case for the first letter of each alternative of a regex alternation. */
const anyCaseFirst = (alternation: string) =>
  alternation
    .split('|')
    .map((a) => (/^[a-z]/.test(a) ? `[${a[0].toUpperCase()}${a[0]}]${a.slice(1)}` : a))
    .join('|');
/** After "abito in": the street with its name (connectors and capitalised words), no house number needed. */
const ADDRESS_WITH_NUMBER = new RegExp(
  String.raw`\b(?:${anyCaseFirst(STREET)})\s+${STREET_NAME}${HOUSE_NUMBER}`,
  'g',
);
/** "al civico 22 di via Pascoli": the house number before the street. */
const HOUSE_NUMBER_FIRST = new RegExp(
  String.raw`\b(?:[Cc]ivico|[Nn]umero|n\.)\s+\d{1,4}(?:\/?[A-Za-z](?![${LOWER}]))?\s+(?:di|in)\s+(?:${anyCaseFirst(STREET_AFTER_CUE)})\s+${STREET_NAME}`,
  'g',
);
const ADDRESS_AFTER_CUE = new RegExp(
  String.raw`((?:${anyCaseFirst(RESIDENCE_VERBS)})\s+(?:in|a|al|alla|nel|nella)\s+)(?:${anyCaseFirst(STREET_AFTER_CUE)})\s+(?:(?:della|delle|degli|dello|dei|del|di|de)\s+|d['’]\s*|${CAP}(?:\s+|(?=[,.;:!?)]|$))){1,5}`,
  'g',
);

/**
 * Special categories of data (GDPR art. 9) stated about someone: a condition after a verb that attributes it
 * ("ho il diabete", "mio figlio è autistico", "soffro di epilessia", "affetto da sclerosi multipla", "sono
 * musulmano"), in apposition to a person ("mio padre, invalido civile, …"), or a membership ("iscritto alla
 * CGIL", "ho votato Lega"). The same words naming a service or a public ("contrassegno per disabili", "dieta per
 * celiaci", "prevenzione del tumore") have no such verb before them and stay.
 */
const SPECIAL_TERMS = [
  // health, disability, pregnancy
  'diabete', 'diabetic[oaie]', 'tumore', 'tumori', 'cancro', 'leucemia', 'linfoma', 'metastasi', 'sclerosi(?: multipla| laterale amiotrofica)?',
  'sla', '(?:morbo|malattia|sindrome) di (?:parkinson|alzheimer|crohn|down|asperger|tourette)', 'alzheimer', 'parkinson', 'demenza(?: senile)?',
  'epilessia', 'epilettic[oaie]', 'asma', 'asmatic[oaie]', 'hiv', 'aids', 'sieropositiv[oaie]', 'epatite(?: [abc])?', 'cirrosi',
  'depressione', 'depress[oaie]', 'schizofreni[ac]', 'schizofrenic[oaie]', 'bipolare', 'disturbo (?:bipolare|ossessivo[- ]compulsivo|dello spettro autistico|psichiatrico|mentale|alimentare)',
  'autismo', 'autistic[oaie]', 'celiachia', 'celiac[oaie]', 'dialisi', 'chemioterapia', 'chemio', 'radioterapia', 'cardiopatia',
  'cardiopatic[oaie]', 'ictus', 'infarto', 'invalidità(?: civile)?', 'invalid[oaie](?: civil[ei])?', 'disabile', 'disabili', 'disabilità',
  '(?:portatore|portatrice) di handicap', 'handicap', 'handicappat[oaie]', 'non vedent[ei]', 'ipovedent[ei]', 'ciec[oa](?! (?:ai|al|alla|alle|agli|di fronte)\\b)',
  'sord[oa](?! (?:ai|al|alla|alle|agli|di fronte)\\b)', 'sordomut[oaie]', 'paraplegic[oaie]', 'tetraplegic[oaie]', 'in carrozzina', 'in sedia a rotelle',
  'covid(?:-19)?', 'positiv[oaie] al (?:covid\\S*|tampone)', 'incinta', 'in gravidanza', 'in stato interessante', 'al \\S+ mese di gravidanza', 'tossicodipendente', 'alcolista', 'anoressi[ac]', 'bulimi[ac]',
  'malattia (?:rara|oncologica|degenerativa|cronica|terminale|mentale|psichiatrica)', 'malat[oaie] (?:terminal[ei]|oncologic[oaie]|psichiatric[oaie])',
  // religion or belief, ethnic origin
  'musulman[oaie]', 'islamic[oaie]', 'ebre[oaie]', 'cattolic[oaie]', 'cristian[oaie]', 'evangelic[oaie]', 'protestant[ei]', 'ortodoss[oaie]',
  'buddist[aie]', 'induist[aie]', 'sikh', 'testimon[ei] di geova', 'ate[oaie]', 'di (?:religione|fede|confessione) \\S+', 'rom', 'sinti', 'di etnia \\S+', 'di colore',
  // sex life and orientation
  'gay', 'lesbic(?:a|he)', 'omosessual[ei]', 'bisessual[ei]', 'transgender', 'transessual[ei]', 'trans',
  // political opinions, trade-union membership
  'di sinistra', 'di destra', 'comunist[aie]', 'fascist[aie]', 'leghist[aie]', 'anarchic[oaie]', 'sindacalist[aie]', '(?:delegat[oa]|rappresentante) sindacale',
]; // prettier-ignore
/** Verbs that attribute a condition to someone; the verb stays, what follows it becomes the placeholder. */
const SPECIAL_VERBS = String.raw`ho|hai|ha|abbiamo|avete|hanno|avevo|aveva|avevano|avendo|soffr[eoi]\S*\s+di|affett[oaie]\s+da|malat[oaie]\s+di|diagnosi\s+di|diagnosticat[oaie]|colpit[oaie]\s+da|sono|sei|è|e'|siamo|siete|era|ero|erano|essendo|in quanto|faccio|fa|fanno|sto facendo`;
/** Between the verb and the condition: articles, "avuto", "stato", "anche"… (part of the placeholder). */
const SPECIAL_FILLER = String.raw`(?:(?:il|lo|la|l['’]|i|gli|le|un|uno|una|un['’]|del|dello|della|dell['’]|di|in|anche|già|ormai|purtroppo|gravemente|avut[oaie]|fatt[oaie]|stat[oaie]|diventat[oaie]|una forma di|un principio di|problemi di|seri problemi di|una famiglia|famiglia)\s*){0,3}`;
const SPECIAL_QUALIFIER = String.raw`(?:\s+(?:di tipo \S+|tipo [12I]+|civile|grave|gravissim[oa]|cronic[oaie]|al\s+\d{1,3}\s?%))*`;
const SPECIAL_AFTER_VERB = new RegExp(
  String.raw`(?<![${LOWER}${UPPER}'’])((?:${SPECIAL_VERBS})\s+)(${SPECIAL_FILLER}(?:${SPECIAL_TERMS.join('|')})${SPECIAL_QUALIFIER})(?![${LOWER}${UPPER}])`,
  'gi',
);
/** "Mio padre Luigi, invalido civile al 100%, chiede…": a condition set off by commas after a person. */
const SPECIAL_APPOSITION = new RegExp(
  String.raw`(,\s*)((?:invalid[oa](?: civile)?|diabetic[oa]|disabile|non vedente|ipovedente|autistic[oa]|cardiopatic[oa]|epilettic[oa]|sieropositiv[oa]|celiac[oa]|incinta|in gravidanza|in dialisi|in carrozzina|paraplegic[oa]|tetraplegic[oa]|(?:affett[oa]|colpit[oa]) da [${LOWER}]+(?: [${LOWER}]+)?|malat[oa] di [${LOWER}]+)${SPECIAL_QUALIFIER})(?=\s*[,.;:!?)]|\s*$)`,
  'gi',
);
/** Membership of a party or a union: the whole phrase ("iscritto alla CGIL", "ho votato Lega"). */
const SPECIAL_MEMBERSHIP = new RegExp(
  String.raw`(?<![${LOWER}${UPPER}])(?:iscritt[oaie]|tesserat[oaie]|militant[ei]|militav[oa]|simpatizzant[ei]|(?:ho |ha )?votat[oa]|vot[oa])\s+(?:(?:a|al|alla|allo|all['’]|ad|per|il|la|lo|nel|nella|del|della|con|sempre)\s+){0,2}(?:(?:il |al |nel )?sindacato|cgil|cisl|uil|ugl|usb|cobas|fiom|partito(?: [${UPPER}]\S*)+|pd|lega|m5s|movimento 5 stelle|fratelli d['’]italia|forza italia|sinistra italiana|rifondazione(?: comunista)?|italia viva|alleanza verdi e sinistra|avs)(?![${LOWER}${UPPER}])`,
  'gi',
);
/** Stems of the terms above, for a cheap gate: most texts have none, and the patterns above never run on them. */
const SPECIAL_STEMS = String.raw`diabet tumor cancr leucem linfom metast scleros sla\b morbo sindrom alzheimer parkinson
  demenz epiles epilet asm[ao] hiv aids sieropos epatit cirros depress schizofr bipolar
  disturb autis celiac dialis chemio radioter cardiop ictus infart invalid disabil handicap
  vedent ciec sord plegic carrozz rotelle incinta gravidanz interessante tossicodip alcolist anoress
  bulimi malat covid tampon musulman islam ebre cattolic cristian evangel protestant ortodoss
  buddist induist sikh geova ate[oaie]\b religion fede\b confession rom\b sinti\b etnia colore
  gay lesbic omosess bisess trans sinistra destra comunist fascist leghist anarchic sindaca
  iscritt tesserat militan militav simpatizz vot[oa]`.split(/\s+/); // prettier-ignore
/** Grouped by first letter ("d(?:iabet|emenz|…)"): about twice as fast as the flat alternation. */
const MAY_HAVE_SPECIAL = new RegExp(
  Object.entries(
    SPECIAL_STEMS.reduce<Record<string, string[]>>((by, stem) => {
      (by[stem[0]] ??= []).push(stem.slice(1));
      return by;
    }, {}),
  )
    .map(([first, rest]) => `${first}(?:${rest.join('|')})`)
    .join('|'),
  'i',
);

function scrubSpecialCategories(text: string): string {
  let out = text;
  if (!MAY_HAVE_SPECIAL.test(out)) return out;
  out = out.replace(SPECIAL_MEMBERSHIP, PLACEHOLDER.specialCategory);
  out = out.replace(SPECIAL_AFTER_VERB, (_m, verb: string) => `${verb}${PLACEHOLDER.specialCategory}`);
  out = out.replace(SPECIAL_APPOSITION, (_m, comma: string) => `${comma}${PLACEHOLDER.specialCategory}`);
  return out;
}

const CUE_WORDS = [
  'mi chiamo', 'il mio nome è', "il mio nome e'", 'sono', 'firmato', 'in fede', 'cordiali saluti,?', 'distinti saluti,?',
  'saluti,?', 'grazie,', 'sig\\.(?:ra|na)?', 'signor[ae]?', 'dott\\.(?:ssa)?', 'dottor(?:essa)?', 'dr\\.', 'avv\\.',
  'avvocat[oa]', 'ing\\.', 'prof\\.(?:ssa)?', 'geom\\.', 'arch\\.', 'rag\\.', 'mia moglie', 'mio marito',
  'mio figlio', 'mia figlia', 'mio padre', 'mia madre', 'mio fratello', 'mia sorella', 'mio nonno', 'mia nonna',
  'mio zio', 'mia zia', 'mio nipote', 'mia nipote', 'mio suocero', 'mia suocera', 'mio cognato', 'mia cognata',
  'il mio compagno', 'la mia compagna', 'il vicino', 'la vicina', 'il mio vicino', 'la mia vicina', 'collega',
  "l'operatore", "l'operatrice", 'operatore', 'operatrice', 'di nome', 'chiamat[oa]', 'tale', 'certo', 'certa',
  'la piccola', 'il piccolo', 'per conto di', 'a nome di', 'delegato', 'delegata', 'intestat[oa] a',
  'gentile', 'gentilissim[oa]', 'egregi[oa]', 'car[oa]', 'grazie a', 'ringrazio', 'ringraziamo', 'complimenti a',
  'utente', 'cittadin[oa]', 'richiedente', 'sottoscritt[oa]', 'vigile', 'agente', 'citofono', 'in particolare',
  'brav[oa]', 'contattare', 'richiamare', 'ricontattare', 'parlato con', 'figlio di', 'figlia di', 'moglie di',
  'marito di', 'proprietari[oa]', 'inquilin[oa]', 'badante', 'tutore', 'tutrice', 'amministratore di sostegno',
  'vedov[oa]', 'minore', 'bambin[oa]', 'ragazz[oa]', 'alunn[oa]', 'student(?:e|essa)', 'si chiama', 'portiere', 'cognome', 'nominativo', 'nome:',
  // staff named by their role: "l'impiegata Rossi", "la dipendente Ferraro", "il funzionario Bellini"
  'impiegat[oa]', 'dipendente', 'funzionari[oa]', 'addett[oa]', 'responsabile', 'dottore', 'dirigente', 'ispett(?:ore|rice)',
  'istrut(?:tore|trice)', 'assistente(?: sociale)?', 'educat(?:ore|rice)', 'insegnante', 'maestr[oa]', 'medico', 'infermier[ea]',
  'messo(?: comunale| notificatore)?', 'usciere', 'custode', 'centralinista', 'sportellista', 'segretari[oa]', 'comandante',
  'vigilessa', 'geometra', 'architetto', 'ingegnere', 'consulente', 'assessore', 'assessora', 'consiglier[ea]', 'sindac[oa]',
]; // prettier-ignore
/** Words that follow a cue without being names ("sono Soddisfatto", "sono Stato"). */
const NOT_NAMES = new Set(
  `Molto Soddisfatto Soddisfatta Contento Contenta Deluso Delusa Stato Stata Stati Rimasto Rimasta Andato Andata
  Venuto Venuta Arrivato Arrivata Tornato Tornata Il La Lo Gli Le Un Una In Al Alla Allo Ai Già Ancora Sempre
  Davvero Proprio Qui Passato Passata Servito Servita Io Noi Lei Lui Ho Ha Non Comune Ufficio Urp Sportello
  Grazie Buongiorno Buonasera Salve Cordiali Distinti Saluti Dio Cittadino Cittadina Utente Utenti Signore Signora
  Signori Dottore Dottoressa Sindaco Assessore Responsabile Dirigente Servizio Settore Polizia Vigili Stato Tutti
  Tutte Ufficio Anagrafe Tributi Protocollo Direttore Presidente Consiglio Giunta Italia Comando
  Sig Sigg Dott Dr Avv Ing Prof Geom Arch Rag Signor Dottor Egr Gent Spett Unico Unica Procedimento Area Servizi
  Settori Comunale Comunali Sociale Sociali Tecnico Tecnica Legale Amministrativo Amministrativa Protezione Transizione
  Lavori Personale Risorse Finanziario Generale Municipale Locale Scolastico Scolastica Sanitario Sanitaria Medico
  Superiore Provinciale Regionale Territoriale Delegato Delegata Edilizia Urbanistica Pro Tempore Competente Capo
  Giudiziario Anziano Anziana Stampa Elementare Incaricato Incaricata Supplente Referente Titolare Vicario Vicaria Vice
  Aggiunto Aggiunta Direttivo Direttiva Contabile Informatico Accertatore Scolastici`.split(/\s+/),
);
/** Capitalised words that open a sentence before a first name without being a surname ("Gentile Mario"). */
const NOT_LEADING = new Set(
  `Gentile Gentilissimo Gentilissima Egregio Egregia Caro Cara Cari Ciao Richiamare Ricontattare Contattare Chiamare
  Chiamato Chiamata Telefonata Telefonato Ringrazio Ringraziamo Ringraziare Complimenti Brava Bravo Cittadino Cittadina
  Utente Parlato Sentito Scritto Avvisare Informare Sollecitare Incontrato Ricevuto Visto Richiedente Delegato Delegata
  Firmato Contatto Referente Spett Spettabile Attenzione Alla Al Per Con Da Di Il La Signor Signora Sig Dott Avv
  Presente Assente Nota Segnalazione Segnalato Segnalata Sospesa Sospeso Pratica`.split(/\s+/),
);
/** Capitalised words that are not surnames after a first name (months, institutions, sentence words). */
const NOT_SURNAMES = new Set(
  `Gennaio Febbraio Marzo Aprile Maggio Giugno Luglio Agosto Settembre Ottobre Novembre Dicembre Comune Ufficio
  Urp Sportello Anagrafe Tributi Polizia Municipale Scuola Ospedale Asl Inps Agenzia Regione Provincia Via Piazza
  Il La Lo Le Gli Un Una E Ed O Ma Che Non Ho Ha Hanno Mi Ci Si Ne Da Di Del Della In Con Per Tra Fra Su Al Alla
  San Santa Santo Sant Grazie Buongiorno Buonasera Oggi Ieri Domani Lunedì Martedì Mercoledì Giovedì Venerdì Sabato Domenica`.split(
    /\s+/,
  ),
);
/** A first name right after these words is part of a place's name ("via Giuseppe Verdi", "Santa Maria"). */
const PLACE_PREFIX = new RegExp(
  String.raw`(?:\b(?:${STREET}|san|santa|santo|sant['’]|ss\.|scuola|istituto|liceo|ospedale|parco|teatro|stadio|chiesa|basilica|ponte|porta|palazzo|villa|borgo|biblioteca|museo|stazione|cimitero|asilo|nido|centro|circolo|fondazione|associazione|aula|sala|auditorium|piscina|palestra|caserma|parrocchia)\s+(?:${CAP}\s+)?)$`,
  'i',
);

const FIRST_NAMES = new Set([...ITALIAN_FIRST_NAMES, ...AMBIGUOUS_FIRST_NAMES].map((n) => n.toLowerCase()));
const AMBIGUOUS = new Set(AMBIGUOUS_FIRST_NAMES.map((n) => n.toLowerCase()));
/** A known name in lower case counts only right after these ("sono rosa"). */
const KNOWN_NAME_CUE = /(?:mi chiamo|sono|firmato|saluti,?|nome[:è]?|sig\.(?:ra)?|signor[ae]?)\s+$/i;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const cueAlternation = CUE_WORDS.map((c) => {
  const first = c[0];
  return /[a-z]/.test(first) ? `[${first.toUpperCase()}${first}]${c.slice(1)}` : c;
}).join('|');
/** Titles that may stand between a cue and the name ("Gentilissima sig.ra Cocco"). */
const TITLES = String.raw`(?:[Ss]ig\.(?:ra|na)?|[Ss]ignor[ae]?|[Dd]ott\.(?:ssa)?|[Dd]ottor(?:essa)?|[Aa]vv\.|[Ii]ng\.|[Pp]rof\.(?:ssa)?|[Gg]eom\.|[Aa]rch\.|[Rr]ag\.)`;
const NAME_AFTER_CUE = new RegExp(
  String.raw`(?<![${LOWER}${UPPER}])((?:${cueAlternation}):?(?:\s+${TITLES})?)\s+(${CAP}(?:\s+(?:(?:de|di|del|della|da|van|von|la|lo|De|Di|Del|Della|Da|La|Lo)\s+)?${CAP}(?![:${LOWER}${UPPER}'’])){0,2})`,
  'g',
);
/** A run of capitalised words, with the particles of surnames between them (De Luca, El Amrani, van Basten). */
const CAPITALISED_RUN = new RegExp(
  String.raw`(?<![${LOWER}${UPPER}'’\]])${CAP}(?: (?:(?:de|di|del|della|da|dal|van|von|el|al|ben|bin|abu) )?${CAP})*`,
  'g',
);
const WORD = new RegExp(String.raw`(?:(?:de|di|del|della|da|dal|van|von|el|al|ben|bin|abu) )?${CAP}`, 'g');
const PLACE_WORDS = new Set(
  `${STREET.replace(/\\/g, '')}|san|santa|santo|sant|ss.|scuola|istituto|liceo|ospedale|parco|teatro|stadio|chiesa|basilica|ponte|porta|palazzo|villa|borgo|frazione|fraz.|comune|provincia|regione|stazione|cimitero|museo|biblioteca|caserma`
    .split('|')
    .map((w) => w.replace(/[.'’]/g, '')),
);

/** Citizens who write in lower case: "sono martina", "mi chiamo luca rossi" (a listed, unambiguous first name). */
/** A signature in lower case at the end: "… sempre chiuso. paolo". */
const LOWER_CASE_SIGNATURE = new RegExp(String.raw`([.!?,\n-]\s*)([${LOWER}]+)\s*$`, 'g');
const LOWER_CASE_NAME_AFTER_CUE = new RegExp(
  String.raw`(?<![${LOWER}${UPPER}])((?:${cueAlternation}|[Ff]irmato:)\s+)([${LOWER}]+)(?![${LOWER}${UPPER}])`,
  'g',
);

function scrubKnownNames(text: string, names: readonly string[]): string {
  let out = text;
  const parts = new Set<string>();
  for (const name of names)
    for (const p of name.split(/[\s,]+/)) if (p.replace(/['’.]/g, '').length > 2) parts.add(p);
  for (const part of [...parts].sort((a, b) => b.length - a.length))
    out = out.replace(
      new RegExp(`(?<![\\p{L}])${escape(part)}(?![\\p{L}])`, 'giu'),
      (m: string, offset: number, whole: string) =>
        // "la serra comunale" is a word; "Serra", "SERRA" and "sono rosa" are the person
        /^\p{Lu}/u.test(m) || KNOWN_NAME_CUE.test(whole.slice(Math.max(0, offset - 30), offset))
          ? PLACEHOLDER.name
          : m,
    );
  return out;
}

const titleCase = (w: string) => (w.length > 1 ? w[0] + w.slice(1).toLowerCase() : w);
const bare = (w: string) => w.replace(/^(?:de|di|del|della|da|dal|van|von|el|al|ben|bin|abu) /, '');
const isFirstName = (w: string) => FIRST_NAMES.has(w.toLowerCase());
/** A word that can be a surname: not a first name, not a sentence word, a month or an institution. */
const isSurname = (w: string) => {
  const t = titleCase(bare(w));
  return (
    !PA_ACRONYMS.has(bare(w)) &&
    !FORM_LABELS.has(t) &&
    !isFirstName(t) &&
    !NOT_SURNAMES.has(t) &&
    !NOT_NAMES.has(t) &&
    !NOT_LEADING.has(t)
  );
};
const isAcronym = (w: string) => /^[A-Z]{2,5}$/.test(w);
/** Acronyms of taxes, offices and services that follow cue words ("codice utente TARI", "il cittadino SPID"). */
/** Labels of forms pasted into notes ("Nome: Mario Cognome: Rossi"). */
const FORM_LABELS = new Set(
  'Nome Cognome Nominativo Telefono Tel Cellulare Cell Email Mail Pec Indirizzo Residenza Nato Nata Cf Codice Fiscale Documento Note'.split(
    ' ',
  ),
);
const PA_ACRONYMS = new Set(
  `TARI IMU TASI ISEE URP ASL AUSL INPS INAIL SPID CIE CNS CAF SUAP SUE ZTL TAR DURC PEC IBAN IVA IRPEF CUD CUP CIG
  SCIA CILA DIA APE RSA ATS PUA SIA RDC ADI NASPI ANPR AIRE CAP PIN PUK OTP PDF UE CF TEL CELL CI CTU CTP`.split(
    /\s+/,
  ),
);

/**
 * Names without a cue: in each run of capitalised words, a first name from the list, the first names after it
 * (Anna Maria), up to two surnames after them (De Luca, El Amrani), or one surname before it (Rossi Mario,
 * as on forms). An ambiguous first name (Rosa, Serena, Franco) alone is left; a run that names a place
 * (via Giuseppe Verdi, Santa Maria, scuola Giovanni Pascoli) is left.
 */
function scrubUncuedNames(text: string): string {
  return text.replace(CAPITALISED_RUN, (run: string, offset: number) => {
    const before = text.slice(Math.max(0, offset - 40), offset);
    if (PLACE_PREFIX.test(before)) return run;
    const words: { w: string; at: number }[] = [];
    for (const m of run.matchAll(WORD)) words.push({ w: m[0], at: m.index ?? 0 });
    if (PLACE_WORDS.has(bare(words[0].w).toLowerCase().replace(/[.'’]/g, ''))) return run;
    const upper = run === run.toUpperCase();
    const spans: [number, number][] = [];
    for (let i = 0; i < words.length; i++) {
      const w = bare(words[i].w);
      if (!isFirstName(w) || NOT_LEADING.has(titleCase(w))) continue;
      let end = i;
      while (end + 1 < words.length && isFirstName(bare(words[end + 1].w))) end++;
      let surnames = 0;
      while (
        surnames < 2 &&
        end + 1 < words.length &&
        isSurname(words[end + 1].w) &&
        (upper || !isAcronym(bare(words[end + 1].w)))
      ) {
        end++;
        surnames++;
      }
      let start = i;
      const prev = i > 0 ? words[i - 1].w : undefined;
      if (words[i].w !== w)
        start = i; // "di Pietro": a particle before a first name is no surname
      else if (
        prev &&
        (spans.length ? spans[spans.length - 1][1] < i - 1 : true) &&
        isSurname(prev) &&
        !isAcronym(prev)
      )
        start = i - 1;
      else if (prev && upper && isSurname(prev)) start = i - 1;
      const isPlace = (k: number) =>
        k >= 0 && PLACE_WORDS.has(bare(words[k].w).toLowerCase().replace(/[.'’]/g, ''));
      if (isPlace(i - 1) || isPlace(i - 2)) {
        i = end;
        continue;
      }
      const single = start === end;
      if (single && AMBIGUOUS.has(w.toLowerCase())) {
        i = end;
        continue;
      }
      spans.push([start, end]);
      i = end;
    }
    if (!spans.length) return run;
    let out = '';
    let pos = 0;
    for (const [start, end] of spans) {
      const particle = words[start].w.length - bare(words[start].w).length;
      out += run.slice(pos, words[start].at + particle) + PLACEHOLDER.name;
      pos = words[end].at + words[end].w.length;
    }
    return out + run.slice(pos);
  });
}

/**
 * Removes personal data from free text before it leaves its service or is kept past its purpose: e-mails
 * (also written "mario at gmail dot com"), PEC, phones, fiscal codes with omocodia, IBAN, plates, dates of
 * birth, street addresses (with a house number, or after "abito in"), the names the caller knows, names after
 * a cue word ("mia moglie Lucia", "sig.ra Bianchi") and first names from the Italian list with their surname.
 * GDPR art. 5 c.1 c (minimisation). Conservative: when in doubt a token is replaced.
 */
export function scrubPersonalData(text: string, options: ScrubOptions = {}): string {
  const kept: string[] = [];
  let out = text.normalize('NFC');
  // cheap gates first: most snippets have no '@', no digit, no street word, so most patterns never run
  if (MAY_HAVE_EMAIL.test(out)) {
    out = out.replace(OBFUSCATED_EMAIL, PLACEHOLDER.email);
    out = out.replace(EMAIL, (m) => (OFFICE_EMAIL.test(m) ? m : PLACEHOLDER.email));
  }
  if (/\d/.test(out)) {
    out = out.replace(PROTECTED, (m) => `\uE000${kept.push(m) - 1}\uE000`);
    // 15 characters at least (Norway's IBAN, the shortest), six digits in a row: "URP al 06 9988 1000" is a phone
    out = out.replace(IBAN, (m) => {
      const compact = m.replace(/\s/g, '');
      return compact.length >= 15 && /\d{6,}/.test(compact) ? PLACEHOLDER.iban : m;
    });
    out = out.replace(IBAN_AFTER_CUE, (_m, cue: string) => `${cue}${PLACEHOLDER.iban}`);
    out = out.replace(FISCAL_CODE, PLACEHOLDER.fiscalCode);
    out = out.replace(FISCAL_CODE_SPACED, PLACEHOLDER.fiscalCode);
    out = out.replace(DOCUMENT_AFTER_CUE, (_m, cue: string) => `${cue}${PLACEHOLDER.number}`);
    out = out.replace(PLATE_AFTER_CUE, (_m, cue: string) => `${cue}${PLACEHOLDER.plate}`);
    out = out.replace(PLATE, PLACEHOLDER.plate);
    out = out.replace(BIRTH_DATE, (_m, cue: string) => `${cue}${PLACEHOLDER.birthDate}`);
    out = out.replace(PHONE, PLACEHOLDER.phone);
    out = out.replace(LONG_NUMBER, PLACEHOLDER.number);
    if (MAY_HAVE_STREET.test(out)) {
      out = out.replace(HOUSE_NUMBER_FIRST, PLACEHOLDER.address);
      out = out.replace(ADDRESS_WITH_NUMBER, PLACEHOLDER.address);
    }
  }
  if (MAY_HAVE_STREET.test(out))
    out = out.replace(
      ADDRESS_AFTER_CUE,
      (m: string, cue: string) => `${cue}${PLACEHOLDER.address}${/\s$/.test(m) ? ' ' : ''}`,
    );
  // before names: "sono Musulmano" is no name
  out = scrubSpecialCategories(out);
  if (options.knownNames?.length) out = scrubKnownNames(out, options.knownNames);
  out = out.replace(NAME_AFTER_CUE, (whole, cue: string, name: string) => {
    const words = name.split(/\s+/);
    const notName = (w: string) =>
      PA_ACRONYMS.has(w) ||
      NOT_NAMES.has(titleCase(w)) ||
      NOT_SURNAMES.has(titleCase(w)) ||
      PLACE_WORDS.has(w.toLowerCase());
    if (notName(words[0])) return whole;
    // the name ends before a particle that leads to an acronym or an office ("Ferraris del CAF")
    let n = 1;
    while (n < words.length) {
      const w = words[n];
      const particle = /^(?:de|di|del|della|da|van|von|la|lo)$/i.test(w);
      const next = particle ? words[n + 1] : w;
      if (!next || isAcronym(next) || NOT_NAMES.has(titleCase(next)) || NOT_SURNAMES.has(titleCase(next)))
        break;
      if (FORM_LABELS.has(titleCase(next))) break;
      n += particle ? 2 : 1;
    }
    const rest = words.slice(n).join(' ');
    return `${cue} ${PLACEHOLDER.name}${rest ? ` ${rest}` : ''}`;
  });
  out = scrubUncuedNames(out);
  out = out.replace(LOWER_CASE_NAME_AFTER_CUE, (whole, cue: string, name: string) =>
    FIRST_NAMES.has(name) && !AMBIGUOUS.has(name) ? `${cue}${PLACEHOLDER.name}` : whole,
  );
  out = out.replace(LOWER_CASE_SIGNATURE, (whole, before: string, name: string) =>
    FIRST_NAMES.has(name) && !AMBIGUOUS.has(name) ? `${before}${PLACEHOLDER.name}` : whole,
  );
  out = out.replace(/\[nome\](?:\s+\[nome\])+/g, PLACEHOLDER.name);
  out = out.replace(/\uE000(\d+)\uE000/g, (_m, i: string) => kept[Number(i)]);
  return out.replace(/[ \t]+/g, ' ').trim();
}

/** Scrubs and bounds a citizen's comment; empty becomes undefined. */
export function cleanComment(
  text: string | undefined,
  maxLength = 1000,
  options: ScrubOptions = {},
): string | undefined {
  if (text === undefined) return undefined;
  const cleaned = scrubPersonalData(text.slice(0, maxLength * 2), options)
    .slice(0, maxLength)
    .trim();
  return cleaned.length ? cleaned : undefined;
}

/** What the service holding the requester record knows of one person, to remove every copy of it from free text. */
export interface KnownPerson {
  readonly names: readonly string[];
  /** Exact values (fiscal code, e-mail, PEC, postal address), matched case-insensitively. */
  readonly literals: readonly { readonly value: string; readonly placeholder: string }[];
  /** Phone numbers, matched digit by digit whatever the separators (+39 347 555 0123 = 3475550123). */
  readonly phones: readonly string[];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The person's own data first (exact values, phones in any spelling, names), then the rules of `scrubPersonalData`. */
export function scrubKnownPerson(text: string, person: KnownPerson): string {
  let out = text;
  for (const { value, placeholder } of person.literals)
    if (value.trim().length >= 3)
      out = out.replace(new RegExp(escapeRegExp(value.trim()), 'gi'), placeholder);
  for (const phone of person.phones) {
    const digits = phone.replace(/\D/g, '').replace(/^(?:0039|39)(?=3\d{8,9}$)/, '');
    if (digits.length < 6) continue;
    const spelled = digits.split('').join('[\\s./-]*');
    out = out.replace(new RegExp(`(?:(?:\\+|00)39[\\s./-]*)?${spelled}`, 'g'), PLACEHOLDER.phone);
  }
  return scrubPersonalData(out, { knownNames: person.names });
}
