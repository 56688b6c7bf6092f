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
 * The independent review's findings on procedures (wave 11), through the gateway on the real service (Kafka,
 * FerretDB): a receipt or an act dated in the past is an administrator's (an operator's backdated receipt formed a
 * silent assent at the next tick); the catalogue does not override office scope (a manager moved another office's
 * type to his own, or named himself substitute, and decided its procedures); the officers' words (10-bis reasons,
 * suspension reasons, decision reasons, the notices' PDFs) are read only by who may act on the procedure; a silent
 * assent leaves no act to perform.
 */
describe('procedures: safe to trust (gateway, Kafka, FerretDB)', () => {
  const run = uniqueName('proctrust').replace(/-/g, '_');
  const env = {
    MONGO_URL: testInfra.mongoUrl,
    MONGO_DB: `${run}_db`,
    KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
    KAFKA_GROUP_ID: uniqueName('g'),
    IDENTITY_SECRET: TEST_AUTH.identitySecret,
    PATRON_SAINT_DAY: '08-10',
    // a silent assent forms at the legal clock's tick: a short one
    CLOCK_TICK_MS: '500',
  };
  let service: RunningProcess;
  let gateway: RunningProcess;
  const tokens: Record<string, string> = {};
  const today = romeCivilDate(new Date());
  const code = (s: string) => `${s}_${run.slice(-6)}`;

  beforeAll(async () => {
    const [sp, gp] = await freePorts(2);
    service = await spawnService('services/procedures/src/main.ts', env, sp);
    gateway = await spawnGateway({ procedures: service.url }, gp);
    const sign = (sub: string, roles: Role[], offices: string[] = []) =>
      signDevToken({ sub, roles, offices }, TEST_AUTH);
    tokens.admin = await sign('adm-1', ['admin']);
    tokens.operator = await sign('op-giulia', ['operator'], ['urp']);
    tokens.urpManager = await sign('mgr-paolo', ['manager'], ['urp']);
    tokens.ambienteManager = await sign('mgr-ambiente', ['manager'], ['ambiente']);
    tokens.referent = await sign('ref-ambiente', ['referent'], ['ambiente']);
    tokens.analyst = await sign('an-1', ['analyst']);
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
  const refusedOn = (r: Awaited<ReturnType<typeof ask>>, field: string) =>
    expect(r.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { [field]: expect.stringMatching(/solo un amministratore/) },
    });
  const forbidden = (r: Awaited<ReturnType<typeof ask>>) =>
    expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

  const SAVE = `mutation($input: ProcedureTypeInput!) { saveProcedureType(input: $input) { id officeId substituteId } }`;
  const type = (c: string, extra: Record<string, unknown> = {}) => ({
    code: c,
    name: 'Autorizzazione allo scarico',
    legalBasis: 'D.Lgs 152/2006 art. 124',
    legalTermDays: 30,
    officeId: 'ambiente',
    officeName: 'Ambiente',
    substituteId: 'seg-gen',
    substituteName: 'Segretario generale',
    responsibleId: 'ref-ambiente',
    responsibleName: 'Referente Ambiente',
    ...extra,
  });
  const SUBMIT = `mutation($input: SubmitProcedureInput!) { submitProcedure(input: $input) { id officeId status } }`;
  const submitInput = (c: string, daysAgo?: number, protocolNumber = '2026/0000401') => ({
    input: {
      procedureTypeCode: c,
      subject: 'Scarico acque reflue',
      protocolNumber,
      ...(daysAgo === undefined
        ? {}
        : { receivedAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString() }),
    },
  });
  const ONE = `query($id: ID!) { procedure(id: $id) { id status officeId permittedActs
    decision { outcome reasons decidedOn decidedBy }
    rejectionNotice { sentOn reasons }
    suspensions { kind reason start }
    timeline { type summary }
    documents { kind downloadUrl } } }`;

  it('a backdated receipt is refused to the desk (no silent assent at the next tick); an administrator registers it', async () => {
    const c = code('scarico');
    await ok('admin', SAVE, { input: type(c, { silenceRule: 'SILENT_ASSENT' }) });
    // the operator of the URP desk dates the receipt 75 days back: refused on the field, nothing written
    refusedOn(await ask('operator', SUBMIT, submitInput(c, 75)), 'input.receivedAt');
    const list = await ok('admin', `query($t: String) { procedures(typeCode: $t) { id } }`, { t: c });
    expect(list.procedures).toEqual([]);
    // today's receipt is the desk's as before
    const fresh = (await ok('operator', SUBMIT, submitInput(c, undefined, '2026/0000402'))).submitProcedure;
    expect(fresh.officeId).toBe('ambiente');
    // the paper application registered later with its protocol date: the administrator; the term lapsed, so the
    // silent assent forms at the clock's tick — and then no act is left to perform (permittedActs empty)
    const late = (await ok('admin', SUBMIT, submitInput(c, 75, '2026/0000403'))).submitProcedure;
    const decided = await waitFor(
      async () => {
        const p = (await ok('referent', ONE, { id: late.id })).procedure;
        return p.decision?.outcome === 'SILENT_ASSENT' ? p : undefined;
      },
      { timeoutMs: 30_000, what: 'the silent assent to form' },
    );
    expect(decided.status).toBe('DECIDED');
    expect(decided.permittedActs).toEqual([]);
    expect((await ok('admin', ONE, { id: late.id })).procedure.permittedActs).toEqual([]);
    // the open one still offers the office its acts
    expect((await ok('referent', ONE, { id: fresh.id })).procedure.permittedActs).toContain('DECIDE');
  }, 60_000);

  it('an act dated before today is refused to the office; today is the default', async () => {
    const c = code('scarico_b');
    await ok('admin', SAVE, { input: type(c) });
    const id = (await ok('admin', SUBMIT, submitInput(c, 20, '2026/0000411'))).submitProcedure.id;
    const DECIDE = `mutation($id: ID!, $on: String) { decideProcedure(id: $id, input: { outcome: ACCEPTED, reasons: "Requisiti verificati", on: $on }) { decision { decidedOn } } }`;
    refusedOn(await ask('referent', DECIDE, { id, on: addDays(today, -15) }), 'input.on');
    const NOTICE = `mutation($id: ID!, $on: String) { sendRejectionNotice(id: $id, reasons: "Documentazione incompleta", on: $on) { id } }`;
    refusedOn(await ask('referent', NOTICE, { id, on: addDays(today, -3) }), 'on');
    const SUSPEND = `mutation($id: ID!, $s: String) { suspendProcedure(id: $id, input: { kind: "document_request", reason: "Planimetria", start: $s }) { id } }`;
    refusedOn(await ask('referent', SUSPEND, { id, s: addDays(today, -2) }), 'input.start');
    // nothing was written: still open, no suspension
    expect((await ok('admin', ONE, { id })).procedure).toMatchObject({ status: 'STARTED', suspensions: [] });
    const d = await ok('referent', DECIDE, { id });
    expect(d.decideProcedure.decision.decidedOn).toBe(today);
  });

  it('the catalogue does not override office scope: another office’s type is not a manager’s to move or re-staff', async () => {
    const c = code('scarico_c');
    await ok('admin', SAVE, { input: type(c) });
    // the URP's head re-saves ambiente's type as URP's, or names himself its substitute: FORBIDDEN, nothing changed
    forbidden(await ask('urpManager', SAVE, { input: type(c, { officeId: 'urp', officeName: 'URP' }) }));
    forbidden(await ask('urpManager', SAVE, { input: type(c, { substituteId: 'mgr-paolo' }) }));
    // a new type in another office is not his either
    forbidden(await ask('urpManager', SAVE, { input: type(code('scarico_new')) }));
    // ambiente's own head edits its type (the term) but moves it or re-staffs it only through an administrator
    const edited = await ok('ambienteManager', SAVE, {
      input: type(c, {
        legalTermDays: 60,
        termJustification: 'Istruttoria tecnica complessa con sopralluogo e parere ARPA',
      }),
    });
    expect(edited.saveProcedureType).toMatchObject({ officeId: 'ambiente', substituteId: 'seg-gen' });
    forbidden(await ask('ambienteManager', SAVE, { input: type(c, { officeId: 'urp', officeName: 'URP' }) }));
    forbidden(await ask('ambienteManager', SAVE, { input: type(c, { substituteId: 'mgr-ambiente' }) }));
    const t = await ok('admin', `query($c: String!) { procedureType(code: $c) { officeId substituteId } }`, {
      c,
    });
    expect(t.procedureType).toEqual({ officeId: 'ambiente', substituteId: 'seg-gen' });
    // so a procedure of that type is still ambiente's, and the URP's head may not decide it
    const id = (await ok('operator', SUBMIT, submitInput(c, undefined, '2026/0000421'))).submitProcedure.id;
    forbidden(
      await ask(
        'urpManager',
        `mutation($id: ID!) { decideProcedure(id: $id, input: { outcome: ACCEPTED, reasons: "Requisiti verificati" }) { id } }`,
        { id },
      ),
    );
  });

  it('officers’ words and the notices’ PDFs are read only by who may act on the procedure', async () => {
    const c = code('scarico_d');
    await ok('admin', SAVE, { input: type(c) });
    const id = (await ok('operator', SUBMIT, submitInput(c, undefined, '2026/0000431'))).submitProcedure.id;
    const reasons = 'Il richiedente risulta in cura presso il Sert e moroso verso il Comune';
    await ok(
      'referent',
      `mutation($id: ID!, $r: String!) { sendRejectionNotice(id: $id, reasons: $r) { id } }`,
      {
        id,
        r: reasons,
      },
    );
    // the office reads the reasons and the notices' PDFs
    const office = (await ok('referent', ONE, { id })).procedure;
    expect(office.rejectionNotice.reasons).toBe(reasons);
    expect(office.documents.map((d: { kind: string }) => d.kind)).toContain('rejection_notice');
    expect(office.documents[0].downloadUrl).toMatch(/^data:application\/pdf;base64,/);
    // an analyst, the URP's operator and the URP's head read that a notice was sent and when, not what it says
    for (const who of ['analyst', 'operator', 'urpManager']) {
      const seen = (await ok(who, ONE, { id })).procedure;
      expect(seen.rejectionNotice).toEqual({
        sentOn: office.rejectionNotice.sentOn,
        reasons: 'Riservato all’ufficio competente',
      });
      expect(seen.suspensions[0]).toMatchObject({
        kind: 'rejection_notice',
        reason: 'Riservato all’ufficio competente',
      });
      expect(seen.documents).toEqual([]);
      expect(seen.timeline.map((e: { type: string }) => e.type)).toEqual(
        office.timeline.map((e: { type: string }) => e.type),
      );
      expect(JSON.stringify(seen)).not.toMatch(/Sert|moroso/);
    }
    // the list reads the same
    const list = (
      await ok('analyst', `query($t: String) { procedures(typeCode: $t) { rejectionNotice { reasons } } }`, {
        t: c,
      })
    ).procedures;
    expect(JSON.stringify(list)).not.toMatch(/Sert|moroso/);
  });
});
