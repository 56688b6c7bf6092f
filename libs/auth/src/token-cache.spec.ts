import { jwtExpiry, TokenCache } from './token-cache';

describe('TokenCache', () => {
  let t = 0;
  const cache = () => new TokenCache<string>({ maxAgeMs: 1000, maxEntries: 2, now: () => t });
  beforeEach(() => (t = 1_000_000));

  it('computes once per key while the entry is young, then again', async () => {
    const c = cache();
    const compute = jest.fn(async () => `v${t}`);
    expect(await c.get('a', compute)).toBe('v1000000');
    t += 999;
    expect(await c.get('a', compute)).toBe('v1000000');
    t += 1;
    expect(await c.get('a', compute)).toBe('v1001000');
    expect(compute).toHaveBeenCalledTimes(2);
  });

  it('never reuses a value past the expiry it names', async () => {
    const c = cache();
    const compute = jest.fn(async () => 'token');
    await c.get('a', compute, () => t + 10);
    t += 10;
    await c.get('a', compute, () => t + 10);
    expect(compute).toHaveBeenCalledTimes(2);
  });

  it('does not keep failures: the next call tries again', async () => {
    const c = cache();
    await expect(c.get('a', () => Promise.reject(new Error('invalid token')))).rejects.toThrow('invalid');
    await new Promise((r) => setImmediate(r));
    expect(await c.get('a', async () => 'ok')).toBe('ok');
  });

  it('keeps at most maxEntries, dropping the oldest', async () => {
    const c = cache();
    for (const k of ['a', 'b', 'c']) await c.get(k, async () => k);
    expect(c.size).toBe(2);
    const compute = jest.fn(async () => 'a again');
    expect(await c.get('a', compute)).toBe('a again');
  });
});

describe('jwtExpiry', () => {
  const jwt = (payload: object) =>
    ['e30', Buffer.from(JSON.stringify(payload)).toString('base64url'), 'sig'].join('.');

  it('reads exp in milliseconds', () => expect(jwtExpiry(jwt({ exp: 1700000000 }))).toBe(1700000000000));
  it('is undefined without exp or for garbage', () => {
    expect(jwtExpiry(jwt({ sub: 'x' }))).toBeUndefined();
    expect(jwtExpiry('not a token')).toBeUndefined();
    expect(jwtExpiry('a.!!!.c')).toBeUndefined();
  });
});
