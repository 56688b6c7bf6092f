import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { isBounceAddress, startMailbox, type Mailbox } from './mailbox';

describe('local mailbox: a real SMTP server with a web page and a JSON API', () => {
  let box: Mailbox;
  beforeAll(async () => {
    box = await startMailbox({ smtpPort: 0, httpPort: 0 });
  });
  afterAll(() => box.stop());

  const transport = () =>
    createTransport({ host: '127.0.0.1', port: box.smtpPort, secure: false, ignoreTLS: true });

  it('stores what it receives, lists it as JSON and shows it as a page', async () => {
    await transport().sendMail({
      from: 'urp@comune.example',
      to: 'mario@example.org',
      subject: 'Scadenza TARI',
      text: 'Paga entro il 16 dicembre.',
      headers: { 'List-Unsubscribe': '<http://x/u/1>' },
    });
    const api = `http://127.0.0.1:${box.httpPort}`;
    const list = (await (await fetch(`${api}/api/messages?to=mario@example.org`)).json()) as any[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ subject: 'Scadenza TARI', to: ['mario@example.org'] });
    expect(list[0].text).toContain('16 dicembre');
    expect(list[0].headers['list-unsubscribe']).toBe('<http://x/u/1>');
    const html = await (await fetch(`${api}/`)).text();
    expect(html).toContain('Scadenza TARI');
    expect(await (await fetch(`${api}/messages/${list[0].id}`)).text()).toContain('16 dicembre');
  });

  it('tells in its stats when the last message arrived (what a benchmark ends its clock on)', async () => {
    const api = `http://127.0.0.1:${box.httpPort}`;
    const before = Date.now();
    await transport().sendMail({
      from: 'urp@comune.example',
      to: 'luca@example.org',
      subject: 'x',
      text: 'x',
    });
    const stats = (await (await fetch(`${api}/api/stats`)).json()) as { lastReceivedAt: number | null };
    expect(stats.lastReceivedAt).toBeGreaterThanOrEqual(before);
    expect(stats.lastReceivedAt).toBeLessThanOrEqual(Date.now());
  });

  it('keeps attachments: listed on the message page and downloadable with their type and bytes', async () => {
    const pdf = Buffer.from('%PDF-1.4\n% una comunicazione di avvio\n%%EOF\n');
    await transport().sendMail({
      from: 'urp@comune.example',
      to: 'anna@example.org',
      subject: 'Comunicazione di avvio del procedimento',
      text: 'In allegato la comunicazione.',
      attachments: [{ filename: 'avvio 2026-0000102.pdf', content: pdf, contentType: 'application/pdf' }],
    });
    const api = `http://127.0.0.1:${box.httpPort}`;
    const [m] = (await (await fetch(`${api}/api/messages?to=anna@example.org`)).json()) as any[];
    expect(m.attachments).toEqual([
      expect.objectContaining({ filename: 'avvio 2026-0000102.pdf', contentType: 'application/pdf' }),
    ]);
    const page = await (await fetch(`${api}/messages/${m.id}`)).text();
    expect(page).toContain(`href="/messages/${m.id}/attachments/0"`);
    expect(page).toContain('avvio 2026-0000102.pdf');
    expect(await (await fetch(`${api}/`)).text()).toContain('(1 allegato)');
    const file = await fetch(`${api}/messages/${m.id}/attachments/0`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toContain("filename*=UTF-8''avvio%202026-0000102.pdf");
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);
    expect((await fetch(`${api}/messages/${m.id}/attachments/1`)).status).toBe(404);
  });

  it('reads back at start what an earlier run kept in its directory (npm stop, npm start: nothing lost)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'urp-mailbox-spec-'));
    const first = await startMailbox({ smtpPort: 0, httpPort: 0, dir });
    const send = (to: string, subject: string) =>
      createTransport({ host: '127.0.0.1', port: first.smtpPort, secure: false, ignoreTLS: true }).sendMail({
        from: 'urp@comune.example',
        to,
        bcc: 'archivio@comune.example',
        subject,
        text: 'x',
        attachments: [
          { filename: 'a.pdf', content: Buffer.from('%PDF-1.4'), contentType: 'application/pdf' },
        ],
      });
    await send('uno@example.org', 'primo');
    await send('due@example.org', 'secondo');
    await first.stop();

    const again = await startMailbox({ smtpPort: 0, httpPort: 0, dir });
    await again.restored;
    try {
      const api = `http://127.0.0.1:${again.httpPort}`;
      const list = (await (await fetch(`${api}/api/messages`)).json()) as any[];
      expect(list.map((m) => m.subject)).toEqual(['primo', 'secondo']);
      // the envelope too: the blind copy's recipient is known
      expect(list[0].to).toEqual(['uno@example.org', 'archivio@comune.example']);
      expect((await fetch(`${api}/messages/${list[1].id}/attachments/0`)).status).toBe(200);
      expect(again.countsByRecipient().get('archivio@comune.example')).toBe(2);
    } finally {
      await again.stop();
    }
  });

  it('refuses bounce@… recipients with a permanent 550 (bounce simulation)', async () => {
    expect(isBounceAddress('bounce@example.org')).toBe(true);
    expect(isBounceAddress('bounce+3@example.org')).toBe(true);
    expect(isBounceAddress('bouncer@example.org')).toBe(false);
    const info = await transport()
      .sendMail({ from: 'urp@comune.example', to: 'bounce@example.org', subject: 'x', text: 'x' })
      .catch((e: { responseCode?: number; rejected?: string[] }) => e);
    expect((info as { responseCode?: number }).responseCode).toBe(550);
    expect(box.rejected()).toBe(1);
  });
});
