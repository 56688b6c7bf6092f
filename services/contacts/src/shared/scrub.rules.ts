/**
 * Removes personal data from free text before it leaves the service (FAQ proposals): e-mail and PEC
 * addresses, phone numbers, Italian fiscal codes, IBANs, street addresses with a number, and the names the
 * caller knows (the requester's). GDPR minimisation: what cannot be recognised reliably is the operator's
 * responsibility, the proposal is a draft a back-office editor reviews.
 */
const PATTERNS: [RegExp, string][] = [
  [/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[email]'],
  [/\b[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]\b/gi, '[codice fiscale]'],
  [/\bIT\d{2}[A-Z]\d{10}[0-9A-Z]{12}\b/gi, '[iban]'],
  [/(?:\+39[\s.]?)?\b(?:3\d{2}|0\d{1,3})[\s.-]?\d{3,4}[\s.-]?\d{3,4}\b/g, '[telefono]'],
  [
    /\b(via|viale|piazza|piazzale|corso|largo|vicolo|strada|località|loc\.)\s+[A-ZÀ-Úa-zà-ú' ]{2,40}?,?\s*\d+[a-z]?\b/gi,
    '[indirizzo]',
  ],
];

export function scrubPersonalData(text: string, knownNames: readonly string[] = []): string {
  let out = text;
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  for (const name of knownNames) {
    for (const part of name.split(/\s+/).filter((p) => p.length > 2)) {
      out = out.replace(new RegExp(`\\b${part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'gi'), '[nome]');
    }
  }
  return out;
}

/**
 * The kernel's scrubber for the contract fields marked as free text (`urpFreeText`): the same patterns, and
 * the names the caller knows. (To become `@urp/privacy`'s `scrubPersonalData` when that library exists.)
 */
export const contactsScrubber = (text: string, known?: { names?: readonly string[] }): string =>
  scrubPersonalData(text, known?.names ?? []);
