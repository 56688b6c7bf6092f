import {
  NotificationDeliveredV1,
  NotificationFailedV1,
  OfficeChangedV1,
  ProcedureStartRefusedV1,
  ProcedureTypeChangedV1,
} from '@urp/contracts';
import {
  spawnGateway,
  spawnService,
  TEST_AUTH,
  testInfra,
  uniqueName,
  waitFor,
  type RunningProcess,
} from '@urp/testing';
import { MongoClient } from 'mongodb';
import { eventProducer, gatewayClient } from './helpers';

/**
 * Issue 13 and 14 on a real contacts service (real Kafka and FerretDB, the gateway in front): the citizen's
 * status page and Open311 by protocol number and the receipt's secret; a procedure start procedures refused
 * and the delivery of the messages owed to the citizen, shown on the case and in the queue (the other
 * services' events are produced by the test, as they would publish them).
 *
 *   npx jest --runInBand services/contacts/test/status-and-alerts.int-spec.ts
 */
describe('status page, refused procedure starts and deliveries (contacts + gateway, real Kafka + FerretDB)', () => {
  const dbName = uniqueName('contacts_status').replace(/-/g, '_');
  const run = uniqueName('s').replace(/-/g, '');
  const office = { id: `tributi_${run}`, code: `tributi_${run}`, name: 'Ufficio Tributi' };
  const RATE_LIMIT = 20; // above the look-ups the tests before the limit's own make
  const mongo = new MongoClient(testInfra.mongoUrl);
  let contacts: RunningProcess;
  let gateway: RunningProcess;
  let producer: Awaited<ReturnType<typeof eventProducer>>;
  let ask: ReturnType<typeof gatewayClient>;

  beforeAll(async () => {
    producer = await eventProducer();
    contacts = await spawnService(
      'services/contacts/src/main.ts',
      {
        MONGO_URL: testInfra.mongoUrl,
        MONGO_DB: dbName,
        KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
        IDENTITY_SECRET: TEST_AUTH.identitySecret,
        KAFKA_GROUP_ID: uniqueName('g-contacts-status'),
        OPEN311_API_KEYS: 'civic-app-key',
        STATUS_PAGE_RATE_LIMIT: String(RATE_LIMIT),
        TRUST_PROXY: 'loopback', // the test plays the ingress: X-Forwarded-For names the citizen
      },
      4316,
    );
    gateway = await spawnGateway({ contacts: contacts.url }, 4317);
    ask = gatewayClient(gateway.url);
    await producer.send(OfficeChangedV1, office.id, {
      officeId: office.id,
      code: office.code,
      name: office.name,
      active: true,
      changedAt: new Date().toISOString(),
    });
    await waitFor(
      async () => {
        const r = await ask(`query { caseQueue(first: 1) { totalCount } }`);
        // an empty directory accepts any office: wait until the office's name is known (on a broker that
        // earlier runs filled, the service reads every topic from the beginning first)
        const probe = await ask(
          `mutation($i: RegisterContactInput!) { registerContact(input: $i) { id case { officeName } } }`,
          {
            i: { channel: 'DESK', type: 'COMPLAINT', subject: 'probe', openCase: true, officeId: office.id },
          },
        );
        return !r.body.errors && probe.body.data?.registerContact?.case?.officeName === office.name;
      },
      { timeoutMs: 60_000, intervalMs: 300, what: 'the directory to know the office' },
    );
  }, 180_000);

  afterAll(async () => {
    await producer?.stop();
    await Promise.all([gateway?.stop(), contacts?.stop()]);
    await mongo.close();
  });

  const CASE = `id protocolNumber status alerts procedureStartRefusal { code reason procedureTypeCode at }
    deliveries { notificationId channel template status code attempts at } history { action detail by }`;
  async function register(input: Record<string, unknown>) {
    const r = await ask(
      `mutation($i: RegisterContactInput!) { registerContact(input: $i) { id protocolNumber receiptCode
        procedureStart { status statusLabel refusalCode refusalReason refusedAt } case { ${CASE} } } }`,
      { i: { channel: 'DESK', subject: 'Avviso TARI non ricevuto', ...input } },
    );
    expect(r.body.errors).toBeUndefined();
    return r.body.data.registerContact;
  }
  const caseOf = async (id: string) => {
    const r = await ask(`query($id: ID!) { case(id: $id) { ${CASE} } }`, { id });
    expect(r.body.errors).toBeUndefined();
    return r.body.data.case;
  };
  const queue = async (alert: string) => {
    const r = await ask(
      `query($f: CaseQueueFilter) { caseQueue(filter: $f, first: 100) { edges { node { id alerts } } } }`,
      { f: { alert } },
    );
    expect(r.body.errors).toBeUndefined();
    return r.body.data.caseQueue.edges.map((e: { node: { id: string } }) => e.node.id) as string[];
  };
  const page = (body?: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${contacts.url}/stato-pratica`, {
      method: body ? 'POST' : 'GET',
      ...(body
        ? {
            headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
            body: new URLSearchParams(body).toString(),
          }
        : { headers }),
    });

  it('gives the receipt’s secret once, keeps only its hash, and shows the status to who holds both', async () => {
    const requester = await ask(`mutation($i: RequesterInput!) { createRequester(input: $i) { id } }`, {
      i: {
        kind: 'PERSON',
        name: 'Ermenegilda Pastorello',
        fiscalCode: 'PSTRNG80A41H501S',
        email: 'ermenegilda@example.it',
        preferredChannel: 'EMAIL',
        purpose: 'registrazione',
      },
    });
    expect(requester.body.errors).toBeUndefined();
    const c = await register({
      type: 'COMPLAINT',
      openCase: true,
      officeId: office.id,
      requesterId: requester.body.data.createRequester.id,
      category: { level1: 'tributi', level2: 'tari' },
    });
    expect(c.receiptCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    // shown once: not on a later read, and not in the database (only its hash)
    const again = await ask(`query($id: ID!) { contact(id: $id) { receiptCode } }`, { id: c.id });
    expect(again.body.data.contact.receiptCode).toBeNull();
    const stored = await mongo
      .db(dbName)
      .collection<{ _id: string; receiptHash?: string }>('contacts')
      .findOne({ _id: c.id });
    expect(JSON.stringify(stored)).not.toContain(c.receiptCode.replace(/-/g, ''));
    expect(JSON.stringify(stored)).not.toContain(c.receiptCode);
    expect(stored?.receiptHash).toMatch(/^[0-9a-f]{64}$/);

    // the form: Italian, labelled fields with hints, no script
    const form = await page();
    expect(form.status).toBe(200);
    expect(form.headers.get('content-type')).toContain('text/html');
    const formHtml = await form.text();
    expect(formHtml).toContain('<html lang="it">');
    expect(formHtml).toContain('<label for="protocollo">Numero di protocollo');
    expect(formHtml).toContain('<label for="codice">Codice di verifica');
    expect(formHtml).toMatch(/<form method="post" action="\/stato-pratica"/);
    expect(formHtml).not.toMatch(/<script/i);

    // a wrong secret and an unknown number: the same refusal, tied to the field, no status
    const wrong = await page({ protocollo: c.protocolNumber, codice: '0000-0000-0000' });
    expect(wrong.status).toBe(404);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain('Numero di protocollo o codice di verifica non corretti');
    expect(wrongHtml).toMatch(
      /id="codice"[^>]*aria-describedby="codice-aiuto codice-errore"[^>]*aria-invalid="true"/,
    );
    expect(wrongHtml).not.toContain('Ufficio Tributi');
    const unknown = await page({ protocollo: '2026/9999999', codice: c.receiptCode });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Numero di protocollo o codice di verifica non corretti');
    // malformed input: a field error in Italian
    const malformed = await page({ protocollo: '12/4', codice: '' });
    expect(malformed.status).toBe(400);
    const malformedHtml = await malformed.text();
    expect(malformedHtml).toContain('Il numero di protocollo ha la forma anno/numero');
    expect(malformedHtml).toContain('Inserisca il codice di verifica');

    // the number as a citizen types it from the receipt: alone, without leading zeros, with spaces, number/year
    const [year, number] = c.protocolNumber.split('/');
    const bare = String(Number(number));
    for (const typed of [bare, number, ` ${year} / ${bare} `, `${bare}/${year}`, `n. ${bare}`]) {
      const typedOk = await page({ protocollo: typed, codice: c.receiptCode });
      expect({ typed, status: typedOk.status }).toEqual({ typed, status: 200 });
      expect(await typedOk.text()).toContain(`Stato della pratica ${c.protocolNumber}`);
    }
    // the same number in another year is another case: the code still has to be this case's
    const otherYear = await page({ protocollo: `${Number(year) - 1}/${number}`, codice: c.receiptCode });
    expect(otherYear.status).toBe(404);

    // the right pair (typed as a citizen would): status, office, due date, no reply yet, nothing personal
    const ok = await page({ protocollo: c.protocolNumber, codice: c.receiptCode.toLowerCase() });
    expect(ok.status).toBe(200);
    const html = await ok.text();
    expect(html).toContain(`Stato della pratica ${c.protocolNumber}`);
    expect(html).toContain('Assegnata');
    expect(html).toContain('Ufficio Tributi');
    expect(html).toContain('Termine per la conclusione');
    expect(html).toMatch(/Risposta inviata<\/dt><dd>Non ancora/);
    for (const personal of ['Pastorello', 'Ermenegilda', 'PSTRNG80A41H501S', 'TARI non ricevuto'])
      expect(html).not.toContain(personal);

    // a public reply: the page says a reply was sent
    const reply = await ask(`mutation($i: SendCaseMessageInput!) { sendCaseMessage(input: $i) { status } }`, {
      i: { caseId: c.case.id, text: 'Gentile cittadina, l’avviso è stato rispedito.', answer: true },
    });
    expect(reply.body.errors).toBeUndefined();
    const after = await (await page({ protocollo: c.protocolNumber, codice: c.receiptCode })).text();
    expect(after).toContain('Risposta inviata</dt><dd>Sì, il');
    expect(reply.body.data.sendCaseMessage.status).toBe('ANSWERED');
  });

  it('Open311 GET /requests/{id}.json shows the same status as the page', async () => {
    const report = await register({
      type: 'REPORT',
      subject: 'Buca in via Roma',
      openCase: true,
      officeId: office.id,
      category: { level1: 'strade_viabilita', level2: 'buche_stradali' },
    });
    const res = await fetch(`${contacts.url}/open311/v2/requests/${report.case.id}.json`);
    expect(res.status).toBe(200);
    const [request] = (await res.json()) as Record<string, unknown>[];
    expect(request).toMatchObject({
      service_request_id: report.case.id,
      status: 'open',
      status_notes: 'Assegnata',
      agency_responsible: 'Ufficio Tributi',
      service_notice: `Protocollo n. ${report.protocolNumber}`,
    });
    const html = await (await page({ protocollo: report.protocolNumber, codice: report.receiptCode })).text();
    expect(html).toContain(`<strong>${request.status_notes as string}</strong>`);
  });

  it('shows a procedure start procedures refused on the case, the contact and the queue', async () => {
    const c = await register({ type: 'COMPLAINT', openCase: true, officeId: office.id });
    const refusal = {
      caseId: c.case.id,
      contactId: c.id,
      procedureTypeCode: 'bonus_inesistente',
      code: 'unknown_procedure_type',
      reason: 'Il tipo di procedimento «bonus_inesistente» non è nel catalogo.',
      refusedAt: new Date().toISOString(),
    };
    const event = await producer.send(ProcedureStartRefusedV1, c.case.id, refusal);
    const refusals = (k: { history: { action: string }[] }) =>
      k.history.filter((h) => h.action === 'procedure_start_refused').length;
    const seen = await waitFor(
      async () => {
        const k = await caseOf(c.case.id);
        return k.procedureStartRefusal ? k : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 300, what: 'the refusal on the case' },
    );
    expect(seen.procedureStartRefusal).toMatchObject({
      code: 'unknown_procedure_type',
      procedureTypeCode: 'bonus_inesistente',
    });
    expect(seen.alerts).toEqual(['PROCEDURE_START_REFUSED']);
    expect(seen.history.at(-1)).toMatchObject({
      action: 'procedure_start_refused',
      by: 'servizio procedimenti',
      detail: expect.stringContaining('Avvio del procedimento rifiutato (tipo bonus_inesistente)'),
    });
    expect(await queue('PROCEDURE_START_REFUSED')).toContain(c.case.id);
    expect(await queue('DELIVERY_FAILED')).not.toContain(c.case.id);

    // a procedure start (no case of its own) of a type contacts knows, that procedures then refuses (say,
    // deactivated meanwhile): the contact says REFUSED, with procedures' reason
    const typeCode = `contributo_${run}`.toLowerCase();
    await producer.send(ProcedureTypeChangedV1, `pt_${run}`, {
      procedureTypeId: `pt_${run}`,
      code: typeCode,
      name: 'Contributo',
      kind: 'generic',
      legalTermDays: 30,
      silenceRule: 'silent_assent',
      changedAt: new Date().toISOString(),
    });
    const start = await waitFor(
      async () => {
        const r = await ask(
          `mutation($i: RegisterContactInput!) { registerContact(input: $i) { id procedureStart { status } } }`,
          {
            i: {
              channel: 'DESK',
              type: 'PROCEDURE_START',
              subject: 'Richiesta contributo',
              procedureTypeCode: typeCode,
            },
          },
        );
        return r.body.data?.registerContact;
      },
      { timeoutMs: 30_000, intervalMs: 300, what: 'contacts to know the procedure type' },
    );
    expect(start.procedureStart.status).toBe('REQUESTED');
    await producer.send(ProcedureStartRefusedV1, start.id, {
      ...refusal,
      caseId: start.id,
      contactId: start.id,
      procedureTypeCode: typeCode,
      code: 'type_inactive',
      reason: 'Il tipo di procedimento non è più attivo.',
    });
    const refused = await waitFor(
      async () => {
        const r = await ask(
          `query($id: ID!) { contact(id: $id) { procedureStart { status statusLabel refusalCode refusalReason } } }`,
          { id: start.id },
        );
        const p = r.body.data.contact.procedureStart;
        return p.status === 'REFUSED' ? p : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 300, what: 'the refusal on the contact' },
    );
    // it became a case of the front office, with the alert, so the operator answers the application
    const followUp = await caseOf(`case_${start.id}`);
    expect(followUp).toMatchObject({ status: 'RECEIVED', alerts: ['PROCEDURE_START_REFUSED'] });
    expect(followUp.history.map((h: { action: string }) => h.action)).toEqual([
      'opened',
      'procedure_start_refused',
    ]);
    expect(await queue('PROCEDURE_START_REFUSED')).toContain(`case_${start.id}`);
    expect(refused).toMatchObject({
      statusLabel: expect.stringContaining('Rifiutato'),
      refusalCode: 'type_inactive',
      refusalReason: expect.stringContaining('non è più attivo'),
    });
    // a second refusal event is a second entry; the same event redelivered is applied once (its id)
    expect(refusals(await caseOf(c.case.id))).toBe(1);
    expect(event.id).toBeTruthy();
  });

  it('shows the delivery of the messages owed to the citizen on the case and a failed one in the queue', async () => {
    const c = await register({ type: 'COMPLAINT', openCase: true, officeId: office.id });
    const origin = {
      requestedBy: 'CitizenNotificationRequested',
      caseId: c.case.id,
      contactId: c.id,
      channel: 'email' as const,
      template: 'case_answered',
    };
    const bounce = {
      ...origin,
      notificationId: `ntf_${run}_1`,
      code: 'smtp_550',
      outcome: 'bounced' as const,
      attempts: 3,
      failedAt: new Date().toISOString(),
    };
    await producer.send(NotificationFailedV1, 'ntf-1', bounce);
    await producer.send(NotificationDeliveredV1, 'ntf-2', {
      ...origin,
      notificationId: `ntf_${run}_2`,
      template: 'case_received',
      status: 'delivered',
      attempts: 1,
      at: new Date().toISOString(),
    });
    const seen = await waitFor(
      async () => {
        const k = await caseOf(c.case.id);
        return k.deliveries.length === 2 ? k : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 300, what: 'both deliveries on the case' },
    );
    expect(seen.deliveries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ notificationId: `ntf_${run}_1`, status: 'BOUNCED', code: 'smtp_550' }),
        expect.objectContaining({ notificationId: `ntf_${run}_2`, status: 'DELIVERED', code: null }),
      ]),
    );
    expect(seen.alerts).toEqual(['DELIVERY_FAILED']);
    const entries = seen.history.filter((h: { by: string }) => h.by === 'servizio comunicazioni');
    expect(entries.map((h: { detail: string }) => h.detail)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('respinta dal destinatario'),
        expect.stringContaining('via e-mail consegnata'),
      ]),
    );
    expect(await queue('DELIVERY_FAILED')).toContain(c.case.id);
    // the same report again (a new event with the same state): no second entry
    await producer.send(NotificationFailedV1, 'ntf-1', bounce);
    await new Promise((r) => setTimeout(r, 1500));
    const k = await caseOf(c.case.id);
    expect(k.history.filter((h: { by: string }) => h.by === 'servizio comunicazioni')).toHaveLength(2);
  });

  it('a notice to the staff about a case (a reminder to the referent) is on its timeline, not the citizen’s state', async () => {
    const c = await register({ type: 'COMPLAINT', openCase: true, officeId: office.id });
    await producer.send(NotificationFailedV1, 'ntf-staff', {
      requestedBy: 'ReminderDue',
      caseId: c.case.id,
      channel: 'email' as const,
      template: 'case_reminder',
      notificationId: `ntf_rem_${run}`,
      code: 'no_address',
      outcome: 'failed' as const,
      attempts: 1,
      failedAt: new Date().toISOString(),
    });
    const seen = await waitFor(
      async () => {
        const k = await caseOf(c.case.id);
        return k.history.some((h: { by: string }) => h.by === 'servizio comunicazioni') ? k : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 300, what: 'the staff notice on the case' },
    );
    expect(seen.deliveries).toEqual([]);
    expect(seen.alerts).toEqual([]);
    expect(seen.history.at(-1)).toMatchObject({
      action: 'staff_notice_failed',
      detail: expect.stringContaining(
        'Comunicazione al personale (promemoria prima della scadenza) via e-mail non inviata',
      ),
    });
    expect(await queue('DELIVERY_FAILED')).not.toContain(c.case.id);
  });

  it('lets a referent read a requester only through a case of their office, and refuses first (issue 12)', async () => {
    const mine = { sub: 'ref-tributi', roles: ['referent' as const], offices: [office.id] };
    const other = { sub: 'ref-scuola', roles: ['referent' as const], offices: ['istruzione'] };
    const r = await ask(`mutation($i: RequesterInput!) { createRequester(input: $i) { id } }`, {
      i: { kind: 'PERSON', name: 'Gualtiero Brambilla', purpose: 'registrazione' },
    });
    const requesterId = r.body.data.createRequester.id as string;
    const c = await register({ type: 'COMPLAINT', openCase: true, officeId: office.id, requesterId });
    const read = async (who: typeof mine) =>
      (await ask(`query($id: ID!) { requester(id: $id) { id kind } }`, { id: requesterId }, who)).body;
    expect((await read(mine)).data.requester).toEqual({ id: requesterId, kind: 'PERSON' });
    expect((await read(other)).data.requester).toBeNull();
    // another office's referent: FORBIDDEN before the input is looked at, as for a case that does not exist
    for (const [query, variables] of [
      [
        `mutation($i: ChangeCaseStatusInput!) { changeCaseStatus(input: $i) { id } }`,
        { i: { caseId: c.case.id, status: 'RECEIVED' } },
      ],
      [
        `mutation($i: SuspendCaseInput!) { suspendCase(input: $i) { id } }`,
        { i: { caseId: c.case.id, reason: '' } },
      ],
      [
        `mutation($i: AddCaseNoteInput!) { addCaseNote(input: $i) { id } }`,
        { i: { caseId: 'case_nessuna', text: 'x' } },
      ],
    ] as const) {
      const res = await ask(query, variables, other);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    // the referent of the office gets the field error
    const own = await ask(
      `mutation($i: ChangeCaseStatusInput!) { changeCaseStatus(input: $i) { id } }`,
      { i: { caseId: c.case.id, status: 'RECEIVED' } },
      mine,
    );
    expect(own.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("limits look-ups per address (the citizen's behind a proxy): 429 with Retry-After and an Italian page", async () => {
    let limited: Response | undefined;
    for (let i = 0; i < RATE_LIMIT + 2 && !limited; i++) {
      const r = await page({ protocollo: '2026/0000001', codice: 'AAAA-AAAA-AAAA' });
      if (r.status === 429) limited = r;
      else await r.text();
    }
    expect(limited).toBeDefined();
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited!.text()).toContain('Troppi tentativi');
    // the form itself is not limited
    expect((await page()).status).toBe(200);
    // behind the ingress, another citizen is counted by their own address, not the proxy's
    const other = await page(
      { protocollo: '2026/0000001', codice: 'AAAA-AAAA-AAAA' },
      { 'x-forwarded-for': '203.0.113.9' },
    );
    expect(other.status).not.toBe(429);
    await other.text();
  });
});
