/**
 * What one request costs the contacts service and its store (issue 17): CPU milliseconds per request of the
 * service and of FerretDB (from /proc), and the store commands per request by collection, command and filter
 * shape (scripts/store-ops-hook.js, preloaded into the service), for a loop of one of the console's operations.
 *
 *   STORE_OPS_OUT=/tmp/contacts-prof node -r ./services/contacts/scripts/store-ops-hook.js -r @swc-node/register \
 *     services/contacts/src/main.ts &          # with the usual service env (MONGO_URL, KAFKA_BROKERS, PORT, …)
 *   CONTACTS_PID=<its pid> STORE_OPS_OUT=/tmp/contacts-prof URP_INFRA_DIR=… URP_CONTACTS_PORT=… URP_GATEWAY_PORT=… \
 *     URP_MONGO_PORT=… node -r @swc-node/register services/contacts/scripts/request-profile.ts \
 *       --op=case-page|my-queue|register|register-console [--n=200] [--concurrency=16] [--cases=20] [--kind=case]
 *
 * - `case-page`: the console's CaseDetail (canned replies and the case with its history) on the subgraph, one at a
 *   time, cycling over `--cases` open cases (the paths benchmark opens 20; `--cases=500` sees first opens).
 * - `my-queue`: the console's CaseQueue with `mine` as a referent of `tributi`, on the subgraph, one at a time.
 * - `register` / `register-console`: registrations through the gateway at `--concurrency` (information answered at
 *   the desk, or `--kind=case`, a complaint with a protocol number); the relay's acknowledgements of the window
 *   are counted (4 s after the last answer).
 * Writes the service's CPU profile of the window beside (`<STORE_OPS_OUT>/<op>.cpuprofile`).
 */
import { IDENTITY_HEADER, signDevToken, signIdentity, type Identity } from '@urp/auth';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const arg = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? undefined;
const OP = arg('op') ?? 'case-page';
const N = Number(arg('n') ?? 200);
const CONCURRENCY = Number(arg('concurrency') ?? 16);
const CASES = Number(arg('cases') ?? 20);
const KIND = arg('kind') ?? 'information';
const PID = Number(process.env.CONTACTS_PID);
const OUT = process.env.STORE_OPS_OUT ?? '/tmp/contacts-prof';
const SUBGRAPH = `http://127.0.0.1:${process.env.URP_CONTACTS_PORT ?? 4001}/graphql`;
const GATEWAY = `http://127.0.0.1:${process.env.URP_GATEWAY_PORT ?? 4000}/graphql`;
const SECRET = process.env.IDENTITY_SECRET ?? 'dev-only-identity-secret-change-me-0123';
const AUTH = {
  issuer: process.env.AUTH_ISSUER ?? 'urp-dev',
  audience: process.env.AUTH_AUDIENCE ?? 'urp',
  secret: process.env.AUTH_JWT_SECRET ?? 'dev-only-jwt-secret-change-me-0123456789',
};
const FERRET_PID_FILE = join(process.env.URP_INFRA_DIR ?? '.infra', 'ferretdb', 'ferretdb.pid');

const DOCS = JSON.parse(
  readFileSync(join(__dirname, '../../../apps/console/src/gql/persisted-documents.json'), 'utf8'),
) as Record<string, string>;
const consoleDocument = (name: string) =>
  Object.values(DOCS).find((d) => new RegExp(`(^|\\s)(query|mutation) ${name}\\b`).test(d)) ?? '';
const REGISTER =
  'mutation RegisterContact($input: RegisterContactInput!) { registerContact(input: $input) { id protocolNumber status } }';

const MANAGER: Identity = { sub: 'mgr-paolo', name: 'Paolo Conti', roles: ['manager'], offices: ['urp'] };
const REFERENT: Identity = { sub: 'ref-anna', name: 'Anna Ricci', roles: ['referent'], offices: ['tributi'] };

