import { createServer, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import { IDENTITY_HEADER, signDevToken, verifyIdentity } from '@urp/auth';
import {
  CitizenNotificationRequestedV1,
  createEvent,
  DeadlineApproachingV1,
  DeadlineMissedV1,
  NotificationTopic,
  OfficeChangedV1,
  ReferentChangedV1,
  toKafkaRecord,
  type CloudEvent,
  type EventDefinition,
} from '@urp/contracts';
import { createKafka, createProducer } from '@urp/messaging';
import {
  collectEvents,
  gql,
  spawnGateway,
  spawnService,
  TEST_AUTH,
  testInfra,
  uniqueName,
  waitFor,
  type RunningProcess,
} from '@urp/testing';
import PDFDocument from 'pdfkit';
import { v7 as uuidv7 } from 'uuid';
import {
  ApplicantNotificationRequestedLocal,
  SurveyLinkDeliveryRequestedLocal,
} from '../src/notification/incoming.contracts';
import {
  freePorts,
  startContactsStub,
  type BookEntry,
  startMailbox,
  startIoProvider,
  inboxOf,
} from './fixtures';

const IO_KEY = 'deliver-requests-io-key';
const FISCAL_CODE = 'RSSMRA80A01H501U';
const run = uniqueName('d').replace(/-/g, '');
const req = (n: string) => `req_${run}${n}`;
const mail = (n: string) => `${n}.${run}@example.org`;

/** A real PDF, as procedures would serve it. */
const pdf = () =>
  new Promise<Buffer>((resolve) => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text('Comunicazione di avvio del procedimento (art. 8 L. 241/1990)');
    doc.end();
  });

/**
 * Wave-3 agreements 2, 3 and 5, delivered by the real campaigns process on real Kafka and FerretDB: procedures'
 * notices with their PDF fetched at send time, satisfaction's survey links (email and SMS over SMPP, 410 →
 * `survey_closed`), procedures' deadline warnings to the referent or the office once per event id. The producing
 * services are being built at the same time: their events are published here with the agreed shapes, and a tiny
 * HTTP server plays their internal endpoints (checking the service identity).
 */
