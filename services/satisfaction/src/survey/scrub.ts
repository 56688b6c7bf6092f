/**
 * Removes personal data from citizens' free text before it is stored in a report or written to a stream
 * (GDPR art. 5 c.1 c, data minimisation: analysts read every topic). Pure and conservative: when in doubt a
 * token is replaced. What it cannot know (a name with no cue) is why comments are short and optional.
 */

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** IBAN (Italian and foreign), with or without the groups of four. */
const IBAN = /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}\b/gi;
/** Codice fiscale of a person (with omocodia letters in the digit positions), and partita IVA (11 digits). */
const FISCAL_CODE =
  /\b[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]\b/gi;
/** Phone numbers: +39 / 0039 prefixes, mobiles (3xx), landlines (0x), with spaces, dots, dashes or slashes. */
const PHONE = /(?<!\w)(?:(?:\+|00)\d{2}[\s.-]?)?(?:\(?0\d{1,4}\)?|3\d{2})(?:[\s./-]?\d){5,8}\b/g;
/** Any other long number (documents, cards, partita IVA, protocol numbers of private records). */
const LONG_NUMBER = /\b\d(?:[\s.-]?\d){7,}\b/g;
/** A name after a cue word: "mi chiamo Mario Rossi", "sono Anna", "sig.ra Bianchi", "dott. Verdi". */
const CUES = [
  'mi chiamo',
  'il mio nome è',
  "il mio nome e'",
  'sono',
  'firmato',
  'cordiali saluti,?',
  'distinti saluti,?',
  'saluti,?',
  'sig\\.?(?:ra|na)?',
  'signor[ae]?',
  'dott\\.?(?:ssa)?',
  'dr\\.?',
  'avv\\.?',
  'ing\\.?',
  'prof\\.?(?:ssa)?',
  'geom\\.?',
  'arch\\.?',
  'rag\\.?',
];
/** A cue matches whatever its first letter's case; the name after it must be capitalised. */
const cue = (c: string) => `[${c[0].toUpperCase()}${c[0]}]${c.slice(1)}`;
const NAME_CUE = new RegExp(
  `\\b(${CUES.map(cue).join('|')})\\s+((?:[A-ZÀ-Ý][a-zà-ÿ'’]+|[A-ZÀ-Ý]\\.)(?:\\s+(?:de|di|del|della|da|van|von|la|lo)?\\s*[A-ZÀ-Ý][a-zà-ÿ'’]+){0,2})`,
  'g',
);
/** Words that follow "sono" without being names ("sono Soddisfatto" at the start of a sentence). */
const NOT_NAMES = new Set(
  'Molto Soddisfatto Soddisfatta Contento Contenta Deluso Delusa Stato Stata Stati Rimasto Rimasta Andato Andata Venuto Venuta Arrivato Arrivata Tornato Tornata Il La Lo Gli Le Un Una In Al Alla Allo Ai Già Ancora Sempre Davvero Proprio Qui Passato Passata Servito Servita'.split(
    ' ',
  ),
);

export const REDACTED = {
  email: '[email]',
  phone: '[telefono]',
  fiscalCode: '[codice fiscale]',
  iban: '[IBAN]',
  number: '[numero]',
  name: '[nome]',
} as const;

export function scrubPersonalData(text: string): string {
  let out = text.normalize('NFC');
  out = out.replace(EMAIL, REDACTED.email);
  out = out.replace(IBAN, (m) => (/\d{6,}/.test(m.replace(/\s/g, '')) ? REDACTED.iban : m));
  out = out.replace(FISCAL_CODE, REDACTED.fiscalCode);
  out = out.replace(PHONE, REDACTED.phone);
  out = out.replace(LONG_NUMBER, REDACTED.number);
  out = out.replace(NAME_CUE, (whole, cue: string, name: string) => {
    const first = name.split(/\s+/)[0];
    if (cue.toLowerCase() === 'sono' && NOT_NAMES.has(first)) return whole;
    return `${cue} ${REDACTED.name}`;
  });
  return out.replace(/[ \t]+/g, ' ').trim();
}

/** Scrubs and bounds a citizen's comment; empty becomes undefined. */
export function cleanComment(text: string | undefined, maxLength = 1000): string | undefined {
  if (text === undefined) return undefined;
  const cleaned = scrubPersonalData(text.slice(0, maxLength * 2))
    .slice(0, maxLength)
    .trim();
  return cleaned.length ? cleaned : undefined;
}
