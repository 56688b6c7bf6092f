import { signDevToken } from '@urp/auth';
import { addDays, computeDueDate, LegalCalendar, romeCivilDate, type Suspension } from '@urp/legal-clock';
import {
  gql,
  spawnGateway,
  spawnService,
  TEST_AUTH,
  testInfra,
  uniqueName,
  type RunningProcess,
} from '@urp/testing';

/**
 * Issue 13 through the gateway, with the real service on Kafka and FerretDB: every bad input is a field-level
 * BAD_USER_INPUT that leaves nothing written (read back), and the deadlines the service gives are the ones
 * `@urp/legal-clock` computes for the same history (art. 10-bis included).
 */
describe('procedures: strict input and one legal clock (gateway, Kafka, FerretDB)', () => {
  const run = uniqueName('procclock').replace(/-/g, '_');
  const env = {
    MONGO_URL: testInfra.mongoUrl,
    MONGO_DB: `${run}_db`,
    KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
    KAFKA_GROUP_ID: uniqueName('g'),
    IDENTITY_SECRET: TEST_AUTH.identitySecret,
    PATRON_SAINT_DAY: '08-10',
  };
  const calendar = new LegalCalendar({ patronSaint: { month: 8, day: 10 } });
  let service: RunningProcess;
  let gateway: RunningProcess;
  let manager: string;
  let admin: string;
  const code = (s: string) => `${s}_${run.slice(-6)}`;
  // a request for documents starts the day it is sent (never backdated): these procedures are received recently
  const today = romeCivilDate(new Date());
  const recently = addDays(today, -20);

  beforeAll(async () => {
    service = await spawnService('services/procedures/src/main.ts', env, 4604);
    gateway = await spawnGateway({ procedures: service.url }, 4600);
    // the head of the office of the generic type below: the acts on a procedure are its office's
    manager = await signDevToken({ sub: 'mgr-1', roles: ['manager'], offices: ['ragioneria'] }, TEST_AUTH);
    admin = await signDevToken({ sub: 'adm-1', roles: ['admin'] }, TEST_AUTH);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([service?.stop(), gateway?.stop()]);
  });

  // the histories below date receipts and acts in the past: the administrator's (procedure.backdate)
  const ask = (query: string, variables: Record<string, unknown> = {}, token = admin) =>
    gql(`${gateway.url}/graphql`, query, variables, { authorization: `Bearer ${token}` });
  /** The refusal a user sees: a field-level BAD_USER_INPUT naming `field`, with an Italian message. */
  const expectRefused = (r: Awaited<ReturnType<typeof ask>>, field: string) => {
    expect(r.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { [field]: expect.any(String) },
    });
  };

  const SAVE_TYPE = `mutation($input: ProcedureTypeInput!) { saveProcedureType(input: $input) { id legalTermDays } }`;
  const TYPE_OF = `query($c: String!) { procedureType(code: $c) { id legalTermDays } }`;
  const PROC = `id dueDate suspendedDays status suspensions { kind start end endedByLaw addedDays }`;
  const SUBMIT = `mutation($input: SubmitProcedureInput!) { submitProcedure(input: $input) { ${PROC} } }`;
  const LIST = `query($t: String) { procedures(typeCode: $t) { ${PROC} } }`;
  const ONE = `query($id: ID!) { procedure(id: $id) { ${PROC} } }`;

  const generic = code('contributo');
  const submit = (receivedAt: string, protocolNumber = '2026/0000123') =>
    ask(SUBMIT, {
      input: { procedureTypeCode: generic, subject: 'Contributo', protocolNumber, receivedAt },
    });

  it('refuses terms the law fixes: FOIA 90 days, riesame 60; nothing saved', async () => {
    for (const [kind, days, c] of [
      ['GENERALISED_CIVIC_ACCESS', 90, code('foia')],
      ['REVIEW_REQUEST', 60, code('riesame')],
      ['DOCUMENT_ACCESS', 45, code('accesso')],
    ] as const) {
      const r = await ask(SAVE_TYPE, {
        input: { code: c, name: 'Accesso', legalBasis: 'D.Lgs 33/2013 art. 5', kind, legalTermDays: days },
      });
      expectRefused(r, 'input.legalTermDays');
      expect((await ask(TYPE_OF, { c })).body.data.procedureType).toBeNull();
    }
    const lawful = await ask(SAVE_TYPE, {
      input: {
        code: code('riesame'),
        name: 'Riesame',
        legalBasis: 'D.Lgs 33/2013 art. 5 c.7',
        kind: 'REVIEW_REQUEST',
      },
    });
    expect(lawful.body.data.saveProcedureType.legalTermDays).toBe(20);
  });

  it('refuses dates that do not exist, other formats, impossible years and instants without offset', async () => {
    const saved = await ask(SAVE_TYPE, {
      input: {
        code: generic,
        officeId: 'ragioneria',
        name: 'Contributo straordinario',
        legalBasis: 'Regolamento comunale contributi art. 3',
        legalTermDays: 90,
      },
    });
    expect(saved.body.errors).toBeUndefined();
    for (const receivedAt of [
      '2026-02-30T10:00:00+01:00',
      '04/12/2026',
      '0001-01-01T00:00:00Z',
      '1900-01-01T00:00:00Z',
      '12345-01-01T00:00:00Z',
      '2026-10-01T10:00:00',
    ]) {
      expectRefused(await submit(receivedAt), 'input.receivedAt');
    }
    // a valid receipt before today is the administrator's, never the office head's (procedure.backdate)
    expectRefused(
      await ask(
        SUBMIT,
        {
          input: {
            procedureTypeCode: generic,
            subject: 'Contributo',
            protocolNumber: '2026/0000124',
            receivedAt: `${recently}T10:00:00+01:00`,
          },
        },
        manager,
      ),
      'input.receivedAt',
    );
    expect((await ask(LIST, { t: generic })).body.data.procedures).toEqual([]);

    const created = await submit('2026-10-01T10:00:00+02:00');
    const id = created.body.data.submitProcedure.id as string;
    const before = (await ask(ONE, { id })).body.data.procedure;
    for (const start of ['2026-02-30', '04/12/2026', '0001-10-10', '1900-10-10', '12345-10-10']) {
      const r = await ask(
        `mutation($id: ID!, $input: SuspendProcedureInput!) { suspendProcedure(id: $id, input: $input) { id } }`,
        { id, input: { kind: 'document_request', reason: 'Planimetria', start } },
      );
      expectRefused(r, 'input.start');
    }
    for (const on of ['2026-02-30', '23/10/2026', '1900-10-23']) {
      expectRefused(
        await ask(
          `mutation($id: ID!, $on: String) { sendRejectionNotice(id: $id, reasons: "ISEE oltre la soglia", on: $on) { id } }`,
          {
            id,
            on,
          },
        ),
        'on',
      );
    }
    const after = (await ask(ONE, { id })).body.data.procedure;
    expect(after).toEqual(before);
    expect(after).toMatchObject({ suspensions: [], suspendedDays: 0 });
  });

  it('suspension kinds: unknown or malformed refused, only an admin adds one; nothing written', async () => {
    const created = await submit(`${recently}T10:00:00+01:00`, '2026/0000124');
    const id = created.body.data.submitProcedure.id as string;
    const SUSPEND = `mutation($id: ID!, $input: SuspendProcedureInput!) { suspendProcedure(id: $id, input: $input) { ${PROC} } }`;
    // backdated, a request for documents is refused: the applicant would lose days of their 30 (art. 2 c.7)
    expectRefused(
      await ask(
        SUSPEND,
        { id, input: { kind: 'document_request', reason: 'Planimetria', start: addDays(today, -1) } },
        manager,
      ),
      'input.start',
    );
    const docs = await ask(SUSPEND, { id, input: { kind: 'document_request', reason: 'Planimetria' } });
    expect(docs.body.errors).toBeUndefined();
    // the bypass: a made-up kind after a document request (74 suspended days on a 30-day term)
    for (const kind of ['integrazione_documentale', 'Integrazione Documentale', 'DOCUMENT_REQUEST']) {
      expectRefused(
        await ask(SUSPEND, { id, input: { kind, reason: 'Altri documenti', start: addDays(recently, 2) } }),
        'input.kind',
      );
    }
    expectRefused(
      await ask(SUSPEND, { id, input: { kind: 'document_request', reason: 'Ancora' } }),
      'input.kind',
    );
    expect((await ask(ONE, { id })).body.data.procedure.suspensions).toHaveLength(1);

    const DEFINE = `mutation($input: DefineSuspensionKindInput!) { defineSuspensionKind(input: $input) { code maxDays definedByLaw } }`;
    const KINDS = `{ suspensionKinds { code maxDays definedByLaw } }`;
    const parere = {
      code: code('parere'),
      label: 'Parere tecnico',
      legalBasis: 'Regolamento art. 4',
      maxDays: 20,
    };
    const notAdmin = await ask(DEFINE, { input: parere }, manager);
    expect(notAdmin.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expectRefused(await ask(DEFINE, { input: { ...parere, code: 'Parere Tecnico' } }, admin), 'input.code');
    expectRefused(await ask(DEFINE, { input: { ...parere, maxDays: 60 } }, admin), 'input.maxDays');
    const kinds = (await ask(KINDS)).body.data.suspensionKinds as { code: string }[];
    expect(kinds.map((k) => k.code)).not.toContain(parere.code);
    expect((await ask(DEFINE, { input: parere }, admin)).body.data.defineSuspensionKind).toEqual({
      code: parere.code,
      maxDays: 20,
      definedByLaw: false,
    });
    expect(((await ask(KINDS)).body.data.suspensionKinds as { code: string }[]).map((k) => k.code)).toContain(
      parere.code,
    );
  });

  it('gives the deadlines the legal clock computes for the same history (art. 10-bis included)', async () => {
    const cases: {
      receivedAt: string;
      receivedOn?: string;
      acts: (id: string) => Promise<void>;
      suspensions: Suspension[];
    }[] = [
      { receivedAt: '2026-10-05T16:00:00+02:00', acts: async () => undefined, suspensions: [] },
      {
        // notice sent 20 October, observations 23 October: the term runs again from 2 November
        receivedAt: '2026-10-01T09:00:00+02:00',
        acts: async (id) => {
          const sent = await ask(
            `mutation($id: ID!) { sendRejectionNotice(id: $id, reasons: "ISEE oltre la soglia", on: "2026-10-20") { id } }`,
            { id },
          );
          expect(sent.body.errors).toBeUndefined();
          const obs = await ask(
            `mutation($id: ID!) { receiveObservations(id: $id, on: "2026-10-23") { id } }`,
            { id },
          );
          expect(obs.body.errors).toBeUndefined();
        },
        suspensions: [{ id: 'r', kind: 'rejection_notice', start: '2026-10-20', end: '2026-10-23' }],
      },
      {
        receivedAt: `${recently}T10:00:00+01:00`,
        receivedOn: recently,
        acts: async (id) => {
          // sent today (a request for documents is never backdated), the documents came the same day
          const s = await ask(
            `mutation($id: ID!) { suspendProcedure(id: $id, input: { kind: "document_request", reason: "Planimetria" }) { suspensions { kind } } }`,
            { id },
          );
          expect(s.body.errors).toBeUndefined();
          const proc = (await ask(`query($id: ID!) { procedure(id: $id) { suspensions { id } } }`, { id }))
            .body.data.procedure;
          const r = await ask(
            `mutation($id: ID!, $s: ID!) { resumeProcedure(id: $id, suspensionId: $s) { id } }`,
            {
              id,
              s: proc.suspensions[0].id,
            },
          );
          expect(r.body.errors).toBeUndefined();
        },
        suspensions: [{ id: 'd', kind: 'document_request', start: today, end: today }],
      },
    ];
    for (const [i, c] of cases.entries()) {
      const created = await submit(c.receivedAt, `2026/00002${i}0`);
      expect(created.body.errors).toBeUndefined();
      const id = created.body.data.submitProcedure.id as string;
      await c.acts(id);
      const got = (await ask(ONE, { id })).body.data.procedure;
      const receivedOn = c.receivedOn ?? (i === 0 ? '2026-10-05' : '2026-10-01');
      const expected = computeDueDate({ receivedOn, termDays: 90, suspensions: c.suspensions }, calendar);
      expect({ dueDate: got.dueDate, suspendedDays: got.suspendedDays }).toEqual({
        dueDate: expected.dueDate,
        suspendedDays: expected.suspendedDays,
      });
      if (i === 1) {
        // 90 days from 1 October end on 30 December; 13 days suspended (20 October to 2 November)
        expect(got).toMatchObject({ dueDate: '2027-01-12', suspendedDays: 13 });
        expect(got.suspensions[0]).toMatchObject({ end: '2026-11-02', endedByLaw: false });
      }
    }
  });
});
