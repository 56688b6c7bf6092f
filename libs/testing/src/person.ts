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
