import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { IDENTITY_HEADER, signDevToken, signIdentity, type Identity } from '@urp/auth';
import {
  ContactTopic,
  createEvent,
  NotificationDeliveredV1,
  NotificationFailedV1,
  NotificationTopic,
  OfficeChangedV1,
  OrganisationTopic,
  ReferentChangedV1,
  ProcedureRequestedV1,
  ProcedureTopic,
  toKafkaRecord,
} from '@urp/contracts';
import { createRawKafka } from '@urp/messaging';
import {
  collectEvents,
  freePort,
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

/**
 * Issue 14 (agreement 2) and issue 13 (agreement 1) through the real broker, database and gateway: a procedure
 * started from a contact issues the art. 8 start notice as a PDF kept with the procedure, asks campaigns to deliver
 * it (`ApplicantNotificationRequested`), and serves it over HTTP to a service identity; the PDF's text (read by
 * pdf.js) states every element of art. 8 c.2. The same for the art. 10-bis notice. A start the catalogue cannot
 * honour is answered to the case (`ProcedureStartRefused`), and nothing is created.
 */
/** A procedure as the test lists it. */
interface Listed {
  id: string;
  contactId: string;
  dueDate: string;
  receivedOn: string;
  documents: {
    id: string;
    kind: string;
    title: string;
    createdAt: string;
    downloadUrl: string;
    notificationId: string;
    dueOn: string;
    servicePath: string;
  }[];
}

describe('applicant notices as PDFs, and refused starts (gateway, Kafka, FerretDB)', () => {
  const run = uniqueName('ntc').replace(/-/g, '_');
  const env = {
    MONGO_URL: testInfra.mongoUrl,
    MONGO_DB: `${run}_db`,
    KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
    KAFKA_GROUP_ID: uniqueName('g'),
    IDENTITY_SECRET: TEST_AUTH.identitySecret,
    PATRON_SAINT_DAY: '08-10',
    /** Set in beforeAll: a stand-in for contacts' form endpoint (see there). */
    CONTACTS_INTERNAL_URL: '',
  };
  let contactsStub: Server;
  // the texts of art. 8 c.2 the service is configured with (the defaults of config.ts, stated here on purpose)
  const ADMINISTRATION = 'Comune di Borgo Aurelio';
  const PEC = 'protocollo@pec.comune.borgoaurelio.it';
  let svc: RunningProcess;
  let gateway: RunningProcess;
  let producer: ReturnType<ReturnType<typeof createRawKafka>['producer']>;
  let collector: Awaited<ReturnType<typeof collectEvents>>;
  let manager: string;
  const code = `anagrafe_${run.slice(-6)}`;

  beforeAll(async () => {
    // A new consumer group reads the contact topic from its start: on a shared broker it finds other tests' requests
    // whose form lives in a contacts service that is gone (hasFormData). Contacts unreachable is retried without end
    // and would hold the partition; an endpoint that knows no such form answers 404 and they are dead-lettered.
    contactsStub = createServer((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    const stubPort = await freePort();
    await new Promise<void>((resolve) => contactsStub.listen(stubPort, '127.0.0.1', resolve));
    env.CONTACTS_INTERNAL_URL = `http://127.0.0.1:${stubPort}`;
    collector = await collectEvents([ProcedureTopic.name]);
    svc = await spawnService('services/procedures/src/main.ts', env, 4441);
    gateway = await spawnGateway({ procedures: svc.url }, 4443);
    const kafka = createRawKafka({ clientId: 'notices-test', brokers: testInfra.kafkaBrokers });
    producer = kafka.producer();
    await producer.connect();
    // the head of the offices of these procedures: the acts on a procedure are its office's
    manager = await signDevToken(
      { sub: 'mgr-1', roles: ['manager'], offices: ['istruzione', 'tributi'] },
      TEST_AUTH,
    );
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
          substituteId: 'seg-gen',
          substituteName: 'Segretario generale',
        },
      },
    );
    expect(saved.body.errors).toBeUndefined();
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    await collector?.stop();
    await Promise.all([svc?.stop(), gateway?.stop()]);
    contactsStub?.close();
  });

  const ask = (query: string, variables: Record<string, unknown> = {}, token: string = manager) =>
    gql(`${gateway.url}/graphql`, query, variables, { authorization: `Bearer ${token}` });
  const request = (data: Record<string, unknown>) => {
    const contactId = `ctc_${uniqueName('c')}`;
    const event = createEvent(
      ProcedureRequestedV1,
      contactId,
      {
        contactId,
        requesterId: 'req_notice01',
        procedureTypeCode: code,
        subject: 'Contributo libri di testo a.s. 2026/27',
        receivedAt: new Date().toISOString(),
        protocolNumber: '2026/0004567',
        channel: 'desk',
        operatorId: 'op-1',
        ...data,
      },
      { source: '/urp/contacts' },
    );
    return {
      contactId,
      send: () => producer.send({ topic: ContactTopic.name, messages: [toKafkaRecord(event)] }),
    };
  };
  const ofType = (type: string, key: string) =>
    collector.events.filter((e) => e.headers.ce_type === `it.urp.procedures.${type}.v1` && e.key === key);
  const fetchDocument = async (procedureId: string, documentId: string, who?: Identity) =>
    fetch(`${svc.url}/internal/procedures/${procedureId}/documents/${documentId}`, {
      headers: who ? { [IDENTITY_HEADER]: await signIdentity(who, TEST_AUTH.identitySecret) } : {},
    });
  const campaigns: Identity = { sub: 'svc-campaigns', roles: ['service'] };
  const itDate = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

  it('a started procedure issues the art. 8 notice as a PDF with every element, served to services and staff', async () => {
    const { contactId, send } = request({});
    await send();
    const p = await waitFor(
      async () => {
        const r = await ask(
          `query($t: String) { procedures(typeCode: $t) { id contactId dueDate receivedOn
          documents { id kind title createdAt downloadUrl notificationId dueOn servicePath } } }`,
          { t: code },
        );
        return (r.body.data?.procedures as Listed[] | undefined)?.find((x) => x.contactId === contactId);
      },
      { timeoutMs: 30_000, what: 'the procedure started from the contact' },
    ).then((x) => x!);
    expect(p.documents).toHaveLength(1);
    const doc = p.documents[0];
    expect(doc).toMatchObject({
      kind: 'start_notice',
      title: 'Comunicazione di avvio del procedimento',
      dueOn: p.dueDate,
    });

    // campaigns is asked to deliver it, once, naming the document
    const asked = await waitFor(() => ofType('ApplicantNotificationRequested', p.id)[0], {
      what: 'ApplicantNotificationRequested',
    });
    expect(asked.data).toMatchObject({
      procedureId: p.id,
      requesterId: 'req_notice01',
      template: 'procedure_start_notice',
      documentId: doc.id,
      notificationId: doc.notificationId,
      protocolNumber: '2026/0004567',
      dueOn: p.dueDate,
    });

    // fetched over HTTP as campaigns does at send time
    const res = await fetchDocument(p.id, doc.id, campaigns);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    // named for what it is: campaigns attaches it to the applicant's message by this name
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="comunicazione-avvio-2026-0004567.pdf"',
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    const { text, title } = await pdfText(bytes);
    const t = folded(text);
    expect(title).toContain('Comunicazione di avvio del procedimento');
    // art. 8 c.2: a) amministrazione competente
    expect(t).toContain(`Amministrazione competente ${ADMINISTRATION}`);
    // b) oggetto del procedimento
    expect(t).toContain('Oggetto del procedimento Contributo per libri di testo (');
    // c) ufficio, domicilio digitale, persona responsabile
    // the office as the directory names it (on a broker where the knowledge base's demo published its
    // organisation, its name wins), else the procedure's own
    const OFFICE = '(Ufficio Istruzione|Pubblica Istruzione e Servizi Educativi)';
    expect(t).toMatch(new RegExp(`Ufficio competente ${OFFICE}`));
    expect(t).toContain(`Domicilio digitale dell'amministrazione ${PEC}`);
    expect(t).toContain('Responsabile del procedimento Giulia Conti');
    // c-bis) data entro cui deve concludersi e rimedi in caso di inerzia
    expect(t).toContain(`Data entro la quale deve concludersi il procedimento ${itDate(p.dueDate)}`);
    expect(t).toContain("Rimedi esperibili in caso di inerzia dell'amministrazione");
    expect(t).toContain('potere sostitutivo');
    expect(t).toContain('Titolare del potere sostitutivo: Segretario generale');
    expect(t).toContain('TAR');
    // c-ter) data di presentazione dell'istanza
    expect(t).toContain(`Data di presentazione dell'istanza ${itDate(p.receivedOn)}`);
    // d) ufficio dove prendere visione degli atti
    expect(t).toContain('Ufficio e modalità per prendere visione degli atti');
    expect(t).toMatch(new RegExp(`visione degli atti .*\\(${OFFICE}\\)`));
    // the protocol number
    expect(t).toContain("Numero di protocollo dell'istanza 2026/0004567");

    // the same bytes for staff, through the gateway (office-scoped), as a data: URL
    expect(doc.downloadUrl.startsWith('data:application/pdf;base64,')).toBe(true);
    const viaGateway = Buffer.from(doc.downloadUrl.slice('data:application/pdf;base64,'.length), 'base64');
    expect(createHash('sha256').update(viaGateway).digest('hex')).toBe(
      createHash('sha256').update(bytes).digest('hex'),
    );
    const other = await signDevToken(
      { sub: 'ref-tributi', roles: ['referent'], offices: ['tributi'] },
      TEST_AUTH,
    );
    const refused = await ask(
      `query($id: ID!) { procedure(id: $id) { documents { downloadUrl } } }`,
      { id: p.id },
      other,
    );
    expect(refused.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const own = await signDevToken(
      { sub: 'ref-istruzione', roles: ['referent'], offices: ['istruzione'] },
      TEST_AUTH,
    );
    const mine = await ask(
      `query($id: ID!) { procedure(id: $id) { documents { downloadUrl } } }`,
      { id: p.id },
      own,
    );
    expect(mine.body.data.procedure.documents[0].downloadUrl).toBe(doc.downloadUrl);

    // the HTTP contract: no identity 401, another office 403 (before any lookup says what exists), unknown 404
    expect((await fetchDocument(p.id, doc.id)).status).toBe(401);
    const tributi: Identity = { sub: 'ref-tributi', roles: ['referent'], offices: ['tributi'] };
    expect((await fetchDocument(p.id, doc.id, tributi)).status).toBe(403);
    expect((await fetchDocument(p.id, 'doc_nope', campaigns)).status).toBe(404);
    const citizen: Identity = { sub: 'anonymous', roles: [], anonymous: true };
    expect((await fetchDocument(p.id, doc.id, citizen)).status).toBe(403);
  }, 90_000);

  it('the art. 10-bis notice: reasons, 10 days for observations and the suspension as amended, as a PDF', async () => {
    const { contactId, send } = request({ protocolNumber: '2026/0004568' });
    await send();
    const p = await waitFor(
      async () => {
        const r = await ask(`query($t: String) { procedures(typeCode: $t) { id contactId } }`, { t: code });
        return (r.body.data?.procedures as Listed[] | undefined)?.find((x) => x.contactId === contactId);
      },
      { timeoutMs: 30_000, what: 'the second procedure' },
    ).then((x) => x!);
    const sent = await ask(
      `mutation($id: ID!, $r: String!) { sendRejectionNotice(id: $id, reasons: $r) { id status
        documents { id kind dueOn notificationId } } }`,
      { id: p.id, r: "L'ISEE dichiarato supera la soglia di 15.748,78 euro prevista dal bando" },
    );
    expect(sent.body.errors).toBeUndefined();
    const rn = sent.body.data.sendRejectionNotice.documents.find(
      (d: { kind: string }) => d.kind === 'rejection_notice',
    );
    expect(rn).toBeDefined();
    const asked = await waitFor(
      () =>
        ofType('ApplicantNotificationRequested', p.id).find(
          (e) => (e.data as { template: string }).template === 'procedure_rejection_notice',
        ),
      { what: 'the 10-bis notification' },
    ).then((x) => x!);
    expect(asked.data).toMatchObject({
      documentId: rn.id,
      notificationId: rn.notificationId,
      dueOn: rn.dueOn,
    });
    const res = await fetchDocument(p.id, rn.id, campaigns);
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="preavviso-rigetto-[\w-]+\.pdf"$/,
    );
    expect(res.status).toBe(200);
    const t = folded((await pdfText(Buffer.from(await res.arrayBuffer()))).text);
    expect(t).toContain(
      "Motivi che ostano all'accoglimento dell'istanza L'ISEE dichiarato supera la soglia di 15.748,78 euro prevista dal bando",
    );
    expect(t).toContain('Entro il termine di 10 giorni dal ricevimento della presente comunicazione');
    expect(t).toContain(`entro il ${itDate(rn.dueOn)}`);
    expect(t).toContain('eventualmente corredate da documenti');
    expect(t).toContain(PEC);
    expect(t).toContain(
      'sospende i termini di conclusione del procedimento, che ricominciano a decorrere dieci giorni dopo la presentazione delle osservazioni o, in mancanza delle stesse, dalla scadenza del termine di dieci giorni',
    );
    expect(t).toContain('D.L. 16 luglio 2020, n. 76');
    expect(t).toContain('mancato accoglimento delle osservazioni');
    expect(t).toContain('Responsabile del procedimento Giulia Conti');
    expect(t).toContain('2026/0004568');
  }, 90_000);

  it('assigns only to a referent of the procedure’s office, by the knowledge base’s directory (issue 12)', async () => {
    const { contactId, send } = request({ protocolNumber: '2026/0004569' });
    await send();
    const p = await waitFor(
      async () => {
        const r = await ask(`query($t: String) { procedures(typeCode: $t) { id contactId } }`, { t: code });
        return (r.body.data?.procedures as Listed[] | undefined)?.find((x) => x.contactId === contactId);
      },
      { timeoutMs: 30_000, what: 'the third procedure' },
    ).then((x) => x!);
    // the knowledge base publishes its organisation (the office codes are the procedure types' office ids). The
    // ids are the codes, as the knowledge base makes them: on a broker other tests used, another office may carry
    // the code `istruzione` under another id, and an exact id wins over a code (libs/directory)
    const org = (e: ReturnType<typeof createEvent>) =>
      producer.send({ topic: OrganisationTopic.name, messages: [toKafkaRecord(e)] });
    const now = new Date().toISOString();
    const kb = { source: '/urp/knowledge-base' };
    for (const [id, c, name] of [
      ['istruzione', 'istruzione', 'Ufficio Istruzione'],
      ['tributi', 'tributi', 'Ufficio Tributi'],
    ])
      await org(
        createEvent(OfficeChangedV1, id, { officeId: id, code: c, name, active: true, changedAt: now }, kb),
      );
    for (const [id, staffId, officeId, name] of [
      ['rf_istr', 'ref-istruzione', 'istruzione', 'Giulia Conti'],
      ['rf_istr2', 'ref-istruzione-2', 'istruzione', 'Marco Galli'],
      ['rf_trib', 'ref-tributi', 'tributi', 'Sara Longo'],
    ])
      await org(
        createEvent(
          ReferentChangedV1,
          id,
          { referentId: id, staffId, officeId, name, active: true, changedAt: now },
          kb,
        ),
      );
    const ASSIGN = `mutation($id: ID!, $r: String!) { assignProcedure(id: $id, responsibleId: $r) { responsibleId responsibleName } }`;
    // once the directory is projected, a referent of another office is refused on input.assigneeId, in Italian
    const refused = await waitFor(
      async () => {
        const r = await ask(ASSIGN, { id: p.id, r: 'ref-tributi' });
        // until her own ReferentChanged is projected, she is only "not an active referent" (the events land in turn)
        const field = r.body.errors?.[0]?.extensions?.fields?.['input.assigneeId'];
        return typeof field === 'string' && field.startsWith('Sara Longo') ? r.body.errors![0] : undefined;
      },
      { timeoutMs: 30_000, what: 'the assignment refused by the directory' },
    ).then((x) => x!);
    expect(refused.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.extensions?.fields?.['input.assigneeId']).toBe(
      'Sara Longo non è referente dell’ufficio Ufficio Istruzione: il procedimento si assegna a un referente di quell’ufficio',
    );
    const unknown = await ask(ASSIGN, { id: p.id, r: 'nessuno' });
    expect(unknown.body.errors?.[0].extensions?.fields?.['input.assigneeId']).toContain(
      'non è un referente attivo',
    );
    // a referent of the office is accepted, with the name the directory gives
    const ok = await ask(ASSIGN, { id: p.id, r: 'ref-istruzione-2' });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.assignProcedure).toEqual({
      responsibleId: 'ref-istruzione-2',
      responsibleName: 'Marco Galli',
    });
    // a referent of another office is refused as a caller first: FORBIDDEN, whatever the assignee
    const tributi = await signDevToken(
      { sub: 'ref-tributi', roles: ['referent'], offices: ['tributi'] },
      TEST_AUTH,
    );
    for (const r of ['ref-tributi', 'nessuno']) {
      const f = await ask(ASSIGN, { id: p.id, r }, tributi);
      expect(f.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  }, 90_000);

  it('shows on the procedure how campaigns delivered its notices, a failure included (agreement 4)', async () => {
    const { contactId, send } = request({ protocolNumber: '2026/0004570' });
    await send();
    const p = await waitFor(
      async () => {
        const r = await ask(
          `query($t: String) { procedures(typeCode: $t) { id contactId documents { id kind notificationId } } }`,
          { t: code },
        );
        return (r.body.data?.procedures as Listed[] | undefined)?.find((x) => x.contactId === contactId);
      },
      { timeoutMs: 30_000, what: 'the fourth procedure' },
    ).then((x) => x!);
    const notificationId = p.documents[0].notificationId;
    const campaignsOrigin = { source: '/urp/campaigns' };
    const origin = {
      notificationId,
      requestedBy: 'ApplicantNotificationRequested',
      procedureId: p.id,
      channel: 'pec' as const,
      template: 'procedure_start_notice',
    };
    const delivered = createEvent(
      NotificationDeliveredV1,
      notificationId,
      { ...origin, status: 'delivered', attempts: 1, at: new Date().toISOString() },
      campaignsOrigin,
    );
    // a second notice of the same procedure that could not be delivered
    const failed = createEvent(
      NotificationFailedV1,
      'ntf_other',
      {
        ...origin,
        notificationId: 'ntf_other',
        template: 'procedure_rejection_notice',
        code: 'no_address',
        outcome: 'failed',
        attempts: 0,
        failedAt: new Date().toISOString(),
      },
      campaignsOrigin,
    );
    // redelivered: applied once
    await producer.send({
      topic: NotificationTopic.name,
      messages: [delivered, delivered, failed].map((e) => toKafkaRecord(e)),
    });
    const seen = await waitFor(
      async () => {
        const r = await ask(
          `query($id: ID!) { procedure(id: $id) { deliveries { notificationId template channel status code reason } timeline { type summary } documents { delivery { status } } } }`,
          { id: p.id },
        );
        const proc = r.body.data?.procedure;
        return proc?.deliveries?.length === 2 ? proc : undefined;
      },
      { timeoutMs: 30_000, what: 'the two delivery reports on the procedure' },
    ).then((x) => x!);
    expect(seen.deliveries).toEqual(
      expect.arrayContaining([
        {
          notificationId,
          template: 'procedure_start_notice',
          channel: 'pec',
          status: 'delivered',
          code: null,
          reason: null,
        },
        {
          notificationId: 'ntf_other',
          template: 'procedure_rejection_notice',
          channel: 'pec',
          status: 'failed',
          code: 'no_address',
          reason: 'nessun recapito disponibile per il canale scelto',
        },
      ]),
    );
    const lines = (seen.timeline as { type: string; summary: string }[]).filter(
      (t) => t.type.startsWith('notice_') && t.type !== 'notice_issued',
    );
    // the two reports ride different partitions (keyed by notification): any order; the redelivery adds nothing
    expect(lines.map((l) => l.summary).sort()).toEqual(
      [
        'La comunicazione di avvio è stata consegnata al richiedente (PEC)',
        'Il preavviso di rigetto NON è stato consegnato al richiedente (canale tentato: PEC; nessun recapito disponibile per il canale scelto): avvisarlo per altra via',
      ].sort(),
    );
    expect(seen.documents[0].delivery).toEqual({ status: 'delivered' });
    // and on the desk of the responsible person, where the office works
    const desk = await ask(
      `{ procedureDesk(responsibleId: "ref-istruzione", first: 200) { byNextDeadline { id undeliveredNotices } } }`,
    );
    const items = desk.body.data.procedureDesk.byNextDeadline as { id: string; undeliveredNotices: number }[];
    expect(items.find((i) => i.id === p.id)?.undeliveredNotices).toBe(1);
  }, 90_000);

  it('a start the catalogue cannot honour is answered to the case, and nothing is created', async () => {
    const { contactId, send } = request({ procedureTypeCode: `sconosciuto_${run.slice(-6)}` });
    await send();
    const refused = await waitFor(() => ofType('ProcedureStartRefused', contactId)[0], {
      timeoutMs: 30_000,
      what: 'ProcedureStartRefused',
    });
    expect(refused.data).toMatchObject({
      caseId: contactId,
      contactId,
      procedureTypeCode: `sconosciuto_${run.slice(-6)}`,
      code: 'unknown_procedure_type',
    });
    expect((refused.data as { reason: string }).reason).toContain('non esiste nel catalogo');
    const list = await ask(`query($t: String) { procedures(typeCode: $t) { id } }`, {
      t: `sconosciuto_${run.slice(-6)}`,
    });
    expect(list.body.data.procedures).toEqual([]);

    // a malformed request (a blank subject) is refused too, naming the field
    const bad = request({ subject: '   ' });
    await bad.send();
    const invalid = await waitFor(() => ofType('ProcedureStartRefused', bad.contactId)[0], {
      timeoutMs: 30_000,
      what: 'ProcedureStartRefused for the malformed request',
    });
    expect(invalid.data).toMatchObject({ caseId: bad.contactId, code: 'invalid_request' });
    expect((invalid.data as { reason: string }).reason).toContain('input.subject');
  }, 90_000);
});
