/**
 * The demo is loaded once (issue 18): the seed of `npm start` (tools/scripts/seed-demo.ts), run as `npm start`
 * runs it, against the whole stack (five services, mailbox, gateway: real processes on real Kafka + FerretDB).
 *  - first run on an empty system: loads the demo and writes the marker; survey invitations someone else
 *    caused while it loaded stay PENDING (it answers only those of its own contacts, cases and procedures);
 *  - second run: nothing changes (every collection of every service database keeps its count);
 *  - a partial load (marker `loading`) or data without a marker: refused with a pointer to demo:reset.
 */
import { signDevToken } from '@urp/auth';
import {
  freePort,
  gql,
  startStack,
  TEST_AUTH,
  testInfra,
  uniqueName,
  waitFor,
  type Stack,
} from '@urp/testing';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';

const REPO = join(__dirname, '..', '..', '..');

describe('demo seed (npm start): loaded once, touches nothing it did not create', () => {
  let stack: Stack;
  let mongo: MongoClient;
  let demoDb: string;
  let someoneElse: string;

  beforeAll(async () => {
    // the demo's online-service surveys: satisfaction asks contacts' internal API whether the requester exists
    const contactsPort = await freePort();
    stack = await startStack({
      prefix: 'seed',
      mailbox: true,
      ports: { contacts: contactsPort },
      // the clock-driven effects of the demo (deadline warnings, case reminders, and the messages campaigns
      // delivers for them) land within seconds, before the counts settle, not a minute into the comparison
      env: {
        procedures: { CLOCK_TICK_MS: '1000' },
        contacts: { CONTACTS_TIMER_INTERVAL_MS: '1000' },
        satisfaction: { CONTACTS_INTERNAL_URL: `http://127.0.0.1:${contactsPort}` },
      },
    });
    demoDb = `${stack.name}_demo`;
    mongo = await new MongoClient(testInfra.mongoUrl).connect();
    someoneElse = await signDevToken({ sub: 'op-altro-ufficio', roles: ['operator'] }, stack.auth);
  }, 300_000);
  afterAll(async () => {
    await stack?.stop();
    await mongo?.close();
  });

  /** Runs the seed as up.sh does; resolves with its exit code and output. */
  const runSeed = (onOutput?: (all: string) => void) => {
    let out = '';
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'tools/scripts/seed-demo.ts'], {
      cwd: REPO,
      env: {
        ...process.env,
        URP_GATEWAY_URL: stack.gatewayUrl,
        MONGO_URL: testInfra.mongoUrl,
        URP_DEMO_DB: demoDb,
        AUTH_ISSUER: stack.auth.issuer,
        AUTH_AUDIENCE: stack.auth.audience,
        AUTH_JWT_SECRET: stack.auth.secret,
        // survey links and online-service surveys are asked as the portal's service identity, to satisfaction
        URP_SATISFACTION_URL: `${stack.url('satisfaction')}/graphql`,
        IDENTITY_SECRET: TEST_AUTH.identitySecret,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (d: Buffer) => {
      out += d.toString();
      onOutput?.(out);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    return new Promise<{ code: number | null; out: string }>((r) =>
      child.once('exit', (code) => r({ code, out })),
    );
  };

  /** Every collection of every service database with its document count. */
  const counts = async (): Promise<Record<string, number>> => {
    const all: Record<string, number> = {};
    for (const db of Object.values(stack.databases)) {
      for (const c of await mongo.db(db).listCollections({}, { nameOnly: true }).toArray()) {
        // the services' own time-driven bookkeeping (task leases, the legal clock's claims of deadlines that
        // passed meanwhile) moves with the clock, not with the seed
        if (c.name.startsWith('_') || c.name === 'clock_claims') continue;
        all[`${db}.${c.name}`] = await mongo.db(db).collection(c.name).countDocuments();
      }
    }
    return all;
  };
  /** Polls until two snapshots a few seconds apart agree (the consumers have caught up). */
  const settledCounts = async () => {
    let last = await counts();
    return waitFor(
      async () => {
        await new Promise((r) => setTimeout(r, 4000));
        const now = await counts();
        const same = JSON.stringify(now) === JSON.stringify(last);
        last = now;
        return same ? now : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 0, what: 'the databases to settle' },
    );
  };

  const ask = (query: string, variables: Record<string, unknown> = {}) =>
    gql(stack.gatewayUrl, query, variables, { authorization: `Bearer ${someoneElse}` });
  const invitationOf = async (contactId: string) =>
    (await ask(`query($id: ID!) { contact(id: $id) { surveyInvitation { id status } } }`, { id: contactId }))
      .body.data?.contact?.surveyInvitation as { id: string; status: string } | null;

  it('loads the demo on an empty system and answers only the invitations of what it created', async () => {
    let satisfactionStepStarted = false;
    const first = runSeed((out) => {
      if (/demo: campaigns:/.test(out)) satisfactionStepStarted = true;
    });

    // while the demo loads, another office registers and closes contacts: satisfaction invites those citizens
    await waitFor(async () => (await mongo.db(demoDb).collection('demo').findOne({}))?.status === 'loading', {
      timeoutMs: 120_000,
      intervalMs: 250,
      what: 'the seed to claim the load (marker "loading")',
    });
    const foreign: string[] = [];
    for (let i = 0; i < 5; i++) {
      // contacts refuses a requester it does not know: the other office registers its citizen first
      const requester = await ask(`mutation($i: RequesterInput!) { createRequester(input: $i) { id } }`, {
        i: { kind: 'PERSON', name: `Cittadino ${i} ${uniqueName('altro')}`, purpose: 'sportello anagrafe' },
      });
      const reg = await ask(
        `mutation($r: String) { registerContact(input: { channel: DESK, type: INFORMATION, subject: "Orari dello sportello anagrafe", requesterId: $r }) { id } }`,
        { r: requester.body.data.createRequester.id as string },
      );
      const id = reg.body.data.registerContact.id as string;
      await ask(
        `mutation($id: ID!) { closeContact(input: { id: $id, resolvedAtFirstContact: true }) { id } }`,
        {
          id,
        },
      );
      foreign.push(id);
    }
    for (const id of foreign)
      await waitFor(async () => (await invitationOf(id))?.status === 'PENDING', {
        timeoutMs: 120_000,
        intervalMs: 500,
        what: `the invitation of the other office's contact ${id}`,
      });
    // the invitations were there, pending, before the seed reached the survey answers: a real chance to answer them
    expect(satisfactionStepStarted).toBe(false);

    const { code, out } = await first;
    expect(out).toMatch(/demo data loaded \(marker written\)/);
    expect(code).toBe(0);
    const marker = await mongo.db(demoDb).collection('demo').findOne({});
    expect(marker).toMatchObject({ status: 'loaded' });
    expect(marker!.created.contacts).toBeGreaterThan(100);
    expect(out).toMatch(/surveys of the demo's contacts, cases and procedures answered/);

    for (const id of foreign) expect(await invitationOf(id)).toMatchObject({ status: 'PENDING' });
  }, 900_000);

  it('a second run changes nothing', async () => {
    const before = await settledCounts();
    const second = await runSeed();
    expect(second.out).toMatch(/demo data already loaded/);
    expect(second.code).toBe(0);
    expect(await settledCounts()).toEqual(before);
  }, 600_000);

  it('refuses a partial demo (an interrupted load) and data without a marker, pointing to demo:reset', async () => {
    const before = await settledCounts();
    const markers = mongo.db(demoDb).collection('demo');

    await markers.updateOne({}, { $set: { status: 'loading' } });
    const partial = await runSeed();
    expect(partial.code).toBe(0);
    expect(partial.out).toMatch(/did not finish: the demo data is incomplete/);
    expect(partial.out).toMatch(/npm run demo:reset/);

    await markers.deleteMany({});
    const unmarked = await runSeed();
    expect(unmarked.code).toBe(0);
    expect(unmarked.out).toMatch(/already holds data \(contacts, offices, sheets/);
    expect(unmarked.out).toMatch(/npm run demo:reset/);

    expect(await counts()).toEqual(before);
  }, 600_000);
});