describe('campaigns delivers what procedures and satisfaction ask', () => {
  const dbName = uniqueName('campaigns_req').replace(/-/g, '_');
  const producer = createProducer(
    createKafka({ clientId: 'deliver-requests-test', brokers: testInfra.kafkaBrokers }),
  );
  const book = new Map<string, BookEntry | 'anonymised'>([
    [req('mail'), { email: mail('mario') }],
    [req('pec'), { pec: `pec.${run}@pec.example.org`, email: mail('pecuser') }],
    [req('io'), { io: FISCAL_CODE }],
    [req('sms'), { sms: '+39 333 123 4567' }],
    [req('none'), {}],
    [req('prefsms'), { email: mail('prefsms'), sms: '+39 333 765 4321', preferred: 'sms' }],
  ]);
  // contacts' texts at send time: the receipt of a contact registered by phone (contacts' `receiptText`)
  const receiptCase = `case_${run}rc`;
  const receiptText =
    'Ricevuta della richiesta: numero di protocollo 2026/0000777, codice di verifica 7K3M-Q9TX-2HBD. Conservi ' +
    'questo messaggio: con il numero di protocollo e il codice di verifica può vedere a che punto è la pratica, ' +
    'senza registrarsi, alla pagina https://urp.example/stato-pratica';
  const texts = new Map<string, string | 'erased'>([[`${receiptCase}/receipt_con_${run}rc`, receiptText]]);
  let ports: number[] = [];
  let svc: RunningProcess;
  let mailbox: RunningProcess;
  let io: RunningProcess;
  let smsc: RunningProcess;
  let gateway: RunningProcess;
  let internal: Server;
  let contacts: Awaited<ReturnType<typeof startContactsStub>>;
  let collector: Awaited<ReturnType<typeof collectEvents>>;
  let token: string;
  let document: Buffer;
  const internalCalls: { path: string; sub: string }[] = [];

  beforeAll(async () => {
    ports = await freePorts(10);
    const [PORT, MAILBOX_HTTP, SMTP, CONTACTS, IO, GATEWAY, INTERNAL, SMPP, SMPP_HTTP] = ports;
    document = await pdf();
    internal = createServer((rq, rs) => {
      void (async () => {
        try {
          const who = await verifyIdentity(String(rq.headers[IDENTITY_HEADER]), TEST_AUTH.identitySecret);
          if (!who.roles.includes('service')) throw new Error('not a service');
          internalCalls.push({ path: rq.url ?? '', sub: who.sub });
        } catch {
          rs.writeHead(401).end();
          return;
        }
        const doc = /^\/internal\/procedures\/([^/]+)\/documents\/([^/]+)$/.exec(rq.url ?? '');
        if (doc && doc[2] !== 'missing') {
          rs.writeHead(200, {
            'content-type': 'application/pdf',
            'content-disposition': `attachment; filename="avvio-${doc[1]}.pdf"`,
          }).end(document);
          return;
        }
        const link = /^\/internal\/invitations\/([^/]+)\/link$/.exec(rq.url ?? '');
        if (link && link[1].endsWith('closed')) {
          rs.writeHead(410).end();
          return;
        }
        if (link) {
          rs.writeHead(200, { 'content-type': 'application/json' }).end(
            JSON.stringify({ url: `https://urp.example/questionario/${link[1]}-token` }),
          );
          return;
        }
        rs.writeHead(404).end();
      })();
    });
    await new Promise<void>((r) => internal.listen(INTERNAL, '127.0.0.1', () => r()));
    [contacts, collector, mailbox, io, smsc] = await Promise.all([
      startContactsStub(TEST_AUTH.identitySecret, CONTACTS, book, texts),
      collectEvents([NotificationTopic.name]),
      startMailbox(SMTP, MAILBOX_HTTP),
      startIoProvider(IO, IO_KEY, { [FISCAL_CODE]: { senderAllowed: true } }),
      spawnService(
        'tools/providers/src/smpp-main.ts',
        {
          SMPP_PROVIDER_PORT: String(SMPP),
          SMPP_PROVIDER_HTTP_PORT: String(SMPP_HTTP),
          SMPP_PROVIDER_SYSTEM_ID: 'urp',
          SMPP_PROVIDER_PASSWORD: 'smpp-secret',
        },
        SMPP_HTTP,
        20000,
        '/health',
      ),
      producer.connect(),
    ]);
    svc = await spawnService(
      'services/campaigns/src/main.ts',
      {
        MONGO_URL: testInfra.mongoUrl,
        MONGO_DB: dbName,
        KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
        KAFKA_GROUP_ID: uniqueName('campaigns'),
        IDENTITY_SECRET: TEST_AUTH.identitySecret,
        SMTP_URL: `smtp://127.0.0.1:${SMTP}`,
        // the PEC provider is the same local mailbox here (no receipts: the notice stays SENT)
        PEC_SMTP_URL: `smtp://127.0.0.1:${SMTP}`,
        CONTACTS_INTERNAL_URL: `http://127.0.0.1:${CONTACTS}`,
        PROCEDURES_INTERNAL_URL: `http://127.0.0.1:${INTERNAL}`,
        SATISFACTION_INTERNAL_URL: `http://127.0.0.1:${INTERNAL}`,
        PUBLIC_BASE_URL: `http://127.0.0.1:${PORT}`,
        IO_API_URL: `http://127.0.0.1:${IO}`,
        IO_API_KEY: IO_KEY,
        SMPP_URL: `smpp://urp:smpp-secret@127.0.0.1:${SMPP}`,
        NOTIFICATION_TICK_MS: '200',
        NOTIFICATION_RETRY_BASE_MS: '100',
        BULLETIN_SCHEDULE: 'off',
      },
      PORT,
    );
    gateway = await spawnGateway({ campaigns: svc.url }, GATEWAY);
    token = await signDevToken({ sub: 't-manager', roles: ['manager'] }, TEST_AUTH);
  });

  afterAll(async () => {
    await Promise.all([gateway?.stop(), svc?.stop(), mailbox?.stop(), io?.stop(), smsc?.stop()]);
    await Promise.all([producer.disconnect(), collector?.stop(), contacts?.stop()]);
    await new Promise<void>((r) => (internal ? internal.close(() => r()) : r()));
  });

  const event = <D extends EventDefinition>(
    def: D,
    subject: string,
    data: Parameters<typeof createEvent<D>>[2],
    source: string,
  ) => createEvent(def, subject, data, { source });
  const publish = async (events: CloudEvent[]) => {
    for (const e of events)
      await producer.send({ topic: topicOf(e), acks: -1, messages: [toKafkaRecord(e)] });
  };
  const topicOf = (e: CloudEvent) =>
    [
      CitizenNotificationRequestedV1,
      ApplicantNotificationRequestedLocal,
      SurveyLinkDeliveryRequestedLocal,
      DeadlineApproachingV1,
      DeadlineMissedV1,
      ReferentChangedV1,
      OfficeChangedV1,
    ].find((d) => d.type === e.type)!.topic.name;
  const inbox = (to: string) =>
    inboxOf<{
      subject: string;
      text: string;
      attachments: { filename: string; contentType: string; sha256: string }[];
    }>(ports[1], to);
  type N = {
    id: string;
    status: string;
    channel: string;
    failureCode: string | null;
    receipts: { type: string }[];
  };
  const notificationsOf = async (by: 'procedureId' | 'invitationId', id: string) => {
    const r = await gql(
      `${gateway.url}/graphql`,
      `query($p: ID, $i: ID) { notifications(procedureId: $p, invitationId: $i) { id status channel failureCode procedureId invitationId receipts { type } } }`,
      by === 'procedureId' ? { p: id } : { i: id },
      { authorization: `Bearer ${token}` },
    );
    expect(r.body.errors).toBeUndefined();
    return r.body.data.notifications as N[];
  };
  const settled = async (by: 'procedureId' | 'invitationId', id: string, status: string) => {
    let last: N[] = [];
    await waitFor(
      async () => {
        last = await notificationsOf(by, id);
        return last.length > 0 && last.every((n) => n.status === status);
      },
      { timeoutMs: 30000, what: `notifications of ${id} ${status}` },
    );
    return last;
  };
  const notice = (
    procedureId: string,
    requesterId: string,
    template = 'procedure_start_notice',
    documentId = 'doc_1',
  ) =>
    event(
      ApplicantNotificationRequestedLocal,
      procedureId,
      {
        notificationId: uuidv7(),
        procedureId,
        requesterId,
        template,
        documentId,
        protocolNumber: `2026/${procedureId.slice(-6)}`,
        dueOn: '2026-12-30',
        requestedAt: new Date().toISOString(),
      },
      '/urp/procedures',
    );
  const survey = (
    invitationId: string,
    requesterId: string,
    channel: 'email' | 'sms',
    notificationId = uuidv7(),
  ) =>
    event(
      SurveyLinkDeliveryRequestedLocal,
      invitationId,
      {
        notificationId,
        invitationId,
        requesterId,
        channel,
        expiresOn: '2026-12-20',
        requestedAt: new Date().toISOString(),
      },
      '/urp/satisfaction',
    );

  it('the art. 8 notice goes by email with its PDF attached, fetched from procedures at send time', async () => {
    const procedureId = `prc_${run}m`;
    await publish([notice(procedureId, req('mail'))]);
    const [n] = await settled('procedureId', procedureId, 'DELIVERED');
    expect(n.channel).toBe('email'); // no PEC: the next channel the applicant has
    const [m] = await inbox(mail('mario'));
    expect(m.subject).toBe(
      `Comunicazione di avvio del procedimento - protocollo n. 2026/${procedureId.slice(-6)}`,
    );
    expect(m.text).toContain('art. 8 della legge 7 agosto 1990, n. 241');
    expect(m.text).toContain('30 dicembre 2026');
    expect(m.attachments).toEqual([
      expect.objectContaining({
        filename: `avvio-${procedureId}.pdf`,
        contentType: 'application/pdf',
        sha256: createHash('sha256').update(document).digest('hex'),
      }),
    ]);
    expect(internalCalls.some((c) => c.path.includes(procedureId) && c.sub === 'svc-campaigns')).toBe(true);
    await waitFor(
      async () =>
        collector.events.some(
          (e) =>
            e.headers.ce_type?.includes('.NotificationDelivered.') &&
            (e.data as { procedureId?: string }).procedureId === procedureId,
        ),
      { timeoutMs: 15000, what: 'NotificationDelivered with the procedure id' },
    );
  });

  it('to a PEC (the digital domicile) first when the applicant has one; on IO, a text saying where to read it', async () => {
    const pecProc = `prc_${run}p`;
    const ioProc = `prc_${run}i`;
    await publish([notice(pecProc, req('pec'), 'procedure_rejection_notice'), notice(ioProc, req('io'))]);
    const [p] = await settled('procedureId', pecProc, 'SENT');
    expect(p.channel).toBe('pec');
    const [pm] = await inbox(`pec.${run}@pec.example.org`);
    expect(pm.text).toContain('Entro dieci giorni');
    expect(pm.attachments).toHaveLength(1);
    expect(await inbox(mail('pecuser'))).toHaveLength(0);
    const [i] = await settled('procedureId', ioProc, 'SENT');
    expect(i.channel).toBe('io');
    const ioMessages = (await (await fetch(`http://127.0.0.1:${ports[4]}/_provider/messages`)).json()) as {
      subject: string;
      markdown: string;
    }[];
    const m = ioMessages.find((x) => x.subject.includes(ioProc.slice(-6)))!;
    expect(m.markdown).toContain('indicando il numero di protocollo');
  });

  it('the channel the applicant prefers (SMS) even with an email on file (contacts answers `preferred`)', async () => {
    const procedureId = `prc_${run}ps`;
    await publish([notice(procedureId, req('prefsms'))]);
    const [n] = await settled('procedureId', procedureId, 'DELIVERED');
    expect(n.channel).toBe('sms');
    const sms = (await (await fetch(`http://127.0.0.1:${ports[8]}/_provider/messages`)).json()) as {
      to: string;
      text: string;
    }[];
    expect(sms.filter((m) => m.to === '393337654321')).toHaveLength(1);
    expect(await inbox(mail('prefsms'))).toHaveLength(0);
    expect(contacts.audit.filter((a) => a.requesterId === req('prefsms'))).toHaveLength(1);
  });

  it('a notice whose document procedures does not have: failed, document_not_found', async () => {
    const procedureId = `prc_${run}x`;
    await publish([notice(procedureId, req('mail'), 'procedure_start_notice', 'missing')]);
    const [n] = await settled('procedureId', procedureId, 'FAILED');
    expect(n.failureCode).toBe('document_not_found');
  });

  it('the survey link: by email once (published twice), by SMS over SMPP with its receipt, closed → survey_closed', async () => {
    const byMail = `inv_${run}e`;
    const bySms = `inv_${run}s`;
    const closed = `inv_${run}closed`;
    const id = uuidv7();
    await publish([
      survey(byMail, req('mail'), 'email', id),
      survey(byMail, req('mail'), 'email', id),
      survey(bySms, req('sms'), 'sms'),
      survey(closed, req('mail'), 'email'),
    ]);
    await settled('invitationId', byMail, 'DELIVERED');
    const mails = (await inbox(mail('mario'))).filter((m) => m.text.includes(byMail));
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain(`https://urp.example/questionario/${byMail}-token`);
    // SMS: handed to the SMSC (SENT), then its delivery receipt (DELIVRD) makes it DELIVERED
    const [s] = await settled('invitationId', bySms, 'DELIVERED');
    expect(s.channel).toBe('sms');
    expect(s.receipts.map((r) => r.type)).toEqual(['sms-delivrd']);
    const sms = (await (await fetch(`http://127.0.0.1:${ports[8]}/_provider/messages`)).json()) as {
      to: string;
      text: string;
    }[];
    expect(sms.filter((m) => m.text.includes(bySms))).toEqual([
      expect.objectContaining({
        to: '393331234567',
        text: expect.stringContaining(`https://urp.example/questionario/${bySms}-token`),
      }),
    ]);
    const [c] = await settled('invitationId', closed, 'FAILED');
    expect(c.failureCode).toBe('survey_closed');
    // the link never travels in an event
    for (const e of collector.events) expect(JSON.stringify(e.data)).not.toContain('questionario');
  });

  it('the receipt of a contact by phone reaches an SMS-only citizen with the code for the status page', async () => {
    await publish([
      event(
        CitizenNotificationRequestedV1,
        receiptCase,
        {
          messageId: `receipt_con_${run}rc`,
          notificationId: uuidv7(),
          requesterId: req('sms'),
          caseId: receiptCase,
          contactId: `con_${run}rc`,
          channel: 'sms',
          template: 'case_received',
          status: 'received',
          requestedAt: new Date().toISOString(),
          protocolNumber: '2026/0000777',
        },
        '/urp/contacts',
      ),
    ]);
    const sms = await waitFor(
      async () => {
        const all = (await (await fetch(`http://127.0.0.1:${ports[8]}/_provider/messages`)).json()) as {
          to: string;
          text: string;
        }[];
        const got = all.filter((m) => m.text.includes('2026/0000777'));
        return got.length ? got : undefined;
      },
      { timeoutMs: 30000, what: 'the receipt SMS at the SMSC' },
    );
    // the code the status page asks for, and where to type it, in the SMS itself
    expect(sms).toEqual([
      expect.objectContaining({
        to: '393331234567',
        text: expect.stringContaining('codice di verifica 7K3M-Q9TX-2HBD'),
      }),
    ]);
    expect(sms?.[0].text).toContain('https://urp.example/stato-pratica');
  });

  // deadline warnings: a daily digest per recipient, office and kind since wave 7: test/deadline-digest.int-spec.ts
});
