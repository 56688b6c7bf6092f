/**
 * A local server implementing the IO messages API (https://developer.io.italia.it/openapi.html, the
 * "API dei servizi" v1) as the real one checks it, so that the campaigns service's IO adapter is tested against
 * what IO refuses, not against a server that accepts anything:
 *
 * - every call needs the service's key in `Ocp-Apim-Subscription-Key`: missing or wrong → 401;
 * - the fiscal code in the path must be well formed → 400 (problem+json);
 * - `GET /api/v1/profiles/{fiscal_code}`: 404 when the citizen has no IO profile, else `{sender_allowed,
 *   preferred_languages}` (`sender_allowed: false`: the citizen blocked this service);
 * - `POST /api/v1/messages/{fiscal_code}` with `{content: {subject 10–120 chars, markdown 80–10,000 chars}}`:
 *   400 with the problem when the content breaks the bounds, 404 no profile, 403 sender not allowed (the real API
 *   refuses with a 4xx there too), 201 `{id}` with `Location` otherwise;
 * - `GET /api/v1/messages/{fiscal_code}/{id}`: the message and its status (`PROCESSED`).
 *
 * Local runs and tests only: loopback, in memory. Test inspection: `GET /_provider/messages`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface IoProfile {
  senderAllowed: boolean;
  preferredLanguages?: string[];
}
export interface IoMessage {
  id: string;
  fiscalCode: string;
  subject: string;
  markdown: string;
  createdAt: string;
}
export interface IoProviderOptions {
  host?: string;
  port?: number;
  /** The subscription key the service must present. */
  apiKey: string;
  /** Fiscal code → profile; a fiscal code missing here has no IO profile (404). */
  profiles: Map<string, IoProfile>;
}
export interface IoProvider {
  url: string;
  port: number;
  messages: IoMessage[];
  /** Every refusal, with its status and problem detail (what the real API would have answered). */
  refusals: { status: number; detail: string; path: string }[];
  stop: () => Promise<void>;
}

export const FISCAL_CODE =
  /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;
const SUBJECT = { min: 10, max: 120 };
const MARKDOWN = { min: 80, max: 10_000 };
const MAX_BODY = 1024 * 1024;

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let s = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      s += c;
      if (s.length > MAX_BODY) reject(new Error('too large'));
    });
    req.on('end', () => resolve(s));
    req.on('error', reject);
  });

export async function startIoProvider(options: IoProviderOptions): Promise<IoProvider> {
  const messages: IoMessage[] = [];
  const refusals: IoProvider['refusals'] = [];

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  /** RFC 7807, as the IO API answers its errors. */
  const problem = (res: ServerResponse, path: string, status: number, title: string, detail: string) => {
    refusals.push({ status, detail, path });
    res
      .writeHead(status, { 'content-type': 'application/problem+json' })
      .end(JSON.stringify({ type: 'about:blank', title, status, detail }));
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://local');
      const path = url.pathname;
      if (path === '/health') return json(res, 200, { status: 'ok' });
      if (path === '/_provider/messages') return json(res, 200, messages);
      if (req.headers['ocp-apim-subscription-key'] !== options.apiKey)
        return problem(
          res,
          path,
          401,
          'Unauthorized',
          'Access denied due to missing or invalid subscription key.',
        );
      const m = /^\/api\/v1\/(profiles|messages)\/([^/]+)(?:\/([^/]+))?$/.exec(path);
      if (!m) return problem(res, path, 404, 'Not Found', 'Resource not found');
      const [, resource, fiscalCode, messageId] = m;
      if (!FISCAL_CODE.test(fiscalCode))
        return problem(res, path, 400, 'Invalid FiscalCode', `"${fiscalCode}" is not a valid fiscal code`);
      const profile = options.profiles.get(fiscalCode);

      if (resource === 'profiles' && req.method === 'GET' && !messageId) {
        if (!profile) return problem(res, path, 404, 'Profile not found', 'The profile does not exist');
        return json(res, 200, {
          sender_allowed: profile.senderAllowed,
          preferred_languages: profile.preferredLanguages ?? ['it_IT'],
        });
      }
      if (resource === 'messages' && req.method === 'GET' && messageId) {
        const found = messages.find((x) => x.id === messageId && x.fiscalCode === fiscalCode);
        if (!found) return problem(res, path, 404, 'Message not found', 'The message does not exist');
        return json(res, 200, {
          message: {
            id: found.id,
            fiscal_code: fiscalCode,
            created_at: found.createdAt,
            content: { subject: found.subject, markdown: found.markdown },
          },
          status: 'PROCESSED',
        });
      }
      if (resource === 'messages' && req.method === 'POST' && !messageId) {
        let body: { content?: { subject?: unknown; markdown?: unknown } };
        try {
          body = JSON.parse(await readBody(req)) as typeof body;
        } catch {
          return problem(res, path, 400, 'Invalid NewMessage', 'The body is not valid JSON');
        }
        const subject = body?.content?.subject;
        const markdown = body?.content?.markdown;
        const errors: string[] = [];
        if (typeof subject !== 'string' || subject.length < SUBJECT.min || subject.length > SUBJECT.max)
          errors.push(`content.subject must be a string of ${SUBJECT.min} to ${SUBJECT.max} characters`);
        if (typeof markdown !== 'string' || markdown.length < MARKDOWN.min || markdown.length > MARKDOWN.max)
          errors.push(`content.markdown must be a string of ${MARKDOWN.min} to ${MARKDOWN.max} characters`);
        if (errors.length) return problem(res, path, 400, 'Invalid NewMessage', errors.join('; '));
        if (!profile) return problem(res, path, 404, 'Profile not found', 'The recipient has no IO profile');
        if (!profile.senderAllowed)
          return problem(
            res,
            path,
            403,
            'Sender not allowed',
            'The recipient blocked messages from this service',
          );
        const id = randomUUID().replace(/-/g, '').toUpperCase().slice(0, 26);
        messages.push({
          id,
          fiscalCode,
          subject: subject as string,
          markdown: markdown as string,
          createdAt: new Date().toISOString(),
        });
        return json(res, 201, { id }, { location: `/api/v1/messages/${fiscalCode}/${id}` });
      }
      return problem(res, path, 405, 'Method Not Allowed', `${req.method} ${path}`);
    })().catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(e));
    });
  });
  await new Promise<void>((r) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    messages,
    refusals,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
