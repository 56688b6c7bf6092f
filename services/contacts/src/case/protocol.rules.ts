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

/** The counter of a registration instant: one per Rome solar year (31 Dec 23:30 UTC is already next year in Rome). */
export const protocolYear = (at: Date): number => Number(romeCivilDate(at).slice(0, 4));
