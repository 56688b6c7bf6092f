import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Headers } from 'node-fetch';
import { SubgraphHeaders, subgraphFetch } from './subgraph-fetch';

describe('subgraphFetch (the data source on node:http)', () => {
  let server: Server;
  let url: string;
  const seen: { headers: IncomingMessage['headers']; body: string }[] = [];
  let answer: { status: number; type: string; body: string } = {
    status: 200,
    type: 'application/json',
    body: '{}',
  };
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        if (answer.status === 0) return; // never answers
        res.writeHead(answer.status, { 'content-type': answer.type, 'x-test': 'sì' });
        res.end(answer.body);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    server.close();
  });

  it('sends the body and headers, and reads the answer whole', async () => {
    answer = { status: 200, type: 'application/json', body: '{"data":{"x":"è"}}' };
    const body = JSON.stringify({ query: '{ x }', variables: { q: 'caffè' } });
    const res = await subgraphFetch(
      url,
      { method: 'POST', headers: { 'x-urp-identity': 't' }, body },
      undefined,
    );
    expect(seen.at(-1)).toMatchObject({
      body,
      headers: { 'x-urp-identity': 't', 'content-length': String(Buffer.byteLength(body)) },
    });
    expect(res).toMatchObject({ ok: true, status: 200, statusText: 'OK', url });
    expect(res.headers.get('Content-Type')).toBe('application/json');
    expect(await res.json()).toEqual({ data: { x: 'è' } });
  });

  it('answers a failure status and a body that is not JSON as node-fetch did', async () => {
    answer = { status: 503, type: 'text/html', body: '<h1>giù</h1>' };
    const res = await subgraphFetch(url, { method: 'POST', body: '{}' }, undefined);
    expect(res).toMatchObject({ ok: false, status: 503, statusText: 'Service Unavailable' });
    expect(await res.clone().text()).toBe('<h1>giù</h1>');
    await expect(res.json()).rejects.toMatchObject({
      name: 'FetchError',
      type: 'invalid-json',
      message: expect.stringContaining(`invalid json response body at ${url} reason:`),
    });
  });

  it('aborts with the signal: the subgraph sees its client leave', async () => {
    answer = { status: 0, type: '', body: '' };
    const controller = new AbortController();
    const before = seen.length;
    const pending = subgraphFetch(url, { method: 'POST', body: '{}' }, controller.signal);
    while (seen.length === before) await new Promise((r) => setTimeout(r, 10)); // the subgraph has it
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects at once when the subgraph refuses the connection', async () => {
    await expect(
      subgraphFetch('http://127.0.0.1:9/graphql', { method: 'POST', body: '{}' }, undefined),
    ).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });

  it("reads the answer's headers as node-fetch's Headers do, before and after they are built", () => {
    const raw = ['Content-Type', 'application/json', 'Vary', 'Accept', 'vary', 'Origin', 'X-Test', 'sì'];
    const reference = new Headers();
    for (let i = 0; i < raw.length; i += 2) reference.append(raw[i], raw[i + 1]);
    const headers = new SubgraphHeaders(raw);
    for (const name of ['content-type', 'CONTENT-TYPE', 'vary', 'Vary', 'x-test', 'cache-control'])
      expect(headers.get(name)).toBe(reference.get(name));
    expect(headers.has('cache-control')).toBe(false);
    expect([...headers]).toEqual([...reference]);
    headers.set('cache-control', 'max-age=5');
    expect(headers.get('Cache-Control')).toBe('max-age=5');
    expect(headers.get('vary')).toBe('Accept, Origin');
  });
});
