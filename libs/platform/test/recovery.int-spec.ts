import {
  createTestRequester,
  askSubgraph,
  readiness,
  spawnService,
  startGroupAtEnd,
  testInfra,
  uniqueName,
  waitFor,
  type RunningProcess,
} from '@urp/testing';
import { MongoClient } from 'mongodb';

const REGISTER = `mutation($r: String) { registerContact(input: { channel: DESK, type: INFORMATION, subject: "Cambio di residenza", requesterId: $r }) { id } }`;
const CLOSE = `mutation($id: ID!) { closeContact(input: { id: $id, resolvedAtFirstContact: true }) { status } }`;
/** Requesters created before the crash (contacts refuses a requester it does not know). */
const pool: string[] = [];
const requester = () => pool.shift()!;

/**
 * A crashed service comes back at once: contacts and satisfaction are SIGKILLed (no goodbye to their
 * consumer groups) and restarted immediately. Contacts accepts a write as soon as its HTTP is up, without
 * waiting for its group; satisfaction's consumer joins in the background (the dead member's session
 * expires after 6 s, not 30) and the closing's effect lands exactly once.
 */
describe('restart after SIGKILL', () => {
  const common = {
    MONGO_URL: testInfra.mongoUrl,
    KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
    IDENTITY_SECRET: 'e2e-identity-secret-0123456789abcdef',
  };
  const contactsEnv = {
    ...common,
    MONGO_DB: uniqueName('rec_contacts').replace(/-/g, '_'),
    KAFKA_GROUP_ID: uniqueName('rec-contacts'),
  };
  const satisfactionEnv = {
    ...common,
    MONGO_DB: uniqueName('rec_sat').replace(/-/g, '_'),
    KAFKA_GROUP_ID: uniqueName('rec-sat'),
  };
  const mongo = new MongoClient(testInfra.mongoUrl);
  const procs: RunningProcess[] = [];
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await mongo.close();
  });

  it('accepts a write at once and applies the event exactly once', async () => {
    await startGroupAtEnd(satisfactionEnv.KAFKA_GROUP_ID); // not the closings of earlier runs
    const [contacts, satisfaction] = await Promise.all([
      spawnService('services/contacts/src/main.ts', contactsEnv, 4371),
      spawnService('services/satisfaction/src/main.ts', satisfactionEnv, 4372),
    ]);
    procs.push(contacts, satisfaction);
    for (let i = 0; i < 4; i++) pool.push(await createTestRequester(contacts.url));
    // a first closing, consumed before the crash
    const before = await askSubgraph(contacts.url, REGISTER, { r: requester() });
    expect(before.body.errors).toBeUndefined();
    const first = await askSubgraph(contacts.url, CLOSE, { id: before.body.data.registerContact.id });
    expect(first.body.errors).toBeUndefined();
    const invitations = mongo.db(satisfactionEnv.MONGO_DB).collection('survey_invitations');
    const firstId = before.body.data.registerContact.id as string;
    await waitFor(async () => (await invitations.countDocuments({ contactId: firstId })) === 1, {
      timeoutMs: 40000,
      what: 'the first invitation',
    });

    await Promise.all([contacts.stop('SIGKILL'), satisfaction.stop('SIGKILL')]);
    const killedAt = Date.now();
    process.stdout.write(`killed both at ${new Date(killedAt).toISOString()}\n`);
    const spawnAgain = (entry: string, env: Record<string, string>, port: number) =>
      spawnService(entry, env, port, 60000, '/health/ready', { waitForConsumers: false });
    const satisfactionRestarting = spawnAgain('services/satisfaction/src/main.ts', satisfactionEnv, 4372);
    const contacts2 = await spawnAgain('services/contacts/src/main.ts', contactsEnv, 4371);
    procs.push(contacts2);
    const liveAfterMs = Date.now() - killedAt;
    const reg = await waitFor(
      async () => {
        const r = await askSubgraph(contacts2.url, REGISTER, { r: requester() });
        return r.body.data?.registerContact ? r : undefined;
      },
      { intervalMs: 50, what: 'a write accepted after the restart' },
    );
    const writeAfterMs = Date.now() - killedAt;
    const satisfaction2 = await satisfactionRestarting;
    procs.push(satisfaction2);
    const satisfactionReadyMs = Date.now() - killedAt;
    const sat = await readiness(satisfaction2.url);
    const contactId = reg!.body.data.registerContact.id as string;
    const closed = await askSubgraph(contacts2.url, CLOSE, { id: contactId });
    expect(closed.body.errors).toBeUndefined();

    await waitFor(async () => (await invitations.countDocuments({ contactId })) === 1, {
      timeoutMs: 40000,
      what: 'the invitation of the closing made after the restart',
    });
    const effectAfterMs = Date.now() - killedAt;
    await waitFor(async () => (await readiness(satisfaction2.url)).body.status === 'ok', {
      what: 'satisfaction ready with its group joined',
    });
    const joinedAfterMs = Date.now() - killedAt;
    process.stdout.write(
      `SIGKILL + restart: contacts ready (HTTP) after ${liveAfterMs} ms, first write accepted after ${writeAfterMs} ms (satisfaction ready (HTTP) after ${satisfactionReadyMs} ms, its group then: ${sat.body.consumers
        .map((c) => c.state)
        .join(',')}), ` +
        `effect in satisfaction after ${effectAfterMs} ms, satisfaction "ok" after ≤ ${joinedAfterMs} ms\n`,
    );
    // exactly once: one invitation per closing, the first one not applied again by the redelivery
    expect(await invitations.countDocuments({ contactId })).toBe(1);
    expect(await invitations.countDocuments({ contactId: firstId })).toBe(1);
  }, 240_000); // two service starts and two restarts on a shared 2-core machine
});
