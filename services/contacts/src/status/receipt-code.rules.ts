/**
 * The secret of the citizen's receipt (issue 14): printed beside the protocol number, it opens the public
 * status page of the case. 12 characters of Crockford's base32 (60 random bits: no I, L, O, U; read aloud
 * without ambiguity), shown once to the operator; only its SHA-256 is stored, and it is compared in constant
 * time. A secret of 60 random bits needs no slow hash: guessing is bounded by the page's rate limit.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 12;

/** A new secret, grouped for reading: `7K3M-Q9TX-2HBD`. */
export function newReceiptCode(random: (n: number) => Buffer = randomBytes): string {
  const bytes = random(LENGTH);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]);
  return [0, 4, 8].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

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
