import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { AddressInfo, createServer as createNetServer } from 'node:net';
import { IDENTITY_HEADER, signDevToken, signIdentity, verifyIdentity } from '@urp/auth';
import { ContactTopic, createEvent, ProcedureRequestedV1, toKafkaRecord } from '@urp/contracts';
import { createRawKafka } from '@urp/messaging';
import {
  gql,
  spawnGateway,
  spawnService,
  TEST_AUTH,
  testInfra,
  uniqueName,
  waitFor,
  type RunningProcess,
} from '@urp/testing';
import { folded, pdfText } from './support/pdf-text';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createNetServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });

/**
 * Issue 14, "done means", end to end with the real services: a procedure started from a contact ends with its start
 * notice delivered by email — the real campaigns service fetches the PDF from the real procedures service at send
 * time and attaches it; the local mailbox receives it — and the delivery shows on the procedure (agreement 4). The
 * attached PDF is the one procedures keeps (same sha256), and its text states every element of art. 8 c.2. Contacts
 * is played by a tiny address book checking the service identity (its own tests cover the real endpoint).
 */
describe('the start notice reaches the applicant with its PDF (procedures + campaigns + mailbox)', () => {
  const run = uniqueName('e2e').replace(/-/g, '_');
  const email = `richiedente.${run}@example.org`;
  const requesterId = `req_${run.replace(/[^A-Za-z0-9]/g, '').slice(-20)}`;
  const code = `libri_${run.slice(-6)}`;
  let procedures: RunningProcess;
  let campaigns: RunningProcess;
  let mailbox: RunningProcess;
  let gateway: RunningProcess;
  let contacts: Server;
  let mailboxHttp: number;
  let producer: ReturnType<ReturnType<typeof createRawKafka>['producer']>;
  let manager: string;

  beforeAll(async () => {
    const [P, C, MH, SMTP, CT, G] = await Promise.all([1, 2, 3, 4, 5, 6].map(() => freePort()));
    mailboxHttp = MH;
    contacts = createServer((rq, rs) => {
      const chunks: Buffer[] = [];
      rq.on('data', (c: Buffer) => chunks.push(c));
      rq.on('end', () => {
        void (async () => {
          try {
            const who = await verifyIdentity(String(rq.headers[IDENTITY_HEADER]), TEST_AUTH.identitySecret);
            if (!who.roles.includes('service') || rq.url !== '/internal/requesters/addresses')
              throw new Error();
            const body = JSON.parse(Buffer.concat(chunks).toString()) as {
              requesterIds: string[];
              channel: string;
            };
            const addresses = body.requesterIds.map((id) =>
              id === requesterId && body.channel === 'email'
                ? { requesterId: id, status: 'ok', address: email }
                : { requesterId: id, status: id === requesterId ? 'no_address' : 'unknown' },
            );
            rs.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ addresses }));
          } catch {
            rs.writeHead(401).end();
          }
        })();
      });
    });
    await new Promise<void>((r) => contacts.listen(CT, '127.0.0.1', () => r()));
    const common = {
      MONGO_URL: testInfra.mongoUrl,
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      IDENTITY_SECRET: TEST_AUTH.identitySecret,
    };
    [mailbox, procedures] = await Promise.all([
      spawnService(
        'tools/mailbox/src/main.ts',
        { MAILBOX_SMTP_PORT: String(SMTP), MAILBOX_HTTP_PORT: String(MH) },
        MH,
        20000,
        '/health',
      ),
      spawnService(
        'services/procedures/src/main.ts',
        {
          ...common,
          MONGO_DB: `${run}_proc`,
          KAFKA_GROUP_ID: uniqueName('proc'),
          // other tests' requests on a shared broker whose form is in a contacts gone: this stand-in refuses (4xx),
          // so they are dead-lettered instead of retried without end on an unreachable contacts
          CONTACTS_INTERNAL_URL: `http://127.0.0.1:${CT}`,
        },
        P,
      ),
    ]);
    campaigns = await spawnService(
      'services/campaigns/src/main.ts',
      {
        ...common,
        MONGO_DB: `${run}_camp`,
        KAFKA_GROUP_ID: uniqueName('camp'),
        SMTP_URL: `smtp://127.0.0.1:${SMTP}`,
        CONTACTS_INTERNAL_URL: `http://127.0.0.1:${CT}`,
        PROCEDURES_INTERNAL_URL: procedures.url,
        PUBLIC_BASE_URL: `http://127.0.0.1:${C}`,
        NOTIFICATION_TICK_MS: '200',
        NOTIFICATION_RETRY_BASE_MS: '100',
        BULLETIN_SCHEDULE: 'off',
      },
      C,
    );
    gateway = await spawnGateway({ procedures: procedures.url }, G);
    producer = createRawKafka({ clientId: 'e2e-notice', brokers: testInfra.kafkaBrokers }).producer();
    await producer.connect();
    manager = await signDevToken({ sub: 'mgr-1', roles: ['manager'] }, TEST_AUTH);
    const saved = await ask(
      `mutation($input: ProcedureTypeInput!) { saveProcedureType(input: $input) { id } }`,
      {
        input: {
          code,
          name: 'Contributo per libri di testo',
          legalBasis: 'Regolamento comunale per il diritto allo studio',
          legalTermDays: 30,
          officeId: 'istruzione',
          officeName: 'Ufficio Istruzione',
          responsibleId: 'ref-istruzione',
          responsibleName: 'Giulia Conti',
        },
      },
    );
    expect(saved.body.errors).toBeUndefined();
  }, 180_000);

  afterAll(async () => {
    await producer?.disconnect();
    await Promise.all([gateway?.stop(), campaigns?.stop(), procedures?.stop(), mailbox?.stop()]);
    await new Promise<void>((r) => (contacts ? contacts.close(() => r()) : r()));
  });

  const ask = (query: string, variables: Record<string, unknown> = {}) =>
    gql(`${gateway.url}/graphql`, query, variables, { authorization: `Bearer ${manager}` });
  const itDate = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

  it('ends as an email with the PDF attached, and "delivered" on the procedure', async () => {
    const contactId = `ctc_${uniqueName('c')}`;
    const request = createEvent(
      ProcedureRequestedV1,
      contactId,
      {
        contactId,
        requesterId,
        procedureTypeCode: code,
        subject: 'Contributo libri di testo a.s. 2026/27',
        receivedAt: new Date().toISOString(),
        protocolNumber: '2026/0007001',
        channel: 'desk',
        operatorId: 'op-1',
      },
      { source: '/urp/contacts' },
    );
    await producer.send({ topic: ContactTopic.name, messages: [toKafkaRecord(request)] });

    // the email, in the mailbox, read back over its interface
    type Message = {
      subject: string;
      attachments: { filename: string; contentType: string; sha256: string }[];
    };
    const [message] = await waitFor(
      async () => {
        const r = await fetch(`http://127.0.0.1:${mailboxHttp}/api/messages?to=${encodeURIComponent(email)}`);
        const list = (await r.json()) as Message[];
        return list.length ? list : undefined;
      },
      { timeoutMs: 60_000, what: 'the start notice in the mailbox' },
    ).then((x) => x!);
    const pdfs = message.attachments.filter((a) => a.contentType === 'application/pdf');
    expect(pdfs).toHaveLength(1);

    // delivered, as the procedure shows it
    const p = await waitFor(
      async () => {
        const r = await ask(
          `query($t: String) { procedures(typeCode: $t) { id contactId dueDate receivedOn
            documents { id notificationId delivery { status channel } } deliveries { notificationId status channel } } }`,
          { t: code },
        );
        const found = (
          r.body.data?.procedures as
            | {
                id: string;
                contactId: string;
                dueDate: string;
                receivedOn: string;
                documents: {
                  id: string;
                  notificationId: string;
                  delivery: { status: string; channel: string } | null;
                }[];
                deliveries: { notificationId: string; status: string; channel: string }[];
              }[]
            | undefined
        )?.find((x) => x.contactId === contactId);
        return found?.deliveries.some((d) => d.status === 'delivered') ? found : undefined;
      },
      { timeoutMs: 60_000, what: 'the delivery on the procedure' },
    ).then((x) => x!);
    expect(p.deliveries).toHaveLength(1);
    expect(p.deliveries[0]).toMatchObject({ status: 'delivered', channel: 'email' });
    // campaigns reports under its own id for the message, which embeds the one procedures asked with
    expect(p.deliveries[0].notificationId).toContain(p.documents[0].notificationId);
    // and beside the document it delivered
    expect(p.documents[0].delivery).toEqual({ status: 'delivered', channel: 'email' });

    // the attachment is the PDF procedures keeps, and it states every element of art. 8 c.2
    const res = await fetch(`${procedures.url}/internal/procedures/${p.id}/documents/${p.documents[0].id}`, {
      headers: {
        [IDENTITY_HEADER]: await signIdentity(
          { sub: 'svc-test', roles: ['service'] },
          TEST_AUTH.identitySecret,
        ),
      },
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(pdfs[0].sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const t = folded((await pdfText(bytes)).text);
    for (const element of [
      'Amministrazione competente Comune di Borgo Aurelio',
      'Oggetto del procedimento Contributo per libri di testo: Contributo libri di testo a.s. 2026/27',
      'Ufficio competente Ufficio Istruzione',
      'Responsabile del procedimento Giulia Conti',
      "Domicilio digitale dell'amministrazione protocollo@pec.comune.borgoaurelio.it",
      "Numero di protocollo dell'istanza 2026/0007001",
      `Data di presentazione dell'istanza ${itDate(p.receivedOn)}`,
      `Data entro la quale deve concludersi il procedimento ${itDate(p.dueDate)}`,
      "Rimedi esperibili in caso di inerzia dell'amministrazione",
      'Ufficio e modalità per prendere visione degli atti',
    ])
      expect(t).toContain(element);
  }, 150_000);
});
