/**
 * A real SMTP server on loopback that keeps what it receives, with a web page a person can read the messages
 * on and a JSON API for tests. For local runs and tests only: no TLS, no authentication, loopback by default.
 *
 * Bounce simulation: a recipient whose local part starts with `bounce` (bounce@…, bounce+x@…) is refused at
 * RCPT TO with a permanent 550, exactly as a real server refuses an unknown mailbox.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';

export interface StoredMessage {
  id: string;
  receivedAt: string;
  from: string;
  /** Envelope recipients (RCPT TO). */
  to: string[];
  subject: string;
  headers: Record<string, string>;
  text: string;
  html?: string;
  size: number;
  /** Attached files (a procedure notice's PDF): name, type, size and SHA-256 of the content. */
  attachments: { filename: string; contentType: string; size: number; sha256: string }[];
}

interface Envelope {
  from: string;
  to: string[];
  receivedAt: string;
}

export interface MailboxOptions {
  host?: string;
  smtpPort?: number;
  httpPort?: number;
  /**
   * Also write each message here (`<id>.eml` and its envelope, `<id>.envelope.json`), and read back what an earlier
   * run wrote when starting.
   */
  dir?: string;
  /**
   * `full` (default): parse and keep every message (up to `maxMessages`, oldest dropped).
   * `count`: keep only how many messages each recipient received (benchmarks: 100,000 messages).
   */
  store?: 'full' | 'count';
  maxMessages?: number;
  /**
   * Play a PEC provider (DPR 68/2005): for every message received, send the sender the ricevuta di accettazione
   * and the ricevuta di avvenuta consegna, over SMTP to this server (the sender's PEC mailbox, `smtp://host:port`).
   */
  pecReceiptsTo?: string;
}

export interface Mailbox {
  smtpPort: number;
  httpPort: number;
  messages: () => StoredMessage[];
  /** Settles when the messages kept in `dir` by an earlier run have been read back. */
  restored: Promise<void>;
  /** Messages received per envelope recipient (lowercase address), in both modes. */
  countsByRecipient: () => Map<string, number>;
  received: () => number;
  rejected: () => number;
  clear: () => void;
  stop: () => Promise<void>;
}

export const isBounceAddress = (address: string): boolean => /^bounce([+.].*)?@/i.test(address.trim());

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

// a message id is `<ms since 1970, base 36>-<sequence of its run, base 36>`
const order = (id: string) => Number.parseInt(id.split('-')[0] ?? '', 36) || 0;
const seqOf = (id: string) => Number.parseInt(id.split('-')[1] ?? '', 36) || 0;

