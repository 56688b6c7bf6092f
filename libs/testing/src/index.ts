import { execFileSync } from 'node:child_process';
export * from './graphql';
export * from './metrics';
export * from './person';
export * from './ports';
export * from './subgraph';
export * from './proc';
import { gatewayEnv, type SubgraphName } from './graphql';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { catalog } from '@urp/contracts';

/** Where the integration tests find the real infrastructure started by deploy/local/infra.sh. */
export const testInfra = {
  kafkaBrokers: (process.env.KAFKA_BROKERS ?? `127.0.0.1:${process.env.URP_KAFKA_PORT ?? 19092}`).split(','),
  mongoUrl: process.env.MONGO_URL ?? `mongodb://127.0.0.1:${process.env.URP_MONGO_PORT ?? 27117}`,
};

export const REPO_ROOT = join(__dirname, '..', '..', '..');

/** A name no other test run uses (topics, groups, databases). */
export const uniqueName = (prefix: string): string =>
  `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

/** Runs deploy/local/infra.sh (used by the tests that stop and restart the broker). */
export function infra(action: 'start' | 'stop' | 'kill', component: 'kafka' | 'ferretdb'): string {
  return execFileSync('bash', [join(REPO_ROOT, 'deploy/local/infra.sh'), action, component], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Polls until `probe` returns a truthy value (or stops throwing), or fails after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => Promise<T> | T,
  {
    timeoutMs = 20000,
    intervalMs = 100,
    what = 'condition',
  }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs}ms waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RunningProcess {
  url: string;
  logs: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

/**
 * Starts a service as its own process (`node -r @swc-node/register <entry>`), exactly as in production,
 * and waits until `GET <url>/health/ready` answers 200 and, unless `waitForConsumers` is false, its
 * consumer groups have joined (a service serves HTTP before they do: see libs/platform health).
 */
export async function spawnService(
  entry: string,
  env: Record<string, string>,
  port: number,
  timeoutMs = 60000,
  readyPath = '/health/ready',
  { waitForConsumers = true }: { waitForConsumers?: boolean } = {},
): Promise<RunningProcess> {
  const { spawn } = await import('node:child_process');
  let output = '';
  // tracing (when OTEL_SDK_DISABLED=false) preloaded before anything it instruments, as in the images
  const preload = ['-r', '@swc-node/register', '-r', join(REPO_ROOT, 'libs/observability/src/register.ts')];
  const child = spawn(process.execPath, [...preload, join(REPO_ROOT, entry)], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null) child.kill(signal);
    await exited;
  };
  // a process that exits during start-up fails at once (not after the whole timeout)
  let gone = false;
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) return (gone = true);
        const res = await fetch(`${url}${readyPath}`);
        if (!res.ok || !waitForConsumers) return res.ok;
        const body = (await res.json().catch(() => ({}))) as { consumers?: { state: string }[] };
        return (body.consumers ?? []).every((c) => c.state === 'joined');
      },
      { timeoutMs, intervalMs: 250, what: `${entry} ready on ${url}` },
    );
    if (gone) throw new Error(`${entry} exited with ${child.exitCode ?? child.signalCode} during start-up`);
  } catch (e) {
    await stop('SIGKILL');
    throw new Error(`${(e as Error).message}\n--- output of ${entry} ---\n${output.slice(-4000)}`);
  }
  return { url, logs: () => output, stop };
}

/**
 * Starts the gateway in front of the subgraphs a test started (`{ knowledge: proc.url }`); the others point
 * at a closed port. Waits for liveness (its readiness needs every subgraph up).
 */
export function spawnGateway(
  subgraphs: Partial<Record<SubgraphName, string>>,
  port: number,
  env: Record<string, string> = {},
): Promise<RunningProcess> {
  return spawnService(
    'gateway/src/main.ts',
    { ...gatewayEnv(subgraphs), ...env },
    port,
    60000,
    '/health/live',
  );
}

/** Collects the CloudEvents of some topics from now on, with a throwaway consumer group. */
export async function collectEvents(topics: string[]) {
  const { Kafka, logLevel } = await import('kafkajs');
  const kafka = new Kafka({
    clientId: 'test-collector',
    brokers: testInfra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  // on a fresh broker the topics may not exist yet (auto-creation is off): create them as the catalog says
  const admin = kafka.admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  const missing = catalog.topics.filter((t) => topics.includes(t.name) && !existing.has(t.name));
  if (missing.length) {
    await admin.createTopics({
      topics: missing.map((t) => ({ topic: t.name, numPartitions: t.partitions })),
      waitForLeaders: true,
    });
  }
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: uniqueName('collector') });
  const events: { topic: string; key: string; headers: Record<string, string>; data: unknown }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: false });
  let assigned!: () => void;
  const ready = new Promise<void>((r) => (assigned = r));
  consumer.on(consumer.events.GROUP_JOIN, () => assigned());
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      events.push({
        topic,
        key: message.key?.toString() ?? '',
        headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
        data: JSON.parse(message.value?.toString() ?? 'null'),
      });
    },
  });
  await ready;
  return { events, stop: () => consumer.disconnect() };
}

/**
 * Makes a new consumer group start at the end of every existing catalog topic (a service's new group
 * otherwise reads everything earlier test runs left on the broker): commits the latest offsets for it.
 */
export async function startGroupAtEnd(groupId: string): Promise<void> {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({
    clientId: 'test-offsets',
    brokers: testInfra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    for (const t of catalog.topics.filter((t) => existing.has(t.name))) {
      await admin.resetOffsets({ groupId, topic: t.name, earliest: false });
    }
  } finally {
    await admin.disconnect();
  }
}
export * from './stack';
