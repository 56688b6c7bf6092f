import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import { AuthError, IdentityProviderUnavailableError, JwtVerifier, signDevToken } from '../src';

/**
 * A real HTTP identity provider in miniature: a discovery document and a JWKS whose keys the test rotates.
 * The verifier finds the key set through discovery and must accept tokens signed by a key that appeared
 * after it cached the set, and refuse the retired key's tokens once the provider drops it.
 */
describe('OIDC verification with a provider that rotates its keys', () => {
  let server: Server;
  let issuer: string;
  let published: JWK[] = [];
  let jwksFetches = 0;
  const keys: Record<string, KeyLike> = {};

  const newKey = async (kid: string) => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    keys[kid] = privateKey;
    return { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  };
  const token = (kid: string, claims: Record<string, unknown> = {}, aud = 'urp') =>
    new SignJWT({ realm_access: { roles: ['referent'] }, offices: ['off-tributi'], ...claims })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject('anna')
      .setIssuer(issuer)
      .setAudience(aud)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(keys[kid]);

  beforeAll(async () => {
    server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/realms/urp/.well-known/openid-configuration') {
        res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/protocol/openid-connect/certs` }));
      } else if (req.url === '/realms/urp/protocol/openid-connect/certs') {
        jwksFetches++;
        res.end(JSON.stringify({ keys: published }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/urp`;
    published = [await newKey('k1')];
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const verifier = () =>
    new JwtVerifier({
      issuer: 'urp-dev',
      audience: 'urp',
      secret: 'dev-secret-0123456789abcdef0123456789',
      oidc: { issuer: `${issuer}`, audience: 'urp', jwksCooldownMs: 0 },
    });

  it('accepts a token of the current key, caches the key set, and maps roles and offices', async () => {
    const v = verifier();
    const before = jwksFetches;
    expect(await v.verify(await token('k1'))).toEqual({
      sub: 'anna',
      roles: ['referent'],
      offices: ['off-tributi'],
    });
    await v.verify(await token('k1'));
    expect(jwksFetches - before).toBe(1); // the second token used the cached set
  });

  it('accepts a token of a key added by a rotation, and refuses the retired key once it is withdrawn', async () => {
    const v = verifier();
    await v.verify(await token('k1'));
    published = [await newKey('k2'), ...published]; // rotation: the new key is published…
    expect((await v.verify(await token('k2'))).sub).toBe('anna'); // …an unknown kid makes jose fetch again
    const retired = await token('k1');
    published = published.filter((k) => k.kid !== 'k1'); // …and the old one withdrawn
    await expect(verifier().verify(retired)).rejects.toThrow(AuthError);
  });

  it('checks issuer and audience, and never lets an HS256 token through the provider path', async () => {
    const v = verifier();
    await expect(v.verify(await token('k2', {}, 'someone-else'))).rejects.toThrow(/aud/);
    const forged = await new SignJWT({ realm_access: { roles: ['admin'] } })
      .setProtectedHeader({ alg: 'RS256', kid: 'k2' })
      .setSubject('x')
      .setIssuer('http://evil.example/realms/urp')
      .setAudience('urp')
      .setExpirationTime('5m')
      .sign(keys.k2);
    await expect(v.verify(forged)).rejects.toThrow(/iss/);
    // the development secret keeps working next to the provider (tests, offline `npm run token`)…
    const dev = await signDevToken(
      { sub: 'op', roles: ['operator'], offices: ['off-anagrafe'] },
      { issuer: 'urp-dev', audience: 'urp', secret: 'dev-secret-0123456789abcdef0123456789' },
    );
    expect(await v.verify(dev)).toEqual({ sub: 'op', roles: ['operator'], offices: ['off-anagrafe'] });
    // …and without the secret an HS256 token is refused, whatever it claims
    const oidcOnly = new JwtVerifier({
      issuer: 'urp-dev',
      audience: 'urp',
      oidc: { issuer, audience: 'urp' },
    });
    await expect(oidcOnly.verify(dev)).rejects.toThrow(AuthError);
  });

  it('reports an unreachable provider as unavailable, not as a bad token', async () => {
    const down = new JwtVerifier({
      issuer: 'x',
      audience: 'urp',
      oidc: { issuer: 'http://127.0.0.1:9/realms/urp', audience: 'urp', timeoutMs: 500 },
    });
    await expect(down.verify(await token('k2'))).rejects.toThrow(IdentityProviderUnavailableError);
  });
});
