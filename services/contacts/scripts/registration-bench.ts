/**
 * Contact registration timed through the gateway and straight on the contacts subgraph of a running stack
 * (`npm start` with your URP_* ports), at concurrency 1 and 16, in the same run, with the load average; and,
 * with `--ceiling`, the store's own ceiling for the writes a registration costs (issue 17).
 *
 *   URP_GATEWAY_PORT=… URP_CONTACTS_PORT=… URP_MONGO_PORT=… \
 *     node -r @swc-node/register services/contacts/scripts/registration-bench.ts \
 *       [--seconds=5] [--concurrency=16] [--kind=information|case] [--ceiling] [--warm=50] [--settle=20]
 *
 * - `information` (the default): the paths benchmark's registration, information answered at the desk (no
 *   case, no protocol number); `case`: a complaint that opens a case with a protocol number and a receipt.
 * - c=1: the gateway and the subgraph in turn, request by request (both meet the same load); c=16: the
 *   gateway, then the subgraph, then the gateway again, `--seconds` each.
 * - The ceiling (`--ceiling`): the writes registrations cost on the same FerretDB, without HTTP, GraphQL or Kafka:
 *   the service's own registration use case and `ContactStore` (registration-store.ts) as the service is
 *   configured (CONTACTS_GROUP_COMMIT, CONTACTS_SECONDARY_INDEXES in this environment: with group commit, the
 *   concurrent registrations' inserts batched as the service batches them; for `case`, the protocol numbers taken
 *   as the service takes them), the same documents and outbox entries, and the relay's acknowledgement
 *   (`OutboxStore.acknowledge`, each round what was written since the last) beside, at the same concurrency, on
 *   scratch collections dropped afterwards. `--before` adds the ceiling of the writes before issue 17's cuts (one
 *   insert and one protocol `$inc` per registration, the five secondary indexes, a ContactChanged entry).
 * - CPU per registration, each phase: the gateway, contacts, FerretDB, Kafka and each other service of the stack
 *   (satisfaction, knowledge, procedures, campaigns: their pid files under URP_INFRA_DIR), in ms of CPU per registration made in the phase, net of what each
 *   process spent idle in `--idle-seconds` (5) of no registrations measured first.
 *
 * The store should hold the benchmark's 10,000 contacts: `node -r @swc-node/register tools/bench/src/scale.ts
 * --scale=0.1 --restart` (or `npm run bench -- paths --scale=0.1` once).
 */
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDENTITY_HEADER, signDevToken, signIdentity, type Identity } from '@urp/auth';
import { MongoClient, type Db } from 'mongodb';
import { storeWrites } from './registration-store';

const arg = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? undefined;
const SECONDS = Number(arg('seconds') ?? 5);
const CONCURRENCY = Number(arg('concurrency') ?? 16);
const KIND = (arg('kind') ?? 'information') as 'information' | 'case';
const CEILING = process.argv.includes('--ceiling');
const BEFORE = process.argv.includes('--before');
/** Registrations per path before anything is measured (`--warm`). */
const WARM = Number(arg('warm') ?? 50);
/** Seconds of no registrations first, to take each process's idle CPU out of the phases' figures. */
const IDLE_SECONDS = Number(arg('idle-seconds') ?? 5);
/**
 * Seconds to wait after the HTTP phases (`--settle`, 0: off) for the consumers to catch up, then print each
 * process's CPU per registration over all the phases and the wait: what a registration costs, catch-up included
 * (under c=16 the consumers fall behind, so the phases' own columns miss part of their work).
 */
