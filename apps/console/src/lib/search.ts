// The queue's one search box: a protocol number goes to the case filter, anything else is a requester's name.

/**
 * The protocol number a search text names, or null when it is not one: "2026/0000123" (year and number), or the
 * number alone ("123", "0000123"), which contacts matches in any year. Spaces around are ignored.
 */
export function protocolNumberOf(text: string): string | null {
  const t = text.trim();
  const full = /^(\d{4})\s*\/\s*(\d{1,10})$/.exec(t);
  if (full) return `${full[1]}/${full[2].padStart(7, '0')}`;
  if (/^\d{1,10}$/.test(t) && Number(t) >= 1) return t;
  return null;
}

/** An Italian fiscal code (16 characters) or a company's VAT-style number (11 digits), as typed. */
export function looksLikeFiscalCode(text: string): boolean {
  return /^[A-Za-z]{6}\d{2}[A-Za-z]\d{2}[A-Za-z]\d{3}[A-Za-z]$/.test(text.trim());
}
