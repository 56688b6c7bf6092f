import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signDevToken } from '@urp/auth';
import {
  freePorts,
  gql,
  spawnGateway,
  spawnService,
  TEST_AUTH,
  testInfra,
  uniqueName,
  waitFor,
  type RunningProcess,
} from '@urp/testing';

/**
 * A transparent HTTP relay in front of a real subgraph: it counts what reaches the subgraph, and can hold
 * requests without answering (a stalled dependency) to observe when the gateway gives up on them.
 */
async function relay(target: string) {
  let received = 0;
  let lastHeaders: Record<string, string | string[] | undefined> = {};
  let stalled = false;
  const held: IncomingMessage[] = [];
  const closedEarly: number[] = [];
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/graphql')) {
      received++;
      lastHeaders = req.headers;
    }
    if (stalled && req.url?.startsWith('/graphql')) {
      const t0 = Date.now();
      held.push(req);
      req.socket.once('close', () => closedEarly.push(Date.now() - t0));
      return; // never answers
    }
    const out = httpRequest(`${target}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => received,
    lastHeaders: () => lastHeaders,
    stall: (on: boolean) => (stalled = on),
    closedEarly,
    held,
    close: () => {
      held.forEach((r) => r.socket.destroy());
      return new Promise((r) => server.close(r));
    },
  };
}

const aliases = (n: number, field = 'publicSheets(first: 100) { slug }') =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

describe('gateway limits, deadlines and partial failure (real gateway, real subgraphs)', () => {
  const common = {
    MONGO_URL: testInfra.mongoUrl,
    KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
    IDENTITY_SECRET: TEST_AUTH.identitySecret,
  };
  let knowledge: RunningProcess;
  let procedures: RunningProcess;
  let gateway: RunningProcess;
  let strict: RunningProcess;
  let kb: Awaited<ReturnType<typeof relay>>;
  let staff: string;

  beforeAll(async () => {
    const [gatewayPort, strictPort, knowledgePort, proceduresPort] = await freePorts(4);
    [knowledge, procedures] = await Promise.all([
      spawnService(
        'services/knowledge-base/src/main.ts',
        {
          ...common,
          MONGO_DB: uniqueName('lim_kb').replace(/-/g, '_'),
          KAFKA_GROUP_ID: uniqueName('lim-kb'),
        },
        knowledgePort,
      ),
      spawnService(
        'services/procedures/src/main.ts',
        {
          ...common,
          MONGO_DB: uniqueName('lim_proc').replace(/-/g, '_'),
          KAFKA_GROUP_ID: uniqueName('lim-proc'),
        },
        proceduresPort,
      ),
    ]);
    kb = await relay(knowledge.url);
    [gateway, strict] = await Promise.all([
      spawnGateway({ knowledge: kb.url, procedures: procedures.url }, gatewayPort, {
        REQUEST_TIMEOUT_MS: '1500',
      }),
      // the same gateway with tiny rate limits and a long deadline (to see a client's departure, not the deadline)
      spawnGateway({ knowledge: kb.url, procedures: procedures.url }, strictPort, {
        RATE_LIMIT_ANONYMOUS: '3',
        RATE_LIMIT_STAFF: '6',
        REQUEST_TIMEOUT_MS: '30000',
      }),
    ]);
    staff = await signDevToken({ sub: 'op-limits', roles: ['operator'] }, TEST_AUTH);
  }, 120_000);

  afterAll(async () => {
    await kb?.close();
    await Promise.all([gateway?.stop(), strict?.stop(), knowledge?.stop(), procedures?.stop()]);
  });

  const ask = (query: string, variables: Record<string, unknown> = {}, token?: string, url = gateway.url) =>
    gql(`${url}/graphql`, query, variables, token ? { authorization: `Bearer ${token}` } : {});

  it('answers a public query anonymously (the baseline the limits must not break)', async () => {
    const before = Date.now();
    const res = await ask('{ publicSheets(first: 3) { slug } offices { code } }');
    const after = Date.now();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { publicSheets: [], offices: [] } });
    // the subgraph is told until when the answer is awaited (the gateway's deadline here: 1.5 s)
    const deadline = Number(kb.lastHeaders()['x-urp-deadline']);
    expect(deadline).toBeGreaterThanOrEqual(before + 1500);
    expect(deadline).toBeLessThanOrEqual(after + 1500);
  });

  it('refuses 1,000 aliases of publicSheets(first: 100) before any subgraph sees it', async () => {
    const query = aliases(1000);
    const before = kb.received();
    const timed = async () => {
      const t0 = process.hrtime.bigint();
      const r = await ask(query);
      return { r, ms: (Number(process.hrtime.bigint() - t0) / 1e6).toFixed(1) };
    };
    const first = await timed();
    const again = await timed();
    console.log(
      `1,000-alias query (${(query.length / 1024).toFixed(1)} KB) refused in ${first.ms} ms, ` +
        `then ${again.ms} ms (HTTP round trip included)`,
    );
    expect(again.r.status).toBe(400);
    const res = first.r;
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors?.[0].message).toMatch(/more that 5000 tokens|troppi alias/); // the parser stops first
    // a smaller one passes the token limit and meets the alias limit
    const fifty = await ask(aliases(50));
    expect(fifty.status).toBe(400);
    expect(fifty.body.errors).toEqual([
      expect.objectContaining({
        message: 'troppi alias nella richiesta: 50, il massimo è 15',
        extensions: expect.objectContaining({ code: 'QUERY_TOO_MANY_ALIASES' }),
      }),
    ]);
    expect(kb.received()).toBe(before);
  });

  it('refuses deep and costly queries with a clear error, before execution', async () => {
    const before = kb.received();
    const deep = await ask(
      `{ offices { head { office { head { office { head { office { head { office { head { office { head { name } } } } } } } } } } } } }`,
    );
    expect(deep.status).toBe(400);
    expect(deep.body.errors?.[0].extensions?.code).toBe('QUERY_TOO_DEEP');
    expect(deep.body.errors?.[0].message).toMatch(
      /^richiesta troppo annidata: profondità \d+, il massimo è 12$/,
    );

    const costly = await ask('query($n: Int) { publicSheets(first: $n) { slug title } }', { n: 100000 });
    expect(costly.status).toBe(400);
    expect(costly.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^richiesta troppo costosa: costo stimato 200001, il massimo è 10000/),
      extensions: { code: 'QUERY_TOO_COSTLY', limit: 10000, found: 200001 },
    });
    // variables of the wrong type are the caller's error, not the server's
    const badVariable = await ask('query($n: Int) { publicSheets(first: $n) { slug } }', { n: 'cento' });
    expect(badVariable.status).toBe(400);
    expect(badVariable.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(kb.received()).toBe(before);
  });

  it('keeps anonymous callers to the public slice, before any subgraph is asked', async () => {
    const before = kb.received();
    const res = await ask('{ publicSheets { slug } sheets(first: 1) { id } }');
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]).toMatchObject({
      message: 'per sheets serve un accesso del personale: accedi e riprova',
      extensions: { code: 'UNAUTHENTICATED', fields: ['sheets'] },
    });
    expect(kb.received()).toBe(before);
    // staff may
    expect((await ask('{ sheets(first: 1) { id } }', {}, staff)).body).toEqual({ data: { sheets: [] } });
  });

  it('refuses control characters in variables and literals, naming the field', async () => {
    const viaVariable = await ask('query($q: String!) { publicSearch(query: $q) { total } }', {
      q: 'carta\u0007identità',
    });
    expect(viaVariable.status).toBe(400);
    expect(viaVariable.body.errors?.[0]).toMatchObject({
      message: 'il campo «q» contiene caratteri di controllo non ammessi',
      extensions: { code: 'BAD_USER_INPUT', field: 'q' },
    });
    const viaLiteral = await ask('{ publicSearch(query: "carta\\u001bidentità") { total } }');
    expect(viaLiteral.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query' });
    // tab and new lines are text
    const fine = await ask('query($q: String!) { publicSearch(query: $q) { total } }', {
      q: 'carta\td\nidentità',
    });
    expect(fine.body.errors).toBeUndefined();
  });

  it('keeps introspection and field suggestions off by default', async () => {
    const res = await ask('{ __schema { queryType { name } } }', {}, staff);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors?.[0].message).toMatch(/introspection/i);
    const typo = await ask('{ publicSheetz { slug } }', {}, staff);
    expect(typo.body.errors?.[0].message).not.toMatch(/did you mean/i);
    expect(typo.body.errors?.[0].message).not.toContain('publicSheets');
  });

  it('gives a stalled subgraph up at the deadline: UNAVAILABLE with a retry hint, the fetch aborted', async () => {
    kb.stall(true);
    try {
      const closedBefore = kb.closedEarly.length;
      const res = await ask('{ office(code: "urp") { name } procedureTypes { code } }', {}, staff);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ office: null, procedureTypes: [] }); // partial: procedures answered
      expect(res.body.errors).toEqual([
        {
          message: 'il servizio «base di conoscenza» non ha risposto entro 2 secondi: riprova tra 5 secondi',
          extensions: { code: 'UNAVAILABLE', service: 'knowledge', retryAfterSeconds: 5 },
        },
      ]);
      await waitFor(() => kb.closedEarly.length > closedBefore, {
        what: 'the gateway to close the stalled fetch',
      });
    } finally {
      kb.stall(false);
    }
  });

  it('aborts the subgraph fetches of a client that leaves before its answer', async () => {
    kb.stall(true);
    try {
      const closedBefore = kb.closedEarly.length;
      const heldBefore = kb.held.length;
      const client = new AbortController();
      const pending = fetch(`${strict.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}` },
        body: JSON.stringify({ query: '{ sheets(first: 1) { id } }' }),
        signal: client.signal,
      }).catch(() => 'aborted');
      await waitFor(() => kb.held.length > heldBefore, { what: 'the fetch to reach the stalled subgraph' });
      client.abort();
      expect(await pending).toBe('aborted');
      // the gateway's deadline is 30 s: the subgraph request closes now because the client left
      const gone = await waitFor(() => kb.closedEarly[closedBefore], {
        timeoutMs: 10_000,
        what: 'the fetch to close',
      });
      console.log(`subgraph fetch closed ${gone} ms after it started (client left; deadline 30 s)`);
      expect(strict.logs()).toContain('client closed the connection before its answer');
    } finally {
      kb.stall(false);
    }
  });

  it('limits each client: anonymous by IP, staff by subject, 429 with Retry-After', async () => {
    const q = '{ offices { code } }';
    const anonymous = [];
    for (let i = 0; i < 4; i++) anonymous.push(await ask(q, {}, undefined, strict.url));
    expect(anonymous.slice(0, 3).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(anonymous[3].status).toBe(429);
    expect(anonymous[3].body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^troppe richieste: riprova tra \d+ secondi$/),
      extensions: { code: 'RATE_LIMITED' },
    });
    const raw = await fetch(`${strict.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: q }),
    });
    expect(raw.status).toBe(429);
    expect(Number(raw.headers.get('retry-after'))).toBeGreaterThan(0);
    // a staff member has a budget of their own (the client-leaving test above spent one of the six)
    const other = await signDevToken({ sub: 'op-other', roles: ['operator'] }, TEST_AUTH);
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await ask(q, {}, other, strict.url)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
  });

  it('keeps serving with a subgraph killed: partial data, a typed UNAVAILABLE, and still ready', async () => {
    await procedures.stop('SIGKILL');
    const t0 = Date.now();
    const res = await ask('{ offices { code } procedureStatus(reference: "X-1") { phase } }');
    console.log(`answer with procedures killed in ${Date.now() - t0} ms`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ offices: [], procedureStatus: null });
    expect(res.body.errors).toEqual([
      {
        message: 'il servizio «procedimenti» non è disponibile in questo momento: riprova tra 5 secondi',
        extensions: { code: 'UNAVAILABLE', service: 'procedures', retryAfterSeconds: 5 },
      },
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/127\.0\.0\.1|http:\/\/|ECONNREFUSED|stack/);
    const ready = await fetch(`${gateway.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'degraded',
      supergraph: 'loaded',
      subgraphs: {
        knowledge: { status: 'up' },
        procedures: { status: 'down' },
        contacts: { status: 'down' },
      },
    });
    expect((await fetch(`${gateway.url}/health/live`)).status).toBe(200);
  });
});
