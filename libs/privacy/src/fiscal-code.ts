/**
 * The Italian fiscal code (codice fiscale, DPR 605/1973; computation in DM 23/12/1976): a person's 16 characters,
 * or a body's or company's 11 digits. A person's code may be "omocodico": when two people would get the same
 * code, the Agenzia delle Entrate replaces digits, from the right, with L M N P Q R S T U V (0-9), and computes
 * the check character again on the code as written. The platform's one copy: contacts validates with it, the
 * scrubber finds codes in free text with its shape, tests invent codes with its check character.
 */

/**
 * The shape of a person's code, omocodia included, as a regex source without anchors or flags: surname and name
 * (6 letters), year, month letter, day, place (a letter and 3 digits), check character.
 */
export const PERSON_FISCAL_CODE_SOURCE =
  '[A-Z]{6}[0-9L-NP-V]{2}[A-EHLMPR-T][0-9L-NP-V]{2}[A-Z][0-9L-NP-V]{3}[A-Z]';
/** The shape of a person's code, the whole string (upper case; no check of the last character). */
export const PERSON_FISCAL_CODE = new RegExp(`^${PERSON_FISCAL_CODE_SOURCE}$`);
/** A body's or company's fiscal code (the same number as its partita IVA). */
export const COMPANY_FISCAL_CODE = /^\d{11}$/;

// the value of each character in an odd position (1st, 3rd, ... 15th) of DM 23/12/1976; digits count as A-J
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
const OMOCODIA = 'LMNPQRSTUV';

/** Position in the alphabet (A = 0), digits as 0-9. */
const ordinal = (c: string): number => (c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 65);

/** The check character of a person's code from its first 15 characters (as written, omocodia letters included). */
export function fiscalCodeCheckCharacter(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) sum += i % 2 === 0 ? ODD[ordinal(first15[i])] : ordinal(first15[i]);
  return String.fromCharCode(65 + (sum % 26));
}

/** The digits a code stands for, omocodia undone (positions 7-8, 10-11, 13-15). */
function withDigits(code: string): string {
  return [...code]
    .map((c, i) =>
      [6, 7, 9, 10, 12, 13, 14].includes(i) && /[A-Z]/.test(c) ? String(OMOCODIA.indexOf(c)) : c,
    )
    .join('');
}

export type FiscalCodeProblem = 'shape' | 'day' | 'check';

/**
 * What is wrong with a person's fiscal code (upper case, no spaces), or undefined when it is valid: its shape,
 * the day of birth (01-31, women 41-71), the check character.
 */
export function personFiscalCodeProblem(code: string): FiscalCodeProblem | undefined {
  if (!PERSON_FISCAL_CODE.test(code)) return 'shape';
  const day = Number(withDigits(code).slice(9, 11));
  if (day < 1 || (day > 31 && day < 41) || day > 71) return 'day';
  return fiscalCodeCheckCharacter(code.slice(0, 15)) === code[15] ? undefined : 'check';
}
