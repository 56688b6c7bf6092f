/**
 * What the benchmarks that deliver into the local mailbox share (notifications.bench.ts, campaigns.bench.ts): the
 * processes they start (the mailbox, the campaigns service), a stand-in for contacts' address endpoint, the raw
 * nodemailer baseline, and the small helpers around them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createTransport, type SendMailOptions } from 'nodemailer';

export const ROOT = join(__dirname, '..', '..', '..');

/** A positive number from the environment, else `def`. */
export const num = (name: string, def: number) => {
  const v = Number(process.env[name] ?? def);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
};

/** The broker and the database of this run: KAFKA_BROKERS / MONGO_URL, else the ports of `infra.sh`'s env. */
export const infra = () => ({
  brokers: process.env.KAFKA_BROKERS ?? `127.0.0.1:${process.env.URP_KAFKA_PORT ?? 19092}`,
  mongoUrl: process.env.MONGO_URL ?? `mongodb://127.0.0.1:${process.env.URP_MONGO_PORT ?? 27117}`,
});

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The load average (1 / 5 / 15 min), to print beside every figure. */
export const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');

export interface NodeProcess {
  child: ChildProcess;
  /** The last `keep` characters of its stdout and stderr. */
  logs: () => string;
}

/** `node <args>` in the repository's root, with LOG_LEVEL=warn unless `env` says otherwise. */
export function startNode(args: string[], env: Record<string, string>, keep = 50_000): NodeProcess {
  let out = '';
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-keep)));
  child.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-keep)));
  return { child, logs: () => out };
}

/** Polls `probe` until it answers true (a throw counts as not yet); fails after `timeoutMs`. */
export async function until(what: string, probe: () => Promise<boolean>, timeoutMs: number, everyMs = 250) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await probe()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

export interface Mailbox extends NodeProcess {
  /**
   * Messages received, distinct recipients, recipients who received a message twice, and when the last message
   * arrived (epoch ms, the mailbox's clock: the same machine's).
   */
  stats(): Promise<{
    received: number;
    recipients: number;
    duplicates: number;
    lastReceivedAt: number | null;
  }>;
  /** Forgets every message (after the baseline). */
  clear(): Promise<void>;
}

/** The local mailbox (tools/mailbox) counting only (MAILBOX_STORE=count), ready when this resolves. */
export async function startMailbox(ports: { smtp: number; http: number }): Promise<Mailbox> {
  const p = startNode(['-r', '@swc-node/register', 'tools/mailbox/src/main.ts'], {
    MAILBOX_SMTP_PORT: String(ports.smtp),
    MAILBOX_HTTP_PORT: String(ports.http),
    MAILBOX_STORE: 'count',
  });
  const api = `http://127.0.0.1:${ports.http}`;
  await until('the mailbox', async () => (await fetch(`${api}/health`)).ok, 20000);
  return {
    ...p,
    stats: async () =>
      (await (await fetch(`${api}/api/stats`)).json()) as Awaited<ReturnType<Mailbox['stats']>>,
    clear: async () => {
      await fetch(`${api}/api/messages`, { method: 'DELETE' });
    },
  };
}

/**
 * A stand-in for contacts' internal address endpoints: every requester has the e-mail `<id>@bench.example` (the
 * channel answered is the one asked, e-mail for `preferred`), in bulk (`POST /internal/requesters/addresses`, the
 * notification sender's) or one by one (`GET /internal/requesters/:id/address`, satisfaction's existence check).
 * No identity check: the benchmarks measure the caller.
 */
export async function startAddressBook(port: number): Promise<{ close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const one = /^\/internal\/requesters\/([^/?]+)\/address/.exec(req.url ?? '');
    if (req.method === 'GET' && one) {
      const id = decodeURIComponent(one[1]);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ requesterId: id, status: 'ok', channel: 'email', address: `${id}@bench.example` }),
      );
      return;
    }
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const { requesterIds, channel } = JSON.parse(body) as { requesterIds: string[]; channel?: string };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          addresses: requesterIds.map((id) => ({
            requesterId: id,
            status: 'ok',
            channel: !channel || channel === 'preferred' ? 'email' : channel,
            address: `${id}@bench.example`,
          })),
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return { close: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * The baseline: `count` messages with raw nodemailer into the same SMTP server, `pool` connections, `parallel`
 * messages in flight. Returns the seconds it took.
 */
export async function rawNodemailer(o: {
  smtpPort: number;
  pool: number;
  parallel: number;
  count: number;
  message: (i: number) => SendMailOptions;
}): Promise<number> {
  const transport = createTransport({
    pool: true,
    maxConnections: o.pool,
    maxMessages: Infinity,
    host: '127.0.0.1',
    port: o.smtpPort,
    ignoreTLS: true,
  });
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: o.parallel }, async () => {
      while (next < o.count) await transport.sendMail(o.message(next++));
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  transport.close();
  return seconds;
}
