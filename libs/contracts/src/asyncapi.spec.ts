import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import { ASYNCAPI_PATH, renderAsyncApi } from '../scripts/generate-asyncapi';
import { catalog } from '.';

describe('AsyncAPI document', () => {
  it('is valid AsyncAPI 3 according to the official parser, with a channel per topic and a message per event', async () => {
    const parser = new Parser();
    const { document, diagnostics } = await parser.parse(renderAsyncApi());
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors.map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(document).toBeDefined();
    const addresses = document!
      .channels()
      .all()
      .map((c) => c.address());
    expect(addresses.sort()).toEqual(catalog.topics.map((t) => t.name).sort());
    const names = document!
      .messages()
      .all()
      .map((m) => m.name());
    expect(names.sort()).toEqual(catalog.events.map((e) => e.type).sort());
  });

  it('is checked in up to date (run `npm run asyncapi` after changing a contract)', () => {
    expect(readFileSync(ASYNCAPI_PATH, 'utf8')).toBe(renderAsyncApi());
  });
});
