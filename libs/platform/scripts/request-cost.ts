/**
 * What the platform costs per request (issue 17): a real service (the knowledge base, with its database and
 * broker) started from one or two copies of the repository, sent the same requests in turn (slices of 200, in
 * ABBA order so that both see the same machine load), and its CPU time per request read from /proc/<pid>/stat.
 * Requests: `/health/live` (a probe: no database), and a cheap GraphQL query (a search of an empty index).
 *
 *   node -r @swc-node/register libs/platform/scripts/request-cost.ts [<baseline repo root>]
 *     with MONGO_URL and KAFKA_BROKERS of your own infrastructure; REQUEST_COST_REQUESTS=4000 per kind and copy;
 *     REQUEST_COST_PORT=4470 (the second copy on +1); REQUEST_COST_PROFILE=<dir>: --cpu-prof of each copy;
 *     REQUEST_COST_KINDS=health,query,list (default health,query;
 *     list needs REQUEST_COST_SEED=1 once per database: twelve demo sheets)
 *
 * The baseline root is a copy of the repository (say `git archive <commit> | tar -x -C /tmp/base`, with a
 * node_modules of links to this one's and its own `@urp` links). Exits non-zero only on errors.
 */
import { signIdentity } from '@urp/auth';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import os from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const REQUESTS = Number(process.env.REQUEST_COST_REQUESTS ?? 4000);
const PORT = Number(process.env.REQUEST_COST_PORT ?? 4470);
const PROFILE = process.env.REQUEST_COST_PROFILE;
const SECRET = 'request-cost-identity-secret-0123456789abcdef';
const SLICE = 200;
const KINDS = (process.env.REQUEST_COST_KINDS ?? 'health,query').split(',');
const say = (s = '') => process.stdout.write(`${s}\n`);

const QUERY = JSON.stringify({
  query:
    'query Cerca($q: String!) { searchSheets(input: { query: $q, first: 10 }) { total hits { score sheet { id title } } } }',
  variables: { q: 'carta identità' },
  operationName: 'Cerca',
});

/** A list read with fields resolved per item (seeded with REQUEST_COST_SEED=1: twelve demo sheets). */
const LIST = JSON.stringify({
  query: `query Schede { publicSheets(first: 12) { id slug title shortDescription category publishedAt
    content { title whoIsItFor howTo costs category lifeEvents topics offices { code name } } } }`,
  operationName: 'Schede',
});
const BODIES: Record<string, string> = { query: QUERY, list: LIST };
const EXPECTED: Record<string, string> = { query: '"total"', list: '"publicSheets"' };
const SEED_SLUGS = [
  'carta-identita-elettronica',
  'cambio-residenza',
  'certificati-anagrafici',
  'tari-tassa-rifiuti',
  'permesso-ztl',
  'iscrizione-asilo-nido',
  'accesso-documentale',
  'accesso-civico-generalizzato',
  'permesso-di-costruire',
  'rimozione-veicoli',
  'ritiro-ingombranti',
  'segnalazione-guasti-illuminazione',
];

