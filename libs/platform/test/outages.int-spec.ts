import {
  createTestRequester,
  askSubgraph,
  infra,
  readiness,
  spawnService,
  startGroupAtEnd,
  testInfra,
  uniqueName,
  waitFor,
  type RunningProcess,
} from '@urp/testing';
import { MongoClient } from 'mongodb';

const REGISTER = `mutation($r: String) { registerContact(input: { channel: DESK, type: INFORMATION, subject: "Iscrizione all'asilo nido", requesterId: $r }) { id } }`;
const CLOSE = `mutation($id: ID!) { closeContact(input: { id: $id, resolvedAtFirstContact: true }) { status } }`;
/** Requesters created before the faults (contacts refuses a requester it does not know). */
const pool: string[] = [];
const requester = () => pool.shift()!;

/**
 * What a client and an orchestrator are told during outages (deploy/local/infra.sh stops the real broker
 * and database of this test run's infrastructure):
 * - Kafka down: every write still succeeds (the outbox keeps the events), readiness stays 200 "degraded";
 *   once the broker is back the events are published and the consumer in another service applies them.
 * - Database down: a write fails with a typed UNAVAILABLE error and a retry hint, naming no internal
 *   address; readiness answers 503; once the database is back writes succeed again.
 */
describe('outages of the broker and of the database', () => {
  const common = {
    MONGO_URL: testInfra.mongoUrl,
    KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
    IDENTITY_SECRET: 'e2e-identity-secret-0123456789abcdef',
  };
  const satisfactionEnv = {
    ...common,
    MONGO_DB: uniqueName('out_sat').replace(/-/g, '_'),
    KAFKA_GROUP_ID: uniqueName('out-sat'),
  };
  const mongo = new MongoClient(testInfra.mongoUrl);
  let contacts: RunningProcess;
  let satisfaction: RunningProcess;

  beforeAll(async () => {
    await startGroupAtEnd(satisfactionEnv.KAFKA_GROUP_ID);
    [contacts, satisfaction] = await Promise.all([
      spawnService(
        'services/contacts/src/main.ts',
        {
          ...common,
          MONGO_DB: uniqueName('out_contacts').replace(/-/g, '_'),
          KAFKA_GROUP_ID: uniqueName('out-c'),
        },
        4381,
      ),
      spawnService('services/satisfaction/src/main.ts', satisfactionEnv, 4382),
    ]);
    for (let i = 0; i < 8; i++) pool.push(await createTestRequester(contacts.url));
  }, 180_000);
  afterAll(async () => {
    // whatever happened, leave the infrastructure running for the next test
    infra('start', 'kafka');
    infra('start', 'ferretdb');
    await Promise.all([contacts?.stop(), satisfaction?.stop()]);
    await mongo.close();
  });

  it('keeps accepting writes while Kafka is down, says "degraded", and delivers once it is back', async () => {
    infra('stop', 'kafka');
    const ready = await waitFor(
      async () => {
        const r = await readiness(contacts.url);
        return r.body.kafka === 'down' ? r : undefined;
      },
      { what: 'readiness to notice the broker outage' },
    );
    expect(ready!.status).toBe(200);
    expect(ready!.body).toMatchObject({ status: 'degraded', database: 'up', kafka: 'down' });

    const reg = await askSubgraph(contacts.url, REGISTER, { r: requester() });
    expect(reg.body.errors).toBeUndefined();
    const contactId = reg.body.data.registerContact.id as string;
    const closed = await askSubgraph(contacts.url, CLOSE, { id: contactId });
    expect(closed.body.errors).toBeUndefined();
    const waiting = await readiness(contacts.url);
    expect(waiting.body.outbox.pending).toBeGreaterThanOrEqual(2);

    infra('start', 'kafka');
    const backAt = Date.now();
    const invitations = mongo.db(satisfactionEnv.MONGO_DB).collection('survey_invitations');
    await waitFor(async () => (await invitations.countDocuments({ contactId })) === 1, {
      timeoutMs: 60000,
      what: 'the invitation once the broker is back',
    });
    const effectMs = Date.now() - backAt;
    await waitFor(async () => (await readiness(contacts.url)).body.status === 'ok', {
      timeoutMs: 30000,
      what: 'contacts "ok" again',
    });
    const okMs = Date.now() - backAt;
    expect((await readiness(contacts.url)).body.outbox.pending).toBe(0);
    process.stdout.write(
      `broker back: the closing made during the outage applied by satisfaction after ${effectMs} ms; contacts "ok" after ${okMs} ms\n`,
    );
  }, 180_000);

  it('answers a typed UNAVAILABLE with a retry hint while the database is down, and recovers', async () => {
    infra('stop', 'ferretdb');
    const startedAt = Date.now();
    const res = await askSubgraph(contacts.url, REGISTER, { r: requester() });
    const elapsedMs = Date.now() - startedAt;
    const error = res.body.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'UNAVAILABLE', retryAfterSeconds: 5 });
    expect(error?.message).not.toMatch(/127\.0\.0\.1|localhost|:\d{4,5}|mongodb:/);
    expect(res.body.data?.registerContact ?? null).toBeNull();

    const notReady = await readiness(contacts.url);
    expect(notReady.status).toBe(503);
    expect(notReady.body).toMatchObject({ status: 'unavailable', database: 'down' });
    process.stdout.write(`database down: UNAVAILABLE answered in ${elapsedMs} ms\n`);

    infra('start', 'ferretdb');
    await waitFor(async () => (await readiness(contacts.url)).status === 200, {
      timeoutMs: 30000,
      what: 'readiness once the database is back',
    });
    const again = await waitFor(
      async () => {
        const r = await askSubgraph(contacts.url, REGISTER, { r: requester() });
        return r.body.data?.registerContact ? r : undefined;
      },
      { what: 'a write once the database is back' },
    );
    expect(again!.body.errors).toBeUndefined();
  }, 120_000);
});
