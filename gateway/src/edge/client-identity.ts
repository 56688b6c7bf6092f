import {
  ANONYMOUS,
  AuthError,
  IdentityProviderUnavailableError,
  type Identity,
  type JwtVerifier,
} from '@urp/auth';
import { GraphQLError } from 'graphql';
import type { NextFunction, Request, Response } from 'express';
import { jwtExpiry, TokenCache } from '@urp/auth';

export interface GatewayContext {
  identity: Identity;
}

/** Who the caller is, decided once per request (the rate limiter and the GraphQL context both need it). */
export type ClientAuth = { identity: Identity } | { error: GraphQLError };
type RequestWithAuth = Request & { urpAuth?: Promise<ClientAuth> };

const unauthenticated = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

/**
 * Verified bearer tokens, per verifier: a staff member's console sends the same token with every request, so
 * it is verified once and its identity reused until the token's own `exp`, and at most a minute (a key the
 * provider withdrew stops working within that minute). Refused tokens are never cached.
 */
const verified = new WeakMap<JwtVerifier, TokenCache<Identity>>();
function verifyCached(verifier: JwtVerifier, token: string): Promise<Identity> {
  let cache = verified.get(verifier);
  if (!cache)
    verified.set(verifier, (cache = new TokenCache<Identity>({ maxAgeMs: 60_000, maxEntries: 10_000 })));
  // the token's `exp` is read only when it is verified (a cached entry never outlives it, so an expired token
  // misses the cache and the verifier says why): no decoding of the token on every request
  return cache.get(
    token,
    () => verifier.verify(token),
    () => jwtExpiry(token),
  );
}

export async function resolveClient(verifier: JwtVerifier, header: string | undefined): Promise<ClientAuth> {
  if (!header) return { identity: ANONYMOUS }; // citizens' public operations (the public slice)
  const match = /^Bearer (.+)$/i.exec(header);
  if (!match) return { error: unauthenticated('Authorization header must be "Bearer <token>"') };
  try {
    return { identity: await verifyCached(verifier, match[1]) };
  } catch (e) {
    if (e instanceof IdentityProviderUnavailableError)
      return {
        error: new GraphQLError('il servizio di autenticazione non risponde: riprova tra poco', {
          extensions: { code: 'UNAVAILABLE', retryAfterSeconds: 5, http: { status: 503 } },
        }),
      };
    return { error: unauthenticated(e instanceof AuthError ? e.message : 'invalid token') };
  }
}

/** Express middleware: verifies the bearer token once and keeps the outcome on the request. */
export function clientIdentityMiddleware(verifier: JwtVerifier) {
  return (req: RequestWithAuth, _res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    req.urpAuth = resolveClient(verifier, typeof header === 'string' ? header : undefined);
    next();
  };
}

export const clientAuthOf = (req: Request, verifier: JwtVerifier): Promise<ClientAuth> =>
  (req as RequestWithAuth).urpAuth ?? resolveClient(verifier, req.headers.authorization);

/** The GraphQL context: the verified identity, or the request is refused (401, or 503 if the provider is down). */
export function authenticate(verifier: JwtVerifier) {
  return async ({ req }: { req: Request }): Promise<GatewayContext> => {
    const auth = await clientAuthOf(req, verifier);
    if ('error' in auth) throw auth.error;
    return { identity: auth.identity };
  };
}
