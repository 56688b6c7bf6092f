import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createEvent, toKafkaRecord } from '@urp/contracts';
import { REPO_ROOT, testInfra, uniqueName, waitFor } from '@urp/testing';
import { MongoClient } from 'mongodb';
import { createKafka, createProducer, ensureTopics } from '../src';
import { ticketCatalog } from './fixtures/ticket-app';

/** The consumer runs in its own process so the test can SIGKILL it like a crashed pod. */
function startConsumerProcess(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', join(__dirname, 'fixtures/ticket-app.ts')],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('READY') && resolve(child));
    child.on('exit', (code) => reject(new Error(`consumer exited early with ${code}`)));
  });
}

describe('a consumer killed mid-stream and restarted', () => {
  const aggregate = uniqueName('crash');
  const dbName = uniqueName('crash').replace(/-/g, '_');
  const env = {
    TEST_AGGREGATE: aggregate,
    TEST_DB: dbName,
    TEST_GROUP: uniqueName('g'),
    KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
    MONGO_URL: testInfra.mongoUrl,
  };
  const mongo = new MongoClient(testInfra.mongoUrl);
  let child: ChildProcess | undefined;

  afterAll(async () => {
    child?.kill('SIGKILL');
    await mongo.close();
  });

  it('resumes without losing an event or applying one twice', async () => {
    const N = 400;
    const { topic, TicketOpened } = ticketCatalog(aggregate);
    const kafka = createKafka({ clientId: 'crash-test', brokers: testInfra.kafkaBrokers });
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [topic]);
    await admin.disconnect();
    const producer = createProducer(kafka);
    await producer.connect();
    const events = Array.from({ length: N }, (_, i) =>
      createEvent(
        TicketOpened,
        `t-${i}`,
        { ticketId: `t-${i}`, bucket: `b${i % 4}`, slowMs: 5 },
        { source: '/urp/test' },
      ),
    );
    await producer.send({ topic: topic.name, acks: -1, messages: events.map(toKafkaRecord) });
    await producer.disconnect();

    const db = mongo.db(dbName);
    const deliveries = () => db.collection('ticket_deliveries').countDocuments();
    child = await startConsumerProcess(env);
    await waitFor(async () => (await deliveries()) >= N / 4, { what: 'a quarter of the stream' });
    child.kill('SIGKILL'); // no graceful shutdown, no final commit
    await new Promise((r) => child!.once('exit', r));
    const atKill = await deliveries();
    expect(atKill).toBeLessThan(N);

    child = await startConsumerProcess(env);
    const total = async () =>
      (await db.collection('ticket_counters').find().toArray()).reduce((s, d) => s + (d.count as number), 0);
    await waitFor(async () => (await total()) === N, { timeoutMs: 80000, what: `all ${N} events applied` });
    await new Promise((r) => setTimeout(r, 1500)); // nothing more arrives
    expect(await total()).toBe(N); // none lost, none applied twice
    const perBucket = await db.collection('ticket_counters').find().sort({ _id: 1 }).toArray();
    expect(perBucket.map((d) => d.count)).toEqual([N / 4, N / 4, N / 4, N / 4]);
    // every event was delivered at least once; the ones after the last commit before the kill were redelivered
    const distinct = await db.collection('ticket_deliveries').distinct('eventId');
    expect(distinct).toHaveLength(N);
  });
});
