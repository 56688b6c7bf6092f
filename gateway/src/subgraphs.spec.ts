import { ANONYMOUS } from '@urp/auth';
import type { NextFunction, Request, Response } from 'express';
import { once, EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestDeadlineMiddleware } from './edge/request-scope';
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { SubgraphDataSource } from './subgraphs';

/**
 * The abandoned-work problem (issue 17): when the gateway's deadline passes, the subgraph request still
 * running is aborted, so the subgraph sees its client leave (its request's `close`) and can stop working for
 * it (libs/platform's abandonOnDisconnectPlugin stops starting resolvers then).
 */
describe('SubgraphDataSource at the deadline', () => {
  let server: Server;
  let url: string;
  const held: IncomingMessage[] = [];
  beforeAll(async () => {
    // a subgraph that never answers
    server = createServer((req) => held.push(req));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    server.close();
  });

  /** Runs `work` inside one client request's scope, as the gateway's middleware does. */
  const inRequest = <T>(timeoutMs: number, work: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      const res = Object.assign(new EventEmitter(), { writableFinished: false }) as unknown as Response;
      const next: NextFunction = () => void work().then(resolve, reject);
      requestDeadlineMiddleware(timeoutMs)({} as Request, res, next);
    });

  it('aborts the subgraph request: the subgraph sees it close, the caller gets UNAVAILABLE', async () => {
    const source = new SubgraphDataSource('knowledge', url, 'x'.repeat(32), 5);
    const answer = inRequest(1000, () =>
      source.process({
        kind: 'health check' as never, // GraphQLDataSourceRequestKind.HEALTH_CHECK (not exported at run time)
        request: { query: '{ __typename }' },
        context: { identity: ANONYMOUS },
      }),
    );
    const error = await answer.catch((e: unknown) => e as Error & { extensions?: Record<string, unknown> });
    expect(error).toMatchObject({
      message: expect.stringContaining('«base di conoscenza» non ha risposto entro'),
      extensions: { code: 'UNAVAILABLE', service: 'knowledge', retryAfterSeconds: 5 },
    });
    // the subgraph received the request with its deadline, then lost its client
    expect(held).toHaveLength(1);
    expect(Number(held[0].headers['x-urp-deadline'])).toBeGreaterThan(0);
    if (!held[0].socket.destroyed) await once(held[0].socket, 'close');
    expect(held[0].socket.destroyed).toBe(true);
  });
});

describe('SubgraphDataSource without node-fetch Request', () => {
  it("is still what Apollo's process calls to send (our sendRequest replaces Apollo's own)", () => {
    expect(String(RemoteGraphQLDataSource.prototype.process)).toContain('this.sendRequest(');
    expect(Object.hasOwn(SubgraphDataSource.prototype, 'sendRequest')).toBe(true);
  });

  it('sends the request and answers the data with the response, headers read', async () => {
    const seen: { headers: IncomingMessage['headers']; body: string }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=30, public' });
        res.end('{"data":{"x":1}}');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
      const source = new SubgraphDataSource('knowledge', url, 'x'.repeat(32), 5);
      const response = await source.process({
        kind: 'health check' as never,
        request: { query: '{ x }', variables: { a: 1 } },
        context: { identity: ANONYMOUS },
      });
      expect(response.data).toEqual({ x: 1 });
      expect(response.http?.headers.get('Cache-Control')).toBe('max-age=30, public');
      expect(JSON.parse(seen[0].body)).toEqual({ query: '{ x }', variables: { a: 1 } });
      expect(seen[0].headers).toMatchObject({ 'content-type': 'application/json' });
      expect(seen[0].headers['x-urp-identity']).toEqual(expect.any(String));
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
