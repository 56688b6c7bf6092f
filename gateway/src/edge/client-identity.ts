import {
  ANONYMOUS,
  AuthError,
  IdentityProviderUnavailableError,
  type Identity,
  type JwtVerifier,
} from '@urp/auth';
import { GraphQLError } from 'graphql';
import type { NextFunction, Request, Response } from 'express';

export interface GatewayContext {
  identity: Identity;
}

/** Who the caller is, decided once per request (the rate limiter and the GraphQL context both need it). */
export type ClientAuth = { identity: Identity } | { error: GraphQLError };
type RequestWithAuth = Request & { urpAuth?: Promise<ClientAuth> };

const unauthenticated = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

export async function resolveClient(verifier: JwtVerifier, header: string | undefined): Promise<ClientAuth> {
  if (!header) return { identity: ANONYMOUS }; // citizens' public operations (the public slice)
  const match = /^Bearer (.+)$/i.exec(header);
  if (!match) return { error: unauthenticated('Authorization header must be "Bearer <token>"') };
  try {
    return { identity: await verifier.verify(match[1]) };
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
