/**
 * Strict input at contacts' boundaries (GraphQL, Open311, admin imports): a value is right or refused with
 * a field-level BAD_USER_INPUT naming the field, never silently corrected and never a 500.
 *
 * - an instant is ISO 8601 with its offset (`2026-03-02T09:00:00+01:00` or `…Z`), a real calendar day, in
 *   a sane year;
 * - a civil date is `YYYY-MM-DD`, a day that exists (2026-02-30 is refused, 04/12/2026 too), a sane year;
 * - text typed by people carries no control characters: line breaks and tabs in a one-line field (a subject)
 *   become a space; any other control character (NUL, ESC, C1, bidi overrides) is refused.
 */
import { DomainError } from '@urp/kernel';
import { isValidCivilDate } from '@urp/legal-clock';
import { z } from 'zod';

/** The years a date of the front office may fall in (the legal clock knows holidays up to 2199). */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2199;

const yearOf = (s: string) => Number(s.slice(0, 4));
const saneYear = (s: string) => yearOf(s) >= MIN_YEAR && yearOf(s) <= MAX_YEAR;

export const Instant = z
  .string()
  .refine((s) => z.iso.datetime({ offset: true }).safeParse(s).success, {
    message: 'data e ora ISO 8601 con fuso orario, esistente (es. 2026-03-02T09:00:00+01:00)',
    abort: true,
  })
  .refine(saneYear, { message: `anno fuori dall’intervallo ${MIN_YEAR}-${MAX_YEAR}` });

export const CivilDateInput = z
  .string()
  .refine(isValidCivilDate, { message: 'data AAAA-MM-GG esistente (es. 2026-03-02)', abort: true })
  .refine(saneYear, { message: `anno fuori dall’intervallo ${MIN_YEAR}-${MAX_YEAR}` });

// C0 controls except TAB/LF/CR, DEL, C1 controls, and the Unicode bidi controls (spoofing)
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** A one-line text (subject): line breaks and tabs become one space; other control characters refused. */
export const oneLine = (min: number, max: number) =>
  z
    .string()
    .refine((s) => !FORBIDDEN_CONTROL.test(s), {
      message: 'contiene caratteri di controllo non ammessi',
      abort: true,
    })
    .transform((s) =>
      s
        .replace(/[\t\r\n]+/g, ' ')
        .replace(/ {2,}/g, ' ')
        .trim(),
    )
    .pipe(
      z
        .string()
        .min(min, 'obbligatorio')
        .max(max, `al massimo ${max.toLocaleString('it-IT')} caratteri`),
    );

/** A multi-line text (notes, messages): line breaks kept (CRLF → LF); other control characters refused. */
export const multiLine = (max: number) =>
  z
    .string()
    .refine((s) => !FORBIDDEN_CONTROL.test(s), {
      message: 'contiene caratteri di controllo non ammessi',
      abort: true,
    })
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().max(max, `al massimo ${max.toLocaleString('it-IT')} caratteri`));

/** How far back a historical import may go: the longest retention of a record (10 years). */
export const IMPORT_YEARS = 10;

/** A historical instant (import): not in the future, not before the retention horizon. */
export function checkImportDate(at: Date, now: Date, field: string): void {
  if (at.getTime() > now.getTime() + 60_000) throw DomainError.invalid(field, 'è nel futuro');
  const horizon = new Date(now);
  horizon.setUTCFullYear(horizon.getUTCFullYear() - IMPORT_YEARS);
  if (at.getTime() < horizon.getTime())
    throw DomainError.invalid(
      field,
      `è più vecchia di ${IMPORT_YEARS} anni (oltre la conservazione dei dati)`,
    );
}
