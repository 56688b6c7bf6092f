import { ContractViolation } from '@urp/contracts';

/** An error that retrying cannot fix (bad data, a broken invariant): straight to the dead-letter topic. */
export class NonRetryableError extends Error {
  override readonly name = 'NonRetryableError';
}

export const isNonRetryable = (e: unknown): boolean =>
  e instanceof NonRetryableError || e instanceof ContractViolation;

const DATABASE_UNREACHABLE =
  /^Mongo(ose)?(Network|ServerSelection|NotConnected|PoolClosed|PoolCleared|TopologyClosed)/;
const INFRASTRUCTURE = /^(KafkaJSConnection|KafkaJSNumberOfRetriesExceeded|KafkaJSRequestTimeout)/;

/** The database cannot be reached (down, restarting, network): not the request's fault, retry later. */
export function isDatabaseUnreachable(e: unknown, depth = 0): boolean {
  const err = e as { name?: string; code?: string; cause?: unknown; originalError?: unknown } | null;
  if (!err || typeof err !== 'object' || depth > 5) return false;
  if (DATABASE_UNREACHABLE.test(err.name ?? '') || err.code === 'ECONNREFUSED') return true;
  return isDatabaseUnreachable(err.originalError, depth + 1) || isDatabaseUnreachable(err.cause, depth + 1);
}

/**
 * The database or broker is unreachable: that is not the message's fault, so the consumer keeps
 * retrying (with capped backoff) instead of dead-lettering healthy messages during an outage.
 */
export function isInfrastructureError(e: unknown): boolean {
  const err = e as { name?: string; code?: string; cause?: unknown } | null;
  if (!err || typeof err !== 'object') return false;
  if (INFRASTRUCTURE.test(err.name ?? '') || isDatabaseUnreachable(err)) return true;
  return err.cause ? isInfrastructureError(err.cause) : false;
}