export async function startMailbox(options: MailboxOptions = {}): Promise<Mailbox> {
  const host = options.host ?? '127.0.0.1';
  const mode = options.store ?? 'full';
  const max = options.maxMessages ?? 10_000;
  let messages: StoredMessage[] = [];
  // the attachments' bytes, by message id, for the page's download links (kept as long as the message)
  const contents = new Map<string, Buffer[]>();
  const counts = new Map<string, number>();
  let received = 0;
  let rejected = 0;
  let seq = 0;
  /** When the last message arrived (epoch ms): a benchmark's end without the error of its polling interval. */
  let lastReceivedAt: number | null = null;
  if (options.dir) mkdirSync(options.dir, { recursive: true });

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    banner: 'URP mailbox (local test server)',
    size: 10 * 1024 * 1024,
    maxClients: 200,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (isBounceAddress(address.address)) {
        rejected++;
        const err = new Error('5.1.1 mailbox unavailable (simulated bounce)') as Error & {
          responseCode: number;
        };
        err.responseCode = 550;
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        for (const r of to) counts.set(r, (counts.get(r) ?? 0) + 1);
        received++;
        lastReceivedAt = Date.now();
        const id = `${Date.now().toString(36)}-${(++seq).toString(36)}`;
        if (mode === 'count') return callback();
        const raw = Buffer.concat(chunks);
        const envelope: Envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to,
          receivedAt: new Date().toISOString(),
        };
        if (options.dir) {
          writeFileSync(join(options.dir, `${id}.eml`), raw);
          writeFileSync(join(options.dir, `${id}.envelope.json`), JSON.stringify(envelope));
        }
        keep(id, raw, envelope)
          .then((parsed) => {
            // read before the callback: smtp-server resets the envelope for the next message
            const sender = envelope.from;
            callback();
            if (options.pecReceiptsTo)
              void sendPecReceipts(options.pecReceiptsTo, {
                from: sender,
                to,
                subject: parsed.subject ?? '',
                messageId: parsed.messageId ?? '',
              }).catch((e: unknown) =>
                console.error(`mailbox: PEC receipts not sent: ${(e as Error).message}`),
              );
          })
          .catch((e: Error) => callback(e));
      });
    },
  });

  /** A message as kept: parsed, with its attachments' bytes apart. */
  async function parse(id: string, raw: Buffer, envelope: Envelope) {
    const parsed = await simpleParser(raw);
    const headers: Record<string, string> = {};
    for (const line of parsed.headerLines) {
      headers[line.key] = line.line.slice(line.line.indexOf(':') + 1).trim();
    }
    const message: StoredMessage = {
      id,
      receivedAt: envelope.receivedAt,
      from: envelope.from,
      to: envelope.to,
      subject: parsed.subject ?? '',
      headers,
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : undefined,
      size: raw.length,
      attachments: parsed.attachments.map((a) => ({
        filename: a.filename ?? '',
        contentType: a.contentType,
        size: a.size,
        sha256: createHash('sha256').update(a.content).digest('hex'),
      })),
    };
    contents.set(
      id,
      parsed.attachments.map((a) => a.content),
    );
    return { parsed, message };
  }
  const prune = () => {
    if (messages.length <= max) return;
    for (const dropped of messages.slice(0, messages.length - max)) contents.delete(dropped.id);
    messages = messages.slice(-max);
  };
  /** Parses a message and keeps it, the oldest dropped beyond `max`. */
  async function keep(id: string, raw: Buffer, envelope: Envelope) {
    const { parsed, message } = await parse(id, raw, envelope);
    messages.push(message);
    prune();
    return parsed;
  }

  /**
   * What an earlier run kept in `dir`, read back after the servers listen (a start does not wait for thousands of
   * messages) and put before what arrived meanwhile: `npm stop` and `npm start` lose no message.
   */
  async function restore(dir: string) {
    const ids = readdirSync(dir)
      .filter((f) => f.endsWith('.eml'))
      .map((f) => f.slice(0, -'.eml'.length))
      .sort((a, b) => order(a) - order(b) || seqOf(a) - seqOf(b))
      .slice(-max);
    const back: StoredMessage[] = [];
    for (const id of ids) {
      const raw = readFileSync(join(dir, `${id}.eml`));
      let envelope: Envelope;
      try {
        envelope = JSON.parse(readFileSync(join(dir, `${id}.envelope.json`), 'utf8')) as Envelope;
      } catch {
        // a message kept before envelopes were: its addressees from its headers, its time from the file
        const p = await simpleParser(raw);
        const addresses = [p.to, p.cc]
          .flatMap((a) => (Array.isArray(a) ? a : a ? [a] : []))
          .flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()))
          .filter(Boolean);
        envelope = {
          from: p.from?.value[0]?.address ?? '',
          to: addresses,
          receivedAt: statSync(join(dir, `${id}.eml`)).mtime.toISOString(),
        };
      }
      const kept = await parse(id, raw, envelope).catch(() => null);
      if (!kept) continue;
      back.push(kept.message);
      for (const r of envelope.to) counts.set(r, (counts.get(r) ?? 0) + 1);
      received++;
    }
    messages = [...back, ...messages];
    prune();
  }

  const http = createServer((req, res) => route(req, res));
  function send(res: ServerResponse, status: number, body: unknown, type = 'application/json') {
    res.writeHead(status, { 'content-type': `${type}; charset=utf-8` });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  }
  function route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://mailbox');
    const to = url.searchParams.get('to')?.toLowerCase();
    const list = () => (to ? messages.filter((m) => m.to.includes(to)) : messages);
    if (url.pathname === '/health') return send(res, 200, { status: 'ok' });
    if (url.pathname === '/api/messages' && req.method === 'DELETE') {
      clear();
      return send(res, 200, { cleared: true });
    }
    if (url.pathname === '/api/messages') return send(res, 200, list());
    if (url.pathname === '/api/stats')
      return send(res, 200, {
        received,
        rejected,
        lastReceivedAt,
        recipients: counts.size,
        duplicates: [...counts.values()].filter((n) => n > 1).length,
        ...(to ? { receivedBy: counts.get(to) ?? 0 } : {}),
      });
    const file = /^\/(?:api\/)?messages\/([\w-]+)\/attachments\/(\d+)$/.exec(url.pathname);
    if (file) {
      const m = messages.find((x) => x.id === file[1]);
      const n = Number(file[2]);
      const content = contents.get(file[1])?.[n];
      if (!m || !content) return send(res, 404, { error: 'no such attachment' });
      const a = m.attachments[n];
      // inline: the browser shows a PDF at once; the file name is kept for "save as"
      res.writeHead(200, {
        'content-type': a.contentType,
        'content-length': content.length,
        'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(a.filename || `allegato-${n + 1}`)}`,
      });
      return res.end(content);
    }
    const one = /^\/(?:api\/)?messages\/([\w-]+)$/.exec(url.pathname);
    if (one) {
      const m = messages.find((x) => x.id === one[1]);
      if (!m) return send(res, 404, { error: 'no such message' });
      if (url.pathname.startsWith('/api/')) return send(res, 200, m);
      return send(res, 200, page(m.subject, messageHtml(m)), 'text/html');
    }
    if (url.pathname === '/') return send(res, 200, page('Posta ricevuta', listHtml(list())), 'text/html');
    send(res, 404, { error: 'not found' });
  }

  function clear() {
    messages = [];
    contents.clear();
    counts.clear();
    received = 0;
    rejected = 0;
    lastReceivedAt = null;
  }

  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(options.smtpPort ?? 2525, host, () => resolve());
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.httpPort ?? 8025, host, () => resolve());
  });
  const restored =
    options.dir && mode === 'full'
      ? restore(options.dir).catch((e: Error) =>
          console.error(`mailbox: kept messages not read back: ${e.message}`),
        )
      : Promise.resolve();
  smtp.on('error', () => undefined); // a client hanging up mid-session is not our problem
  // SMTP is a ping-pong of short lines: without TCP_NODELAY, Nagle + delayed ACK cost ~40 ms per message
  smtp.server.on('connection', (socket: Socket) => socket.setNoDelay(true));

  return {
    smtpPort: (smtp.server.address() as AddressInfo).port,
    httpPort: (http.address() as AddressInfo).port,
    messages: () => messages,
    restored,
    countsByRecipient: () => counts,
    received: () => received,
    rejected: () => rejected,
    clear,
    stop: async () => {
      await new Promise<void>((r) => smtp.close(() => r()));
      http.closeAllConnections();
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}
.h{color:#555;font-size:.85rem}</style></head><body>${body}</body></html>`;
}

function listHtml(list: StoredMessage[]): string {
  const rows = [...list]
    .reverse()
    .slice(0, 500)
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m.receivedAt)}</td><td>${escapeHtml(m.to.join(', '))}</td>` +
        `<td><a href="/messages/${m.id}">${escapeHtml(m.subject || '(senza oggetto)')}</a>` +
        `${m.attachments.length ? ` <span class="h">(${m.attachments.length === 1 ? '1 allegato' : `${m.attachments.length} allegati`})</span>` : ''}</td></tr>`,
    )
    .join('');
  return `<h1>Posta ricevuta (${list.length})</h1><p class="h">Server SMTP locale di prova: nessun messaggio lascia questa macchina.</p>
