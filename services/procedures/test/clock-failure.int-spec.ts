import { signDevToken } from '@urp/auth';
import {
  freePorts,
  gql,
  sleep,
  spawnGateway,
  spawnService,
  TEST_AUTH,
  testInfra,
  uniqueName,
  type RunningProcess,
} from '@urp/testing';
import { MongoClient } from 'mongodb';

/**
 * A procedure the legal clock's rules fail on (here a document damaged outside the service: a receipt day that does
 * not exist), on the real service, Kafka and FerretDB: logged once, then skipped, tick after tick, while the clock
 * goes on with the others. It used to be read from the store and logged on every tick, for good.
 */
describe('procedures: the legal clock and a procedure its rules fail on (Kafka, FerretDB)', () => {
  const run = uniqueName('procfail').replace(/-/g, '_');
  const env = {
    MONGO_URL: testInfra.mongoUrl,
    MONGO_DB: `${run}_db`,
    KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
    KAFKA_GROUP_ID: uniqueName('g'),
    IDENTITY_SECRET: TEST_AUTH.identitySecret,
    CLOCK_TICK_MS: '300',
    // every start reads the collection (no snapshot to load the undamaged copy from)
    READ_MODEL_SNAPSHOT_MS: '0',
  };
  let service: RunningProcess | undefined;
  let gateway: RunningProcess | undefined;
  const mongo = new MongoClient(testInfra.mongoUrl);

  afterAll(async () => {
    await Promise.all([service?.stop(), gateway?.stop()]);
    await mongo.close();
  });

  it('logs it once and leaves it alone until it changes, while the others are still processed', async () => {
    const [sp, gp] = await freePorts(2);
    service = await spawnService('services/procedures/src/main.ts', env, sp);
    gateway = await spawnGateway({ procedures: service.url }, gp);
    const admin = await signDevToken({ sub: 'adm-1', roles: ['admin'] }, TEST_AUTH);
    const ask = (query: string, variables: Record<string, unknown> = {}) =>
      gql(`${gateway!.url}/graphql`, query, variables, { authorization: `Bearer ${admin}` });
    const saved = await ask(
      `mutation($input: ProcedureTypeInput!) { saveProcedureType(input: $input) { id } }`,
      {
        input: {
          code: 'contributo',
          officeId: 'ragioneria',
          name: 'Contributo straordinario',
          legalBasis: 'Regolamento comunale contributi art. 3',
          legalTermDays: 30,
        },
      },
    );
    expect(saved.body.errors).toBeUndefined();
    const submit = async (protocolNumber: string, daysAgo: number) => {
      const r = await ask(
        `mutation($input: SubmitProcedureInput!) { submitProcedure(input: $input) { id } }`,
        {
          input: {
            procedureTypeCode: 'contributo',
            subject: 'Contributo',
            protocolNumber,
            receivedAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
          },
        },
      );
      expect(r.body.errors).toBeUndefined();
      return r.body.data.submitProcedure.id as string;
    };
    const broken = await submit('2026/0000401', 5);
    // past its deadline: the clock records the missed deadline once it looks at it again
    const late = await submit('2026/0000402', 40);
    await service.stop();

    // damaged outside the service, its check due: every rule of the clock throws on it
    await mongo
      .db(env.MONGO_DB)
      .collection<{ _id: string }>('procedures')
      .updateOne({ _id: broken }, { $set: { receivedOn: '2026-02-30', nextClockCheck: '2026-01-01' } });
    service = await spawnService('services/procedures/src/main.ts', env, sp);
    const failures = () =>
      service!
        .logs()
        .split('\n')
        .filter((l) => l.includes(`procedure ${broken}`)).length;
    // at least ten ticks of the clock
    const deadline = Date.now() + 20_000;
    while (failures() === 0 && Date.now() < deadline) await sleep(200);
    expect(failures()).toBe(1);
    expect(service.logs()).toContain('skipped until it changes');
    await sleep(3_000);
    expect(failures()).toBe(1);
    // the clock goes on: the other procedure's deadline was recorded as missed
    const other = await ask(`query($id: ID!) { procedure(id: $id) { timeline { type } } }`, { id: late });
    expect(other.body.data.procedure.timeline.map((t: { type: string }) => t.type)).toContain(
      'deadline_missed',
    );
  }, 120_000);
});
