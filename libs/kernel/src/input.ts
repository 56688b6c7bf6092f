import { types } from 'node:util';
import type { z } from 'zod';
import { DomainError } from './errors';

/** GraphQL sends absent optional fields as null; the domain speaks of absent (undefined) fields. */
export function stripNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripNulls) as T;
  if (value === null || typeof value !== 'object' || types.isDate(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = stripNulls(v);
  return out as T;
}

/**
 * Validates a resolver's input against the use case's schema: the parsed command, or a field-level
 * BAD_USER_INPUT naming each bad field (under `prefix`, the GraphQL argument name) and nothing written.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix = 'input'): z.infer<S> {
  const parsed = schema.safeParse(stripNulls(input));
  if (!parsed.success) throw DomainError.fromZod(parsed.error, prefix);
  return parsed.data;
}
