import { claimAt, DEFAULT_CLAIM_MAPPING, identityFromClaims } from './claims';
import { signIdentity, verifyIdentity } from './identity';

describe('claim mapping', () => {
  it("reads Keycloak's realm roles and the offices attribute, keeping only the platform's user roles", () => {
    const identity = identityFromClaims(
      {
        sub: 'f3b1c2d4',
        preferred_username: 'anna.ricci',
        realm_access: { roles: ['referent', 'offline_access', 'uma_authorization', 'service'] },
        offices: ['off-tributi'],
      },
      DEFAULT_CLAIM_MAPPING,
    );
    expect(identity).toEqual({
      sub: 'f3b1c2d4',
      roles: ['referent'],
      offices: ['off-tributi'],
      name: 'anna.ricci',
    });
  });

  it('follows configured paths, including a claim named by a URL with dots in it', () => {
    const payload = {
      sub: 'u1',
      name: 'Paolo Conti',
      'https://urp.example.it/roles': ['manager'],
      org: { units: 'off-tributi, off-istruzione' },
    };
    expect(
      identityFromClaims(payload, { rolesClaim: 'https://urp.example.it/roles', officesClaim: 'org.units' }),
    ).toEqual({
      sub: 'u1',
      roles: ['manager'],
      offices: ['off-tributi', 'off-istruzione'],
      name: 'Paolo Conti',
    });
  });

  it('gives no roles and no offices when the claims are missing or of the wrong type', () => {
    expect(
      identityFromClaims({ sub: 'u2', realm_access: { roles: 'admin' }, offices: 42 }, DEFAULT_CLAIM_MAPPING),
    ).toMatchObject({ roles: ['admin'], offices: [] });
    expect(identityFromClaims({ sub: 'u3' }, DEFAULT_CLAIM_MAPPING)).toMatchObject({
      roles: [],
      offices: [],
    });
    expect(claimAt({ a: null }, 'a.b')).toBeUndefined();
  });

  it('refuses a token without a subject', () => {
    expect(() => identityFromClaims({ realm_access: { roles: ['admin'] } }, DEFAULT_CLAIM_MAPPING)).toThrow(
      'token has no subject',
    );
  });

  it('forwards the offices to the subgraphs in the signed identity', async () => {
    const secret = 'unit-identity-secret-0123456789abcdef';
    const token = await signIdentity(
      { sub: 'ref-anna', roles: ['referent'], offices: ['off-tributi'] },
      secret,
    );
    expect(await verifyIdentity(token, secret)).toEqual({
      sub: 'ref-anna',
      roles: ['referent'],
      offices: ['off-tributi'],
    });
  });
});
