import { isValidCivilDate, type CivilDate } from './civil-date';

/**
 * Strict parsing of dates and instants at a boundary (GraphQL arguments, CSV imports), pure: a result, never an
 * exception, never a silent correction. Messages are Italian: an operator reads them next to the field.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** The years a date of this domain may have (requests, acts, deadlines): anything else is a typing error. */
export const MIN_YEAR = 1990;
export const MAX_YEAR = 2100;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A civil date: `YYYY-MM-DD`, a day that exists, a year within MIN_YEAR..MAX_YEAR. */
export function parseCivilDate(
  input: unknown,
  range: { minYear?: number; maxYear?: number } = {},
): Parsed<CivilDate> {
  const minYear = range.minYear ?? MIN_YEAR;
  const maxYear = range.maxYear ?? MAX_YEAR;
  if (typeof input !== 'string') return { ok: false, message: 'una data è un testo AAAA-MM-GG' };
  const m = ISO_DATE.exec(input);
  if (!m) return { ok: false, message: `non è una data nel formato AAAA-MM-GG: «${input}»` };
  const year = Number(m[1]);
  if (year < minYear || year > maxYear)
    return { ok: false, message: `anno fuori dall’intervallo ammesso (${minYear}-${maxYear}): ${year}` };
  if (!isValidCivilDate(input)) return { ok: false, message: `la data ${input} non esiste nel calendario` };
  return { ok: true, value: input };
}

/**
 * An instant: ISO 8601 date and time with its offset (`Z` or `±hh:mm`), e.g. `2026-10-20T09:30:00+02:00`; the
 * date must exist and be within the years. Without an offset the same text names different instants on
 * different servers, so it is refused.
 */
const ISO_INSTANT =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d{1,9}))?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

export function parseInstant(
  input: unknown,
  range: { minYear?: number; maxYear?: number } = {},
): Parsed<string> {
  if (typeof input !== 'string') return { ok: false, message: 'un istante è un testo ISO 8601 con fuso' };
  const m = ISO_INSTANT.exec(input);
  if (!m) {
    const hint = /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(input) ? ' (manca il fuso orario, es. +01:00 o Z)' : '';
    return {
      ok: false,
      message: `non è un istante ISO 8601 con fuso orario (AAAA-MM-GGThh:mm:ss±hh:mm): «${input}»${hint}`,
    };
  }
  const date = parseCivilDate(m[1], range);
  if (!date.ok) return date;
  const t = Date.parse(input);
  if (Number.isNaN(t)) return { ok: false, message: `non è un istante valido: «${input}»` };
  return { ok: true, value: new Date(t).toISOString() };
}
