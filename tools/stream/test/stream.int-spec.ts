import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { catalog, createEvent, SurveyExpiredV1, SurveyTopic, toKafkaRecord } from '@urp/contracts';
import { REPO_ROOT, testInfra, uniqueName } from '@urp/testing';
import { createRawKafka, kafkaPartitioners } from '@urp/messaging';

const run = promisify(execFile);
const topic = SurveyTopic.name;
const CLI = ['-r', '@swc-node/register', 'tools/stream/src/cli.ts'];

/**
 * The analysts' tools against the real broker: our CLI replays and tails a topic validating every event,
 * and kcat (Debian's, a client nobody here wrote) reads the same topic and its payloads parse and validate.
 */
describe('event streams for analysts (real Kafka)', () => {
  const kafka = createRawKafka({ clientId: 'stream-test', brokers: testInfra.kafkaBrokers });
  const producer = kafka.producer({ createPartitioner: kafkaPartitioners.DefaultPartitioner });
  const marker = uniqueName('inv');
  const started = new Date(Date.now() - 1000);
  const expired = (i: number) =>
    createEvent(
      SurveyExpiredV1,
      `${marker}-${i}`,
      {
        invitationId: `${marker}-${i}`,
        surveyId: 'mettiamoci-la-faccia',
        surveyKind: 'emoticons',
        trigger: 'case_closed',
        issuedAt: '2026-11-01T10:00:00+01:00',
        expiredAt: '2026-11-15T10:00:00+01:00',
      },
      { source: '/urp/satisfaction' },
    );
  const good = [expired(1), expired(2)];
  const bad = { ...toKafkaRecord(expired(3)) };
  bad.value = JSON.stringify({ invitationId: `${marker}-3`, surveyKind: 'smiley' });

  beforeAll(async () => {
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [...good.map(toKafkaRecord), bad] });
  });
  afterAll(() => producer.disconnect());

  const env = { ...process.env, KAFKA_BROKERS: testInfra.kafkaBrokers.join(',') };
  const mine = (lines: string[]) =>
    lines.map((l) => JSON.parse(l)).filter((r) => String(r.key).startsWith(marker)) as {
      key: string;
      validation: string;
      errors: string[];
      type: string;
    }[];

  it('replays a topic from a date to JSON lines, validating each event against the catalog', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      [...CLI, 'replay', topic, '--from', started.toISOString(), '--format', 'jsonl'],
      { cwd: REPO_ROOT, env, timeout: 60_000 },
    );
    const records = mine(stdout.trim().split('\n'));
    expect(records.map((r) => [r.key, r.validation])).toEqual(
      expect.arrayContaining([
        [`${marker}-1`, 'valid'],
        [`${marker}-2`, 'valid'],
        [`${marker}-3`, 'invalid'],
      ]),
    );
    expect(records.find((r) => r.key === `${marker}-3`)!.errors.join()).toMatch(/surveyKind|surveyId/);
    expect(stderr).toMatch(/event\(s\) written/);
  });

  it('replays to CSV', async () => {
    const { stdout } = await run(
      process.execPath,
      [...CLI, 'replay', topic, '--from', started.toISOString(), '--format', 'csv'],
      { cwd: REPO_ROOT, env, timeout: 60_000 },
    );
    const lines = stdout.trim().split('\r\n').join('\n').split('\n');
    expect(lines[0]).toBe(
      'topic,partition,offset,timestamp,key,id,type,source,subject,time,correlationid,causationid,validation,errors,data',
    );
    expect(lines.filter((l) => l.includes(`${marker}-1`) && l.includes(',valid,'))).toHaveLength(1);
  });

  it('tails a topic: prints what arrives after it starts', async () => {
    const child = spawn(process.execPath, [...CLI, 'tail', topic, '--limit', '1'], { cwd: REPO_ROOT, env });
    let out = '';
    let diag = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    // it reads the end offsets first, then says so
    const ready = new Promise<void>((resolve) =>
      child.stderr.on('data', (d: Buffer) => {
        diag += d.toString();
        if (diag.includes('tailing')) resolve();
      }),
    );
    await ready;
    const late = expired(4);
    await producer.send({ topic, acks: -1, messages: [toKafkaRecord(late)] });
    const timer = setTimeout(() => child.kill(), 45_000);
    expect(await exited).toBe(0);
    clearTimeout(timer);
    expect(JSON.parse(out.trim().split('\n')[0])).toMatchObject({ key: `${marker}-4`, validation: 'valid' });
  });

  it('kcat (Debian) reads the topic and the payloads parse and validate against the catalog', async () => {
    const { stdout } = await run(
      '/usr/bin/kcat',
      ['-b', testInfra.kafkaBrokers[0], '-C', '-t', topic, '-o', `s@${started.getTime()}`, '-e', '-J', '-q'],
      { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
    );
    const messages = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { key: string; payload: string; headers?: string[] })
      .filter((m) => m.key?.startsWith(marker));
    expect(messages.length).toBeGreaterThanOrEqual(3);
    for (const m of messages) {
      const headers = new Map<string, string>();
      for (let i = 0; i < (m.headers ?? []).length; i += 2) headers.set(m.headers![i], m.headers![i + 1]);
      expect(headers.get('ce_specversion')).toBe('1.0');
      const def = catalog.find(headers.get('ce_type')!);
      expect(def?.name).toBe('SurveyExpired');
      const parsed = def!.schema.safeParse(JSON.parse(m.payload));
      expect(parsed.success).toBe(m.key !== `${marker}-3`);
    }
  });
});
