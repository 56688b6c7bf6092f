import { decodeProtectedHeader, jwtVerify, SignJWT, importSPKI, type JWTPayload, type KeyLike } from 'jose';
import { DEFAULT_CLAIM_MAPPING, identityFromClaims, type ClaimMapping } from './claims';
import { OidcTokenVerifier, type OidcOptions } from './oidc';
import { jwtExpiry, TokenCache } from './token-cache';

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
  /**
   * The knowledge base's office ids the staff member works for (a referent answers for these offices).
   * Empty when the provider says nothing: services decide whether that means "no office" or "not scoped".
   */
  offices?: string[];
  name?: string;
  anonymous?: boolean;
}

export const ANONYMOUS: Identity = Object.freeze({ sub: 'anonymous', roles: [], anonymous: true });

export class AuthError extends Error {
  override readonly name = 'AuthError';
}

export interface JwtVerifierOptions {
  /** Issuer and audience of the statically keyed tokens (`secret` or `publicKeyPem`). */
  issuer: string;
  audience: string;
  /** HS256 shared secret (development and tests: `npm run token` offline), and/or… */
  secret?: string;
  /** …an SPKI PEM public key (RS256/ES256) from the identity provider, or… */
  publicKeyPem?: string;
  algorithm?: string;
  /** …an OpenID Connect provider found by issuer discovery, with rotating keys. */
  oidc?: OidcOptions;
  /** Where the provider's tokens (OIDC or `publicKeyPem`) carry roles and offices. */
  claims?: ClaimMapping;
}

const enc = (s: string) => new TextEncoder().encode(s);

/** Our own tokens (dev tokens, the gateway's forwarded identity) carry `roles` and `offices` at the top. */
const OWN_CLAIMS: ClaimMapping = { rolesClaim: 'roles', officesClaim: 'offices' };

function toIdentity(payload: JWTPayload, allowed: readonly Role[] = ROLES): Identity {
  const roles = Array.isArray(payload.roles)
    ? payload.roles.filter((r): r is Role => allowed.includes(r as Role))
    : [];
  if (!payload.sub) throw new AuthError('token has no subject');
  const offices = Array.isArray(payload.offices)
    ? payload.offices.filter((o): o is string => typeof o === 'string')
    : [];
  return {
    sub: payload.sub,
    roles,
    offices,
    ...(typeof payload.name === 'string' ? { name: payload.name } : {}),
  };
}

/**
 * Verifies the bearer tokens users bring to the gateway (issuer, audience, signature, expiry). With an OIDC
 * provider and a development secret both configured, an HS256 token is checked against the secret and any
 * other against the provider's key set.
 */
export class JwtVerifier {
  private key?: Promise<KeyLike | Uint8Array>;
  private readonly oidc?: OidcTokenVerifier;
  constructor(private readonly options: JwtVerifierOptions) {
    if (!options.secret && !options.publicKeyPem && !options.oidc)
      throw new Error('JwtVerifier needs a secret, a public key or an OIDC issuer');
    if (options.oidc) this.oidc = new OidcTokenVerifier(options.oidc);
  }

  /** The OIDC side, for warming its discovery up and reporting whether the provider answers. */
  get oidcProvider(): OidcTokenVerifier | undefined {
    return this.oidc;
  }

  private getKey(): Promise<KeyLike | Uint8Array> | undefined {
    if (!this.options.publicKeyPem && !this.options.secret) return undefined;
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
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new AuthError('invalid token: not a JWT');
    }
    const devToken = alg === 'HS256' && !!this.options.secret;
    if (this.oidc && !devToken) {
      return identityFromClaims(await this.oidc.verify(token), this.options.claims ?? DEFAULT_CLAIM_MAPPING);
    }
    const key = this.getKey();
    if (!key) throw new AuthError(`invalid token: ${alg} tokens are not accepted`);
    try {
      const { payload } = await jwtVerify(token, await key, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: [this.options.publicKeyPem ? (this.options.algorithm ?? 'RS256') : 'HS256'],
        requiredClaims: ['exp', 'sub'],
      });
      return identityFromClaims(
        payload,
        this.options.publicKeyPem ? (this.options.claims ?? OWN_CLAIMS) : OWN_CLAIMS,
      );
    } catch (e) {
      if (e instanceof AuthError) throw e;
      throw new AuthError(`invalid token: ${(e as Error).message}`);
    }
  }
}

/** Issues HS256 tokens for the demo roles (development only: `npm run token`). */
export async function signDevToken(
  identity: { sub: string; roles: Role[]; name?: string; offices?: string[] },
  options: { issuer: string; audience: string; secret: string; expiresIn?: string },
): Promise<string> {
  return new SignJWT({
    roles: identity.roles,
    ...(identity.offices?.length ? { offices: identity.offices } : {}),
    ...(identity.name ? { name: identity.name } : {}),
  })
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
    offices: identity.offices ?? [],
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

/** Verified identities by secret: the gateway reuses a caller's signed identity for a few seconds. */
const verifiedIdentities = new Map<string, TokenCache<Identity>>();

/**
 * `verifyIdentity` for the services' request path: the same token string is verified once and its identity
 * reused until the token's own `exp` (15 s at most, as the gateway signs them). An HMAC per request was about
 * 7 % of a subgraph's CPU on a cheap query (issue 17). A refused token is never cached; each caller gets its
 * own copy of the identity.
 */
export async function verifyIdentityCached(token: string, secret: string): Promise<Identity> {
  let cache = verifiedIdentities.get(secret);
  if (!cache) {
    cache = new TokenCache<Identity>({ maxAgeMs: 15_000, maxEntries: 10_000 });
    verifiedIdentities.set(secret, cache);
  }
  const exp = jwtExpiry(token);
  if (exp === undefined || exp <= Date.now()) return verifyIdentity(token, secret); // it says why
  return structuredClone(
    await cache.get(
      token,
      () => verifyIdentity(token, secret),
      () => exp,
    ),
  );
}