<table><thead><tr><th>Ricevuto</th><th>A</th><th>Oggetto</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function messageHtml(m: StoredMessage): string {
  const headers = Object.entries(m.headers)
    .map(([k, v]) => `<div><b>${escapeHtml(k)}</b>: ${escapeHtml(v)}</div>`)
    .join('');
  // the HTML part is shown as text in a sandboxed frame: it is someone else's markup
  const html = m.html
    ? `<h2>HTML</h2><iframe sandbox style="width:100%;height:30rem;border:1px solid #ccc" srcdoc="${escapeHtml(m.html)}"></iframe>`
    : '';
  const files = m.attachments.length
    ? `<h2>Allegati</h2><ul>${m.attachments
        .map(
          (a, i) =>
            `<li><a href="/messages/${m.id}/attachments/${i}">${escapeHtml(a.filename || `allegato ${i + 1}`)}</a>` +
            ` <span class="h">(${escapeHtml(a.contentType)}, ${a.size.toLocaleString('it-IT')} byte)</span></li>`,
        )
        .join('')}</ul>`
    : '';
  return `<p><a href="/">← tutti i messaggi</a></p><h1>${escapeHtml(m.subject)}</h1>
<div class="h">${headers}</div><h2>Testo</h2><pre>${escapeHtml(m.text)}</pre>${files}${html}`;
}

