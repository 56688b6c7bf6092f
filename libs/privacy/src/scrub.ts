import { AMBIGUOUS_FIRST_NAMES, ITALIAN_FIRST_NAMES } from './first-names';

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
} as const;
export type PersonalDataKind = keyof typeof PLACEHOLDER;

export interface ScrubOptions {
  /** Names the caller knows belong to people in the text (the requester's first and last names…). */
  knownNames?: readonly string[];
}

const UPPER = 'A-ZÀ-ÖØ-Ý';
const LOWER = 'a-zà-öø-ÿ';
/** A capitalised word (Rossi, D'Angelo, ROSSI). */
const CAP = `[${UPPER}](?:[${LOWER}]+(?:['’][${UPPER}][${LOWER}]+)?|[${UPPER}]+)`;
const MONTHS =
  'gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre';

const OBFUSCATED_EMAIL = new RegExp(
  String.raw`[\w.+-]+\s*(?:\[at\]|\(at\)|\{at\}|\[chiocciola\]|\(chiocciola\)|\s(?:at|chiocciola)\s)\s*[\w-]+(?:\s*(?:\[dot\]|\(dot\)|\[punto\]|\(punto\)|\s(?:dot|punto)\s|\.)\s*[\w-]+)+`,
  'gi',
);
const EMAIL = /[\w.%+-]+@[\w-]+(?:\.[\w-]+)+/g;
/** IBAN: country, check digits, 11–30 characters, with or without groups of four. */
const IBAN = /\b[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?)\b/g;
/** Codice fiscale, with omocodia letters (LMNPQRSTUV) in place of digits. */
const FISCAL_CODE =
  /\b[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]\b/gi;
