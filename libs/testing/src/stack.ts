// The URP stack for the tests that need several services behind the gateway (gateway/test, the chaos suite,
// the demo-seed test): each app its own process started with spawnService, on the Kafka and FerretDB of
// deploy/local/infra.sh, wired to each other as deploy/local/up.sh wires `npm start`. Each stack gets free
// ports, its own databases and its own consumer groups; the groups are placed at the END of every topic before
// the services start, so a stack reacts to what happens during its run only (a new group would otherwise
// replay the whole history of a shared broker first).
import { appendFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalog, deadLetterTopic } from '@urp/contracts';
import { gatewayEnv, TEST_AUTH } from './graphql';
import { spawnService, testInfra, uniqueName, waitFor, type RunningProcess } from './index';
import { freePorts } from './ports';

export type StackService = 'contacts' | 'satisfaction' | 'knowledge' | 'procedures' | 'campaigns';
export type StackApp = StackService | 'mailbox' | 'gateway';

export const STACK_SERVICES: readonly StackService[] = [
  'contacts',
  'satisfaction',
  'knowledge',
  'procedures',
  'campaigns',
];

export interface StackPorts {
  gateway: number;
  contacts: number;
  satisfaction: number;
  knowledge: number;
  procedures: number;
  campaigns: number;
  mailboxSmtp: number;
  mailboxHttp: number;
}

export interface StackOptions {
  /**
   * What the stack's name starts with (`stack` by default); the name, unique to the run, prefixes its
   * databases (`<name>_<service>`) and consumer groups (`<name>.<service>`).
   */
  prefix?: string;
  /** The services to start (all five by default); the gateway's other subgraphs point at a closed port. */
  services?: readonly StackService[];
  /**
   * The local mailbox (tools/mailbox): campaigns then delivers email to it, readable at
   * `url('mailbox')/api/messages`. Without it campaigns' SMTP points at a closed port (deliveries fail).
   */
  mailbox?: boolean;
  /** Fixed ports where wanted (deploy/local/up.sh's `URP_*_PORT`); every other port is a free one. */
  ports?: Partial<StackPorts>;
  /** The gateway's user-token settings (dev tokens are signed with them); TEST_AUTH's by default. */
  auth?: { issuer: string; audience: string; secret: string };
  /** Extra environment per app (wins over the stack's). */
  env?: Partial<Record<StackApp, Record<string, string>>>;
  /** How long each app may take to be ready (a loaded 2-core machine compiles five NestJS apps slowly). */
  startTimeoutMs?: number;
  log?: (msg: string) => void;
}

export interface Stack {
  /** Unique to the run: `<prefix>_<time>_<random>`. */
  name: string;
  /** Where the output of every process goes when it stops or is killed (for diagnosis). */
  logDir: string;
  /** The gateway's GraphQL endpoint. */
  gatewayUrl: string;
  ports: StackPorts;
  databases: Record<StackService, string>;
  groups: Record<StackService, string>;
  auth: { issuer: string; audience: string; secret: string };
  /** The base URL of an app (`http://127.0.0.1:<port>`). */
  url: (app: StackApp) => string;
  /** Kills an app (SIGKILL by default: a crash) and waits for its exit. */
  kill: (app: StackApp, signal?: NodeJS.Signals) => Promise<void>;
  /** Starts an app again with the same settings and port; resolves when it answers its health check. */
  start: (app: StackApp, timeoutMs?: number) => Promise<void>;
  running: (app: StackApp) => boolean;
  logs: (app: StackApp) => string;
  /** Stops every app (SIGTERM), the gateway first. */
  stop: () => Promise<void>;
}

interface AppSpec {
  entry: string;
  port: number;
  env: Record<string, string>;
  readyPath: string;
}

/** Whether earlier tests used the broker: their topics are there. */
export async function brokerWasUsed(): Promise<boolean> {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({
    clientId: 'test-topics',
    brokers: testInfra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).some((t) => t.startsWith('urp.'));
  } finally {
    await admin.disconnect();
  }
}

