import type { z } from 'zod';

/** The only kinds of failure a client is told about. Anything else is a bug or an outage. */
export type DomainErrorCode = 'BAD_USER_INPUT' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'UNAVAILABLE';

/**
 * The one error type of every service: thrown by rules, use cases, stores and resolvers. It carries
 * `extensions` the way GraphQL expects them, so graphql-js passes the code and the field messages to the
 * client as they are (no per-service mapping): `{ code, fields? }`. Messages are in Italian: an operator
 * reads them. Nothing has been written when one is thrown.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly extensions: { code: DomainErrorCode; fields?: Record<string, string>; retryAfterSeconds?: number };

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.extensions = fields ? { code, fields } : { code };
  }

  /** One bad field: `field` is the input path a client shows the message beside (e.g. `input.receivedOn`). */
  static invalid(field: string, message: string): DomainError {
    return new DomainError('BAD_USER_INPUT', `Dati non validi: ${field}: ${message}`, { [field]: message });
  }

  /** Several bad fields at once. */
  static invalidFields(fields: Record<string, string>): DomainError {
    const list = Object.entries(fields).map(([f, m]) => `${f}: ${m}`);
    return new DomainError('BAD_USER_INPUT', `Dati non validi: ${list.join('; ')}`, fields);
  }

  /** A zod failure, each issue beside its field (prefixed with `prefix`, e.g. `input`). */
  static fromZod(error: z.ZodError, prefix?: string): DomainError {
    const fields: Record<string, string> = {};
    for (const issue of error.issues) {
      const path = [...(prefix ? [prefix] : []), ...issue.path.map(String)].join('.') || '(input)';
      fields[path] ??= issue.message;
    }
    return DomainError.invalidFields(fields);
  }

  static forbidden(message = 'Operazione non consentita al tuo ruolo o al tuo ufficio'): DomainError {
    return new DomainError('FORBIDDEN', message);
  }

  /** `what` in Italian with its article, e.g. `la pratica 123`. */
  static notFound(what: string): DomainError {
    return new DomainError('NOT_FOUND', `Non trovato: ${what}`);
  }

  static conflict(message: string): DomainError {
    return new DomainError('CONFLICT', message);
  }

  static unavailable(message: string, retryAfterSeconds = 5): DomainError {
    const e = new DomainError('UNAVAILABLE', message);
    e.extensions.retryAfterSeconds = retryAfterSeconds;
    return e;
  }
}

export const isDomainError = (e: unknown, code?: DomainErrorCode): e is DomainError =>
  e instanceof DomainError && (code === undefined || e.code === code);

/**
 * Another writer changed the aggregate since it was read. Internal: the use-case runner reloads and decides
 * again; a client sees it only as CONFLICT when the edit was made on a revision it named itself, or when
 * retries run out.
 */
export class RevisionConflict extends Error {
  override readonly name = 'RevisionConflict';
  constructor(
    readonly collection: string,
    readonly id: string,
  ) {
    super(`${collection}/${id} changed since it was read`);
  }
}
