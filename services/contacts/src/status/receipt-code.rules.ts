/**
 * The secret of the citizen's receipt (issue 14): printed beside the protocol number, it opens the public
 * status page of the case. 12 characters of Crockford's base32 (60 bits: no I, L, O, U; read aloud
 * without ambiguity), shown once to the operator; only its SHA-256 is stored, and it is compared in constant
 * time. A secret of 60 random bits needs no slow hash: guessing is bounded by the page's rate limit.
 *
 * At the desk the code is random and handed over on the printed receipt. A citizen who is not at the desk (phone,
 * e-mail, PEC, web, Open311) gets it in the message that tells them the case is registered: that message is sent
 * later, by campaigns, and the code never travels on an event, so it is derived (`derivedReceiptCode`: an HMAC of
 * the contact id under a key of the service's secret) and contacts derives it again when campaigns asks for the
 * receipt's text (`POST /internal/case-messages`, the receipt's `messageId`). Whoever holds that secret can already
 * ask that endpoint as a service: deriving adds no one who can read a code.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 12;

/** A new secret, grouped for reading: `7K3M-Q9TX-2HBD`. */
export function newReceiptCode(random: (n: number) => Buffer = randomBytes): string {
  const bytes = random(LENGTH);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]);
  return [0, 4, 8].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** The key codes are derived with, from the service's secret (a key of its own: the secret signs identities). */
export const receiptKey = (secret: string): Buffer =>
  createHmac('sha256', secret).update('urp/contacts/receipt-code/v1').digest();

/** The receipt code of a contact registered away from the desk: the same for the same contact id and key. */
export const derivedReceiptCode = (key: Buffer, contactId: string): string =>
  newReceiptCode(() => createHmac('sha256', key).update(contactId).digest().subarray(0, LENGTH));

/**
 * The `messageId` of the receipt in the registration's `CitizenNotificationRequested`: campaigns fetches its text
 * as it fetches a case's public message (one per contact: a slice's messages are told apart by their ids).
 */
export const receiptMessageId = (contactId: string): string => `receipt_${contactId}`;
export const isReceiptMessageId = (messageId: string): boolean => messageId.startsWith('receipt_');

/** What the citizen reads in the message that tells them the case is registered (no personal data). */
export const receiptText = (protocolNumber: string, code: string, statusPageUrl: string): string =>
  `Ricevuta della richiesta: numero di protocollo ${protocolNumber}, codice di verifica ${code}. ` +
  'Conservi questo messaggio: con il numero di protocollo e il codice di verifica può vedere a che punto è la ' +
  `pratica, senza registrarsi, alla pagina ${statusPageUrl}`;

/**
 * What the citizen typed, as the code was printed: case, spaces and dashes do not matter, and the letters
 * Crockford's base32 reads as digits (O → 0, I and L → 1) are read so.
 */
export function normaliseReceiptCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export const hashReceiptCode = (code: string): string =>
  createHash('sha256').update(normaliseReceiptCode(code)).digest('hex');

/** A well-formed hash that matches nothing: compared when the protocol number is unknown (same work). */
const NOTHING = createHash('sha256').update('no-such-receipt').digest('hex');

/** Constant-time comparison of a typed code with the stored hash (also when there is no stored hash). */
export function receiptCodeMatches(typed: string, storedHash: string | undefined): boolean {
  const a = Buffer.from(hashReceiptCode(typed), 'hex');
  const b = Buffer.from(storedHash && /^[0-9a-f]{64}$/.test(storedHash) ? storedHash : NOTHING, 'hex');
  return timingSafeEqual(a, b) && !!storedHash;
}
