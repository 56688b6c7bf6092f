import { createServer, type Server } from 'node:http';
import { signDevToken, signIdentity } from '@urp/auth';
import {
  ContactRegisteredV1,
  createEvent,
  FormPublishedV1,
  ProcedureRequestedV1,
  ProcedureTopic,
  toKafkaRecord,
  type CloudEvent,
} from '@urp/contracts';
import { addDays, romeCivilDate } from '@urp/legal-clock';
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
import { createRawKafka } from '@urp/messaging';

/**
 * The path contact → procedure → decision through the real broker, database and gateway, with two
 * instances of the service on one database (time-driven events must fire once).
 */
describe('procedures service (two instances, gateway, Kafka, FerretDB)', () => {
  const run = uniqueName('proc').replace(/-/g, '_');
  const env = {
    MONGO_URL: testInfra.mongoUrl,
    MONGO_DB: `${run}_db`,
    KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
    KAFKA_GROUP_ID: uniqueName('g'),
    IDENTITY_SECRET: TEST_AUTH.identitySecret,
    CLOCK_TICK_MS: '300',
    PATRON_SAINT_DAY: '08-10',
    /** Set in beforeAll: a stand-in for contacts' form endpoint (see there). */
    CONTACTS_INTERNAL_URL: '',
  };
  let contactsStub: Server;
  let a: RunningProcess;
  let b: RunningProcess;
  let gateway: RunningProcess;
  let producer: ReturnType<ReturnType<typeof createRawKafka>['producer']>;
  let collector: Awaited<ReturnType<typeof collectEvents>>;
  let manager: string;
  let referent: string;
  const code = (s: string) => `${s}_${run.slice(-6)}`;

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
    collector = await collectEvents([ProcedureTopic.name, 'urp.procedures.procedure-type.v1']);
    [a, b] = await Promise.all([
      spawnService('services/procedures/src/main.ts', env, 4341),
      spawnService('services/procedures/src/main.ts', env, 4342),
    ]);
    gateway = await spawnGateway({ procedures: a.url }, 4343);
    const kafka = createRawKafka({ clientId: 'proc-test', brokers: testInfra.kafkaBrokers });
    producer = kafka.producer();
    await producer.connect();
    // the head of the office of the types below: the acts on a procedure are its office's
    manager = await signDevToken(
      { sub: 'mgr-1', roles: ['manager'], offices: ['anagrafe', 'urp'] },
      TEST_AUTH,
    );
    // referents act within their offices (need to know): this one works for the registry office
    referent = await signDevToken(
      { sub: 'ref-anagrafe', roles: ['referent'], offices: ['anagrafe'] },
      TEST_AUTH,
    );
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    await collector?.stop();
    await Promise.all([a?.stop(), b?.stop(), gateway?.stop()]);
    contactsStub?.close();
  });

  const ask = (query: string, variables: Record<string, unknown> = {}, token: string | null = manager) =>
    gql(`${gateway.url}/graphql`, query, variables, token ? { authorization: `Bearer ${token}` } : {});
  const send = (event: CloudEvent, topic: string) =>
    producer.send({ topic, messages: [toKafkaRecord(event)] });
  const eventsOf = (type: string, procedureId: string) =>
    collector.events.filter(
      (e) => e.headers.ce_type === `it.urp.procedures.${type}.v1` && e.key === procedureId,
    );

  const SAVE_TYPE = `mutation($input: ProcedureTypeInput!) { saveProcedureType(input: $input) { id code legalTermDays revision } }`;
  const PROC = `id status phase dueDate suspendedDays formCheck formErrors { field } decision { outcome withinTerm }
    timeline { type dueDate previousDueDate } publicReference responsibleId`;

  const requested = (typeCode: string, receivedAt: string, extra: Record<string, unknown> = {}) =>
    createEvent(
      ProcedureRequestedV1,
      `ctc_${uniqueName('c')}`,
      {
        contactId: `ctc_${uniqueName('c')}`,
        requesterId: 'req_test0001',
        procedureTypeCode: typeCode,
        subject: 'Richiesta di prova',
        receivedAt,
        protocolNumber: '2026/0001234',
        channel: 'desk',
        operatorId: 'op-1',
        ...extra,
      },
      { source: '/urp/contacts' },
    );

  const findByType = async (typeCode: string) =>
    waitFor(
      async () => {
        const r = await ask(`query($t: String) { procedures(typeCode: $t) { ${PROC} } }`, { t: typeCode });
        return r.body.data?.procedures?.[0];
      },
      { timeoutMs: 30_000, what: `a procedure of type ${typeCode}` },
    );

  it('manages the catalogue: bad input changes nothing, a term change is an event', async () => {
    const bad = await ask(SAVE_TYPE, {
      input: { code: code('edilizia_x'), name: 'Prova', legalBasis: 'DPR 380/2001', legalTermDays: 120 },
    });
    expect(bad.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.body.errors?.[0].extensions?.fields).toHaveProperty(['input.termJustification']);
    const none = await ask(`query($c: String!) { procedureType(code: $c) { id } }`, {
      c: code('edilizia_x'),
    });
    expect(none.body.data.procedureType).toBeNull();

    const input = {
      code: code('residenza'),
      name: 'Cambio di residenza',
      legalBasis: 'DL 5/2012 art. 5',
      legalTermDays: 45,
      silenceRule: 'SILENT_ASSENT',
      officeId: 'anagrafe',
      officeName: 'Ufficio Anagrafe',
      responsibleId: 'ref-anagrafe',
      responsibleName: 'Maria Rossi',
      substituteId: 'seg-gen',
      substituteName: 'Segretario generale',
      formId: 'form_res',
      formVersion: 1,
    };
    const saved = await ask(SAVE_TYPE, { input });
    expect(saved.body.errors).toBeUndefined();
    const again = await ask(SAVE_TYPE, { input: { ...input, legalTermDays: 30 } });
    expect(again.body.data.saveProcedureType).toMatchObject({ legalTermDays: 30, revision: 2 });
    await waitFor(
      () =>
        collector.events.some(
          (e) =>
            e.headers.ce_type === 'it.urp.procedures.ProcedureTypeChanged.v1' &&
            (e.data as { previousLegalTermDays?: number; code: string }).code === input.code &&
            (e.data as { previousLegalTermDays?: number }).previousLegalTermDays === 45,
        ),
      { what: 'ProcedureTypeChanged with the previous term' },
    );
    for (const t of [
      {
        code: code('generico'),
        name: 'Contributo economico',
        legalBasis: 'Regolamento comunale',
        officeName: 'Servizi sociali',
        responsibleId: 'ref-anagrafe',
        responsibleName: 'Maria Rossi',
      },
      {
        code: code('sostituto'),
        name: 'Autorizzazione occupazione suolo',
        legalBasis: 'D.Lgs 285/1992',
        legalTermDays: 30,
        responsibleId: 'ref-2',
        substituteId: 'seg-gen',
        substituteName: 'Segretario generale',
      },
      {
        code: code('foia'),
        name: 'Accesso civico generalizzato',
        kind: 'GENERALISED_CIVIC_ACCESS',
        legalBasis: 'D.Lgs 33/2013 art. 5 c.2',
        officeId: 'urp',
        officeName: 'URP',
        responsibleId: 'ref-urp',
      },
      {
        code: 'riesame_accesso',
        name: 'Riesame accesso civico',
        kind: 'REVIEW_REQUEST',
        legalTermDays: 20,
        legalBasis: 'D.Lgs 33/2013 art. 5 c.7',
        responsibleId: 'rpct',
      },
    ]) {
      // types without an office (or of offices not the manager's): the administrator's catalogue
      const r = await ask(
        SAVE_TYPE,
        { input: t },
        await signDevToken({ sub: 'adm-1', roles: ['admin'] }, TEST_AUTH),
      );
      expect(r.body.errors).toBeUndefined();
    }
  });

  it('starts a procedure from a contact, validates its form version, and decides it after a rejection notice', async () => {
    await send(
      createEvent(
        FormPublishedV1,
        'form_res',
        {
          formId: 'form_res',
          code: 'cambio_residenza',
          version: 1,
          title: 'Dichiarazione di residenza',
          fields: [
            {
              name: 'comune_provenienza',
              label: 'Comune di provenienza',
              type: 'text',
              required: true,
              order: 1,
            },
            { name: 'componenti', label: 'Componenti', type: 'number', required: false, order: 2, min: 1 },
          ],
          publishedAt: new Date().toISOString(),
        },
        { source: '/urp/knowledge-base' },
      ),
      'urp.knowledge-base.form.v1',
    );
    await new Promise((r) => setTimeout(r, 1500)); // the form version reaches the service first
    const received = new Date(Date.now() - 3 * 86_400_000).toISOString();
    await send(
      requested(code('residenza'), received, {
        formId: 'form_res',
        formVersion: 1,
        formData: { componenti: 0 },
      }),
      'urp.contacts.contact.v1',
    );
    const p = await findByType(code('residenza'));
    expect(p).toMatchObject({ status: 'STARTED', responsibleId: 'ref-anagrafe', formCheck: 'invalid' });
    expect(p.formErrors.map((e: { field: string }) => e.field).sort()).toEqual([
      'componenti',
      'comune_provenienza',
    ]);
    expect(p.dueDate).toBe(expectedDue(romeCivilDate(received), 30));
    await waitFor(() => eventsOf('ProcedureStarted', p.id).length === 1, { what: 'ProcedureStarted' });

    // the desk of the responsible person
    const desk = await ask(
      `{ procedureDesk { responsibleId byNextDeadline { id dueDate } total } }`,
      {},
      referent,
    );
    expect(desk.body.data.procedureDesk.byNextDeadline.map((i: { id: string }) => i.id)).toContain(p.id);

    // suspension for documents moves the deadline; bad input changes nothing
    const SUSPEND = `mutation($id: ID!, $input: SuspendProcedureInput!) { suspendProcedure(id: $id, input: $input) { ${PROC} suspensions { id kind end } } }`;
    const future = await ask(
      SUSPEND,
      {
        id: p.id,
        input: { kind: 'document_request', reason: 'x', start: addDays(romeCivilDate(new Date()), 5) },
      },
      referent,
    );
    expect(future.body.errors?.[0].extensions?.fields).toHaveProperty(['input.start']);
    // nor in the past: the request goes out today and the applicant's 30 days run from it (art. 2 c.7)
    const backdated = {
      kind: 'document_request',
      reason: 'Manca la planimetria',
      start: romeCivilDate(received),
    };
    const late = await ask(SUSPEND, { id: p.id, input: backdated }, referent);
    expect(late.body.errors?.[0].extensions?.fields['input.start']).toMatch(/solo un amministratore/);
    // an administrator records a request already sent (an import's history, as the demo seed does)
    const admin = await signDevToken({ sub: 'adm-1', roles: ['admin'] }, TEST_AUTH);
    const s = await ask(SUSPEND, { id: p.id, input: backdated }, admin);
    expect(s.body.errors).toBeUndefined();
    expect(s.body.data.suspendProcedure.status).toBe('SUSPENDED');
    const suspensionId = s.body.data.suspendProcedure.suspensions[0].id;
    const twice = await ask(
      SUSPEND,
      { id: p.id, input: { kind: 'document_request', reason: 'ancora' } },
      referent,
    );
    expect(twice.body.errors?.[0].extensions?.fields['input.kind']).toMatch(/una sola volta/);
    const resumed = await ask(
      `mutation($id: ID!, $s: ID!, $on: String) { resumeProcedure(id: $id, suspensionId: $s, on: $on) { ${PROC} } }`,
      { id: p.id, s: suspensionId, on: addDays(romeCivilDate(received), 2) },
      admin, // an act recorded days later: the administrator's (procedure.backdate)
    );
    expect(resumed.body.data.resumeProcedure.suspendedDays).toBe(2);
    expect(resumed.body.data.resumeProcedure.dueDate).toBe(expectedDue(romeCivilDate(received), 32));

    // a rejection needs a rejection notice first (art. 10-bis); reasons are mandatory
    const DECIDE = `mutation($id: ID!, $input: DecideProcedureInput!) { decideProcedure(id: $id, input: $input) { ${PROC} } }`;
    const early = await ask(
      DECIDE,
      { id: p.id, input: { outcome: 'REJECTED', reasons: 'Requisiti non posseduti' } },
      referent,
    );
    expect(early.body.errors?.[0].extensions?.fields['input.outcome']).toMatch(/10-bis/);
    const noReasons = await ask(DECIDE, { id: p.id, input: { outcome: 'ACCEPTED', reasons: '' } }, referent);
    expect(noReasons.body.errors?.[0].extensions?.fields).toHaveProperty(['input.reasons']);
    const notice = await ask(
      `mutation($id: ID!) { sendRejectionNotice(id: $id, reasons: "Requisiti di dimora abituale non accertati") { status } }`,
      { id: p.id },
      referent,
    );
    expect(notice.body.data.sendRejectionNotice.status).toBe('SUSPENDED');
    await ask(
      `mutation($id: ID!) { receiveObservations(id: $id, text: "Dimoro in via Roma dal 2020") { status } }`,
      { id: p.id },
      referent,
    );
    const decided = await ask(
      DECIDE,
      {
        id: p.id,
        input: {
          outcome: 'REJECTED',
          reasons: 'Le osservazioni non superano i motivi ostativi',
          observationsAnswer: 'Il sopralluogo del 3 marzo non ha accertato la dimora abituale',
        },
      },
      referent,
    );
    expect(decided.body.errors).toBeUndefined();
    expect(decided.body.data.decideProcedure).toMatchObject({
      status: 'DECIDED',
      decision: { outcome: 'REJECTED', withinTerm: true },
    });
    const types = decided.body.data.decideProcedure.timeline.map((t: { type: string }) => t.type);
    expect(types).toEqual([
      'submitted',
      'started',
      'notice_issued', // the art. 8 start notice (a PDF kept with the procedure)
      'suspended',
      'notice_issued', // the request for documents (art. 2 c.7)
      'resumed',
      'notice_issued', // the term runs again
      'rejection_notice',
      'notice_issued', // the art. 10-bis notice
      'observations',
      'decided',
      'notice_issued', // the communication of the decision (provvedimento finale)
    ]);
    const moved = decided.body.data.decideProcedure.timeline.find(
      (t: { type: string }) => t.type === 'resumed',
    );
    expect(moved.previousDueDate).toBeNull(); // it was suspended: no deadline while suspended
    await waitFor(() => eventsOf('ProcedureDecided', p.id).length === 1, { what: 'ProcedureDecided' });
    for (const t of [
      'ProcedureSubmitted',
      'ProcedureSuspended',
      'ProcedureResumed',
      'RejectionNoticeSent',
      'ObservationsReceived',
    ]) {
      expect(eventsOf(t, p.id).length).toBeGreaterThan(0);
    }
    const decidedEvent = eventsOf('ProcedureDecided', p.id)[0].data as Record<string, unknown>;
    expect(decidedEvent).toMatchObject({
      outcome: 'rejected',
      withinTerm: true,
      requesterId: 'req_test0001',
    });
    expect(JSON.stringify(decidedEvent)).not.toContain('osservazioni'); // reasons stay in the service
    // the observations' content and the answer to them stay in the service too
    for (const t of ['ObservationsReceived', 'ProcedureDecided', 'ProcedureResumed']) {
      const said = JSON.stringify(eventsOf(t, p.id));
      expect(said).not.toContain('via Roma');
      expect(said).not.toContain('sopralluogo');
    }

    // public status: phase and due date only, by the unguessable reference, without a login
    const status = await ask(
      `query($r: String!) { procedureStatus(reference: $r) { phase dueDate } }`,
      { r: p.publicReference },
      null,
    );
    expect(status.body.data.procedureStatus).toEqual({ phase: 'Concluso', dueDate: null });
    const guess = await ask(
      `query($r: String!) { procedureStatus(reference: $r) { phase } }`,
      { r: `${p.id}.guess` },
      null,
    );
    expect(guess.body.data.procedureStatus).toBeNull();
    const anonymousDesk = await ask(`{ procedureDesk { total } }`, {}, null);
    expect(anonymousDesk.body.errors?.length).toBeGreaterThan(0);
  });

  it('says when the applicant is staff, from the contact that asked, so satisfaction surveys no employee', async () => {
    // contacts writes ContactRegistered (requesterIsStaff) and ProcedureRequested in one write, same key: in order
    const staffContact = `ctc_${uniqueName('staff')}`;
    const citizenContact = `ctc_${uniqueName('cit')}`;
    const registered = (contactId: string, requesterIsStaff: boolean) =>
      createEvent(
        ContactRegisteredV1,
        contactId,
        {
          contactId,
          channel: 'desk',
          contactType: 'procedure_start',
          requesterId: 'req_test0002',
          operatorId: 'op-1',
          registeredAt: new Date().toISOString(),
          ...(requesterIsStaff ? { requesterIsStaff: true } : {}),
        },
        { source: '/urp/contacts' },
      );
    const asked = (contactId: string) =>
      createEvent(
        ProcedureRequestedV1,
        contactId,
        {
          contactId,
          requesterId: 'req_test0002',
          procedureTypeCode: code('residenza'),
          subject: 'Richiesta di un dipendente',
          receivedAt: new Date().toISOString(),
          protocolNumber: '2026/0004321',
          channel: 'desk',
          operatorId: 'op-1',
        },
        { source: '/urp/contacts' },
      );
    for (const [contactId, staff] of [
      [staffContact, true],
      [citizenContact, false],
    ] as const)
      await producer.send({
        topic: 'urp.contacts.contact.v1',
        messages: [toKafkaRecord(registered(contactId, staff)), toKafkaRecord(asked(contactId))],
      });
    const idOf = (contactId: string) =>
      waitFor(
        async () => {
          const r = await ask(`query($t: String) { procedures(typeCode: $t, first: 500) { id contactId } }`, {
            t: code('residenza'),
          });
          return (r.body.data?.procedures as { id: string; contactId: string }[] | undefined)?.find(
            (p) => p.contactId === contactId,
          )?.id;
        },
        { timeoutMs: 30_000, what: `the procedure of ${contactId}` },
      );
    for (const [contactId, staff] of [
      [staffContact, true],
      [citizenContact, false],
    ] as const) {
      const id = (await idOf(contactId))!;
      const decided = await ask(
        `mutation($id: ID!, $input: DecideProcedureInput!) { decideProcedure(id: $id, input: $input) { status } }`,
        { id, input: { outcome: 'ACCEPTED', reasons: 'Requisiti verificati con esito positivo' } },
        referent,
      );
      expect(decided.body.errors).toBeUndefined();
      await waitFor(() => eventsOf('ProcedureDecided', id).length === 1, { what: 'ProcedureDecided' });
      const data = eventsOf('ProcedureDecided', id)[0].data as Record<string, unknown>;
      if (staff) expect(data).toMatchObject({ requesterIsStaff: true, contactId });
      else expect(data).not.toHaveProperty('requesterIsStaff');
    }
  });

  it("serves the desk from each instance's memory: the second one follows the first one's writes", async () => {
    // b is asked directly (as the gateway would ask it): its read model learns a's writes from ProcedureChanged
    const deskOnB = async () => {
      const identity = await signIdentity({ sub: 'mgr-1', roles: ['manager'] }, TEST_AUTH.identitySecret);
      const r = await gql(
        `${b.url}/graphql`,
        `{ procedureDesk(responsibleId: "ref-anagrafe", first: 1000) { total byNextDeadline { id } } }`,
        {},
        { 'x-urp-identity': identity },
      );
      return (r.body.data?.procedureDesk?.byNextDeadline ?? []).map((i: { id: string }) => i.id) as string[];
    };
    const submitted = await ask(
      `mutation($input: SubmitProcedureInput!) { submitProcedure(input: $input) { id } }`,
      {
        input: {
          procedureTypeCode: code('residenza'),
          subject: 'Cambio di residenza (due istanze)',
          protocolNumber: '2026/0005555',
          formData: JSON.stringify({ comune_provenienza: 'Roma' }),
        },
      },
    );
    expect(submitted.body.errors).toBeUndefined();
    const id = submitted.body.data.submitProcedure.id as string;
    await waitFor(async () => (await deskOnB()).includes(id), { what: "a's new procedure on b's desk" });
    const decided = await ask(
      `mutation($id: ID!, $input: DecideProcedureInput!) { decideProcedure(id: $id, input: $input) { status } }`,
      { id, input: { outcome: 'ACCEPTED', reasons: 'Requisiti verificati con esito positivo' } },
      referent,
    );
    expect(decided.body.errors).toBeUndefined();
    await waitFor(async () => !(await deskOnB()).includes(id), { what: "a's decision off b's desk" });
  });

  it('starts a third instance from the snapshot, replaying the writes made since from the topic', async () => {
    // a and b wrote a snapshot when they started (nothing held then); everything since must come from the events
    const deskOf = async (url: string) => {
      const identity = await signIdentity({ sub: 'mgr-1', roles: ['manager'] }, TEST_AUTH.identitySecret);
      const r = await gql(
        `${url}/graphql`,
        `{ procedureDesk(responsibleId: "ref-anagrafe", first: 1000) { total byNextDeadline { id } suspended { id } } }`,
        {},
        { 'x-urp-identity': identity },
      );
      const d = r.body.data.procedureDesk as { total: number; byNextDeadline: { id: string }[] };
      return { total: d.total, ids: d.byNextDeadline.map((i) => i.id).sort() };
    };
    for (const n of [1, 2]) {
      const r = await ask(
        `mutation($input: SubmitProcedureInput!) { submitProcedure(input: $input) { id } }`,
        {
          input: {
            procedureTypeCode: code('residenza'),
            subject: `Cambio di residenza (istantanea ${n})`,
            protocolNumber: `2026/000666${n}`,
            formData: JSON.stringify({ comune_provenienza: 'Roma' }),
          },
        },
      );
      expect(r.body.errors).toBeUndefined();
    }
    const onA = await deskOf(a.url);
    expect(onA.total).toBeGreaterThanOrEqual(2);
    const c = await spawnService(
      'services/procedures/src/main.ts',
      { ...env, LOG_LEVEL: 'info' },
      await freePort(),
    );
    try {
      expect(c.logs()).toMatch(/read model ready from the snapshot/);
      await waitFor(async () => JSON.stringify(await deskOf(c.url)) === JSON.stringify(onA), {
        what: "the third instance's desk equal to the first one's",
      });
    } finally {
      await c.stop();
    }
  });

  it('fires time-driven events exactly once with two instances: silent assent, substitute official, warnings', async () => {
    const longAgo = new Date(Date.now() - 60 * 86_400_000).toISOString();
    const soon = new Date(Date.now() - 30 * 86_400_000).toISOString(); // due today (or the next working day)
    await send(
      requested(code('residenza'), longAgo, {
        formId: 'form_res',
        formVersion: 1,
        formData: { comune_provenienza: 'Roma' },
      }),
      'urp.contacts.contact.v1',
    );
    await send(requested(code('sostituto'), longAgo), 'urp.contacts.contact.v1');
    await send(requested(code('generico'), soon), 'urp.contacts.contact.v1');
    const silent = await waitFor(
      async () => {
        const r = await ask(`query($t: String) { procedures(typeCode: $t) { ${PROC} } }`, {
          t: code('residenza'),
        });
        return r.body.data.procedures.find(
          (x: { decision?: { outcome: string } }) => x.decision?.outcome === 'SILENT_ASSENT',
        );
      },
      { timeoutMs: 30_000, what: 'silent assent to form' },
    );
    const substitute = await waitFor(
      async () => {
        const r = await findByType(code('sostituto'));
        return r.phase === 'SUBSTITUTE' ? r : undefined;
      },
      { timeoutMs: 30_000, what: 'the substitute official to be engaged' },
    );
    const generic = await findByType(code('generico'));
    await waitFor(() => eventsOf('DeadlineApproaching', generic.id).length >= 2, { what: 'the warnings' });
    await waitFor(() => eventsOf('SubstituteEngaged', substitute.id).length >= 1, {
      what: 'SubstituteEngaged',
    });
    await waitFor(() => eventsOf('SilentAssentFormed', silent.id).length >= 1, {
      what: 'SilentAssentFormed',
    });
    await new Promise((r) => setTimeout(r, 2500)); // several more ticks of both instances
    expect(eventsOf('SilentAssentFormed', silent.id)).toHaveLength(1);
    // art. 20: silence formed the assent, so no deadline was missed (no alarm to the office)
    expect(eventsOf('DeadlineMissed', silent.id)).toHaveLength(0);
    expect(eventsOf('ProcedureDecided', silent.id)).toHaveLength(1);
    expect(eventsOf('SubstituteEngaged', substitute.id)).toHaveLength(1);
    // 60 days ago: both the ordinary deadline and the substitute's (half the term) have passed, once each
    const phases = eventsOf('DeadlineMissed', substitute.id).map((e) => (e.data as { phase: string }).phase);
    expect(phases.sort()).toEqual(['ordinary', 'substitute']);
    expect(eventsOf('DeadlineApproaching', generic.id)).toHaveLength(2); // 7 and 2 days before, once each
    const engaged = eventsOf('SubstituteEngaged', substitute.id)[0].data as {
      dueAt: string;
      originalDueAt: string;
    };
    expect(engaged.dueAt > engaged.originalDueAt).toBe(true);
    // the substitute official, of another office, concludes it (art. 2 c.9-bis); a colleague of theirs may not
    const DECIDE = `mutation($id: ID!) { decideProcedure(id: $id, input: { outcome: ACCEPTED,
      reasons: "Requisiti presenti, accertati dal titolare del potere sostitutivo" }) {
      status decision { bySubstitute decidedBy } } }`;
    const colleague = await signDevToken(
      { sub: 'seg-2', roles: ['manager'], offices: ['segreteria'] },
      TEST_AUTH,
    );
    const refused = await ask(DECIDE, { id: substitute.id }, colleague);
    expect(refused.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const official = await signDevToken(
      { sub: 'seg-gen', roles: ['manager'], offices: ['segreteria'] },
      TEST_AUTH,
    );
    const concluded = await ask(DECIDE, { id: substitute.id }, official);
    expect(concluded.body.errors).toBeUndefined();
    expect(concluded.body.data.decideProcedure).toMatchObject({
      status: 'DECIDED',
      decision: { bySubstitute: true, decidedBy: 'seg-gen' },
    });

    // the attestation of silent assent (art. 20 c.2-bis)
    const att = await ask(
      `mutation($id: ID!) { requestSilentAssentAttestation(id: $id) { attestation { dueDate } } }`,
      { id: silent.id },
      manager, // a type with no office: only unscoped staff act on it
    );
    expect(
      att.body.data.requestSilentAssentAttestation.attestation.dueDate >=
        addDays(romeCivilDate(new Date()), 10),
    ).toBe(true);
  });

  it('keeps the access register without personal data, with reviews, and refuses an incomplete start notice', async () => {
    const submitted = await ask(
      `mutation($input: SubmitProcedureInput!) { submitProcedure(input: $input) { ${PROC} } }`,
      {
        input: {
          procedureTypeCode: code('foia'),
          subject: 'Atti relativi al cantiere di via Giuseppe Verdi 12, proprietà Bianchi Luigi',
          protocolNumber: '2026/0009999',
          receivedAt: new Date(Date.now() - 40 * 86_400_000).toISOString(),
          requesterId: 'req_secret42',
          thirdParties: ['req_third001'],
        },
      },
      // received 40 days ago: registered by the administrator (procedure.backdate)
      await signDevToken({ sub: 'adm-1', roles: ['admin'] }, TEST_AUTH),
    );
    expect(submitted.body.errors).toBeUndefined();
    const foia = submitted.body.data.submitProcedure;
    const notice = await ask(`query($id: ID!) { procedureStartNotice(id: $id) { text } }`, { id: foia.id });
    expect(notice.body.errors?.[0].message).toMatch(/persona responsabile/); // no responsible name on the type
    await ask(
      `mutation($id: ID!) { decideProcedure(id: $id, input: { outcome: REJECTED, reasons: "Pregiudizio alla protezione dei dati personali" }) { status } }`,
      { id: foia.id },
    );
    const review = await ask(
      `mutation($id: ID!) { requestAccessReview(id: $id, protocolNumber: "2026/0010000") { id kind dueDate } }`,
      { id: foia.id },
    );
    expect(review.body.errors).toBeUndefined();
    expect(review.body.data.requestAccessReview.kind).toBe('REVIEW_REQUEST');
    expect(review.body.data.requestAccessReview.dueDate).toBe(expectedDue(romeCivilDate(new Date()), 20));
    const csv = (await ask(`{ accessRegisterCsv }`)).body.data.accessRegisterCsv as string;
    const line = csv.split('\r\n').find((l) => l.startsWith('2026/0009999'));
    expect(line).toContain('rigetto');
    expect(line).toMatch(/,sì,no,sì,no$/); // third parties, no objection, review requested, not itself a review
    expect(csv).toContain('2026/0010000');
    for (const secret of ['req_secret42', 'req_third001', 'Bianchi', 'Verdi', 'dati personali']) {
      expect(csv).not.toContain(secret);
    }
    const bad = await ask(`{ accessRegisterCsv(semester: "2026-S3") }`);
    expect(bad.body.errors?.[0].extensions?.fields).toHaveProperty('semester');
  });
});

/** The due date by the rules, checked independently with a day-by-day walk over the same calendar. */
function expectedDue(receivedOn: string, days: number): string {
  const { LegalCalendar } = jest.requireActual('@urp/legal-clock') as typeof import('@urp/legal-clock');
  const cal = new LegalCalendar({ patronSaint: { month: 8, day: 10 } });
  let d = addDays(receivedOn, days);
  while (!cal.isWorkingDay(d)) d = addDays(d, 1);
  return d;
}
