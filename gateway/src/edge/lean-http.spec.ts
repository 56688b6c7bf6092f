import type { IncomingMessage } from 'node:http';
import { LEAN_BODY_LIMIT, takesLeanPath } from './lean-http';

const req = (method: string, url: string, headers: Record<string, string>) =>
  ({ method, url, headers }) as unknown as IncomingMessage;
const json = { 'content-type': 'application/json', 'content-length': '42' };

describe('takesLeanPath (which requests skip express)', () => {
  it('takes a POST to /graphql with a JSON body of a declared size within the limit', () => {
    expect(takesLeanPath(req('POST', '/graphql', json))).toBe(true);
    expect(
      takesLeanPath(req('POST', '/graphql', { ...json, 'content-type': 'application/json; charset=utf-8' })),
    ).toBe(true);
    expect(takesLeanPath(req('POST', '/graphql', { ...json, 'content-type': 'Application/JSON' }))).toBe(
      true,
    );
    expect(
      takesLeanPath(req('POST', '/graphql', { ...json, 'content-length': String(LEAN_BODY_LIMIT) })),
    ).toBe(true);
  });

  it('leaves everything else to express', () => {
    const others: [string, string, Record<string, string>][] = [
      ['GET', '/graphql', json],
      ['OPTIONS', '/graphql', json],
      ['POST', '/graphql/', json],
      ['POST', '/graphql?x=1', json],
      ['POST', '/health/live', json],
      ['POST', '/graphql', { ...json, 'content-type': 'text/plain' }],
      ['POST', '/graphql', { ...json, 'content-type': 'application/json; charset=latin1' }],
      ['POST', '/graphql', { ...json, 'content-type': 'application/graphql-response+json' }],
      ['POST', '/graphql', { 'content-type': 'application/json' }], // no length: chunked
      ['POST', '/graphql', { ...json, 'content-length': '0' }],
      ['POST', '/graphql', { ...json, 'content-length': String(LEAN_BODY_LIMIT + 1) }],
      ['POST', '/graphql', { ...json, 'content-encoding': 'gzip' }],
      ['POST', '/graphql', { ...json, 'transfer-encoding': 'chunked' }],
    ];
    for (const [method, url, headers] of others) expect(takesLeanPath(req(method, url, headers))).toBe(false);
  });
});
