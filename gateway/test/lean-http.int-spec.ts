import { createServer, type Server } from 'node:http';
import { request } from 'node:http';
import { signDevToken } from '@urp/auth';
import { freePorts, spawnGateway, TEST_AUTH, type RunningProcess } from '@urp/testing';

/**
 * The lean `/graphql` handler (src/edge/lean-http.ts) answers what the express path answers. Two gateways in
 * front of the same canned subgraph (no database needed): one as deployed (the lean path on) and one with
 * `GATEWAY_LEAN_HTTP=false`. Each request goes to both, and the status, every header (but `Date` and the
 * connection's) and the body must be the same byte for byte: answers, refusals (no token, a bad token, the
 * public slice, limits, a 429 with its headers), bodies that are not JSON or not an object, a byte-order mark,
 * batches, persisted queries, the requests the lean path leaves to express (GET, other content types, an
 * oversized body). Also: GET (express) and POST (lean) share one rate limiter, and `/metrics` labels the lean
 * path's requests as the express path's.
 *
 *   npx jest --runInBand gateway/test/lean-http.int-spec.ts
 */
const PROBE = 'query PhaseLabels { phaseLabels { status label } }';
const LABELS = { data: { phaseLabels: [{ status: 'RECEIVED', label: 'Ricevuta' }] } };
const PARTIAL = {
  data: { phaseLabels: null },
  errors: [{ message: 'qualcosa non va', path: ['phaseLabels'], extensions: { code: 'BAD_USER_INPUT' } }],
};
const ANONYMOUS_LIMIT = 40;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One raw HTTP request (exact bytes and headers: fetch would add or normalise some). */
function send(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | Buffer,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const { date: _date, connection: _connection, 'keep-alive': _keepAlive, ...rest } = res.headers;
        // the rate limit's window started a moment apart on the two gateways: its reset may differ by a second
        // (and so the 429's retry hint, in its header and its body)
        if (typeof rest.ratelimit === 'string')
          rest.ratelimit = rest.ratelimit.replace(/reset=\d+/, 'reset=…');
        let text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode === 429) {
          rest['retry-after'] = rest['retry-after'] === undefined ? undefined : '…';
          rest['content-length'] = '…';
          text = text
            .replace(/tra \d+ secondi/, 'tra … secondi')
            .replace(/"retryAfterSeconds":\d+/, '"retryAfterSeconds":0');
        }
        resolve({ status: res.statusCode ?? 0, headers: rest, body: text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the lean /graphql path answers what the express path answers', () => {
  let subgraph: Server;
  let lean: RunningProcess;
  let viaExpress: RunningProcess;
  let staff: string;

  beforeAll(async () => {
    const [subgraphPort, leanPort, expressPort] = await freePorts(3);
    subgraph = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const answer = body.includes('Partial') ? PARTIAL : LABELS;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((r) => subgraph.listen(subgraphPort, '127.0.0.1', r));
    const stub = `http://127.0.0.1:${subgraphPort}`;
    const subgraphs = {
      contacts: stub,
      satisfaction: stub,
      knowledge: stub,
      procedures: stub,
      campaigns: stub,
    };
    const env = { RATE_LIMIT_ANONYMOUS: String(ANONYMOUS_LIMIT), LOG_LEVEL: 'warn' };
    [lean, viaExpress] = await Promise.all([
      spawnGateway(subgraphs, leanPort, env),
      spawnGateway(subgraphs, expressPort, { ...env, GATEWAY_LEAN_HTTP: 'false' }),
    ]);
    staff = await signDevToken({ sub: 'lean-staff', roles: ['operator'], offices: ['urp'] }, TEST_AUTH);
  }, 180_000);

  afterAll(async () => {
    await lean?.stop();
    await viaExpress?.stop();
    await new Promise((r) => subgraph?.close(r));
  });

  const both = async (
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string | Buffer,
  ) => {
    const a = await send(lean.url, method, path, headers, body);
    const b = await send(viaExpress.url, method, path, headers, body);
    expect(a).toEqual(b);
    return a;
  };
  const json = { 'content-type': 'application/json' };
  const asStaff = () => ({ ...json, authorization: `Bearer ${staff}` });

  it('answers a query the same, direct path and executor alike', async () => {
    const ok = await both('POST', '/graphql', asStaff(), JSON.stringify({ query: PROBE }));
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual(LABELS);
    // twice more: the direct path decides after the first request of a document
    await both('POST', '/graphql', asStaff(), JSON.stringify({ query: PROBE }));
    await both('POST', '/graphql', asStaff(), JSON.stringify({ query: PROBE, operationName: 'PhaseLabels' }));
    await both(
      'POST',
      '/graphql',
      { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${staff}` },
      JSON.stringify({ query: PROBE, variables: {} }),
    );
    const partial = await both(
      'POST',
      '/graphql',
      asStaff(),
      JSON.stringify({ query: `query Partial { phaseLabels { status label } }`, operationName: 'Partial' }),
    );
    expect(partial.body).toContain('qualcosa non va');
  });

  it('refuses the same: no token, a bad token, the limits, bad variables', async () => {
    expect((await both('POST', '/graphql', json, JSON.stringify({ query: PROBE }))).status).toBe(401);
    const bad = { ...json, authorization: 'Bearer not-a-token' };
    expect((await both('POST', '/graphql', bad, JSON.stringify({ query: PROBE }))).status).toBe(401);
    const basic = { ...json, authorization: 'Basic x' };
    expect((await both('POST', '/graphql', basic, JSON.stringify({ query: PROBE }))).status).toBe(401);
    const deep = `{ phaseLabels { ${'status '.repeat(3)} } ${Array.from({ length: 20 }, (_, i) => `a${i}: phaseLabels { status }`).join(' ')} }`;
    expect((await both('POST', '/graphql', asStaff(), JSON.stringify({ query: deep }))).status).toBe(400);
    await both('POST', '/graphql', asStaff(), JSON.stringify({ query: '{ nope }' }));
    await both('POST', '/graphql', asStaff(), JSON.stringify({ query: '{' }));
    await both('POST', '/graphql', asStaff(), JSON.stringify({ query: PROBE, variables: 'x' }));
    await both('POST', '/graphql', asStaff(), JSON.stringify({ nothing: true }));
    await both(
      'POST',
      '/graphql',
      asStaff(),
      JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }),
    );
  });

  it('treats bodies that are not a JSON object as express does', async () => {
    for (const body of ['{"query":', '"just a string"', '42', 'null', ' {"query": "{ x }"} trailing', '[]'])
      expect((await both('POST', '/graphql', asStaff(), body)).status).toBeGreaterThanOrEqual(400);
    await both('POST', '/graphql', asStaff(), JSON.stringify([{ query: PROBE }])); // a batch
    const bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(JSON.stringify({ query: PROBE })),
    ]);
    expect((await both('POST', '/graphql', asStaff(), bom)).status).toBe(200);
    await both('POST', '/graphql', asStaff(), Buffer.from([0x7b, 0xff, 0xfe, 0x7d])); // not UTF-8
  });

  it('leaves the other requests to express, with the same answers', async () => {
    const query = `/graphql?query=${encodeURIComponent(PROBE)}`;
    await both('GET', query, { authorization: `Bearer ${staff}`, 'apollo-require-preflight': 'true' });
    await both('GET', query, { authorization: `Bearer ${staff}` }); // CSRF prevention
    await both('POST', '/graphql', { 'content-type': 'text/plain', authorization: `Bearer ${staff}` }, '{}');
    await both(
      'POST',
      '/graphql?x=1',
      asStaff(),
      JSON.stringify({ query: PROBE }), // a query string
    );
    const big = JSON.stringify({ query: PROBE, variables: { pad: 'x'.repeat(110 * 1024) } });
    expect((await both('POST', '/graphql', asStaff(), big)).status).toBe(413);
    await both('POST', '/graphql', { ...asStaff(), 'content-length': '0' }, '');
    await both('OPTIONS', '/graphql', {});
    await both('GET', '/health/live', {});
  });

  it('counts GET and POST in one rate limit, and answers the 429 the same', async () => {
    const post = () => both('POST', '/graphql', json, JSON.stringify({ query: PROBE }));
    const get = () =>
      both('GET', `/graphql?query=${encodeURIComponent(PROBE)}`, { 'apollo-require-preflight': '1' });
    const statuses: number[] = [];
    for (let i = 0; i < ANONYMOUS_LIMIT + 2; i++) statuses.push((await (i % 2 ? get() : post())).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    // the earlier tests spent part of the anonymous budget: what is left runs out on the same request on both,
    // whichever path (GET or POST) it came by
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('…'); // present on both
    expect(JSON.parse(limited.body).errors[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('labels the lean path in /metrics as express labelled it', async () => {
    const series = (text: string) =>
      text
        .split('\n')
        .filter((l) => l.startsWith('urp_http_request_duration_seconds_count'))
        .map((l) => l.replace(/ \d+(\.\d+)?$/, ''))
        .sort();
    const a = series(await (await fetch(`${lean.url}/metrics`)).text());
    const b = series(await (await fetch(`${viaExpress.url}/metrics`)).text());
    expect(a).toEqual(b);
    expect(a).toContain(
      'urp_http_request_duration_seconds_count{service="gateway",method="POST",route="/graphql/graphql",status="200"}',
    );
    // and the lean gateway did serve them on the lean path (the other never did)
    const leanCount = async (url: string) =>
      Number(
        /urp_gateway_lean_http_requests_total\{[^}]*\} (\d+)/.exec(
          await (await fetch(`${url}/metrics`)).text(),
        )?.[1] ?? 0,
      );
    expect(await leanCount(lean.url)).toBeGreaterThan(30);
    expect(await leanCount(viaExpress.url)).toBe(0);
  });
});
