import { signIdentity, verifyIdentityCached } from './identity';

const SECRET = 'k'.repeat(32);

describe('verifyIdentityCached', () => {
  it('answers the same identity for the same token, a copy each time', async () => {
    const token = await signIdentity({ sub: 'op-giulia', roles: ['operator'], offices: ['urp'] }, SECRET);
    const a = await verifyIdentityCached(token, SECRET);
    const b = await verifyIdentityCached(token, SECRET);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ sub: 'op-giulia', roles: ['operator'] });
    a.roles.push('admin');
    expect((await verifyIdentityCached(token, SECRET)).roles).toEqual(['operator']);
  });

  it('refuses a token signed with another secret or altered, every time', async () => {
    const token = await signIdentity({ sub: 'op-giulia', roles: ['operator'] }, SECRET);
    await expect(verifyIdentityCached(token, 'x'.repeat(32))).rejects.toThrow(/invalid gateway identity/);
    const [h, p, s] = token.split('.');
    const forged = [
      h,
      Buffer.from(
        JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), roles: ['admin'] }),
      ).toString('base64url'),
      s,
    ].join('.');
    await expect(verifyIdentityCached(forged, SECRET)).rejects.toThrow(/invalid gateway identity/);
    await expect(verifyIdentityCached(forged, SECRET)).rejects.toThrow(/invalid gateway identity/);
  });
});
