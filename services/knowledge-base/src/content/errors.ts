import { conflict, invalidInput, notFound } from '@urp/platform';
import { GraphQLError } from 'graphql';
import type { z } from 'zod';
import { WorkflowError } from './workflow.rules';

export { conflict, notFound };

/** Validates input; a field-level BAD_USER_INPUT error (nothing changed) when it does not fit. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(stripNulls(input));
  if (!parsed.success) throw invalidInput(parsed.error, what);
  return parsed.data;
}

export const badInput = (field: string, message: string) =>
  new GraphQLError(`invalid input: ${field}: ${message}`, {
    extensions: { code: 'BAD_USER_INPUT', fields: { [field]: message } },
  });

export const forbidden = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });

/** Runs a workflow step, turning rule violations into client errors (nothing is written then). */
export function step<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof WorkflowError) {
      if (e.code === 'CONFLICT') throw conflict(e.message);
      if (e.code === 'FORBIDDEN') throw forbidden(e.message);
      throw badInput('(input)', e.message);
    }
    throw e;
  }
}

/** Parses an optional ISO-8601 instant from input. */
export function parseInstant(value: string | null | undefined, field: string): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value))
    throw badInput(field, 'data non valida (ISO-8601)');
  return d;
}

export const iso = (d: Date | undefined | null): string | null => (d ? new Date(d).toISOString() : null);

/** GraphQL sends absent optional fields as null; the domain schemas speak of absent (undefined) fields. */
export function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = stripNulls(v);
  return out;
}
