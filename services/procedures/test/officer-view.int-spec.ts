import { signDevToken, type Role } from '@urp/auth';
import { addDays, romeCivilDate } from '@urp/legal-clock';
import {
  freePorts,
  gql,
  spawnGateway,
  spawnService,
  TEST_AUTH,
  testInfra,
  uniqueName,
  waitFor,
  type RunningProcess,
} from '@urp/testing';

/**
 * What the officer who decides sees and may do, through the gateway on the real service (Kafka, FerretDB): every
 * 10-bis notice with the observations on it where the decision is taken (`earlierRejectionNotices`), the substitute
 * official's own term (`substitute`) and their 10-bis notice, which suspends that term (art. 10-bis, art. 2 c.9-ter).
 */
describe('procedures: the deciding officer’s view (gateway, Kafka, FerretDB)', () => {
  const run = uniqueName('procoff').replace(/-/g, '_');
  const env = {
    MONGO_URL: testInfra.mongoUrl,
    MONGO_DB: `${run}_db`,
    KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
    KAFKA_GROUP_ID: uniqueName('g'),
    IDENTITY_SECRET: TEST_AUTH.identitySecret,
    PATRON_SAINT_DAY: '08-10',
    // the substitute is engaged by the legal clock: a short tick
    CLOCK_TICK_MS: '500',
  };
  let service: RunningProcess;
  let gateway: RunningProcess;
  const tokens: Record<string, string> = {};
  const today = romeCivilDate(new Date());
  const code = (s: string) => `${s}_${run.slice(-6)}`;
  const office = 'ragioneria';

  beforeAll(async () => {
    const [sp, gp] = await freePorts(2);
    service = await spawnService('services/procedures/src/main.ts', env, sp);
    gateway = await spawnGateway({ procedures: service.url }, gp);
    const sign = (sub: string, roles: Role[], offices: string[] = []) =>
      signDevToken({ sub, roles, offices }, TEST_AUTH);
    tokens.admin = await sign('adm-1', ['admin']);
    // the office's head, who decides its procedures
    tokens.manager = await sign('mgr-1', ['manager'], [office]);
    // an analyst reads procedures but may not decide them: never the applicant's own words
    tokens.analyst = await sign('ana-1', ['analyst']);
    // the substitute official (the secretary general), of another office, and a manager of that other office
    tokens.substitute = await sign('seg-1', ['manager'], ['segreteria']);
    tokens.otherManager = await sign('seg-2', ['manager'], ['segreteria']);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([service?.stop(), gateway?.stop()]);
  });

  const ask = (who: string, query: string, variables: Record<string, unknown> = {}) =>
    gql(`${gateway.url}/graphql`, query, variables, { authorization: `Bearer ${tokens[who]}` });
  const ok = async (who: string, query: string, variables: Record<string, unknown> = {}) => {
    const r = await ask(who, query, variables);
    expect(r.body.errors).toBeUndefined();
    return r.body.data;
  };

  const saveType = (c: string, extra: Record<string, unknown> = {}) =>
    ok('admin', `mutation($input: ProcedureTypeInput!) { saveProcedureType(input: $input) { id } }`, {
      input: {
        code: c,
        officeId: office,
        name: 'Contributo straordinario',
        legalBasis: 'Regolamento comunale contributi art. 3',
        legalTermDays: 30,
        rejectionNoticeRequired: true,
        ...extra,
      },
    });
  // dated receipts are an administrator's (a paper application registered later with its protocol date)
  const submit = async (c: string, daysAgo: number, protocolNumber: string) =>
    (
      await ok('admin', `mutation($input: SubmitProcedureInput!) { submitProcedure(input: $input) { id } }`, {
        input: {
          procedureTypeCode: c,
          subject: 'Contributo',
          protocolNumber,
          receivedAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
        },
      })
    ).submitProcedure.id as string;
  const NOTICE = `mutation($id: ID!, $r: String!, $on: String) { sendRejectionNotice(id: $id, reasons: $r, on: $on) { id status dueDate latestDueDate } }`;
  const OBSERVATIONS = `mutation($id: ID!, $on: String, $t: String) { receiveObservations(id: $id, on: $on, text: $t) { id status dueDate } }`;
  const NOTICES = `query($id: ID!) { procedure(id: $id) {
    rejectionNotice { sentOn reasons observationsOn observations }
    earlierRejectionNotices { sentOn reasons observationsOn observations } } }`;

  it('shows every 10-bis notice and the observations on it where the decision is taken, to the deciders only', async () => {
    const c = code('contributo');
    await saveType(c);
    const id = await submit(c, 40, '2026/0000301');
    // the first notice and its observations, recorded weeks ago (an administrator dates past acts)
    await ok('admin', NOTICE, { id, r: 'ISEE oltre la soglia del bando', on: addDays(today, -30) });
    await ok('admin', OBSERVATIONS, {
      id,
      on: addDays(today, -28),
      t: 'Allego la nuova attestazione ISEE 2026',
    });
    // a second notice today, for another reason
    await ok('manager', NOTICE, { id, r: 'Manca la firma digitale della domanda' });

    const seen = (await ok('manager', NOTICES, { id })).procedure;
    expect(seen.rejectionNotice).toEqual({
      sentOn: today,
      reasons: 'Manca la firma digitale della domanda',
      observationsOn: null,
      observations: null,
    });
    expect(seen.earlierRejectionNotices).toEqual([
      {
        sentOn: addDays(today, -30),
        reasons: 'ISEE oltre la soglia del bando',
        observationsOn: addDays(today, -28),
        observations: 'Allego la nuova attestazione ISEE 2026',
      },
    ]);
    // whoever may not decide learns that observations came, not what they say
    const analyst = await ask('analyst', NOTICES, { id });
    expect(analyst.body.data.procedure.earlierRejectionNotices).toEqual([
      expect.objectContaining({ observationsOn: addDays(today, -28), observations: null }),
    ]);
    // observations on the second notice too: a rejection must answer both, as the officer now sees them
    await ok('manager', OBSERVATIONS, { id, t: 'Firmo ora la domanda' });
    const both = (await ok('manager', NOTICES, { id })).procedure;
    expect(both.rejectionNotice).toMatchObject({
      observationsOn: today,
      observations: 'Firmo ora la domanda',
    });
    expect(both.earlierRejectionNotices).toEqual(seen.earlierRejectionNotices);
    const refused = await ask(
      'manager',
      `mutation($id: ID!, $input: DecideProcedureInput!) { decideProcedure(id: $id, input: $input) { id } }`,
      { id, input: { outcome: 'REJECTED', reasons: 'Firma digitale assente' } },
    );
    const it = (d: string) => d.split('-').reverse().join('/');
    expect(refused.body.errors?.[0].extensions?.fields['input.observationsAnswer']).toContain(
      `presentate il ${it(addDays(today, -28))} e il ${it(today)} non sono accolte`,
    );
  });

  it('the substitute official sends the 10-bis notice, which suspends their own term; a colleague of their office does not', async () => {
    const c = code('sostituto');
    await saveType(c, {
      responsibleId: 'mgr-1',
      responsibleName: 'Responsabile di ragioneria',
      substituteId: 'seg-1',
      substituteName: 'Segretario generale',
    });
    // received 40 days ago, 30-day term: past its deadline, the clock engages the substitute (15 days)
    const id = await submit(c, 40, '2026/0000302');
    const SUB = `query($id: ID!) { procedure(id: $id) { phase status dueDate latestDueDate permittedActs
      substitute { engagedOn termDays dueDate ordinaryDueDate } } }`;
    let engaged: {
      phase: string;
      dueDate: string;
      permittedActs: string[];
      substitute: { engagedOn: string; termDays: number; dueDate: string; ordinaryDueDate: string };
    } | null = null;
    await waitFor(
      async () => {
        engaged = (await ok('substitute', SUB, { id })).procedure;
        return engaged?.phase === 'SUBSTITUTE';
      },
      { what: 'the substitute engaged by the legal clock', timeoutMs: 30_000 },
    );
    const sub = engaged!.substitute;
    expect(sub.termDays).toBe(15);
    expect(sub.engagedOn).toBe(addDays(sub.ordinaryDueDate, 1));
    expect(engaged!.dueDate).toBe(sub.dueDate);
    expect(engaged!.permittedActs).toEqual(
      expect.arrayContaining(['SEND_REJECTION_NOTICE', 'RECEIVE_OBSERVATIONS', 'DECIDE']),
    );

    // a rejection needs the notice first (art. 10-bis): without it the substitute could never reject
    const DECIDE = `mutation($id: ID!, $input: DecideProcedureInput!) { decideProcedure(id: $id, input: $input) { id decision { outcome bySubstitute observationsAnswer } } }`;
    const early = await ask('substitute', DECIDE, {
      id,
      input: { outcome: 'REJECTED', reasons: 'Requisiti non posseduti' },
    });
    expect(early.body.errors?.[0].extensions?.fields['input.outcome']).toMatch(/10-bis/);
    // a colleague of the substitute's office is not the substitute: refused, nothing written
    const colleague = await ask('otherManager', NOTICE, { id, r: 'Requisiti non posseduti' });
    expect(colleague.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // nor any other suspension for the substitute
    const suspend = await ask(
      'substitute',
      `mutation($id: ID!, $input: SuspendProcedureInput!) { suspendProcedure(id: $id, input: $input) { id } }`,
      { id, input: { kind: 'document_request', reason: 'Manca la planimetria' } },
    );
    expect(suspend.body.errors?.[0].extensions?.fields['input.kind']).toMatch(/preavviso di rigetto/);

    const sent = (await ok('substitute', NOTICE, { id, r: 'Requisiti di reddito non posseduti' }))
      .sendRejectionNotice;
    expect(sent).toMatchObject({ status: 'SUSPENDED', dueDate: null });
    // the latest the substitute's term can end: later than their deadline without the notice
    expect(sent.latestDueDate > sub.dueDate).toBe(true);
    const observed = (
      await ok('substitute', OBSERVATIONS, { id, t: 'Il reddito 2025 è inferiore alla soglia' })
    ).receiveObservations;
    // observations today: the term runs again ten days later (art. 10-bis), so it ends later than it would have
    expect(observed.status).toBe('STARTED');
    expect(observed.dueDate > sub.dueDate).toBe(true);
    const after = (await ok('substitute', SUB, { id })).procedure;
    expect(after).toMatchObject({ phase: 'SUBSTITUTE', dueDate: observed.dueDate });
    expect(after.substitute).toEqual(sub);

    const decided = (
      await ok('substitute', DECIDE, {
        id,
        input: {
          outcome: 'REJECTED',
          reasons: 'Requisiti di reddito non posseduti',
          observationsAnswer: 'La dichiarazione dei redditi 2025 allegata supera la soglia del bando',
        },
      })
    ).decideProcedure;
    expect(decided.decision).toMatchObject({ outcome: 'REJECTED', bySubstitute: true });
  });
});