/** utime + stime of a process, in ms (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function post<T = unknown>(
  url: string,
  headers: Record<string, string>,
  query: string,
  variables: unknown,
): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}
const asWho = async (who: Identity) => ({ [IDENTITY_HEADER]: await signIdentity(who, SECRET) });

async function caseIds(): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  while (ids.length < CASES) {
    const d: { caseQueue: { edges: { node: { id: string } }[]; pageInfo: { endCursor: string | null } } } =
      await post(SUBGRAPH, await asWho(MANAGER), consoleDocument('CaseQueue'), { first: 100, after });
    ids.push(...d.caseQueue.edges.map((e) => e.node.id));
    after = d.caseQueue.pageInfo.endCursor;
    if (!after) break;
  }
  return ids.slice(0, CASES);
}

async function registration(): Promise<() => Promise<unknown>> {
  const mongo = await MongoClient.connect(`mongodb://127.0.0.1:${process.env.URP_MONGO_PORT ?? 27117}`);
  const requesters = (
    await mongo
      .db('urp_contacts')
      .collection('requesters')
      .find({}, { projection: { _id: 1, anonymisedAt: 1 } })
      .limit(60)
      .toArray()
  )
    .filter((r) => !r.anonymisedAt)
    .map((r) => String(r._id));
  await mongo.close();
  const bearer = await signDevToken(
    { sub: 'op-giulia', name: 'Giulia Bianchi', offices: ['urp'], roles: ['operator'] },
    AUTH,
  );
  const query = OP === 'register-console' ? consoleDocument('RegisterContact') : REGISTER;
  let i = 0;
  return () => {
    const tag = randomUUID().slice(0, 8);
    const requesterId = requesters[i++ % requesters.length];
    const input =
      KIND === 'case'
        ? {
            channel: 'DESK',
            type: 'COMPLAINT',
            subject: `Disservizio sportello anagrafe ${tag}`,
            text: `Attesa di due ore allo sportello ${tag}`,
            requesterId,
            category: { level1: 'anagrafe_stato_civile' },
          }
        : {
            channel: 'DESK',
            type: 'INFORMATION',
            subject: `Orari sportello anagrafe ${tag}`,
            requesterId,
            category: { level1: 'anagrafe_stato_civile' },
            resolvedAtFirstContact: true,
          };
    return post(GATEWAY, { authorization: `Bearer ${bearer}` }, query, { input });
  };
}

async function main() {
  if (!PID) throw new Error('CONTACTS_PID: the pid of a contacts service started with store-ops-hook.js');
  const ferret = Number(readFileSync(FERRET_PID_FILE, 'utf8'));
  let call: (i: number) => Promise<unknown>;
  let concurrency = 1;
  if (OP === 'case-page') {
    const ids = await caseIds();
    const headers = await asWho(MANAGER);
    call = (i) => post(SUBGRAPH, headers, consoleDocument('CaseDetail'), { id: ids[i % ids.length] });
  } else if (OP === 'my-queue') {
    const headers = await asWho(REFERENT);
    call = () => post(SUBGRAPH, headers, consoleDocument('CaseQueue'), { filter: { mine: true }, first: 20 });
  } else if (OP === 'register' || OP === 'register-console') {
    const one = await registration();
    call = () => one();
    concurrency = CONCURRENCY;
  } else throw new Error(`unknown --op=${OP}`);

  for (let i = 0; i < 5; i++) await call(i); // warm
  await wait(2000);
  process.kill(PID, 'SIGWINCH'); // the hook: forget what was counted, start the CPU profile
  await wait(300);
  const c0 = cpuMs(PID);
  const f0 = cpuMs(ferret);
  const ms: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < N) {
        const i = next++;
        const t = performance.now();
        await call(i);
        ms.push(performance.now() - t);
      }
    }),
  );
  const elapsed = performance.now() - started;
  if (concurrency > 1) await wait(4000); // the relay's acknowledgements of the window
  const c1 = cpuMs(PID);
  const f1 = cpuMs(ferret);
  process.kill(PID, 'SIGWINCH'); // the hook writes store-ops.json and the CPU profile
  await wait(2000);
  ms.sort((a, b) => a - b);
  const p = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(1);
  const ops = JSON.parse(readFileSync(join(OUT, 'store-ops.json'), 'utf8')) as {
    ops: { key: string; count: number; ms: number }[];
  };
  console.log(
    `${OP}${OP.startsWith('register') ? ` (${KIND}, c=${concurrency})` : ''}: ${N} requests, ` +
      `${((N / elapsed) * 1000).toFixed(1)}/s, p50 ${p(0.5)} / p95 ${p(0.95)} ms; CPU per request: contacts ` +
      `${((c1 - c0) / N).toFixed(2)} ms, FerretDB ${((f1 - f0) / N).toFixed(2)} ms; load ${load()}`,
  );
  for (const o of ops.ops.sort((a, b) => b.count - a.count))
    console.log(
      `  ${(o.count / N).toFixed(3).padStart(7)} per request  ${(o.ms / o.count).toFixed(1).padStart(6)} ms each  ${o.key}`,
    );
  copyFileSync(join(OUT, 'cpu.cpuprofile'), join(OUT, `${OP}.cpuprofile`));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
