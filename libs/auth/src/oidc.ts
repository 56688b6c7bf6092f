import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AuthError } from './identity';

/**
 * The identity provider could not be reached (discovery document or key set): not the caller's fault, so
 * the gateway answers 503 UNAVAILABLE instead of 401.
 */
export class IdentityProviderUnavailableError extends Error {
  override readonly name = 'IdentityProviderUnavailableError';
}

export interface OidcOptions {
  /** The issuer, exactly as in the tokens' `iss` (`http://127.0.0.1:8180/realms/urp`). */
  issuer: string;
  /** The audience the tokens must carry (an audience mapper in the provider adds it). */
  audience: string;
  /** Minimum time between two key-set fetches caused by an unknown key id (a rotation): jose's default 30 s. */
  jwksCooldownMs?: number;
  /** How long a fetched key set is used before it is fetched again: jose's default 10 min. */
  jwksCacheMaxAgeMs?: number;
  /** Timeout of the discovery and key-set requests. */
  timeoutMs?: number;
  /** Accepted signature algorithms (a provider's keys are asymmetric; HS* is never accepted from it). */
  algorithms?: string[];
}

interface DiscoveryDocument {
  issuer: string;
  jwks_uri: string;
}

// jose error codes that mean "this token is not valid", as opposed to "the provider did not answer"
const TOKEN_ERRORS = new Set([
  'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'ERR_JWT_EXPIRED',
  'ERR_JWT_INVALID',
  'ERR_JWS_INVALID',
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JOSE_NOT_SUPPORTED',
  'ERR_JWK_INVALID',
]);

/**
 * Verifies access tokens of an OpenID Connect provider: the key set is found through issuer discovery
 * (`/.well-known/openid-configuration`), fetched and cached by jose's remote key set, and fetched again
 * when a token names a key id it does not know (the provider rotated its keys), at most once per cooldown.
 */
export class OidcTokenVerifier {
  private keySet?: Promise<JWTVerifyGetKey>;

  constructor(private readonly options: OidcOptions) {}

  get issuer(): string {
    return this.options.issuer;
  }

  /** Reads the discovery document (once; again after a failure) and prepares the remote key set. */
  discover(): Promise<JWTVerifyGetKey> {
    this.keySet ??= this.load().catch((e: unknown) => {
      this.keySet = undefined; // retried by the next request: the provider may just be starting
      throw e;
    });
    return this.keySet;
  }

  private async load(): Promise<JWTVerifyGetKey> {
    const { issuer, timeoutMs = 5000 } = this.options;
    const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    let doc: DiscoveryDocument;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      doc = (await res.json()) as DiscoveryDocument;
    } catch (e) {
      throw new IdentityProviderUnavailableError(
        `identity provider discovery failed (${url}): ${(e as Error).message}`,
      );
    }
    // OpenID Connect Discovery 1.0 §4.3: the document's issuer must be the one we asked
    if (doc.issuer !== issuer)
      throw new IdentityProviderUnavailableError(
        `discovery document names issuer ${doc.issuer}, expected ${issuer}`,
      );
    if (typeof doc.jwks_uri !== 'string')
      throw new IdentityProviderUnavailableError('discovery document has no jwks_uri');
    return createRemoteJWKSet(new URL(doc.jwks_uri), {
      cooldownDuration: this.options.jwksCooldownMs ?? 30_000,
      cacheMaxAge: this.options.jwksCacheMaxAgeMs ?? 600_000,
      timeoutDuration: timeoutMs,
    });
  }

  async verify(token: string): Promise<JWTPayload> {
    const keySet = await this.discover();
    try {
      const { payload } = await jwtVerify(token, keySet, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: this.options.algorithms ?? [
          'RS256',
          'RS384',
          'RS512',
          'PS256',
          'ES256',
          'ES384',
          'EdDSA',
        ],
        requiredClaims: ['exp', 'sub'],
      });
      return payload;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code && TOKEN_ERRORS.has(code)) throw new AuthError(`invalid token: ${(e as Error).message}`);
      throw new IdentityProviderUnavailableError(
        `identity provider key set unavailable: ${(e as Error).message}`,
      );
    }
  }
}
