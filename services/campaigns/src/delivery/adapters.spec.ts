import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import fc from 'fast-check';
import { createTransport } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { SMTPServer } from 'smtp-server';
import { DeliveryError, parsedAddresses, plainTextMessage, SmtpAdapter } from './adapters';

const read = async (stream: Readable): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
};

const FROM = 'URP del Comune <urp@comune.example>';
const date = new Date('2026-12-06T10:00:00Z');

/** A message as nodemailer's composer streams it (what `sendMail` wrote before). */
const streamed = (text: string, subject: string, headers?: Record<string, string>) =>
  read(
    new MailComposer({ from: FROM, to: 'anna@example.org', subject, text, headers, date, messageId: '<a@b>' })
      .compile()
      .createReadStream(),
  );
const built = async (text: string, subject: string, headers?: Record<string, string>) =>
  (
    await plainTextMessage(
      new MailComposer({
        from: FROM,
        to: 'anna@example.org',
        subject,
        text,
        headers,
        date,
        messageId: '<a@b>',
      }).compile(),
      text,
    )
  ).toString('utf8');

describe('a plain-text message built once', () => {
  it('is byte for byte what nodemailer streams, for any text and subject', async () => {
    const line = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 120 }),
      fc.string({ maxLength: 300 }),
      // where the encoders differ: whitespace at the ends of lines, lone CR, long lines, '=' and dots
      fc.string({ unit: fc.constantFrom('a', ' ', '\t', '\r', '\n', 'à', '€', '.', '='), maxLength: 240 }),
      fc.constantFrom('', '.', '. ', 'riga con spazi finali   ', 'àèéìòù € “virgolette”', 'x'.repeat(200)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 12 }),
        fc.constantFrom('\n', '\r\n'),
        line,
        async (lines, nl, subject) => {
          const text = lines.join(nl);
          expect(await built(text, subject)).toBe(await streamed(text, subject));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('keeps the headers it is given (List-Unsubscribe) and the Message-ID', async () => {
    const headers = {
      'List-Unsubscribe': '<https://urp.example/u/abc>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    };
    const text = 'Gentile cittadina, gentile cittadino,\n\nla sua richiesta è stata registrata.';
    const raw = await built(text, 'La sua richiesta all’URP', headers);
    expect(raw).toBe(await streamed(text, 'La sua richiesta all’URP', headers));
    expect(raw).toContain('List-Unsubscribe: <https://urp.example/u/abc>\r\n');
    expect(raw).toContain('Message-ID: <a@b>\r\n');
  });
});

describe('addresses parsed once', () => {
  const forms = [
    'anna@example.org',
    'Anna Bianchi <anna@example.org>',
    '"Bianchi, Anna" <anna@example.org>',
    'Niccolò Àlvaro <niccolo@example.org>',
    'anna@esempiò.it',
    'a@example.org, B <b@example.org>',
    'Ufficio: a@example.org, b@example.org;',
    'root',
    '',
    'URP del Comune <urp@comune.example>',
  ];
  const compose = (from: unknown, to: unknown) => {
    const node = new MailComposer({
      from: from as string,
      to: to as string,
      subject: 'x',
      text: 'y',
      date,
      messageId: '<a@b>',
    }).compile();
    return { headers: node.buildHeaders(), envelope: node.getEnvelope() };
  };

  it('give the composer the header and envelope the text gives it, for any list (groups stay text)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...forms), fc.constantFrom(...forms), (from, to) => {
        expect(compose(parsedAddresses(from), parsedAddresses(to))).toEqual(compose(from, to));
      }),
      { numRuns: 200 },
    );
    expect(parsedAddresses('Ufficio: a@example.org;')).toBe('Ufficio: a@example.org;');
    expect(parsedAddresses('root')).toBe('root');
    expect(parsedAddresses('Anna <anna@example.org>')).toEqual([
      { name: 'Anna', address: 'anna@example.org' },
    ]);
  });

  it('are not changed by the composer (one From serves every message)', () => {
    const from = parsedAddresses('Niccolò <niccolo@esempiò.it>');
    const before = JSON.stringify(from);
    compose(from, 'anna@example.org');
    compose(from, 'anna@example.org');
    expect(JSON.stringify(from)).toBe(before);
  });
});

