import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { SMTPServer } from 'smtp-server';
import { DeliveryError, SmtpAdapter, type OutgoingMessage } from './adapters';
import { ThreadedSmtpAdapter, workerExecArgv } from './smtp-thread';

const read = async (stream: Readable): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
};

const FROM = 'URP del Comune <urp@comune.example>';
const strip = (raw: string) => raw.replace(/^Date: .*\r\n/m, '');

describe('e-mail composed and sent on a worker thread', () => {
  const received: { to: string; raw: string }[] = [];
  let refuse: Record<string, number> = {};
  /** While set, the server holds every message's data until it resolves (a send in flight). */
  let hold: Promise<void> | undefined;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      const code = refuse[address.address];
      if (!code) return cb();
      cb(Object.assign(new Error(`refused ${address.address}`), { responseCode: code }));
    },
    onData(stream, session, cb) {
      void read(stream).then(async (raw) => {
        await hold;
        received.push({ to: session.envelope.rcptTo[0].address, raw });
        cb();
      });
    },
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
    refuse = {};
    hold = undefined;
  });

  const message = (i: number, over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
    deliveryId: `n${i}`,
    to: `p${i}@example.org`,
    subject: `La sua richiesta all’URP n. 2026/${String(i).padStart(6, '0')} ha ricevuto una risposta`,
    text: `Gentile cittadina, gentile cittadino,\n\nla sua richiesta n. ${i} ha ricevuto una risposta: è così.`,
    feedbackUrl: '',
    messageId: `<n${i}@comune.example>`,
    ...over,
  });

  it('delivers each message once, byte for byte what the adapter on this thread sends', async () => {
    const threaded = new ThreadedSmtpAdapter({ url, from: FROM, poolSize: 4 });
    const here = new SmtpAdapter(url, FROM, 1);
    try {
      const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => threaded.send(message(i))));
      expect(outcomes.every((o) => o.status === 'delivered' && o.code === '250')).toBe(true);
      expect(received.map((r) => r.to).sort()).toEqual(
        Array.from({ length: 20 }, (_, i) => `p${i}@example.org`).sort(),
      );
      const fromThread = received.find((r) => r.to === 'p7@example.org')!.raw;
      received.length = 0;
      await here.send(message(7));
      expect(strip(fromThread)).toBe(strip(received[0].raw));
    } finally {
      await threaded.close();
      await here.close();
    }
  });

  it('carries attachments across the thread as the bytes they were', async () => {
    const threaded = new ThreadedSmtpAdapter({ url, from: FROM, poolSize: 1 });
    const pdf = Buffer.from('%PDF-1.7 comunicazione di avvio');
    try {
      await threaded.send(
        message(1, {
          attachments: [{ filename: 'avvio.pdf', content: pdf, contentType: 'application/pdf' }],
        }),
      );
      expect(received[0].raw).toContain('filename=avvio.pdf');
      expect(received[0].raw).toContain(pdf.toString('base64'));
    } finally {
      await threaded.close();
    }
  });

  it('classifies refusals as the adapter does: 5xx permanent, 4xx to try again', async () => {
    const threaded = new ThreadedSmtpAdapter({ url, from: FROM, poolSize: 1 });
    refuse = { 'p1@example.org': 550, 'p2@example.org': 450 };
    const failure = (i: number) =>
      threaded.send(message(i)).then(
        () => undefined,
        (e: unknown) => e,
      );
    try {
      const permanent = await failure(1);
      expect(permanent).toBeInstanceOf(DeliveryError);
      expect(permanent).toMatchObject({ permanent: true, code: '550' });
      expect(await failure(2)).toMatchObject({ permanent: false, code: '450' });
      await expect(threaded.send(message(3))).resolves.toMatchObject({ status: 'delivered' });
    } finally {
      await threaded.close();
    }
  });

  it('a worker that dies fails what it held as a transient error, and the next message starts another', async () => {
    const threaded = new ThreadedSmtpAdapter({ url, from: FROM, poolSize: 1 });
    let release!: () => void;
    hold = new Promise<void>((r) => (release = r));
    try {
      const held = threaded.send(message(1)).then(
        () => undefined,
        (e: unknown) => e,
      );
      // the worker has the message (its data reached the server, which holds the answer)
      for (let i = 0; i < 200 && !(threaded as unknown as { worker: unknown }).worker; i++)
        await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 300));
      await (threaded as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
      expect(await held).toMatchObject({ permanent: false, code: 'smtp_worker_exit' });
      release();
      hold = undefined;
      await expect(threaded.send(message(2))).resolves.toMatchObject({ status: 'delivered' });
    } finally {
      release();
      await threaded.close();
    }
  });

  it('an idle worker stops (its memory returned), and the next message starts another', async () => {
    const threaded = new ThreadedSmtpAdapter({ url, from: FROM, poolSize: 1 }, 200);
    const worker = () => (threaded as unknown as { worker: unknown }).worker;
    try {
      await threaded.send(message(1));
      expect(worker()).toBeTruthy();
      for (let i = 0; i < 100 && worker(); i++) await new Promise((r) => setTimeout(r, 20));
      expect(worker()).toBeNull();
      await expect(threaded.send(message(2))).resolves.toMatchObject({ status: 'delivered' });
      expect(received.map((r) => r.to)).toEqual(['p1@example.org', 'p2@example.org']);
    } finally {
      await threaded.close();
    }
  });

  it('refuses to send once closed', async () => {
    const threaded = new ThreadedSmtpAdapter({ url, from: FROM, poolSize: 1 });
    await threaded.send(message(1));
    await threaded.close();
    await expect(threaded.send(message(2))).rejects.toMatchObject({ code: 'smtp_closed' });
  });

  it("gives the worker the TypeScript hook it needs, none of the parent's flags or preloads", () => {
    expect(workerExecArgv('/x/smtp.worker.ts')).toEqual(['-r', '@swc-node/register']);
    // compiled: nothing at all (not the tracing preload, not --max-semi-space-size)
    expect(workerExecArgv('/x/smtp.worker.js')).toEqual([]);
  });
});
