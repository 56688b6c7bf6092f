/**
 * Protocol numbers (DPR 445/2000 art. 57): progressive, at least seven digits, renewed every solar year.
 * Formatted `YYYY/NNNNNNN` (year of registration in Rome, then the number padded to seven digits).
 */
import { romeCivilDate } from '@urp/legal-clock';

export const PROTOCOL_DIGITS = 7;

export function formatProtocolNumber(year: number, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError(`protocol sequence must be ≥ 1: ${seq}`);
  return `${year}/${String(seq).padStart(PROTOCOL_DIGITS, '0')}`;
}

export function parseProtocolNumber(value: string): { year: number; seq: number } | undefined {
  const m = /^(\d{4})\/(\d{7,})$/.exec(value);
  return m ? { year: Number(m[1]), seq: Number(m[2]) } : undefined;
}

/** A protocol number as a citizen types it from the receipt: the year when given, and the number. */
export interface TypedProtocolNumber {
  year?: number;
  seq: number;
}

const isYear = (s: string): boolean => /^\d{4}$/.test(s) && Number(s) >= 2000 && Number(s) <= 2199;

/**
 * Reads what a citizen types from the receipt: "2026/0000123" as printed, "2026/123", "2026 - 123", "123/2026"
 * (number and year, as many offices write it), "n. 123", or the number alone ("123", "0000123"), with any spaces.
 * Undefined for anything else ("12/4": neither part is a year).
 */
export function readTypedProtocolNumber(value: string): TypedProtocolNumber | undefined {
  const s = value
    .trim()
    .replace(/^(?:prot(?:ocollo)?\.?\s*)?(?:n(?:r|°|º)?\.?\s*)?/i, '')
    .trim();
  let year: string | undefined;
  let seq: string | undefined;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{1,10})$/.exec(s))) seq = m[1];
  else if ((m = /^(\d{1,10})\s*(?:[/\-.]\s*|\s)(\d{1,10})$/.exec(s))) {
    if (isYear(m[1])) [year, seq] = [m[1], m[2]];
    else if (isYear(m[2])) [year, seq] = [m[2], m[1]];
  }
  if (!seq || Number(seq) < 1) return undefined;
  return year ? { year: Number(year), seq: Number(seq) } : { seq: Number(seq) };
}

/**
 * The stored numbers a typed one may be: itself when it names the year, else that number in each year from
 * `currentYear` back `years` years (a case is kept at most ten years), newest first.
 */
export function protocolCandidates(typed: TypedProtocolNumber, currentYear: number, years = 10): string[] {
  if (typed.year !== undefined) return [formatProtocolNumber(typed.year, typed.seq)];
  return Array.from({ length: years + 1 }, (_, i) => formatProtocolNumber(currentYear - i, typed.seq));
}

/** The counter of a registration instant: one per Rome solar year (31 Dec 23:30 UTC is already next year in Rome). */
export const protocolYear = (at: Date): number => Number(romeCivilDate(at).slice(0, 4));
