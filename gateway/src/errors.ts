import { GraphQLError, type GraphQLFormattedError } from 'graphql';

const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>)]+/gi;
const ADDRESS_PATTERN = /\b\d{1,3}(?:\.\d{1,3}){3}:\d+\b/g; // ip:port, as in "connect ECONNREFUSED 10.0.0.7:4003"

/** An error message with no internal address in it (subgraph URLs, IPs and ports stay inside). */
export const withoutAddresses = (message: string) =>
  message.replace(URL_PATTERN, '[servizio interno]').replace(ADDRESS_PATTERN, '[indirizzo interno]');

/**
 * Every error the gateway answers passes here: the limit errors keep their own code (Apollo files every
 * validation error under GRAPHQL_VALIDATION_FAILED), and no message carries an internal address.
 */
export function formatGatewayError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  const ownCode =
    formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' &&
    original instanceof GraphQLError &&
    typeof original.extensions?.code === 'string'
      ? original.extensions.code
      : undefined;
  return {
    ...formatted,
    message: withoutAddresses(formatted.message),
    ...(ownCode ? { extensions: { ...formatted.extensions, code: ownCode } } : {}),
  };
}
