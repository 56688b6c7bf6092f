import { jwtVerify, SignJWT, importSPKI, type JWTPayload, type KeyLike } from 'jose';

/** The demo and production roles of the platform. */
export const ROLES = [
  'operator',
  'backoffice',
  'referent',
  'manager',
  'analyst',
  'admin',
  'service',
] as const;
export type Role = (typeof ROLES)[number];
/**
 * `service`: another URP service calling on its own behalf (e.g. resolving a recipient's address at delivery
 * time), with an identity it signs itself (`signIdentity`). Never accepted from a user's token.
 */
export const USER_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'service');

/** Who is calling: a staff member with roles, or an anonymous citizen (e.g. answering a survey). */
export interface Identity {
  sub: string;
  roles: Role[];
  name?: string;
  anonymous?: boolean;
}

export const ANONYMOUS: Identity = Object.freeze({ sub: 'anonymous', roles: [], anonymous: true });

export class AuthError extends Error {
  override readonly name = 'AuthError';
}

export interface JwtVerifierOptions {
  issuer: string;
  audience: string;
  /** HS256 shared secret (development), or… */
  secret?: string;
  /** …an SPKI PEM public key (RS256/ES256) from the identity provider. */
  publicKeyPem?: string;
  algorithm?: string;
}

const enc = (s: string) => new TextEncoder().encode(s);

function toIdentity(payload: JWTPayload, allowed: readonly Role[] = ROLES): Identity {
  const roles = Array.isArray(payload.roles)
    ? payload.roles.filter((r): r is Role => allowed.includes(r as Role))
    : [];
  if (!payload.sub) throw new AuthError('token has no subject');
  return { sub: payload.sub, roles, ...(typeof payload.name === 'string' ? { name: payload.name } : {}) };
}

/** Verifies the bearer tokens users bring to the gateway (issuer, audience, signature, expiry). */
export class JwtVerifier {
  private key?: Promise<KeyLike | Uint8Array>;
  constructor(private readonly options: JwtVerifierOptions) {
    if (!options.secret && !options.publicKeyPem)
      throw new Error('JwtVerifier needs a secret or a public key');
  }

  private getKey(): Promise<KeyLike | Uint8Array> {
    this.key ??= this.options.publicKeyPem
      ? importSPKI(this.options.publicKeyPem, this.options.algorithm ?? 'RS256')
      : Promise.resolve(enc(this.options.secret!));
    return this.key;
  }

  /** Loads the key now, so a bad key stops the gateway at boot instead of failing every request. */
  async init(): Promise<this> {
    await this.getKey();
    return this;
  }

  async verify(token: string): Promise<Identity> {
    try {
      const { payload } = await jwtVerify(token, await this.getKey(), {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: [this.options.publicKeyPem ? (this.options.algorithm ?? 'RS256') : 'HS256'],
        requiredClaims: ['exp', 'sub'],
      });
      return toIdentity(payload, USER_ROLES);
    } catch (e) {
      if (e instanceof AuthError) throw e;
      throw new AuthError(`invalid token: ${(e as Error).message}`);
    }
  }
}

/** Issues HS256 tokens for the demo roles (development only: `npm run token`). */
export async function signDevToken(
  identity: { sub: string; roles: Role[]; name?: string },
  options: { issuer: string; audience: string; secret: string; expiresIn?: string },
): Promise<string> {
  return new SignJWT({ roles: identity.roles, ...(identity.name ? { name: identity.name } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.sub)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '8h')
    .sign(enc(options.secret));
}

// ---------------------------------------------------------------- gateway -> subgraph identity

/** The header in which the gateway forwards the verified identity to subgraphs. */
export const IDENTITY_HEADER = 'x-urp-identity';
const IDENTITY_AUDIENCE = 'urp-subgraphs';
const IDENTITY_ISSUER = 'urp-gateway';

/**
 * Signs the identity for one subgraph request (HS256, 15 s). Subgraphs trust nothing else: a request
 * that did not pass through the gateway has no valid signature and is refused.
 */
export async function signIdentity(identity: Identity, secret: string): Promise<string> {
  return new SignJWT({
    roles: identity.roles,
    anon: identity.anonymous ?? false,
    ...(identity.name ? { name: identity.name } : {}),
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.sub)
    .setIssuer(IDENTITY_ISSUER)
    .setAudience(IDENTITY_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('15s')
    .sign(enc(secret));
}

export async function verifyIdentity(token: string, secret: string): Promise<Identity> {
  try {
    const { payload } = await jwtVerify(token, enc(secret), {
      issuer: IDENTITY_ISSUER,
      audience: IDENTITY_AUDIENCE,
      algorithms: ['HS256'],
      requiredClaims: ['exp'],
    });
    return payload.anon ? { ...ANONYMOUS } : toIdentity(payload);
  } catch (e) {
    throw new AuthError(`invalid gateway identity: ${(e as Error).message}`);
  }
}
