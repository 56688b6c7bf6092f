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
  const officeId = `istruzione_${run.slice(-6)}`;
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
    // the head of the procedure's office: the acts on a procedure are the competent office's (artt. 4-6)
    manager = await signDevToken({ sub: 'mgr-1', roles: ['manager'], offices: [officeId] }, TEST_AUTH);
    const saved = await ask(
      `mutation($input: ProcedureTypeInput!) { saveProcedureType(input: $input) { id } }`,
      {
        input: {
          code,
          name: 'Contributo per libri di testo',
          legalBasis: 'Regolamento comunale per il diritto allo studio',
          legalTermDays: 30,
          // an office the directory does not know (a shared broker may carry the demo's OfficeChanged for
          // `istruzione`, whose name the notice would then use): the notice names the type's own office
          officeId,
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
        // as contacts emits it: the request's text scrubbed of personal data, never printed to the applicant
        subject: 'Contributo libri di testo per [nome], [indirizzo]',
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
      'Oggetto del procedimento Contributo per libri di testo (',
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
    // the letter names the procedure by its type, not by the scrubbed request text (the new-user trial's PDF
    // read "Passo carrabile per [nome], [indirizzo], tel [telefono]")
    expect(t).not.toMatch(/\[(nome|indirizzo)\]/);
  }, 150_000);

  type Mail = {
    subject: string;
    text: string;
    attachments: { filename: string; contentType: string; sha256: string }[];
  };
  const mailWith = (subject: RegExp, what: string) =>
    waitFor(
      async () => {
        const r = await fetch(`http://127.0.0.1:${mailboxHttp}/api/messages?to=${encodeURIComponent(email)}`);
        return ((await r.json()) as Mail[]).find((m) => subject.test(m.subject));
      },
      { timeoutMs: 60_000, what },
    ).then((x) => x!);
  const longIt = (d: string) =>
    new Date(`${d}T12:00:00Z`).toLocaleDateString('it-IT', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'Europe/Rome',
    });

  /** The PDF procedures keeps for a document of the procedure, as a service fetches it. */
  const storedPdf = async (procedureId: string, documentId: string) => {
    const res = await fetch(`${procedures.url}/internal/procedures/${procedureId}/documents/${documentId}`, {
      headers: {
        [IDENTITY_HEADER]: await signIdentity(
          { sub: 'svc-test', roles: ['service'] },
          TEST_AUTH.identitySecret,
        ),
      },
    });
    return Buffer.from(await res.arrayBuffer());
  };
  const mailWithAttachment = (filename: string, what: string) =>
    waitFor(
      async () => {
        const r = await fetch(`http://127.0.0.1:${mailboxHttp}/api/messages?to=${encodeURIComponent(email)}`);
        return ((await r.json()) as Mail[]).find((m) => m.attachments.some((a) => a.filename === filename));
      },
      { timeoutMs: 60_000, what },
    ).then((x) => x!);

  it('another office cannot act on the procedure: the URP back office is refused, nothing changes', async () => {
    const found = await ask(
      `query($t: String) { procedures(typeCode: $t) { id status timeline { type } } }`,
      {
        t: code,
      },
    );
    const p = (found.body.data.procedures as { id: string; status: string; timeline: unknown[] }[])[0];
    const urp = await signDevToken({ sub: 'bo-marco', roles: ['backoffice'], offices: ['urp'] }, TEST_AUTH);
    const asUrp = (query: string, variables: Record<string, unknown>) =>
      gql(`${gateway.url}/graphql`, query, variables, { authorization: `Bearer ${urp}` });
    for (const [query, variables] of [
      [
        `mutation($id: ID!) { decideProcedure(id: $id, input: { outcome: ACCEPTED, reasons: "Requisiti presenti" }) { id } }`,
        { id: p.id },
      ],
      [
        `mutation($id: ID!) { suspendProcedure(id: $id, input: { kind: "document_request", reason: "ISEE" }) { id } }`,
        { id: p.id },
      ],
      [
        `mutation($id: ID!) { sendRejectionNotice(id: $id, reasons: "ISEE oltre la soglia") { id } }`,
        { id: p.id },
      ],
    ] as const) {
      const r = await asUrp(query, variables);
      expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    // it still reads the procedure, unchanged
    const read = await asUrp(`query($id: ID!) { procedure(id: $id) { id status timeline { type } } }`, {
      id: p.id,
    });
    expect(read.body.data.procedure).toEqual({ id: p.id, status: p.status, timeline: p.timeline });
  }, 60_000);

  it('a request for documents reaches the applicant as a PDF, and so does the term running again', async () => {
    const found = await ask(`query($t: String) { procedures(typeCode: $t) { id status } }`, { t: code });
    const p = (found.body.data.procedures as { id: string; status: string }[])[0];
    expect(p.status).toBe('STARTED');
    const suspended = await ask(
      `mutation($id: ID!) { suspendProcedure(id: $id, input: { kind: "document_request",
        reason: "Attestazione ISEE 2026 del nucleo familiare" }) {
        suspensions { id kind start } latestDueDate documents { id kind dueOn notificationId } } }`,
      { id: p.id },
    );
    expect(suspended.body.errors).toBeUndefined();
    const s = suspended.body.data.suspendProcedure as {
      suspensions: { id: string; kind: string; start: string }[];
      documents: { id: string; kind: string; dueOn: string; notificationId: string }[];
    };
    const request = s.documents.find((d) => d.kind === 'document_request_notice')!;
    expect(request.notificationId).toMatch(/^ntf_/);

    // in the applicant's mailbox, with the PDF procedures keeps
    const mail = await mailWithAttachment(
      'richiesta-integrazione-2026-0007001.pdf',
      'the request for documents in the mailbox',
    );
    const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf')!;
    const bytes = await storedPdf(p.id, request.id);
    expect(pdf.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const t = folded((await pdfText(bytes)).text);
    const start = s.suspensions.find((x) => x.kind === 'document_request')!.start;
    for (const element of [
      'Richiesta di integrazione documentale e sospensione del termine',
      "Documenti e informazioni da integrare per l'istruttoria Attestazione ISEE 2026 del nucleo familiare",
      `Il termine per la conclusione del procedimento è sospeso dal ${itDate(start)}`,
      'per una sola volta e per un periodo non superiore a trenta giorni',
      `riprende a decorrere dal ricevimento delle integrazioni richieste e comunque, se le integrazioni non pervengono, dal ${itDate(request.dueOn)}`,
      "domicilio digitale dell'amministrazione protocollo@pec.comune.borgoaurelio.it",
      'Responsabile del procedimento Giulia Conti',
    ])
      expect(t).toContain(element);

    // the documents arrive: the office resumes, the applicant is told the term runs again and the new closing date
    const resumed = await ask(
      `mutation($id: ID!, $s: ID!) { resumeProcedure(id: $id, suspensionId: $s) {
        status dueDate documents { id kind dueOn } } }`,
      { id: p.id, s: s.suspensions[0].id },
    );
    expect(resumed.body.errors).toBeUndefined();
    const r = resumed.body.data.resumeProcedure as {
      status: string;
      dueDate: string;
      documents: { id: string; kind: string; dueOn: string }[];
    };
    expect(r.status).toBe('STARTED');
    const notice = r.documents.find((d) => d.kind === 'resumption_notice')!;
    expect(notice.dueOn).toBe(r.dueDate);
    const again = await mailWithAttachment(
      'ripresa-termine-2026-0007001.pdf',
      'the resumption in the mailbox',
    );
    const rt = folded((await pdfText(await storedPdf(p.id, notice.id))).text);
    expect(rt).toContain('ricevute le integrazioni richieste, il termine riprende a decorrere dal');
    expect(rt).toContain(`Data entro la quale deve concludersi il procedimento ${itDate(r.dueDate)}`);
    expect(again.attachments.filter((a) => a.contentType === 'application/pdf')).toHaveLength(1);

    // exactly once each: the mailbox holds one of each, and the procedure one document of each
    const all = await fetch(
      `http://127.0.0.1:${mailboxHttp}/api/messages?to=${encodeURIComponent(email)}`,
    ).then((x) => x.json() as Promise<Mail[]>);
    const named = (f: string) => all.filter((m) => m.attachments.some((a) => a.filename === f)).length;
    expect(named('richiesta-integrazione-2026-0007001.pdf')).toBe(1);
    expect(named('ripresa-termine-2026-0007001.pdf')).toBe(1);
    expect(r.documents.filter((d) => d.kind === 'document_request_notice')).toHaveLength(1);
  }, 150_000);

  it('the 10-bis e-mail gives the last day for observations and says the term is suspended; the decision follows', async () => {
    const found = await ask(`query($t: String) { procedures(typeCode: $t) { id status } }`, { t: code });
    const p = (found.body.data.procedures as { id: string; status: string }[])[0];
    expect(p.status).toBe('STARTED');
    const sent = await ask(
      `mutation($id: ID!, $r: String!) { sendRejectionNotice(id: $id, reasons: $r) {
        documents { kind dueOn } } }`,
      { id: p.id, r: 'ISEE del nucleo oltre la soglia del bando' },
    );
    expect(sent.body.errors).toBeUndefined();
    const lastDay = (sent.body.data.sendRejectionNotice.documents as { kind: string; dueOn: string }[]).find(
      (d) => d.kind === 'rejection_notice',
    )!.dueOn;

    // the e-mail, read back from the mailbox
    const notice = await mailWith(/motivi ostativi/, 'the 10-bis notice in the mailbox');
    const text = folded(notice.text);
    expect(text).not.toContain('Il termine per la conclusione del procedimento è');
    expect(text).toMatch(
      new RegExp(
        `Entro dieci giorni dal ricevimento della comunicazione, e comunque entro (il |l')${longIt(lastDay)}, può presentare per iscritto le sue osservazioni, eventualmente corredate da documenti\\.`,
      ),
    );
    expect(text).toContain(
      'La comunicazione sospende il termine per la conclusione del procedimento, che ricomincia a decorrere dieci giorni dopo la presentazione delle osservazioni o, in mancanza delle stesse, dalla scadenza del termine di dieci giorni.',
    );
    expect(notice.attachments.filter((a) => a.contentType === 'application/pdf')).toHaveLength(1);

    // observations came; the office rejects: the applicant is told the decision and how to challenge it
    const obs = await ask(
      `mutation($id: ID!, $text: String) { receiveObservations(id: $id, text: $text) {
        status rejectionNotice { observationsOn observations } } }`,
      { id: p.id, text: 'Allego la nuova attestazione ISEE, rilasciata dopo la domanda' },
    );
    expect(obs.body.errors).toBeUndefined();
    const observationsOn = obs.body.data.receiveObservations.rejectionNotice.observationsOn as string;
    expect(obs.body.data.receiveObservations.rejectionNotice.observations).toBe(
      'Allego la nuova attestazione ISEE, rilasciata dopo la domanda',
    );
    // the observations are the applicant's words: an analyst (who reads procedures) sees that they came, not what
    // they say; so does the staff of another office
    const readers: Parameters<typeof signDevToken>[0][] = [
      { sub: 'an-1', roles: ['analyst'] },
      { sub: 'bo-marco', roles: ['backoffice'], offices: ['urp'] },
    ];
    for (const who of readers) {
      const token = await signDevToken(who, TEST_AUTH);
      const read = await gql(
        `${gateway.url}/graphql`,
        `query($id: ID!) { procedure(id: $id) { rejectionNotice { observationsOn observations } } }`,
        { id: p.id },
        { authorization: `Bearer ${token}` },
      );
      expect(read.body.errors).toBeUndefined();
      expect(read.body.data.procedure.rejectionNotice).toEqual({ observationsOn, observations: null });
    }
    const DECIDE = `mutation($id: ID!, $input: DecideProcedureInput!) { decideProcedure(id: $id, input: $input) {
        decision { decidedOn } documents { kind dueOn } } }`;
    const reasons = 'Le osservazioni non superano il limite ISEE del bando';
    // art. 10-bis: a rejection after observations says why they are not accepted, or is refused on that field
    const unanswered = await ask(DECIDE, { id: p.id, input: { outcome: 'REJECTED', reasons } });
    expect(unanswered.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { 'input.observationsAnswer': expect.stringContaining('non sono accolte') },
    });
    const decided = await ask(DECIDE, {
      id: p.id,
      input: {
        outcome: 'REJECTED',
        reasons,
        observationsAnswer: 'La nuova attestazione ISEE supera comunque la soglia di 15.000 euro',
      },
    });
    expect(decided.body.errors).toBeUndefined();
    const decidedOn = decided.body.data.decideProcedure.decision.decidedOn as string;
    const decision = await mailWith(/provvedimento finale/, 'the decision in the mailbox');
    expect(decision.subject).toBe('Comunicazione del provvedimento finale - protocollo n. 2026/0007001');
    const d = folded(decision.text);
    expect(d).toMatch(
      new RegExp(`Con provvedimento (del |dell')${longIt(decidedOn)} la sua istanza è stata respinta\\.`),
    );
    expect(d).toContain('ricorso al Tribunale amministrativo regionale (TAR) entro 60 giorni');
    expect(d).toContain('ricorso straordinario al Presidente della Repubblica entro 120 giorni');
    const pdf = decision.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf).toBeDefined();
    // the attached PDF says it too (what procedures keeps and serves)
    const doc = await ask(`query($id: ID!) { procedure(id: $id) { documents { id kind } } }`, { id: p.id });
    const decisionDoc = (doc.body.data.procedure.documents as { id: string; kind: string }[]).find(
      (x) => x.kind === 'decision_notice',
    )!;
    const res = await fetch(`${procedures.url}/internal/procedures/${p.id}/documents/${decisionDoc.id}`, {
      headers: {
        [IDENTITY_HEADER]: await signIdentity(
          { sub: 'svc-test', roles: ['service'] },
          TEST_AUTH.identitySecret,
        ),
      },
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(pdf!.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const t = folded((await pdfText(bytes)).text);
    expect(t).toContain(`Con provvedimento del ${itDate(decidedOn)} l'istanza è respinta.`);
    expect(t).toContain(
      `Osservazioni presentate dall'istante (art. 10-bis L. 241/1990) Le osservazioni presentate il ${itDate(observationsOn)}`,
    );
    expect(t).toContain(
      'non sono accolte per i seguenti motivi: La nuova attestazione ISEE supera comunque la soglia di 15.000 euro',
    );
    expect(t).toContain('Mezzi di impugnazione');
    expect(t).toContain("Numero di protocollo dell'istanza 2026/0007001");
  }, 150_000);
});