/**
 * The two receipts a PEC provider returns to the sender (DPR 68/2005 art. 6, DM 2 novembre 2005 technical rules):
 * `X-Ricevuta: accettazione` (the sender's provider took the message) and `X-Ricevuta: avvenuta-consegna` (it
 * reached the recipient's PEC mailbox), each naming the original with `X-Riferimento-Message-ID`.
 */
async function sendPecReceipts(
  smtpUrl: string,
  original: { from: string; to: string[]; subject: string; messageId: string },
): Promise<void> {
  if (!original.from) return;
  const u = new URL(smtpUrl);
  const transport = createTransport({
    host: u.hostname,
    port: Number(u.port || 25),
    secure: false,
    ignoreTLS: true,
  });
  const at = new Date();
  const common = {
    from: 'Posta Certificata <posta-certificata@pec.provider.example>',
    to: original.from,
    headers: {
      'X-Trasporto': 'posta-certificata',
      'X-Riferimento-Message-ID': original.messageId,
      'X-Data-Ricevuta': at.toISOString(),
    },
  };
  const when = at.toLocaleString('it-IT', { timeZone: 'Europe/Rome' });
  try {
    await transport.sendMail({
      ...common,
      subject: `ACCETTAZIONE: ${original.subject}`,
      headers: { ...common.headers, 'X-Ricevuta': 'accettazione' },
      text: `Ricevuta di accettazione\n\nIl giorno ${when} il messaggio "${original.subject}" proveniente da "${original.from}" ed indirizzato a: ${original.to.join(', ')} è stato accettato dal sistema ed inoltrato.\nIdentificativo messaggio: ${original.messageId}`,
    });
    for (const to of original.to)
      await transport.sendMail({
        ...common,
        subject: `CONSEGNA: ${original.subject}`,
        headers: { ...common.headers, 'X-Ricevuta': 'avvenuta-consegna', 'X-Consegna': to },
        text: `Ricevuta di avvenuta consegna\n\nIl giorno ${when} il messaggio "${original.subject}" proveniente da "${original.from}" ed indirizzato a "${to}" è stato consegnato nella casella di destinazione.\nIdentificativo messaggio: ${original.messageId}`,
      });
  } finally {
    transport.close();
  }
}