const SETTLE_SECONDS = Number(arg('settle') ?? 0);
const GATEWAY = `http://127.0.0.1:${process.env.URP_GATEWAY_PORT ?? 4000}/graphql`;
const SUBGRAPH = `http://127.0.0.1:${process.env.URP_CONTACTS_PORT ?? 4001}/graphql`;
const MONGO_URL = process.env.MONGO_URL ?? `mongodb://127.0.0.1:${process.env.URP_MONGO_PORT ?? 27117}`;
const SECRET = process.env.IDENTITY_SECRET ?? 'dev-only-identity-secret-change-me-0123';
const AUTH = {
  issuer: process.env.AUTH_ISSUER ?? 'urp-dev',
  audience: process.env.AUTH_AUDIENCE ?? 'urp',
  secret: process.env.AUTH_JWT_SECRET ?? 'dev-only-jwt-secret-change-me-0123456789',
};
const OPERATOR: Identity = {
  sub: 'op-giulia',
  name: 'Giulia Bianchi (sportello)',
  roles: ['operator'],
  offices: ['urp'],
};
const MUTATION =
  'mutation RegisterContact($input: RegisterContactInput!) { registerContact(input: $input) { id protocolNumber status } }';

interface Fixtures {
  requesterIds: string[];
  sheetId?: string;
}

const now = () => performance.now();
const INFRA = process.env.URP_INFRA_DIR ?? '.infra';
/** The processes whose CPU each phase reports, by their pid files (deploy/local: infra.sh and up.sh). */
const PROCESSES: Record<string, string[]> = {
  gateway: [join(INFRA, 'run', 'gateway.pid')],
  contacts: [join(INFRA, 'run', 'contacts.pid')],
  FerretDB: [join(INFRA, 'ferretdb', 'ferretdb.pid')],
  Kafka: [join(INFRA, 'kafka', 'kafka.pid')],
  // each consumer of contact events on its own: which one costs what per registration
  ...Object.fromEntries(
    ['satisfaction', 'knowledge', 'procedures', 'campaigns'].map((s) => [
      s,
      [join(INFRA, 'run', `${s}.pid`)],
    ]),
  ),
};
/** CPU time (ms) of a process so far, undefined when it does not run. */
const cpuOf = (pidFile: string): number | undefined => {
  try {
    if (!existsSync(pidFile)) return undefined;
    const pid = readFileSync(pidFile, 'utf8').trim();
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
  } catch {
    return undefined;
  }
};
const cpuNow = (): Record<string, number | undefined> =>
  Object.fromEntries(
    Object.entries(PROCESSES).map(([name, files]) => {
      const each = files.map(cpuOf).filter((v): v is number => v !== undefined);
      return [name, each.length ? each.reduce((a, b) => a + b, 0) : undefined];
    }),
  );
/**
 * How the running contacts service records traces, from its environment (`/proc/<pid>/environ`): `npm start`
 * records every trace into a file unless OTEL_TRACES_SAMPLER_ARG says otherwise; production, with a collector,
 * records a tenth (README, Configuration). The figures depend on it, so the bench prints it.
 */
function tracing(): string {
  try {
    const pid = readFileSync(join(INFRA, 'run', 'contacts.pid'), 'utf8').trim();
    const env = new Map(
      readFileSync(`/proc/${pid}/environ`, 'utf8')
        .split('\0')
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const),
    );
    if (env.get('OTEL_SDK_DISABLED')?.toLowerCase() !== 'false') return 'tracing off';
    const named = env.get('OTEL_TRACES_SAMPLER');
    if (named) return `tracing: sampler ${named} ${env.get('OTEL_TRACES_SAMPLER_ARG') ?? ''}`.trim();
    const ratio = env.get('OTEL_TRACES_SAMPLER_ARG');
    const collector = env.has('OTEL_EXPORTER_OTLP_ENDPOINT');
    return `tracing: ${ratio ?? (collector ? '0.1' : '1')} of new traces recorded${ratio ? ' (OTEL_TRACES_SAMPLER_ARG)' : ' (the default)'}`;
  } catch {
    return 'tracing: unknown (no contacts pid file)';
  }
}
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

