import { createPublicKey, createVerify, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningProcess } from '@urp/testing';
import { DeliveryError, IoAdapter, SmtpAdapter } from '../src/delivery/adapters';
import { renderNotification } from '../src/notification/notification.rules';
import { freePorts, startMailbox, startIoProvider, inboxOf } from './fixtures';

let [SMTP, MAILBOX_HTTP, IO] = [0, 0, 0];
const IO_KEY = 'test-io-subscription-key';
const ALLOWED = 'RSSMRA80A01H501U';
const BLOCKED = 'BNCGLI85M41F205X';
const NO_PROFILE = 'VRDLCU75C12L219K';

/**
 * The channels against real servers: SMTP to the local mailbox (DKIM signature checked with the public key) and
 * the IO adapter against the local server implementing the IO messages API (tools/providers), which refuses what
 * the real API refuses.
 */
describe('notification channels: email with DKIM, App IO on its real contract', () => {
  const dir = mkdtempSync(join(tmpdir(), 'urp-mailbox-'));
  let mailbox: RunningProcess;
  let io: RunningProcess;

  beforeAll(async () => {
    [SMTP, MAILBOX_HTTP, IO] = await freePorts(3);
    [mailbox, io] = await Promise.all([
      startMailbox(SMTP, MAILBOX_HTTP, { MAILBOX_DIR: dir }),
      startIoProvider(IO, IO_KEY, {
        [ALLOWED]: { senderAllowed: true },
        [BLOCKED]: { senderAllowed: false },
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([mailbox?.stop(), io?.stop()]);
  });

  const inbox = (to: string) =>
    inboxOf<{ id: string; headers: Record<string, string>; subject: string }>(MAILBOX_HTTP, to);

  const unsubscribe = {
    'List-Unsubscribe': '<http://127.0.0.1:4005/u/abc>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };

  it('signs with DKIM when a key is configured, covering List-Unsubscribe, and the signature verifies', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const smtp = new SmtpAdapter(`smtp://127.0.0.1:${SMTP}`, 'URP <urp@comune.borgoaurelio.example>', 1, {
      domainName: 'comune.borgoaurelio.example',
      keySelector: 'urp2026',
      privateKey,
    });
    const to = `dkim.${Date.now()}@example.org`;
    await smtp.send({
      deliveryId: 'd1',
      to,
      subject: 'Prova DKIM',
      text: 'Testo di prova',
      headers: unsubscribe,
      feedbackUrl: '',
    });
    await smtp.close();
    const [m] = await inbox(to);
    const sig = m.headers['dkim-signature'];
    expect(sig).toBeDefined();
    const tags = Object.fromEntries(
      sig
        .replace(/\s+/g, '')
        .split(';')
        .filter(Boolean)
        .map((t) => [t.slice(0, t.indexOf('=')), t.slice(t.indexOf('=') + 1)]),
    );
    expect(tags).toMatchObject({ d: 'comune.borgoaurelio.example', s: 'urp2026', a: 'rsa-sha256' });
    const signed = tags.h.toLowerCase().split(':');
    expect(signed).toEqual(
      expect.arrayContaining(['from', 'subject', 'list-unsubscribe', 'list-unsubscribe-post']),
    );

    // verify as a receiving server would (RFC 6376 relaxed header canonicalisation) on the raw message kept
    const raw = readFileSync(join(dir, `${m.id}.eml`), 'utf8');
    const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
    const fields = head.split(/\r\n(?![ \t])/);
    const relaxed = (f: string) => {
      const i = f.indexOf(':');
      return `${f.slice(0, i).trim().toLowerCase()}:${f
        .slice(i + 1)
        .replace(/\r\n/g, '')
        .replace(/[ \t]+/g, ' ')
        .trim()}`;
    };
    const find = (name: string) =>
      fields.filter((f) => f.slice(0, f.indexOf(':')).trim().toLowerCase() === name);
    const used = new Map<string, number>();
    const lines: string[] = [];
    for (const name of signed) {
      const all = find(name);
      const n = used.get(name) ?? 0;
      used.set(name, n + 1);
      const f = all[all.length - 1 - n]; // bottom-up, RFC 6376 §5.4.2
      if (f) lines.push(relaxed(f));
    }
    const dkimField = relaxed(find('dkim-signature')[0]).replace(/b=[^;]*$/, 'b=');
    const data = `${lines.join('\r\n')}\r\n${dkimField}`;
    const ok = createVerify('RSA-SHA256')
      .update(data)
      .verify(createPublicKey(publicKey), Buffer.from(tags.b, 'base64'));
    expect(ok).toBe(true);
  });

  it('sends unsigned when no key is configured', async () => {
    const smtp = new SmtpAdapter(`smtp://127.0.0.1:${SMTP}`, 'URP <urp@comune.borgoaurelio.example>', 1);
    const to = `plain.${Date.now()}@example.org`;
    await smtp.send({
      deliveryId: 'd2',
      to,
      subject: 'Senza firma',
      text: 'Testo',
      headers: unsubscribe,
      feedbackUrl: '',
    });
    await smtp.close();
    const [m] = await inbox(to);
    expect(m.headers['dkim-signature']).toBeUndefined();
    expect(m.headers['list-unsubscribe']).toContain('/u/abc');
  });

  const message = renderNotification({
    template: 'case_answered',
    facts: { protocolNumber: '2026/000777', status: 'answered' },
    recipientType: 'requester',
  });
  const outgoing = (to: string, over: Partial<typeof message> = {}) => ({
    deliveryId: 'n1',
    to,
    subject: over.subject ?? message.subject,
    text: message.text,
    markdown: over.markdown ?? message.markdown,
    feedbackUrl: '',
  });
  const providerMessages = async () =>
    (await (await fetch(`http://127.0.0.1:${IO}/_provider/messages`)).json()) as {
      fiscalCode: string;
      subject: string;
      markdown: string;
    }[];
  const refusal = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(DeliveryError);
    return e as DeliveryError;
  };

  it('IO accepts a message within the rules: profile checked, then sent with the subscription key', async () => {
    const adapter = new IoAdapter(`http://127.0.0.1:${IO}`, IO_KEY);
    const r = await adapter.send(outgoing(ALLOWED));
    expect(r.status).toBe('sent');
    expect(r.code).toMatch(/^io:[0-9A-F]{26}$/);
    const got = (await providerMessages()).filter((m) => m.fiscalCode === ALLOWED);
    expect(got).toHaveLength(1);
    expect(got[0].subject).toBe(message.subject);
    expect(got[0].markdown).toContain('2026/000777');
  });

  it('IO refuses what the real API refuses, and each refusal is permanent with its reason', async () => {
    const adapter = new IoAdapter(`http://127.0.0.1:${IO}`, IO_KEY);
    const before = (await providerMessages()).length;
    // subject under 10 characters, markdown under 80: 400 with the problem
    const short = await refusal(
      adapter.send(outgoing(ALLOWED, { subject: 'Breve', markdown: 'Troppo corto' })),
    );
    expect(short).toMatchObject({ permanent: true, code: 'io_message_400' });
    // the wrong key: 401 before anything else
    const wrongKey = await refusal(new IoAdapter(`http://127.0.0.1:${IO}`, 'wrong').send(outgoing(ALLOWED)));
    expect(wrongKey).toMatchObject({ permanent: true, code: 'io_unauthorized' });
    // no IO profile: the profile check stops it before any message
    const none = await refusal(adapter.send(outgoing(NO_PROFILE)));
    expect(none).toMatchObject({ permanent: true, code: 'io_profile_not_found' });
    // the citizen blocked this service
    const blocked = await refusal(adapter.send(outgoing(BLOCKED)));
    expect(blocked).toMatchObject({ permanent: true, code: 'io_sender_not_allowed' });
    expect(await providerMessages()).toHaveLength(before);

    // the contract server also refuses by itself what the adapter would never send (a client that skips checks)
    const post = (body: unknown, key = IO_KEY) =>
      fetch(`http://127.0.0.1:${IO}/api/v1/messages/${ALLOWED}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'Ocp-Apim-Subscription-Key': key },
        body: JSON.stringify(body),
      });
    const tooLong = await post({ content: { subject: 'x'.repeat(121), markdown: 'y'.repeat(10_001) } });
    expect(tooLong.status).toBe(400);
    const problem = (await tooLong.json()) as { detail: string };
    expect(problem.detail).toContain('content.subject');
    expect(problem.detail).toContain('content.markdown');
    expect(
      (await post({ content: { subject: message.subject, markdown: message.markdown } }, '')).status,
    ).toBe(401);
    expect(
      (
        await fetch(`http://127.0.0.1:${IO}/api/v1/messages/${BLOCKED}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'Ocp-Apim-Subscription-Key': IO_KEY },
          body: JSON.stringify({ content: { subject: message.subject, markdown: message.markdown } }),
        })
      ).status,
    ).toBe(403);
  });
});
