import { isDatabaseUnreachable } from '@urp/messaging';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { z } from 'zod';

/** What a client is told to wait before retrying when a dependency is down. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * A dependency (the database) is unreachable: nothing was changed, the same request can be retried
 * after `extensions.retryAfterSeconds`. No internal address or driver message reaches the client.
 */
export const unavailable = (retryAfterSeconds = RETRY_AFTER_SECONDS) =>
  new GraphQLError(
    `il servizio non è disponibile in questo momento (la sua base dati non risponde): riprova tra ${retryAfterSeconds} secondi`,
    { extensions: { code: 'UNAVAILABLE', retryAfterSeconds } },
  );

/**
 * A field-level input error: `extensions.fields` maps each bad field to its message, so a client can
 * show it beside the field. Nothing is changed when this is thrown.
 */
export function invalidInput(error: z.ZodError, message = 'invalid input'): GraphQLError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[issue.path.join('.') || '(input)'] ??= issue.message;
  return new GraphQLError(
    `${message}: ${Object.entries(fields)
      .map(([f, m]) => `${f}: ${m}`)
      .join('; ')}`,
    {
      extensions: { code: 'BAD_USER_INPUT', fields },
    },
  );
}

export const notFound = (what: string) =>
  new GraphQLError(`${what} does not exist`, { extensions: { code: 'NOT_FOUND' } });
export const conflict = (message: string) => new GraphQLError(message, { extensions: { code: 'CONFLICT' } });

/** Maps GraphQL enum names (`WEB_FORM`) to the domain's values (`web_form`), for schema-first resolvers. */
export const enumResolver = (values: readonly string[]): Record<string, string> =>
  Object.fromEntries(values.map((v) => [v.toUpperCase(), v]));

const EXPECTED_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_REQUEST',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'UNAVAILABLE',
  // the client went away (abandon.ts): not a fault of ours, and not an internal error on the dashboards
  'CLIENT_CLOSED_REQUEST',
]);

/**
 * What clients see of an error: ours (input, not found, conflict, auth, unavailable) as they are; an
 * unreachable database as a typed `UNAVAILABLE` with a retry hint; anything else (a bug) as "internal
 * error" with no detail. The full error is in the logs.
 */
export function maskUnexpectedErrors(
  formatted: GraphQLFormattedError,
  error?: unknown,
): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && EXPECTED_CODES.has(code)) return formatted;
  if (isDatabaseUnreachable(error)) {
    const { message, extensions } = unavailable();
    return { message, path: formatted.path, extensions };
  }
  return { message: 'internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
