import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IDENTITY_HEADER, verifyIdentity } from '@urp/auth';
import { createEvent, ReferentChangedV1, toKafkaRecord } from '@urp/contracts';
import type { createProducer } from '@urp/messaging';
import { spawnService } from '@urp/testing';

export interface ReceivedPost {
  path: string;
  body: any;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = '';
    req.on('data', (c) => (s += c));
    req.on('end', () => resolve(s));
  });

type Channel = 'email' | 'pec' | 'sms' | 'io';
/** A requester's addresses in the stub, and the channel they prefer. */
export type BookEntry = Partial<Record<Channel, string>> & { preferred?: Channel };

/**
 * The contacts service's documented contract for mass delivery (TEAM.md): `POST /internal/requesters/addresses`,
 * service identity only, `{requesterIds ≤ 500, channel, purpose}` → `{addresses: [{requesterId, status, address?}]}`;
 * with `channel: "preferred"` each answer names the channel chosen (WAVE4 agreement 2).
 * Also records who asked and why, as contacts audits it.
 *
 * And the text of a case's public message (the reply-text agreement): `POST /internal/case-messages`, service
 * identity only, `{purpose, items ≤ 100: [{caseId, messageId}]}` → `{messages: [{caseId, messageId, status: ok |
 * unknown | erased, text?}]}`, from `texts` (key `caseId/messageId`). `messages.down` makes it answer 503.
 */
export async function startContactsStub(
  secret: string,
  port: number,
  book: Map<string, BookEntry | 'anonymised'>,
  texts: Map<string, string | 'erased'> = new Map(),
) {
  const audit: { sub: string; purpose: string; requesterId: string }[] = [];
  const messages = {
    down: false,
    calls: [] as { sub: string; purpose: string; items: { caseId: string; messageId: string }[] }[],
  };
  const caseMessages = async (req: IncomingMessage, body: string, res: ServerResponse) => {
    let who;
    try {
      who = await verifyIdentity(String(req.headers[IDENTITY_HEADER]), secret);
    } catch {
      res.writeHead(401).end();
      return;
    }
    if (!who.roles.includes('service')) {
      res.writeHead(403).end();
      return;
    }
    const { purpose, items } = JSON.parse(body) as {
      purpose: string;
      items: { caseId: string; messageId: string }[];
    };
    if (!purpose || !Array.isArray(items) || items.length > 100) {
      res.writeHead(400).end();
      return;
    }
    messages.calls.push({ sub: who.sub, purpose, items });
    if (messages.down) {
      res.writeHead(503).end();
      return;
    }
    const out = items.map(({ caseId, messageId }) => {
      const text = texts.get(`${caseId}/${messageId}`);
      if (text === undefined) return { caseId, messageId, status: 'unknown' };
      if (text === 'erased') return { caseId, messageId, status: 'erased' };
      return { caseId, messageId, status: 'ok', text };
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messages: out }));
  };
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (req.method === 'POST' && req.url === '/internal/case-messages') {
      await caseMessages(req, body, res);
      return;
    }
    if (req.method !== 'POST' || req.url !== '/internal/requesters/addresses') {
      res.writeHead(404).end();
      return;
    }
    try {
      const who = await verifyIdentity(String(req.headers[IDENTITY_HEADER]), secret);
      if (!who.roles.includes('service')) throw new Error('not a service');
      const { requesterIds, channel, purpose } = JSON.parse(body) as {
        requesterIds: string[];
        channel: Channel | 'preferred';
        purpose: string;
      };
      if (!Array.isArray(requesterIds) || requesterIds.length > 500 || !purpose) {
        res.writeHead(400).end();
        return;
      }
      const addresses = requesterIds.map((requesterId) => {
        audit.push({ sub: who.sub, purpose, requesterId });
        const entry = book.get(requesterId);
        if (!entry) return { requesterId, status: 'unknown' };
        if (entry === 'anonymised') return { requesterId, status: 'anonymised' };
        if (channel !== 'preferred') {
          const address = entry[channel];
          return address ? { requesterId, status: 'ok', address } : { requesterId, status: 'no_address' };
        }
        // WAVE4 agreement 2: the preferred channel when it has that address, else PEC, e-mail, IO, SMS
        const chosen = [entry.preferred, 'pec', 'email', 'io', 'sms'].find(
          (c): c is Channel => !!c && !!entry[c as Channel],
        );
        return chosen
          ? { requesterId, status: 'ok', channel: chosen, address: entry[chosen] }
          : { requesterId, status: 'no_address', channel: entry.preferred ?? 'email' };
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ addresses }));
    } catch {
      res.writeHead(401).end();
    }
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return { audit, messages, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A tiny SMS / IO provider: records what it is asked to send. */
export async function startProviderStub(port: number) {
  const received: ReceivedPost[] = [];
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    received.push({ path: req.url ?? '', body: JSON.parse(body || 'null') });
    res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":true}');
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Free loopback ports (the machine is shared: fixed ports collide with other runs). */
/** The one picker of free loopback ports (libs/testing). */
export { freePorts } from '@urp/testing';

/** The local mailbox (tools/mailbox) as its own process; `env`: MAILBOX_DIR, MAILBOX_PEC_RECEIPTS_TO… */
export const startMailbox = (smtpPort: number, httpPort: number, env: Record<string, string> = {}) =>
  spawnService(
    'tools/mailbox/src/main.ts',
    { MAILBOX_SMTP_PORT: String(smtpPort), MAILBOX_HTTP_PORT: String(httpPort), ...env },
    httpPort,
    20000,
    '/health',
  );

/** The App IO contract server (tools/providers): the service's key and the profiles it knows by fiscal code. */
export const startIoProvider = (
  port: number,
  key: string,
  profiles: Record<string, { senderAllowed: boolean }>,
) =>
  spawnService(
    'tools/providers/src/io-main.ts',
    { IO_PROVIDER_PORT: String(port), IO_PROVIDER_KEY: key, IO_PROVIDER_PROFILES: JSON.stringify(profiles) },
    port,
    20000,
    '/health',
  );

/** The messages a mailbox holds for `to`, read back over its HTTP interface. */
export async function inboxOf<T = any>(httpPort: number, to: string): Promise<T[]> {
  const res = await fetch(`http://127.0.0.1:${httpPort}/api/messages?to=${encodeURIComponent(to)}`);
  return (await res.json()) as T[];
}

/**
 * A referent in the directory as the knowledge base publishes it (`ReferentChanged`), for the service's projection:
 * who a staff notice goes to.
 */
export async function publishReferent(
  producer: ReturnType<typeof createProducer>,
  r: { referentId: string; name: string; email: string; officeId: string; changedAt?: string },
): Promise<void> {
  const { changedAt = new Date().toISOString(), ...rest } = r;
  await producer.send({
    topic: ReferentChangedV1.topic.name,
    acks: -1,
    messages: [
      toKafkaRecord(
        createEvent(
          ReferentChangedV1,
          r.referentId,
          { ...rest, active: true, changedAt },
          { source: '/urp/knowledge-base' },
        ),
      ),
    ],
  });
}
