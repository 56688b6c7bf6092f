import { DomainError } from '@urp/kernel';
import { parseCivilDate, parseInstant, type CivilDate } from '@urp/legal-clock';
import { z } from 'zod';

/**
 * Strict input at the procedures boundary (GraphQL arguments; events are validated by their contracts): the
 * legal clock's pure parsers, each refusal a field-level BAD_USER_INPUT naming the field. Never a correction
 * (`2026-02-30` is not 2 March, `04/12/2026` is not 12 April) and never a 500 (years 0001, 1900, 12345).
 */
export function civilDateArg(field: string, value: string): CivilDate {
  const r = parseCivilDate(value);
  if (!r.ok) throw DomainError.invalid(field, r.message);
  return r.value;
}

/** An instant with its offset; the text given is kept (the same instant), only checked. */
export function instantArg(field: string, value: string): string {
  const r = parseInstant(value);
  if (!r.ok) throw DomainError.invalid(field, r.message);
  return value;
}

/** The same check inside a zod input schema (its issues become field-level errors in `parseInput`). */
export const Instant = z.string().superRefine((s, ctx) => {
  const r = parseInstant(s);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
});