function variables(f: Fixtures, i: number) {
  const requesterId = f.requesterIds[i % f.requesterIds.length];
  const tag = randomUUID().slice(0, 8);
  return KIND === 'information'
    ? {
        input: {
          channel: 'DESK',
          type: 'INFORMATION',
          subject: `Orari sportello anagrafe ${tag}`,
          requesterId,
          category: { level1: 'anagrafe_stato_civile' },
          sheetIds: f.sheetId ? [f.sheetId] : [],
          resolvedAtFirstContact: true,
        },
      }
    : {
        input: {
          channel: 'DESK',
          type: 'COMPLAINT',
          subject: `Disservizio sportello anagrafe ${tag}`,
          text: `Attesa di due ore allo sportello ${tag}`,
          requesterId,
          category: { level1: 'anagrafe_stato_civile' },
        },
      };
}

/** Headers for one path: the gateway takes the staff's bearer token, the subgraph the signed identity. */
class Caller {
  private identity = { token: '', at: 0 };
  private bearer = '';

  async headers(path: 'gateway' | 'subgraph'): Promise<Record<string, string>> {
    if (path === 'gateway') {
      this.bearer ||= await signDevToken(
        { sub: OPERATOR.sub, name: OPERATOR.name, offices: OPERATOR.offices, roles: ['operator'] },
        AUTH,
      );
      return { 'content-type': 'application/json', authorization: `Bearer ${this.bearer}` };
    }
    if (Date.now() - this.identity.at > 5000)
      this.identity = { token: await signIdentity(OPERATOR, SECRET), at: Date.now() };
    return { 'content-type': 'application/json', [IDENTITY_HEADER]: this.identity.token };
  }
}

interface Phase {
  path: string;
  concurrency: number;
  calls: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  load: string;
  /** CPU ms per registration of each process during the phase. */
  cpu?: Record<string, number | undefined>;
}

const registered: string[] = [];
let firstError = '';

async function register(
  caller: Caller,
  path: 'gateway' | 'subgraph',
  f: Fixtures,
  i: number,
): Promise<boolean> {
  const res = await fetch(path === 'gateway' ? GATEWAY : SUBGRAPH, {
    method: 'POST',
    headers: await caller.headers(path),
    body: JSON.stringify({ query: MUTATION, variables: variables(f, i) }),
  });
  const body = (await res.json().catch(() => ({}))) as {
    data?: { registerContact?: { id: string } };
    errors?: { message: string }[];
  };
  const id = body.data?.registerContact?.id;
  if (!id) {
    firstError ||= `${path}: ${res.status} ${body.errors?.[0]?.message ?? JSON.stringify(body).slice(0, 200)}`;
    return false;
  }
  registered.push(id);
  return true;
}

function summarise(path: string, concurrency: number, ms: number[], errors: number, elapsed: number): Phase {
  const sorted = [...ms].sort((a, b) => a - b);
  const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return {
    path,
    concurrency,
    calls: ms.length,
    errors,
    rps: (ms.length * 1000) / elapsed,
    p50: p(0.5),
    p95: p(0.95),
    p99: p(0.99),
    load: load(),
  };
}

/** c=1, the two paths in turn request by request for `SECONDS` × 2. */
async function inTurn(caller: Caller, f: Fixtures): Promise<Phase[]> {
  const ms = { gateway: [] as number[], subgraph: [] as number[] };
  const errors = { gateway: 0, subgraph: 0 };
  const busy = { gateway: 0, subgraph: 0 };
  const end = now() + SECONDS * 2000;
  for (let i = 0; now() < end; i++) {
    for (const path of ['gateway', 'subgraph'] as const) {
      const t = now();
      const ok = await register(caller, path, f, i);
      const d = now() - t;
      busy[path] += d;
      if (ok) ms[path].push(d);
      else errors[path]++;
    }
  }
  return (['gateway', 'subgraph'] as const).map((p) => summarise(p, 1, ms[p], errors[p], busy[p]));
}

async function concurrent(caller: Caller, path: 'gateway' | 'subgraph', f: Fixtures): Promise<Phase> {
  const ms: number[] = [];
  let errors = 0;
  let i = 0;
  const t0 = now();
  const end = t0 + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (now() < end) {
        const t = now();
        if (await register(caller, path, f, i++)) ms.push(now() - t);
        else errors++;
      }
    }),
  );
  return summarise(path, CONCURRENCY, ms, errors, now() - t0);
}

