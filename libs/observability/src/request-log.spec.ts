import { Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import pinoHttp from 'pino-http';
import { loggedUrl, requestLogOptions, slowOrFailedRequestLog, unloggedRequest } from './request-log';

describe('slowOrFailedRequestLog', () => {
  const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  afterAll(() => warn.mockRestore());
  beforeEach(() => warn.mockClear());

  const answer = (status: number, slowMs: number, body: unknown = { operationName: 'Cerca' }) => {
    const res = Object.assign(new EventEmitter(), { statusCode: status }) as unknown as Response;
    const req = { method: 'POST', body, headers: { authorization: 'Bearer secret' } } as unknown as Request;
    const next = jest.fn();
    slowOrFailedRequestLog(slowMs)(req, res, next);
    expect(next).toHaveBeenCalled();
    res.emit('finish');
  };

  it('writes nothing for a request answered in time', () => {
    answer(200, 60_000);
    answer(400, 60_000);
    expect(warn).not.toHaveBeenCalled();
  });

  it('writes one line for a server error or a slow request, with the operation and no header', () => {
    answer(503, 60_000);
    answer(200, 0, { operationName: 'x'.repeat(500) });
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0]).toEqual([
      { method: 'POST', status: 503, ms: expect.any(Number), operation: 'Cerca' },
      'GraphQL request failed',
    ]);
    expect(warn.mock.calls[1][0]).toMatchObject({ status: 200, operation: 'x'.repeat(100) });
    expect(warn.mock.calls[1][1]).toBe('slow GraphQL request');
    expect(JSON.stringify(warn.mock.calls)).not.toContain('secret');
  });
});

describe('unloggedRequest', () => {
  it('keeps the survey link (its URL is the credential) and the probes out of the request log', () => {
    expect(unloggedRequest(`/s/${'A'.repeat(43)}`)).toBe(true);
    expect(unloggedRequest('/health/ready')).toBe(true);
    expect(unloggedRequest('/open311/v2/requests.json')).toBe(false);
    expect(unloggedRequest('/internal/invitations/inv_1/link')).toBe(false);
  });
});

describe('the request log line of a public page (pino-http, as every service and the gateway run it)', () => {
  const TOKEN = 'dlv_01JEXAMPLE00000000000000.Zk3q9vR2xW8pL5mN7bT4yH6jF1dS0aGcEuQ';
  let server: Server;
  let lines: Record<string, unknown>[];

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(
          ...chunk
            .toString()
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as Record<string, unknown>),
        );
        done();
      },
    });
    const options = requestLogOptions('info', 'campaigns');
    const log = pinoHttp({ ...options, logger: pino({ level: options.level, name: options.name }, stream) });
    server = createServer((req, res) => {
      log(req, res);
      res.statusCode = req.url?.startsWith('/t/c/') ? 302 : 200;
      if (res.statusCode === 302) res.setHeader('location', 'https://comune.example/bando?ref=newsletter');
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => (lines = []));

  const visit = async (path: string) => {
    const { port } = server.address() as AddressInfo;
    await fetch(`http://127.0.0.1:${port}${path}`, {
      redirect: 'manual',
      headers: {
        'user-agent': 'Mozilla/5.0 (iPhone; Lucia)',
        'x-forwarded-for': '93.44.12.7',
        cookie: 'c=1',
      },
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toHaveLength(1);
    return lines[0];
  };

  it.each([
    [`/u/${TOKEN}`, '/u/:token'],
    [`/t/c/${TOKEN}/2`, '/t/c/:token/2'],
    [`/t/o/${TOKEN}.gif`, '/t/o/:token'],
    [`/feedback/${TOKEN}`, '/feedback/:token'],
  ])('keeps the route of %s and drops its token, the address and the user agent', async (path, route) => {
    const line = await visit(path);
    expect(line).toMatchObject({ service: 'campaigns', req: { method: 'GET', url: route } });
    expect((line.res as { statusCode: number }).statusCode).toBeGreaterThanOrEqual(200);
    const text = JSON.stringify(line);
    for (const leaked of ['Zk3q9vR2', 'dlv_01JEXAMPLE', '127.0.0.1', '93.44.12.7', 'iPhone', 'Lucia', 'c=1'])
      expect({ leaked, found: text.includes(leaked) }).toEqual({ leaked, found: false });
    expect(text).not.toContain('newsletter'); // the redirect's target, a citizen's click
  });

  it("keeps a query's parameter names, never their values", async () => {
    const line = await visit(
      '/open311/v2/requests.json?service_code=buche&start_date=2026-12-01&q=Lucia%20Rossi',
    );
    expect((line.req as { url: string }).url).toBe('/open311/v2/requests.json?service_code&start_date&q');
  });
});

describe('loggedUrl', () => {
  it('replaces only the token segment of the token routes', () => {
    expect(loggedUrl('/s/AbC')).toBe('/s/:token');
    expect(loggedUrl('/u/x.y?List-Unsubscribe=One-Click')).toBe('/u/:token?List-Unsubscribe');
    expect(loggedUrl('/internal/invitations/inv_1/link')).toBe('/internal/invitations/inv_1/link');
    expect(loggedUrl('/stato-pratica')).toBe('/stato-pratica');
    expect(loggedUrl('/users/1')).toBe('/users/1');
    expect(loggedUrl('/x?luigi@example.it&a=1&a=2')).toBe('/x?…&a');
    expect(loggedUrl(undefined)).toBe('');
  });
});
