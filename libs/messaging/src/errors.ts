import { ContractViolation } from '@urp/contracts';

/** An error that retrying cannot fix (bad data, a broken invariant): straight to the dead-letter topic. */
export class NonRetryableError extends Error {
  override readonly name = 'NonRetryableError';
}

export const isNonRetryable = (e: unknown): boolean =>
  e instanceof NonRetryableError || e instanceof ContractViolation;

const INFRASTRUCTURE =
  /^(MongoNetwork|MongoServerSelection|MongoNotConnected|MongoPoolClosed|MongoTopologyClosed|KafkaJSConnection|KafkaJSNumberOfRetriesExceeded|KafkaJSRequestTimeout)/;

/**
 * The database or broker is unreachable: that is not the message's fault, so the consumer keeps
 * retrying (with capped backoff) instead of dead-lettering healthy messages during an outage.
 */
export function isInfrastructureError(e: unknown): boolean {
  const err = e as { name?: string; code?: string; cause?: unknown } | null;
  if (!err || typeof err !== 'object') return false;
  if (INFRASTRUCTURE.test(err.name ?? '') || err.code === 'ECONNREFUSED') return true;
  return err.cause ? isInfrastructureError(err.cause) : false;
}