/** Places fresh consumer groups at the current end of every catalog topic (creating missing topics). */
export async function placeGroupsAtEnd(groups: string[]): Promise<void> {
  // kafkajs itself, as collectEvents does: @urp/messaging's tests use this lib, so it cannot use them
  const { Kafka, logLevel } = await import('kafkajs');
  const kafka = new Kafka({
    clientId: 'test-groups',
    brokers: testInfra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = catalog.topics.flatMap((t) => [
      { topic: t.name, numPartitions: t.partitions },
      { topic: deadLetterTopic(t.name), numPartitions: t.partitions },
    ]);
    const missing = wanted.filter((t) => !existing.has(t.topic));
    if (missing.length) await admin.createTopics({ topics: missing, waitForLeaders: true });
    const positions: { topic: string; partition: number; offset: string }[] = [];
    for (const t of catalog.topics) {
      // a topic created a moment ago may not have its leader known yet: ask again
      const ends = await waitFor(() => admin.fetchTopicOffsets(t.name), {
        timeoutMs: 30_000,
        intervalMs: 250,
        what: `the offsets of ${t.name}`,
      });
      for (const p of ends) positions.push({ topic: t.name, partition: p.partition, offset: p.offset });
    }
    // one member per group takes every partition and commits the end offsets in one request (kafkajs'
    // admin.setOffsets joins and leaves the group once per topic: seconds each)
    await Promise.all(
      groups.map(async (groupId) => {
        const consumer = kafka.consumer({ groupId });
        await consumer.connect();
        try {
          const joined = new Promise<void>((r) => consumer.on(consumer.events.GROUP_JOIN, () => r()));
          await consumer.subscribe({ topics: catalog.topics.map((t) => t.name), fromBeginning: false });
          await consumer.run({ autoCommit: false, eachMessage: async () => undefined });
          await joined;
          await consumer.commitOffsets(positions);
        } finally {
          await consumer.disconnect();
        }
      }),
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * Starts the services asked for (all five by default), the local mailbox when asked, and the gateway in front
 * of them, on free ports unless `ports` fixes some. Stops what it started if any app fails to start.
 *
 *   const stack = await startStack({ mailbox: true });
 *   await gql(stack.gatewayUrl, query, variables, { authorization: `Bearer ${token}` });
 *   await stack.stop();
 */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const log = opts.log ?? (() => undefined);
  const name = uniqueName(opts.prefix ?? 'stack').replace(/-/g, '_');
  const services = opts.services ?? STACK_SERVICES;
  const auth = opts.auth ?? {
    issuer: TEST_AUTH.issuer,
    audience: TEST_AUTH.audience,
    secret: TEST_AUTH.secret,
  };
  const keys: (keyof StackPorts)[] = [
    'gateway',
    'contacts',
    'satisfaction',
    'knowledge',
    'procedures',
    'campaigns',
    'mailboxSmtp',
    'mailboxHttp',
  ];
  const free = await freePorts(keys.length);
  const p = {} as StackPorts;
  keys.forEach((k, i) => (p[k] = opts.ports?.[k] ?? free[i]));
  const databases = Object.fromEntries(STACK_SERVICES.map((s) => [s, `${name}_${s}`])) as Stack['databases'];
  const groups = Object.fromEntries(STACK_SERVICES.map((s) => [s, `${name}.${s}`])) as Stack['groups'];
  const url = (port: number) => `http://127.0.0.1:${port}`;
  const common = (s: StackService) => ({
    MONGO_URL: testInfra.mongoUrl,
    MONGO_DB: databases[s],
    KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
    KAFKA_GROUP_ID: groups[s],
    IDENTITY_SECRET: TEST_AUTH.identitySecret,
    LOG_LEVEL: 'warn',
    ...(opts.env?.[s] ?? {}),
  });
  const specs: Record<StackApp, AppSpec> = {
    contacts: {
      entry: 'services/contacts/src/main.ts',
      port: p.contacts,
      // the status page the receipts name (contacts serves it; up.sh says the same to contacts and campaigns)
      env: { STATUS_PAGE_URL: `${url(p.contacts)}/stato-pratica`, ...common('contacts') },
      readyPath: '/health/ready',
    },
    satisfaction: {
      entry: 'services/satisfaction/src/main.ts',
      port: p.satisfaction,
      env: {
        INDICATORS_GROUP_ID: `${name}.satisfaction-indicators`,
        SURVEY_PUBLIC_BASE_URL: url(p.satisfaction),
        // online-service surveys are issued only for a requester this stack's contacts knows
        CONTACTS_INTERNAL_URL: url(p.contacts),
        ...common('satisfaction'),
      },
      readyPath: '/health/ready',
    },
    knowledge: {
      entry: 'services/knowledge-base/src/main.ts',
      port: p.knowledge,
      env: common('knowledge'),
      readyPath: '/health/ready',
    },
    procedures: {
      entry: 'services/procedures/src/main.ts',
      port: p.procedures,
      // contacts' internal URL: procedures fetches a request's application form there (never on an event)
      env: { PATRON_SAINT_DAY: '08-10', CONTACTS_INTERNAL_URL: url(p.contacts), ...common('procedures') },
      readyPath: '/health/ready',
    },
    mailbox: {
      entry: 'tools/mailbox/src/main.ts',
      port: p.mailboxHttp,
      env: {
        MAILBOX_SMTP_PORT: String(p.mailboxSmtp),
        MAILBOX_HTTP_PORT: String(p.mailboxHttp),
        MAILBOX_DIR: join(tmpdir(), `${name}-mailbox`),
        ...(opts.env?.mailbox ?? {}),
      },
      readyPath: '/health',
    },
    campaigns: {
      entry: 'services/campaigns/src/main.ts',
      port: p.campaigns,
      env: {
        // every internal URL set: campaigns' defaults are npm start's ports, someone else's stack here
        SMTP_URL: opts.mailbox ? `smtp://127.0.0.1:${p.mailboxSmtp}` : 'smtp://127.0.0.1:9',
        CONTACTS_INTERNAL_URL: url(p.contacts),
        PROCEDURES_INTERNAL_URL: url(p.procedures),
        SATISFACTION_INTERNAL_URL: url(p.satisfaction),
        PUBLIC_BASE_URL: url(p.campaigns),
        STATUS_PAGE_URL: `${url(p.contacts)}/stato-pratica`,
        ...common('campaigns'),
      },
      readyPath: '/health/ready',
    },
    gateway: {
      entry: 'gateway/src/main.ts',
      port: p.gateway,
      env: {
        ...gatewayEnv(Object.fromEntries(services.map((s) => [s, url(p[s])]))),
        AUTH_ISSUER: auth.issuer,
        AUTH_AUDIENCE: auth.audience,
        AUTH_JWT_SECRET: auth.secret,
        LOG_LEVEL: 'warn',
        ...(opts.env?.gateway ?? {}),
      },
      // liveness: the gateway's readiness follows its subgraphs, and the chaos suite restarts them on purpose
      readyPath: '/health/live',
    },
  };

  const timeout = opts.startTimeoutMs ?? 180_000;
  const procs = new Map<StackApp, RunningProcess>();
  const lastLogs = new Map<StackApp, string>();
  const start = async (app: StackApp, timeoutMs = timeout) => {
    const s = specs[app];
    const proc = await spawnService(s.entry, s.env, s.port, timeoutMs, s.readyPath);
    procs.set(app, proc);
    log(`${app} up on :${s.port}`);
  };
  // every process's output is kept in <tmp>/<stack name>/<app>.log (appended across restarts) for diagnosis
  const logDir = join(tmpdir(), name);
  mkdirSync(logDir, { recursive: true });
  const kill = async (app: StackApp, signal: NodeJS.Signals = 'SIGKILL') => {
    const proc = procs.get(app);
    if (!proc) return;
    procs.delete(app);
    await proc.stop(signal);
    lastLogs.set(app, proc.logs());
    appendFileSync(
      join(logDir, `${app}.log`),
      `${proc.logs()}\n--- ${signal} at ${new Date().toISOString()}\n`,
    );
  };
  const stop = async () => {
    const order: StackApp[] = [
      'gateway',
      'campaigns',
      'mailbox',
      'procedures',
      'knowledge',
      'satisfaction',
      'contacts',
    ];
    for (const app of order) await kill(app, 'SIGTERM').catch(() => undefined);
  };
  // a stage's apps all settle before the next (or before the clean-up when one failed: none is left running)
  const stage = async (apps: StackApp[]) => {
    const wanted = apps.filter((a) =>
      a === 'mailbox' ? opts.mailbox : a === 'gateway' || services.includes(a as StackService),
    );
    const failed = (await Promise.allSettled(wanted.map((a) => start(a)))).find(
      (r): r is PromiseRejectedResult => r.status === 'rejected',
    );
    if (failed) throw failed.reason;
  };

  await placeGroupsAtEnd(services.map((s) => groups[s]));
  try {
    // two at a time: a 2-core machine starts five NestJS apps faster in pairs than all at once
    await stage(['contacts', 'knowledge']);
    await stage(['satisfaction', 'procedures']);
    await stage(['mailbox', 'campaigns']);
    await stage(['gateway']);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    name,
    logDir,
    gatewayUrl: `${url(p.gateway)}/graphql`,
    ports: p,
    databases,
    groups,
    auth,
    url: (app) => url(specs[app].port),
    kill,
    start,
    running: (app) => procs.has(app),
    logs: (app) => procs.get(app)?.logs() ?? lastLogs.get(app) ?? '',
    stop,
  };
}
