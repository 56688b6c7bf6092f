import { fiscalCodeCheckCharacter } from '@urp/privacy';

/**
 * An Italian fiscal code from its first 15 characters, with the check character of DM 23/12/1976 appended
 * (`@urp/privacy`'s, the one contacts validates with): a test's invented person must pass the services' validation.
 */
export function fiscalCode(first15: string): string {
  return first15 + fiscalCodeCheckCharacter(first15);
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const MONTHS = 'ABCDEHLMPRST';
/** The codes `uniqueFiscalCode` gave in this process (never given twice). */
const issued = new Set<string>();

/**
 * A valid fiscal code no other call in this process returned, and that another run is unlikely to return
 * (random surname and name letters, birth date and place: about 2^50 codes): contacts refuses a second requester
 * with a fiscal code already registered, so every invented person of a test, a bench or a scaler takes its own.
 * `random(n)` gives n integers in [0, 2^32) (tests pass a seeded one).
 */
export function uniqueFiscalCode(
  random: (n: number) => number[] = (n) => [...crypto.getRandomValues(new Uint32Array(n))],
): string {
  for (;;) {
    const r = random(11);
    const letters = r
      .slice(0, 6)
      .map((x) => LETTERS[x % 26])
      .join('');
    const year = String(r[6] % 100).padStart(2, '0');
    // a woman's day of birth is counted from 41
    const day = String(1 + (r[7] % 28) + (r[8] % 2 ? 40 : 0)).padStart(2, '0');
    const place = `${LETTERS[r[9] % 26]}${String(r[10] % 1000).padStart(3, '0')}`;
    const code = fiscalCode(`${letters}${year}${MONTHS[r[8] % 12]}${day}${place}`);
    if (issued.has(code)) continue;
    issued.add(code);
    return code;
  }
}
