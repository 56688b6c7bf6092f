// The whole URP stack for the chaos suite and the demo-seed test: the five services, the local mailbox and the
// gateway, each its own process started with @urp/testing's helpers, on Kafka and FerretDB started by
// deploy/local/infra.sh. Each stack gets its own databases and consumer groups; the groups are placed at the
// END of every topic before the services start, so a stack reacts to what happens during its run only
// (a new group would otherwise replay the whole history of a shared broker first).
import { catalog, deadLetterTopic } from '@urp/contracts';
import {
  TEST_AUTH,
  gatewayEnv,
  spawnService,
  testInfra,
  uniqueName,
  waitFor,
  type RunningProcess,
} from '@urp/testing';
import { createRawKafka } from '@urp/messaging';
import { appendFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type AppName =
  'contacts' | 'satisfaction' | 'knowledge' | 'procedures' | 'campaigns' | 'mailbox' | 'gateway';

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

/** The ports of `URP_*_PORT` (deploy/local/up.sh's variables), else the defaults given. */
export function portsFromEnv(defaults: StackPorts): StackPorts {
  const n = (name: string, d: number) => (process.env[name] ? Number(process.env[name]) : d);
  return {
    gateway: n('URP_GATEWAY_PORT', defaults.gateway),
    contacts: n('URP_CONTACTS_PORT', defaults.contacts),
    satisfaction: n('URP_SATISFACTION_PORT', defaults.satisfaction),
    knowledge: n('URP_KNOWLEDGE_PORT', defaults.knowledge),
    procedures: n('URP_PROCEDURES_PORT', defaults.procedures),
    campaigns: n('URP_CAMPAIGNS_PORT', defaults.campaigns),
    mailboxSmtp: n('URP_MAILBOX_SMTP_PORT', defaults.mailboxSmtp),
    mailboxHttp: n('URP_MAILBOX_HTTP_PORT', defaults.mailboxHttp),
  };
}

export interface StackOptions {
  ports: StackPorts;
  /** Prefix of the databases and consumer groups of this stack (unique per run by default). */
  name?: string;
  /** Gateway user-token settings (the seed signs dev tokens with them). */
  auth?: { issuer: string; audience: string; secret: string };
  /** Extra environment per app. */
  env?: Partial<Record<AppName, Record<string, string>>>;
  log?: (msg: string) => void;
}

interface AppSpec {
  entry: string;
  port: number;
  env: Record<string, string>;
  readyPath: string;
}

export interface Stack {
  name: string;
  /** Where the output of every process goes when it stops (for diagnosis). */
  logDir: string;
  gatewayUrl: string;
  ports: StackPorts;
  databases: Record<Exclude<AppName, 'mailbox' | 'gateway'>, string>;
  groups: Record<Exclude<AppName, 'mailbox' | 'gateway'>, string>;
  auth: { issuer: string; audience: string; secret: string };
  url: (app: AppName) => string;
  /** Kills an app (SIGKILL by default: a crash) and waits for its exit. */
  kill: (app: AppName, signal?: NodeJS.Signals) => Promise<void>;
  /** Starts an app again with the same settings; resolves when it answers its health check. */
  start: (app: AppName, timeoutMs?: number) => Promise<void>;
  running: (app: AppName) => boolean;
  logs: (app: AppName) => string;
  stop: () => Promise<void>;
}

const SERVICES = ['contacts', 'satisfaction', 'knowledge', 'procedures', 'campaigns'] as const;

/** Places fresh consumer groups at the current end of every catalog topic (creating missing topics). */
export async function placeGroupsAtEnd(groups: string[]): Promise<void> {
  const kafka = createRawKafka({ clientId: 'chaos-groups', brokers: testInfra.kafkaBrokers });
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

export async function startStack(opts: StackOptions): Promise<Stack> {
  const log = opts.log ?? (() => undefined);
  const name = opts.name ?? uniqueName('chaos').replace(/-/g, '_');
  const auth = opts.auth ?? {
    issuer: TEST_AUTH.issuer,
    audience: TEST_AUTH.audience,
    secret: TEST_AUTH.secret,
  };
  const p = opts.ports;
  const databases = Object.fromEntries(SERVICES.map((s) => [s, `${name}_${s}`])) as Stack['databases'];
  const groups = Object.fromEntries(SERVICES.map((s) => [s, `${name}.${s}`])) as Stack['groups'];
  const url = (port: number) => `http://127.0.0.1:${port}`;
  const common = (s: (typeof SERVICES)[number]) => ({
    MONGO_URL: testInfra.mongoUrl,
    MONGO_DB: databases[s],
    KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
    KAFKA_GROUP_ID: groups[s],
    IDENTITY_SECRET: TEST_AUTH.identitySecret,
    LOG_LEVEL: 'warn',
    ...(opts.env?.[s] ?? {}),
  });
  const specs: Record<AppName, AppSpec> = {
    contacts: {
      entry: 'services/contacts/src/main.ts',
      port: p.contacts,
      env: common('contacts'),
      readyPath: '/health/ready',
    },
    satisfaction: {
      entry: 'services/satisfaction/src/main.ts',
      port: p.satisfaction,
      env: {
        INDICATORS_GROUP_ID: `${name}.satisfaction-indicators`,
        SURVEY_PUBLIC_BASE_URL: url(p.satisfaction),
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
      env: { PATRON_SAINT_DAY: '08-10', ...common('procedures') },
      readyPath: '/health/ready',
    },
    mailbox: {
      entry: 'tools/mailbox/src/main.ts',
      port: p.mailboxHttp,
      env: {
        MAILBOX_SMTP_PORT: String(p.mailboxSmtp),
        MAILBOX_HTTP_PORT: String(p.mailboxHttp),
        MAILBOX_DIR: `/tmp/${name}-mailbox`,
        ...(opts.env?.mailbox ?? {}),
      },
      readyPath: '/health',
    },
    campaigns: {
      entry: 'services/campaigns/src/main.ts',
      port: p.campaigns,
      env: {
        SMTP_URL: `smtp://127.0.0.1:${p.mailboxSmtp}`,
        CONTACTS_INTERNAL_URL: url(p.contacts),
        PUBLIC_BASE_URL: url(p.campaigns),
        ...common('campaigns'),
      },
      readyPath: '/health/ready',
    },
    gateway: {
      entry: 'gateway/src/main.ts',
      port: p.gateway,
      env: {
        ...gatewayEnv({
          contacts: url(p.contacts),
          satisfaction: url(p.satisfaction),
          knowledge: url(p.knowledge),
          procedures: url(p.procedures),
          campaigns: url(p.campaigns),
        }),
        AUTH_ISSUER: auth.issuer,
        AUTH_AUDIENCE: auth.audience,
        AUTH_JWT_SECRET: auth.secret,
        LOG_LEVEL: 'warn',
        ...(opts.env?.gateway ?? {}),
      },
      // liveness: the gateway's readiness follows its subgraphs, and the suite restarts them on purpose
      readyPath: '/health/live',
    },
  };

  const procs = new Map<AppName, RunningProcess>();
  const lastLogs = new Map<AppName, string>();
  const start = async (app: AppName, timeoutMs = 120_000) => {
    const s = specs[app];
    const proc = await spawnService(s.entry, s.env, s.port, timeoutMs, s.readyPath);
    procs.set(app, proc);
    log(`${app} up on :${s.port}`);
  };
  // every process's output is kept in <tmp>/<stack name>/<app>.log (appended across restarts) for diagnosis
  const logDir = join(tmpdir(), name);
  mkdirSync(logDir, { recursive: true });
  const kill = async (app: AppName, signal: NodeJS.Signals = 'SIGKILL') => {
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
    for (const app of [
      'gateway',
      'campaigns',
      'mailbox',
      'procedures',
      'knowledge',
      'satisfaction',
      'contacts',
    ] as AppName[])
      await kill(app, 'SIGTERM').catch(() => undefined);
  };

  await placeGroupsAtEnd(Object.values(groups));
  try {
    // two at a time: a 2-core machine starts five NestJS apps faster in pairs than all at once
    await Promise.all([start('contacts'), start('knowledge')]);
    await Promise.all([start('satisfaction'), start('procedures')]);
    await Promise.all([start('mailbox'), start('campaigns')]);
    await start('gateway');
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