/** Italian plates since 1994 (AB 123 CD); after the word "targa" lower case too. */
const PLATE = /\b[A-Z]{2}[ ]?\d{3}[ ]?[A-Z]{2}\b/g;
const PLATE_AFTER_CUE = /\b(targa(?:ta)?:?\s+)([A-Za-z]{2}[ ]?\d{3}[ ]?[A-Za-z]{2})\b/gi;
const DATE = String.raw`(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}(?:°|º)?\s+(?:${MONTHS})\s+\d{4})`;
const BIRTH_DATE = new RegExp(
  String.raw`\b((?:nat[oaie]|data di nascita|nascita|d\.\s?n\.|classe)\b[^.\n\d]{0,40}?)${DATE}`,
  'gi',
);
/** Phones: +39/0039, mobiles (3xx), landlines (0x), with spaces, dots, dashes or slashes. */
const PHONE = /(?<![\w[/])(?:(?:\+|00)\d{2}[\s.-]?)?(?:\(?0\d{1,4}\)?|3\d{2})(?:[\s./-]?\d){5,8}\b/g;
/** Any other long number (documents, cards, partita IVA). */
const LONG_NUMBER = /(?<![\w[/])\d(?:[\s.-]?\d){7,}\b/g;

const STREET =
  "via|viale|v\\.le|piazza|p\\.zza|piazzale|p\\.le|corso|c\\.so|largo|vicolo|vico|strada|str\\.|località|loc\\.|contrada|c\\.da|borgo|lungomare|lungotevere|salita|traversa|rampa|calle|frazione|fraz\\."; // prettier-ignore
const HOUSE_NUMBER = String.raw`(?:,\s*|\s+)(?:n(?:\.|°|um(?:ero)?\.?)\s*)?\d{1,4}(?:\s?(?:/\s?)?[A-Za-z](?![${LOWER}]))?(?:\s+(?:bis|ter))?\b`;
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
const ADDRESS_AFTER_CUE = new RegExp(
  String.raw`((?:${anyCaseFirst(RESIDENCE_VERBS)})\s+(?:in|a|al|alla|nel|nella)\s+)(?:${anyCaseFirst(STREET)})\s+(?:(?:della|delle|degli|dello|dei|del|di|de)\s+|d['’]\s*|${CAP}(?:\s+|(?=[,.;:!?)]|$))){1,5}`,
  'g',
);

const CUE_WORDS = [
  'mi chiamo', 'il mio nome è', "il mio nome e'", 'sono', 'firmato', 'in fede', 'cordiali saluti,?', 'distinti saluti,?',
  'saluti,?', 'grazie,', 'sig\\.(?:ra|na)?', 'signor[ae]?', 'dott\\.(?:ssa)?', 'dottor(?:essa)?', 'dr\\.', 'avv\\.',
  'avvocat[oa]', 'ing\\.', 'prof\\.(?:ssa)?', 'geom\\.', 'arch\\.', 'rag\\.', 'mia moglie', 'mio marito',
  'mio figlio', 'mia figlia', 'mio padre', 'mia madre', 'mio fratello', 'mia sorella', 'mio nonno', 'mia nonna',
  'mio zio', 'mia zia', 'mio nipote', 'mia nipote', 'mio suocero', 'mia suocera', 'mio cognato', 'mia cognata',
  'il mio compagno', 'la mia compagna', 'il vicino', 'la vicina', 'il mio vicino', 'la mia vicina', 'collega',
  "l'operatore", "l'operatrice", 'operatore', 'operatrice', 'di nome', 'chiamat[oa]', 'tale', 'certo', 'certa',
  'la piccola', 'il piccolo', 'per conto di', 'a nome di', 'delegato', 'delegata', 'intestat[oa] a',
]; // prettier-ignore
/** Words that follow a cue without being names ("sono Soddisfatto", "sono Stato"). */
const NOT_NAMES = new Set(
  `Molto Soddisfatto Soddisfatta Contento Contenta Deluso Delusa Stato Stata Stati Rimasto Rimasta Andato Andata
  Venuto Venuta Arrivato Arrivata Tornato Tornata Il La Lo Gli Le Un Una In Al Alla Allo Ai Già Ancora Sempre
  Davvero Proprio Qui Passato Passata Servito Servita Io Noi Lei Lui Ho Ha Non Comune Ufficio Urp Sportello
  Grazie Buongiorno Buonasera Salve Cordiali Distinti Saluti`.split(/\s+/),
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
  String.raw`(?:\b(?:${STREET}|san|santa|santo|sant['’]|ss\.|scuola|istituto|liceo|ospedale|parco|teatro|stadio|chiesa|basilica|ponte|porta|palazzo|villa|borgo)\s+(?:${CAP}\s+)?)$`,
  'i',
);

const FIRST_NAMES = new Set(ITALIAN_FIRST_NAMES.map((n) => n.toLowerCase()));
const AMBIGUOUS = new Set(AMBIGUOUS_FIRST_NAMES.map((n) => n.toLowerCase()));
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const cueAlternation = CUE_WORDS.map((c) => {
  const first = c[0];
  return /[a-z]/.test(first) ? `[${first.toUpperCase()}${first}]${c.slice(1)}` : c;
}).join('|');
const NAME_AFTER_CUE = new RegExp(
  String.raw`(?<![${LOWER}${UPPER}])(${cueAlternation})\s+(${CAP}(?:\s+(?:de|di|del|della|da|van|von|la|lo|De|Di|Del|Della|Da|La|Lo)?\s*${CAP}){0,2})`,
  'g',
);
const CAPITALISED_PAIR = new RegExp(String.raw`(?<![${LOWER}${UPPER}'’])(${CAP})(?:\s+(${CAP}))?`, 'g');

function scrubKnownNames(text: string, names: readonly string[]): string {
  let out = text;
  const parts = new Set<string>();
  for (const name of names)
    for (const p of name.split(/[\s,]+/)) if (p.replace(/['’.]/g, '').length > 2) parts.add(p);
  for (const part of [...parts].sort((a, b) => b.length - a.length))
    out = out.replace(new RegExp(`(?<![\\p{L}])${escape(part)}(?![\\p{L}])`, 'giu'), PLACEHOLDER.name);
  return out;
}

function scrubUncuedNames(text: string): string {
  return text.replace(
    CAPITALISED_PAIR,
    (whole: string, first: string, second: string | undefined, offset: number) => {
      const before = text.slice(Math.max(0, offset - 40), offset);
      if (PLACE_PREFIX.test(before)) return whole;
      const isFirst = (w: string) => FIRST_NAMES.has(w.toLowerCase());
      const isSurname = (w: string | undefined) =>
        !!w && !NOT_SURNAMES.has(w) && !isFirst(w) && !NOT_NAMES.has(w);
      // "Mario Rossi", "Lucia" (not ambiguous), "Rossi Mario" (surname first, as on forms)
      if (isFirst(first)) {
        if (isSurname(second)) return PLACEHOLDER.name;
        if (second && isFirst(second)) return PLACEHOLDER.name; // "Anna Maria"
        if (AMBIGUOUS.has(first.toLowerCase())) return whole;
        return second ? `${PLACEHOLDER.name} ${second}` : PLACEHOLDER.name;
      }
      if (second && isFirst(second) && isSurname(first)) return PLACEHOLDER.name;
      return whole;
    },
  );
}

/**
 * Removes personal data from free text before it leaves its service or is kept past its purpose: e-mails
 * (also written "mario at gmail dot com"), PEC, phones, fiscal codes with omocodia, IBAN, plates, dates of
 * birth, street addresses (with a house number, or after "abito in"), the names the caller knows, names after
 * a cue word ("mia moglie Lucia", "sig.ra Bianchi") and first names from the Italian list with their surname.
 * GDPR art. 5 c.1 c (minimisation). Conservative: when in doubt a token is replaced.
 */
export function scrubPersonalData(text: string, options: ScrubOptions = {}): string {
  let out = text.normalize('NFC');
  out = out.replace(OBFUSCATED_EMAIL, PLACEHOLDER.email);
  out = out.replace(EMAIL, PLACEHOLDER.email);
  out = out.replace(IBAN, (m) => (/\d{6,}/.test(m.replace(/\s/g, '')) ? PLACEHOLDER.iban : m));
  out = out.replace(FISCAL_CODE, PLACEHOLDER.fiscalCode);
  out = out.replace(PLATE_AFTER_CUE, (_m, cue: string) => `${cue}${PLACEHOLDER.plate}`);
  out = out.replace(PLATE, PLACEHOLDER.plate);
  out = out.replace(BIRTH_DATE, (_m, cue: string) => `${cue}${PLACEHOLDER.birthDate}`);
  out = out.replace(PHONE, PLACEHOLDER.phone);
  out = out.replace(LONG_NUMBER, PLACEHOLDER.number);
  out = out.replace(ADDRESS_WITH_NUMBER, PLACEHOLDER.address);
  out = out.replace(
    ADDRESS_AFTER_CUE,
    (m: string, cue: string) => `${cue}${PLACEHOLDER.address}${/\s$/.test(m) ? ' ' : ''}`,
  );
  if (options.knownNames?.length) out = scrubKnownNames(out, options.knownNames);
  out = out.replace(NAME_AFTER_CUE, (whole, cue: string, name: string) => {
    if (NOT_NAMES.has(name.split(/\s+/)[0])) return whole;
    return `${cue} ${PLACEHOLDER.name}`;
  });
  out = scrubUncuedNames(out);
  out = out.replace(/\[nome\](?:\s+\[nome\])+/g, PLACEHOLDER.name);
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
