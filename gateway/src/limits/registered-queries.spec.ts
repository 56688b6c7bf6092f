import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { RegisteredQueries } from './registered-queries';

const sha = (q: string) => createHash('sha256').update(q).digest('hex');

describe('registered queries (the console sends only their hash)', () => {
  it("serves the console's operations from its manifest, by the SHA-256 of their text", async () => {
    const manifest = join(
      __dirname,
      '..',
      '..',
      '..',
      'apps',
      'console',
      'src',
      'gql',
      'persisted-documents.json',
    );
    const registered = RegisteredQueries.fromFile(manifest);
    expect(registered.size).toBeGreaterThan(10);
    const [hash, query] = Object.entries(require(manifest) as Record<string, string>)[0];
    expect(hash).toBe(`sha256:${sha(query)}`);
    expect(await registered.get(`apq:${sha(query)}`)).toBe(query);
  });

  it('a registered text cannot be replaced; other clients keep bounded automatic persisted queries', async () => {
    const q = '{ publicSheets(first: 1) { id } }';
    const registered = new RegisteredQueries({ [`sha256:${sha(q)}`]: q });
    await registered.set(`apq:${sha(q)}`, '{ contacts(first: 100) { id } }');
    expect(await registered.get(`apq:${sha(q)}`)).toBe(q);
    for (let i = 0; i < 1500; i++) await registered.set(`apq:other-${i}`, `{ a${i} }`);
    expect(await registered.get('apq:other-0')).toBeUndefined();
    expect(await registered.get('apq:other-1499')).toBe('{ a1499 }');
    expect(await registered.get('apq:unknown')).toBeUndefined();
  });
});
