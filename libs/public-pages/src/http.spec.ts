import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lookupGate, PUBLIC_PAGE_HEADERS, sendPublicPage } from './http';

describe('a public look-up behind its per-address limit', () => {
  let server: Server;
  let url: string;
  let lookups = 0;

  beforeAll(async () => {
    const gate = lookupGate(
      { STATUS_PAGE_RATE_LIMIT: 2, STATUS_PAGE_RATE_WINDOW_MS: 60_000 },
      (s) => `<p>attenda ${s} secondi</p>`,
    );
    const app = express();
    app.post('/cerca', async (req, res) => {
      if (!(await gate(req, res))) return;
      lookups++;
      sendPublicPage(res, 404, '<p>non trovato</p>');
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cerca`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('lets the first attempts through, right or wrong, with the public headers', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await fetch(url, { method: 'POST' });
      expect(r.status).toBe(404);
      expect(await r.text()).toBe('<p>non trovato</p>');
      for (const [k, v] of Object.entries(PUBLIC_PAGE_HEADERS)) expect(r.headers.get(k)).toBe(v);
    }
    expect(lookups).toBe(2);
  });

  it('answers the next one with 429, retry-after and its page, without looking up', async () => {
    const r = await fetch(url, { method: 'POST' });
    expect(r.status).toBe(429);
    const seconds = Number(r.headers.get('retry-after'));
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(await r.text()).toBe(`<p>attenda ${seconds} secondi</p>`);
    expect(r.headers.get('content-security-policy')).toBe(PUBLIC_PAGE_HEADERS['content-security-policy']);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(lookups).toBe(2);
  });
});

describe('the public headers', () => {
  it('allow no script, no frame, no referrer, no cache, no index', () => {
    const csp = PUBLIC_PAGE_HEADERS['content-security-policy'];
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(PUBLIC_PAGE_HEADERS['referrer-policy']).toBe('no-referrer');
    expect(PUBLIC_PAGE_HEADERS['cache-control']).toBe('no-store');
    expect(PUBLIC_PAGE_HEADERS['x-robots-tag']).toBe('noindex, nofollow');
  });
});