async function fixtures(db: Db, knowledge: Db): Promise<Fixtures> {
  // reads without a filter: the only ones FerretDB 1.24 limits without reading the collection
  const requesterIds = (
    await db
      .collection('requesters')
      .find({}, { projection: { _id: 1, anonymisedAt: 1 } })
      .limit(60)
      .toArray()
  )
    .filter((r) => !r.anonymisedAt)
    .map((r) => String(r._id));
  if (!requesterIds.length) throw new Error('no requester: is the demo loaded (npm start)?');
  const sheets = await knowledge
    .collection('sheets')
    .find({}, { projection: { _id: 1, status: 1, 'content.audience': 1 } })
    .limit(20)
    .toArray();
  const sheet = sheets.find((s) => s.status === 'published' && s.content?.audience !== 'internal');
  return { requesterIds, sheetId: sheet ? String(sheet._id) : undefined };
}

const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '—');
const fmt2 = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v.toFixed(2) : '—');

async function main() {
  const client = await MongoClient.connect(MONGO_URL);
  const db = client.db(process.env.MONGO_DB ?? 'urp_contacts');
  try {
    const before = await db.collection('contacts').estimatedDocumentCount();
    const f = await fixtures(db, client.db('urp_knowledge'));
    console.log(
      `registration (${KIND}) at ${before} contacts, ${SECONDS} s per phase, c=${CONCURRENCY}; ${tracing()}; load ${load()}`,
    );
    const caller = new Caller();
    // warm both paths (first requests compile plans, open connections, and get the JIT's optimised code: a
    // gateway just started costs several times its steady CPU per call for its first hundred or so calls)
    for (let w = 0; w < WARM; w++) {
      await register(caller, 'gateway', f, w);
      await register(caller, 'subgraph', f, w);
    }
    const phases: Phase[] = [];
    // what each process spends with nobody registering (heartbeats, consumers, periodic tasks, other tenants of
    // the store), per ms: taken out of each phase's CPU, so that a phase with few registrations is not charged
    // with it
    const i0 = cpuNow();
    const idleFrom = now();
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    const i1 = cpuNow();
    const idleMs = now() - idleFrom;
    const idleRate = Object.fromEntries(
      Object.keys(PROCESSES).map((k) => {
        const a = i0[k];
        const b = i1[k];
        return [k, a === undefined || b === undefined ? 0 : Math.max(0, (b - a) / idleMs)];
      }),
    );
    const busy = async <T extends Phase | Phase[]>(run: () => Promise<T>): Promise<T> => {
      const c0 = cpuNow();
      const t0 = now();
      const res = await run();
      const c1 = cpuNow();
      const elapsed = now() - t0;
      const list: Phase[] = Array.isArray(res) ? res : [res];
      const calls = list.reduce((n, p) => n + p.calls, 0);
      const cpu = Object.fromEntries(
        Object.keys(PROCESSES).map((k) => {
          const a = c0[k];
          const b = c1[k];
          return [
            k,
            a === undefined || b === undefined || !calls
              ? undefined
              : Math.max(0, b - a - idleRate[k] * elapsed) / calls,
          ];
        }),
      );
      for (const p of list) p.cpu = cpu;
      return res;
    };
    const whole0 = { cpu: cpuNow(), at: now(), registered: registered.length };
    phases.push(...(await busy(() => inTurn(caller, f))));
    phases.push(await busy(() => concurrent(caller, 'gateway', f)));
    phases.push(await busy(() => concurrent(caller, 'subgraph', f)));
    phases.push(await busy(() => concurrent(caller, 'gateway', f)));
    let settled = '';
    if (SETTLE_SECONDS > 0) {
      const n = registered.length - whole0.registered;
      await new Promise((r) => setTimeout(r, SETTLE_SECONDS * 1000));
      const c1 = cpuNow();
      const elapsed = now() - whole0.at;
      const each = Object.keys(PROCESSES).map((k) => {
        const a = whole0.cpu[k];
        const b = c1[k];
        const v =
          a === undefined || b === undefined || !n
            ? undefined
            : Math.max(0, b - a - idleRate[k] * elapsed) / n;
        return [k, v] as const;
      });
      const total = each.reduce((t, [, v]) => t + (v ?? 0), 0);
      settled = `\nCPU ms per registration, all phases and ${SETTLE_SECONDS} s after them (consumers' catch-up included), ${n} registrations, net of idle; load ${load()}: ${each.map(([k, v]) => `${k} ${fmt2(v)}`).join(', ')}; total ${fmt2(total)}`;
    }
    const ceiling = async (variant: string, path: string): Promise<Phase> => {
      const r = await storeWrites(db, { kind: KIND, seconds: SECONDS, concurrency: CONCURRENCY, variant });
      return {
        path,
        concurrency: CONCURRENCY,
        calls: r.registered,
        errors: 0,
        rps: r.rps,
        p50: NaN,
        p95: NaN,
        p99: NaN,
        load: r.load,
      };
    };
    if (CEILING) phases.push(await busy(() => ceiling('service', 'store ceiling')));
    if (CEILING && BEFORE) phases.push(await busy(() => ceiling('before', 'store ceiling, writes before')));
    console.log('');
    const names = Object.keys(PROCESSES);
    console.log(
      `| path | c | calls | errors | req/s | p50 ms | p95 ms | p99 ms | CPU ms per registration: ${names.join(' / ')} | load (1, 5, 15 min) |`,
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    const cpu = (p: Phase) => names.map((k) => (p.cpu?.[k] === undefined ? '—' : fmt2(p.cpu[k]))).join(' / ');
    for (const p of phases)
      console.log(
        `| ${p.path} | ${p.concurrency} | ${p.calls} | ${p.errors} | ${fmt(p.rps)} | ${fmt(p.p50)} | ${fmt(p.p95)} | ${fmt(p.p99)} | ${cpu(p)} | ${p.load} |`,
      );
    const ceil = phases.find((p) => p.path === 'store ceiling');
    console.log(
      `\nCPU per registration net of each process's idle CPU, measured ${IDLE_SECONDS} s before the phases (ms per s): ${names.map((k) => `${k} ${fmt2(idleRate[k] * 1000)}`).join(', ')}`,
    );
    console.log(
      `\nstore ceiling: the service's registration use case and ContactStore on scratch collections (group commit ${process.env.CONTACTS_GROUP_COMMIT === 'false' ? 'off' : 'on'}, secondary indexes ${process.env.CONTACTS_SECONDARY_INDEXES ?? 'auto'}), the relay's acknowledgement beside; its CPU column: this bench's process counts as neither gateway nor contacts`,
    );
    if (ceil) {
      const gw = Math.max(
        ...phases.filter((p) => p.path === 'gateway' && p.concurrency > 1).map((p) => p.rps),
      );
      const sub = phases.find((p) => p.path === 'subgraph' && p.concurrency > 1)?.rps ?? NaN;
      console.log(
        `\nregistrations/s as a share of the store's ceiling (c=${CONCURRENCY}): gateway ${fmt((100 * gw) / ceil.rps)} %, subgraph ${fmt((100 * sub) / ceil.rps)} %`,
      );
    }
    if (settled) console.log(settled);
    // last: FerretDB 1.24 counts by reading the whole collection (about a minute at 150,000 contacts)
    const after = await db.collection('contacts').estimatedDocumentCount();
    console.log(`\ncontacts: ${before} before, ${after} after (${registered.length} registered by this run)`);
    if (firstError) console.log(`first error: ${firstError}`);
    const errors = phases.reduce((n, p) => n + p.errors, 0);
    if (errors) process.exitCode = 1;
  } finally {
    await client.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