describe('SmtpAdapter against an SMTP server', () => {
  const received: { to: string[]; raw: string }[] = [];
  let refuse: Record<string, number> = {};
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      const code = refuse[address.address];
      if (!code) return cb();
      const err = Object.assign(new Error(`refused ${address.address}`), { responseCode: code });
      cb(err);
    },
    onData(stream, session, cb) {
      void read(stream).then((raw) => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
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
  });

  const strip = (raw: string) => raw.replace(/^Date: .*\r\n/m, '');

  it('delivers what sendMail delivered (headers, body, envelope), several at once over the pool', async () => {
    const adapter = new SmtpAdapter(url, FROM, 2);
    const transport = createTransport({
      host: '127.0.0.1',
      port: Number(new URL(url).port),
      ignoreTLS: true,
    });
    const text =
      'Gentile cittadina, gentile cittadino,\n\nla sua richiesta n. 2026/000123 ha ricevuto una risposta.';
    const subject = 'La sua richiesta all’URP n. 2026/000123 ha ricevuto una risposta';
    try {
      const outcomes = await Promise.all(
        [1, 2, 3, 4, 5].map((i) =>
          adapter.send({
            deliveryId: `n${i}`,
            to: `p${i}@example.org`,
            subject,
            text,
            feedbackUrl: '',
            messageId: `<n${i}@comune.example>`,
          }),
        ),
      );
      expect(outcomes.every((o) => o.status === 'delivered' && o.code === '250')).toBe(true);
      await transport.sendMail({
        from: FROM,
        to: 'p1@example.org',
        subject,
        text,
        messageId: '<n1@comune.example>',
      });
      expect(received.map((r) => r.to[0]).sort()).toEqual([1, 1, 2, 3, 4, 5].map((i) => `p${i}@example.org`));
      const [ours, theirs] = received.filter((r) => r.to[0] === 'p1@example.org');
      expect(strip(ours.raw)).toBe(strip(theirs.raw));
    } finally {
      transport.close();
      await adapter.close();
    }
  });

  it('sends HTML and attachments through the composed stream', async () => {
    const adapter = new SmtpAdapter(url, FROM, 1);
    try {
      await adapter.send({
        deliveryId: 'n',
        to: 'p@example.org',
        subject: 'Comunicazione di avvio',
        text: 'In allegato la comunicazione.',
        html: '<p>In allegato la comunicazione.</p>',
        feedbackUrl: '',
        attachments: [
          {
            filename: 'comunicazione-avvio-2026-000123.pdf',
            content: Buffer.from('%PDF-1.7'),
            contentType: 'application/pdf',
          },
        ],
      });
      const raw = received[0].raw;
      expect(raw).toMatch(/Content-Type: multipart\/mixed/);
      expect(raw).toContain('<p>In allegato la comunicazione.</p>');
      expect(raw).toContain('filename=comunicazione-avvio-2026-000123.pdf');
      expect(raw).toContain(Buffer.from('%PDF-1.7').toString('base64'));
    } finally {
      await adapter.close();
    }
  });

  it('classifies refusals: 5xx permanent, 4xx to try again', async () => {
    const adapter = new SmtpAdapter(url, FROM, 1);
    refuse = { 'nobody@example.org': 550, 'busy@example.org': 450 };
    const failure = (to: string) =>
      adapter.send({ deliveryId: 'n', to, text: 'x', feedbackUrl: '' }).then(
        () => undefined,
        (e: unknown) => e,
      );
    try {
      const permanent = await failure('nobody@example.org');
      expect(permanent).toBeInstanceOf(DeliveryError);
      expect(permanent).toMatchObject({ permanent: true, code: '550' });
      expect(await failure('busy@example.org')).toMatchObject({ permanent: false, code: '450' });
      // the connection is still good after a refusal
      await expect(
        adapter.send({ deliveryId: 'n', to: 'ok@example.org', text: 'x', feedbackUrl: '' }),
      ).resolves.toMatchObject({
        status: 'delivered',
      });
    } finally {
      await adapter.close();
    }
  });

  it('a server that is not there is a failure to try again', async () => {
    const adapter = new SmtpAdapter('smtp://127.0.0.1:1', FROM, 1);
    try {
      await expect(
        adapter.send({ deliveryId: 'n', to: 'p@example.org', text: 'x', feedbackUrl: '' }),
      ).rejects.toMatchObject({
        permanent: false,
      });
    } finally {
      await adapter.close();
    }
  });
});