/** The knowledge base's demo seed, sent straight to the copy's subgraph with the demo people's identities. */
async function seedSheets(t: Target): Promise<void> {
  const people: Record<string, string> = { backoffice: 'bo-marco', manager: 'mgr-paolo', operator: 'olga' };
  const { seed } = require(join(ROOT, 'tools/scripts/seed/knowledge')) as {
    seed: (ctx: unknown, only: { slugs: string[] }) => Promise<void>;
  };
  const call = async (role: string, query: string, variables: Record<string, unknown> = {}) => {
    const identity = await signIdentity({ sub: people[role] ?? role, roles: [role as 'operator'] }, SECRET);
    const res = await fetch(`http://127.0.0.1:${t.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-urp-identity': identity },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: unknown; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(`seed: ${body.errors.map((e) => e.message).join('; ')}`);
    return body.data;
  };
  const created = { contacts: new Set(), cases: new Set(), procedures: new Set() };
  await seed(
    { gatewayUrl: '', call, log: (m: string) => say(`${t.name}: ${m}`), created },
    { slugs: SEED_SLUGS },
  );
}

interface Target {
  name: string;
  root: string;
  port: number;
  child: ChildProcess;
  agent: Agent;
  cpuMs: Record<string, number>;
  count: Record<string, number>;
}

const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux
function cpuMsOf(pid: number): number {
  const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerMs;
}

function send(t: Target, kind: string, identity: string): Promise<number> {
  return new Promise((done, fail) => {
    const isQuery = kind !== 'health';
    const QUERY = BODIES[kind] ?? '';
    const req = request(
      {
        host: '127.0.0.1',
        port: t.port,
        agent: t.agent,
        method: isQuery ? 'POST' : 'GET',
        path: isQuery ? '/graphql' : '/health/live',
        headers: isQuery
          ? {
              'content-type': 'application/json',
              'x-urp-identity': identity,
              'content-length': Buffer.byteLength(QUERY),
            }
          : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString();
          const noStore = !isQuery || res.headers['cache-control'] === 'no-store';
          if (res.statusCode !== 200 || (isQuery && !body.includes(EXPECTED[kind] ?? '')) || !noStore)
            return fail(new Error(`${t.name} ${kind}: ${res.statusCode} ${body.slice(0, 300)}`));
          done(body.length);
        });
      },
    );
    req.on('error', fail);
    req.end(isQuery ? QUERY : undefined);
  });
}

async function start(name: string, root: string, port: number): Promise<Target> {
  const args = ['-r', '@swc-node/register'];
  if (PROFILE) args.push('--cpu-prof', `--cpu-prof-dir=${join(PROFILE, name)}`);
  args.push(join(root, 'services/knowledge-base/src/main.ts'));
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      IDENTITY_SECRET: SECRET,
      MONGO_DB: `request_cost_${name}`,
      KAFKA_GROUP_ID: `request-cost-${name}`,
      OTEL_SDK_DISABLED: 'true',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited: ${err}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`${name} not ready: ${err}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    name,
    root,
    port,
    child,
    agent: new Agent({ keepAlive: true, maxSockets: 1 }),
    cpuMs: { health: 0, query: 0, list: 0 },
    count: { health: 0, query: 0, list: 0 },
  };
}

async function main() {
  const baseline = process.argv[2];
  // signed again for every slice, as the gateway does (an identity lives 15 s)
  const sign = () => signIdentity({ sub: 'op-1', roles: ['operator'], offices: [] }, SECRET);
  let identity = await sign();
  const targets = [await start('current', ROOT, PORT)];
  if (baseline) targets.unshift(await start('baseline', resolve(baseline), PORT + 1));
  if (process.env.REQUEST_COST_SEED === '1') for (const t of targets) await seedSheets(t);
  say(
    `load before: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  try {
    // warm-up: JIT, caches, connections
    for (const t of targets) {
      identity = await sign();
      for (let i = 0; i < 300; i++) for (const k of KINDS) await send(t, k, identity);
      for (const k of KINDS) say(`${t.name} ${k}: ${await send(t, k, identity)} bytes answered`);
    }
    for (const kind of KINDS) {
      for (let done = 0, round = 0; done < REQUESTS; done += SLICE, round++) {
        const order = round % 2 ? [...targets].reverse() : targets;
        for (const t of order) {
          const pid = t.child.pid ?? 0;
          identity = await sign();
          const before = cpuMsOf(pid);
          for (let i = 0; i < SLICE; i++) await send(t, kind, identity);
          t.cpuMs[kind] = (t.cpuMs[kind] ?? 0) + cpuMsOf(pid) - before;
          t.count[kind] = (t.count[kind] ?? 0) + SLICE;
        }
      }
    }
    say(
      `load after: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    say('copy       /health/live CPU ms/req   search query CPU ms/req   list of 12 sheets CPU ms/req');
    const perRequest = (t: Target, kind: string) =>
      t.count[kind] ? ((t.cpuMs[kind] ?? 0) / (t.count[kind] ?? 1)).toFixed(3) : '–';
    for (const t of targets)
      say(
        `${t.name.padEnd(10)} ${perRequest(t, 'health').padStart(24)}   ${perRequest(t, 'query').padStart(23)}   ${perRequest(t, 'list').padStart(28)}`,
      );
    say(`(${REQUESTS} requests of each kind and copy, after 300 of each to warm up)`);
  } finally {
    for (const t of targets) {
      t.agent.destroy();
      t.child.kill('SIGTERM');
      await new Promise((r) => (t.child.exitCode !== null ? r(undefined) : t.child.once('exit', r)));
    }
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
