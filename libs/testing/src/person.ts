/**
 * An Italian fiscal code from its first 15 characters, with the check character of DM 23/12/1976 appended: a
 * test's invented person must pass the services' validation.
 */
export function fiscalCode(first15: string): string {
  const odd: Record<string, number> = Object.fromEntries(
    '0:1 1:0 2:5 3:7 4:9 5:13 6:15 7:17 8:19 9:21 A:1 B:0 C:5 D:7 E:9 F:13 G:15 H:17 I:19 J:21 K:2 L:4 M:18 N:20 O:11 P:3 Q:6 R:8 S:12 T:14 U:16 V:10 W:22 X:25 Y:24 Z:23'
      .split(' ')
      .map((p) => [p.split(':')[0], Number(p.split(':')[1])]),
  );
  const even = (c: string) => (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 65);
  let sum = 0;
  [...first15].forEach((c, i) => (sum += i % 2 === 0 ? odd[c] : even(c)));
  return first15 + String.fromCharCode(65 + (sum % 26));
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
