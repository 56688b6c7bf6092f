/**
 * The user-path benchmark (issue 17): what operators and citizens wait for, through the gateway (or the public
 * page), beside the same operation sent straight to the subgraph in the same run, against the whole stack
 * started by the repo, with the demo scaled up.
 *
 *   RATE_LIMIT_ANONYMOUS=0 RATE_LIMIT_STAFF=0 npm start      (the whole stack, demo loaded; limits off)
 *   npm run bench -- paths [--scale=0.1] [--no-scale] [--seconds=4] [--concurrency=16]
 *
 * 1. Scales the demo (scale.ts: 10,000 sheets, 100,000 contacts with cases, 100,000 procedures by default;
 *    `--scale=0.1` a tenth) and, when it added anything (or with `--restart`), stops knowledge, contacts,
 *    procedures and the gateway, drops their read models' snapshots and starts them again through `npm start`:
 *    their read models are built at start, from the snapshot when there is one, and only a rebuild from the
 *    collections sees the clones (the gateway restarts with the rate limits off, which a benchmark would trip
 *    in a second). The desk opened is the busiest among the open procedures the scaler cloned.
 * 2. For each operation (the console's own GraphQL documents, or the public pages): a latency phase (one call
 *    at a time, BENCH_SECONDS per target) and a throughput phase (BENCH_PATHS_CONCURRENCY calls in flight),
 *    through the gateway and straight to the subgraph IN TURN (request by request for latency, slices of
 *    BENCH_PATHS_SLICE_MS for throughput, each first in turn), so both meet the same load of a shared machine.
 *    The subgraph's request is the one the gateway sends: the fetch of the operation's home subgraph in
 *    Apollo's query plan, with the identity signed as the gateway signs it.
 * 3. Prints p50/p95/p99 and requests/s beside the issue's targets, and writes tools/bench/results/paths.json.
 *
 * Exits non-zero only when it fails to measure: the stack does not answer, or an operation answers errors.
 * Ports and secrets: the same variables as deploy/local/up.sh (URP_GATEWAY_PORT, URP_CONTACTS_PORT, …).
 */
import { Supergraph, operationFromDocument } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode } from '@apollo/query-planner';
import { IDENTITY_HEADER, signDevToken, signIdentity, type Identity, type Role } from '@urp/auth';
import { parse } from 'graphql';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { latencyInTurn, sleep, throughputInTurn, type TurnPhase } from './load';
import {
  busiestDesk,
  dropSnapshots,
  mongoUrlFromEnv,
  openCaseIds,
  parseScaleArgs,
  restartServices,
  scaleData,
  type ScaleReport,
} from './scale';
import { now } from './stats';

const ROOT = join(__dirname, '..', '..', '..');
const argv = process.argv.slice(2);
const flag = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const num = (name: string, env: string, def: number) => Number(flag(name) ?? process.env[env] ?? def);
const SECONDS = num('seconds', 'BENCH_SECONDS', 4);
const CONCURRENCY = num('concurrency', 'BENCH_PATHS_CONCURRENCY', 16);
const WARMUP = num('warmup', 'BENCH_WARMUP', 20);
const say = (s = '') => process.stdout.write(`${s}\n`);

const port = (name: string, def: number) => Number(process.env[name] ?? def);
const GATEWAY = `http://127.0.0.1:${port('URP_GATEWAY_PORT', 4000)}`;
const SERVICES: Record<string, string> = {
  contacts: `http://127.0.0.1:${port('URP_CONTACTS_PORT', 4001)}`,
  satisfaction: `http://127.0.0.1:${port('URP_SATISFACTION_PORT', 4002)}`,
  knowledge: `http://127.0.0.1:${port('URP_KNOWLEDGE_PORT', 4003)}`,
  procedures: `http://127.0.0.1:${port('URP_PROCEDURES_PORT', 4004)}`,
  campaigns: `http://127.0.0.1:${port('URP_CAMPAIGNS_PORT', 4005)}`,
};
// the development values of deploy/local/up.sh
const AUTH = {
  issuer: process.env.AUTH_ISSUER ?? 'urp-dev',
  audience: process.env.AUTH_AUDIENCE ?? 'urp',
  secret: process.env.AUTH_JWT_SECRET ?? 'dev-only-jwt-secret-change-me-0123456789',
};
const IDENTITY_SECRET = process.env.IDENTITY_SECRET ?? 'dev-only-identity-secret-change-me-0123';

/** The demo staff (tools/scripts/dev-token.ts) the operations run as. */
const PEOPLE: Record<string, Identity> = {
  operator: { sub: 'op-giulia', name: 'Giulia Bianchi (sportello)', roles: ['operator'], offices: ['urp'] },
  referent: {
    sub: 'ref-anna',
    name: 'Anna Ricci (Ufficio Tributi)',
    roles: ['referent'],
    offices: ['tributi'],
  },
  manager: { sub: 'mgr-paolo', name: 'Paolo Conti (responsabile URP)', roles: ['manager'], offices: ['urp'] },
  anonymous: { sub: 'anonymous', roles: [], anonymous: true },
};
type Who = keyof typeof PEOPLE;

/** The issue's targets: p95 of every read, the search's p95, registrations/s, gateway p50 ≤ 2× the subgraph's. */
const TARGET = { searchP95: 10, readP95: 30, registrationsPerSecond: 300, gatewayOverP50: 2 };

interface GraphqlOp {
  kind: 'graphql';
  name: string;
  /** The subgraph whose fetch is the baseline. */
  home: string;
  who: Who;
  query: string;
  variables: () => Record<string, unknown>;
  write?: boolean;
}
interface PageOp {
  kind: 'page';
  name: string;
  url: string;
}
type Op = GraphqlOp | PageOp;

type Phase = TurnPhase;
interface Measured {
  name: string;
  via: 'gateway' | 'page';
  fetches?: number;
  target: string;
  latency: { front: Phase; subgraph?: Phase };
  throughput: { front: Phase; subgraph?: Phase };
  ratioP50?: number;
  /**
   * CPU per call in the latency phase, from /proc (steadier than wall time on a shared machine): the gateway's
   * per gateway call; the home subgraph's per call it served (its direct calls and those the gateway forwarded:
   * one per gateway call when the plan has one fetch). Absent when a process's pid file is not found.
   */
  cpuMsPerCall?: { gateway?: number; subgraph?: number };
}

/** The stack's pid files (deploy/local/up.sh writes `$URP_INFRA_DIR/run/<name>.pid`). */
const RUN_DIR = join(process.env.URP_INFRA_DIR ?? join(__dirname, '..', '..', '..', '.infra'), 'run');
/** A process's CPU time so far in ms (utime + stime), undefined when it cannot be read. */
function cpuMsOf(name: string): number | undefined {
  try {
    const pid = readFileSync(join(RUN_DIR, `${name}.pid`), 'utf8').trim();
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // clock ticks of 10 ms
  } catch {
    return undefined;
  }
}
const perCall = (before: number | undefined, after: number | undefined, calls: number) =>
  before === undefined || after === undefined || calls <= 0 ? undefined : (after - before) / calls;

/** One request: resolves when answered (throws on HTTP or GraphQL errors). */
type Send = () => Promise<void>;

/** Longer than the gateway's 10 s deadline: a subgraph answering later than that is counted as timed out. */
const CLIENT_TIMEOUT_MS = num('client-timeout', 'BENCH_CLIENT_TIMEOUT_MS', 12_000);
class TimedOut extends Error {}
const DEADLINE_MESSAGE = /non ha risposto entro/;
/** Timed-out calls are counted apart (slow, not broken), their time kept in the percentiles. */
const TURNS = { isTimeout: (e: unknown) => e instanceof TimedOut };
/** Length of one throughput slice (BENCH_PATHS_SLICE_MS): each target runs alone for one slice, in turn. */
const SLICE_MS = num('slice-ms', 'BENCH_PATHS_SLICE_MS', 1000);

async function timed<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  try {
    return await work(AbortSignal.timeout(CLIENT_TIMEOUT_MS));
  } catch (e) {
    if ((e as Error).name === 'TimeoutError') throw new TimedOut(`no answer within ${CLIENT_TIMEOUT_MS} ms`);
    throw e;
  }
}

async function postGraphql(
  url: string,
  headers: Record<string, string>,
  query: string,
  variables: Record<string, unknown>,
): Promise<any> {
  const { res, text } = await timed(async (signal) => {
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
      signal,
    });
    return { res: r, text: await r.text() };
  });
  if (res.status === 429)
    throw new Error('429 from the gateway: start the stack with RATE_LIMIT_ANONYMOUS=0 RATE_LIMIT_STAFF=0');
  let body: { data?: any; errors?: { message: string }[] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
  }
  if (body.errors?.some((e) => DEADLINE_MESSAGE.test(e.message)))
    throw new TimedOut(body.errors.map((e) => e.message).join('; '));
  if (body.errors?.length)
    throw new Error(`HTTP ${res.status}: ${body.errors.map((e) => e.message).join('; ')}`);
  return body.data;
}

async function getPage(url: string): Promise<void> {
  const res = await timed(async (signal) => {
    const r = await fetch(url, { signal });
    await r.arrayBuffer();
    return r;
  });
  if (res.status !== 200) throw new Error(`HTTP ${res.status} from ${url}`);
}

// ------------------------------------------------------------------------ the subgraph's half of a plan

const supergraph = Supergraph.build(readFileSync(join(ROOT, 'gateway', 'supergraph.graphql'), 'utf8'));
const planner = new QueryPlanner(supergraph);

function fetchesOf(node: PlanNode | undefined, out: FetchNode[] = []): FetchNode[] {
  if (!node) return out;
  switch (node.kind) {
    case 'Fetch':
      out.push(node);
      break;
    case 'Flatten':
      fetchesOf(node.node, out);
      break;
    case 'Sequence':
    case 'Parallel':
      for (const n of node.nodes) fetchesOf(n, out);
      break;
    default:
      break;
  }
  return out;
}

/** The fetches the gateway makes for `query`, and the root fetch of the home subgraph (the baseline). */
function planOf(query: string, home: string): { fetches: number; root: FetchNode } {
  const operation = operationFromDocument(supergraph.schema, parse(query));
  const plan = planner.buildQueryPlan(operation);
  const node = plan.node;
  const fetches = fetchesOf(node && node.kind !== 'Subscription' ? node : undefined);
  const root = fetches.find((f) => f.serviceName === home && !f.requires);
  if (!root) throw new Error(`no root fetch of ${home} in the plan of ${query.slice(0, 60)}…`);
  return { fetches: fetches.length, root };
}

// ------------------------------------------------------------------------ tokens

const bearer = new Map<Who, string>();
const identities = new Map<Who, { token: string; at: number }>();
/** The identity header, as the gateway signs it (15 s tokens: re-signed every 5 s, outside the timing). */
async function identityHeader(who: Who): Promise<string> {
  const cached = identities.get(who);
  if (cached && Date.now() - cached.at < 5000) return cached.token;
  const token = await signIdentity(PEOPLE[who], IDENTITY_SECRET);
  identities.set(who, { token, at: Date.now() });
  return token;
}
async function bearerHeaders(who: Who): Promise<Record<string, string>> {
  if (who === 'anonymous') return {};
  if (!bearer.has(who)) {
    const p = PEOPLE[who];
    bearer.set(
      who,
      await signDevToken({ sub: p.sub, name: p.name, offices: p.offices, roles: p.roles as Role[] }, AUTH),
    );
  }
  return { authorization: `Bearer ${bearer.get(who)}` };
}

// ------------------------------------------------------------------------ fixtures

interface Fixtures {
  sheetSlug: string;
  sheetId: string;
  requesterIds: string[];
  caseIds: string[];
  deskOf: string;
  surveyUrl?: string;
  surveyNote?: string;
}

const SEARCHES = ['carta identità', 'rinnovo', 'tari rimborso', 'mensa scolastica', 'permesso ztl', 'xyzzy'];

async function fixtures(): Promise<Fixtures> {
  const client = await MongoClient.connect(mongoUrlFromEnv());
  try {
    // reads without a filter or a sort: the only ones FerretDB 1.24 limits without reading the collection
    const sheets = await client.db('urp_knowledge').collection('sheets').find({}).limit(20).toArray();
    const sheet = sheets.find((s) => s.status === 'published' && s.content?.audience !== 'internal');
    if (!sheet) throw new Error('no published sheet: is the demo loaded?');
    const contacts = client.db('urp_contacts');
    const requesterIds = (await contacts.collection('requesters').find({}).limit(50).toArray()).map((r) =>
      String(r._id),
    );
    // the desk holding the most open procedures the scaler cloned (the read model's desks are not stored)
    const deskOf = await busiestDesk(client);
    if (!deskOf) throw new Error('no open procedure recorded by the scaler: run without --no-scale once');
    // open cases the scaler cloned (finding them through the queue is one of the slow reads measured here)
    const caseIds = await openCaseIds(client);
    if (!caseIds.length) throw new Error('no open case recorded by the scaler: run without --no-scale once');
    const survey = await surveyLink(requesterIds[0]);
    return {
      sheetSlug: String(sheet.slug),
      sheetId: String(sheet._id),
      requesterIds,
      caseIds,
      deskOf,
      ...survey,
    };
  } finally {
    await client.close();
  }
}

/**
 * A survey link to open: a fresh online-service survey for a requester contacts knows, or a pending invitation's
 * link. Both are asked as a service would (the online service's portal, the delivering service): straight to
 * satisfaction with a `service` identity, never through the gateway, which no staff account may do.
 */
async function surveyLink(
  requesterId: string | undefined,
): Promise<{ surveyUrl?: string; surveyNote?: string }> {
  const headers = {
    [IDENTITY_HEADER]: await signIdentity({ sub: 'svc-bench-portale', roles: ['service'] }, IDENTITY_SECRET),
  };
  try {
    const r = await postGraphql(
      `${SERVICES.satisfaction}/graphql`,
      headers,
      'mutation($input: OnlineServiceCompletedInput!) { completeOnlineService(input: $input) { issued reason link { url } } }',
      {
        input: {
          sessionId: `bench-${randomUUID()}`,
          serviceCode: 'cie_rilascio',
          officeId: 'anagrafe',
          requesterId,
        },
      },
    );
    if (r.completeOnlineService.link?.url) return { surveyUrl: r.completeOnlineService.link.url };
    const pending = await postGraphql(
      `${GATEWAY}/graphql`,
      await bearerHeaders('manager'),
      '{ surveyInvitations(status: PENDING, first: 5) { id } }',
      {},
    );
    for (const inv of pending.surveyInvitations ?? []) {
      const l = await postGraphql(
        `${SERVICES.satisfaction}/graphql`,
        headers,
        'mutation($id: ID!) { surveyLink(invitationId: $id) { url } }',
        { id: inv.id },
      );
      if (l.surveyLink?.url) return { surveyUrl: l.surveyLink.url };
    }
    return { surveyNote: `no survey issued (${r.completeOnlineService.reason}) and none pending` };
  } catch (e) {
    return { surveyNote: `no survey link: ${(e as Error).message}` };
  }
}

/** The console's own documents (apps/console/src/gql/persisted-documents.json), by operation name. */
function consoleDocument(name: string): string {
  const docs = JSON.parse(
    readFileSync(join(ROOT, 'apps', 'console', 'src', 'gql', 'persisted-documents.json'), 'utf8'),
  ) as Record<string, string>;
  // the operation may follow its fragments in the document
  const found = Object.values(docs).find((d) => new RegExp(`(^|\\s)(query|mutation) ${name}\\b`).test(d));
  if (!found) throw new Error(`the console has no operation ${name}`);
  return found;
}

function operations(f: Fixtures): Op[] {
  let i = 0;
  const pick = <T>(xs: readonly T[]) => xs[i++ % xs.length];
  // information answered at the desk, as contacts.bench.ts registers it
  const registration = () => ({
    input: {
      channel: 'DESK',
      type: 'INFORMATION',
      subject: `Orari sportello anagrafe ${randomUUID().slice(0, 8)}`,
      requesterId: pick(f.requesterIds),
      category: { level1: 'anagrafe_stato_civile' },
      sheetIds: [f.sheetId],
      resolvedAtFirstContact: true,
    },
  });
  const ops: Op[] = [
    {
      kind: 'graphql',
      name: 'gateway overhead probe (no database)',
      home: 'contacts',
      who: 'operator',
      query: 'query PhaseLabels { phaseLabels { status label } }',
      variables: () => ({}),
    },
    {
      kind: 'graphql',
      name: 'search the knowledge base',
      home: 'knowledge',
      who: 'anonymous',
      query: consoleDocument('KbSearch'),
      variables: () => ({ query: pick(SEARCHES) }),
    },
    {
      kind: 'graphql',
      name: 'open a sheet (public)',
      home: 'knowledge',
      who: 'anonymous',
      query: `query PublicSheet($slug: String!) { publicSheet(slug: $slug) { id slug title category publishedAt
        content { title shortDescription whoIsItFor howTo whatYouNeed whatYouGet timesAndDeadlines costs
          accessChannels { channel description url bookingRequired requiresSpidCie } officeIds specialCases moreInfo
          attachments { title url formCode } } } }`,
      variables: () => ({ slug: f.sheetSlug }),
    },
    {
      kind: 'graphql',
      name: 'register a contact',
      home: 'contacts',
      who: 'operator',
      write: true,
      query:
        'mutation RegisterContact($input: RegisterContactInput!) { registerContact(input: $input) { id protocolNumber status } }',
      variables: registration,
    },
    {
      kind: 'graphql',
      name: 'register a contact (console: with duplicate suggestions)',
      home: 'contacts',
      who: 'operator',
      write: true,
      query: consoleDocument('RegisterContact'),
      variables: registration,
    },
    {
      kind: 'graphql',
      name: 'list my queue (referent, mine)',
      home: 'contacts',
      who: 'referent',
      query: consoleDocument('CaseQueue'),
      variables: () => ({ filter: { mine: true }, first: 20 }),
    },
    {
      kind: 'graphql',
      name: 'list the office queue (manager, all)',
      home: 'contacts',
      who: 'manager',
      query: consoleDocument('CaseQueue'),
      variables: () => ({ first: 20 }),
    },
    {
      kind: 'graphql',
      name: 'open a case with its history',
      home: 'contacts',
      who: 'manager',
      query: consoleDocument('CaseDetail'),
      variables: () => ({ id: pick(f.caseIds) }),
    },
    {
      kind: 'graphql',
      name: 'the procedures desk',
      home: 'procedures',
      who: 'manager',
      query: consoleDocument('ProcedureDesk').replace(
        'query ProcedureDesk { procedureDesk(first: 20)',
        'query ProcedureDesk($responsibleId: ID) { procedureDesk(responsibleId: $responsibleId, first: 20)',
      ),
      variables: () => ({ responsibleId: f.deskOf }),
    },
    {
      kind: 'graphql',
      name: 'the indicators dashboard',
      home: 'satisfaction',
      who: 'manager',
      query: consoleDocument('DashboardIndicators'),
      variables: () => ({ filter: {} }),
    },
    {
      kind: 'page',
      name: 'Open311 GET /requests',
      url: `${SERVICES.contacts}/open311/v2/requests.json`,
    },
  ];
  if (f.surveyUrl) {
    // the link names the public base URL of the service: ask the service on this machine
    const path = new URL(f.surveyUrl).pathname;
    ops.push({ kind: 'page', name: 'the survey page', url: `${SERVICES.satisfaction}${path}` });
  }
  return ops;
}

// ------------------------------------------------------------------------ run

/** Above this p50 alone, the throughput phase is skipped (BENCH_SLOW_MS). */
const SLOW_MS = num('slow-ms', 'BENCH_SLOW_MS', 1000);
const skipped = (): Phase => ({ calls: 0, errors: 0, timeouts: 0, rps: NaN, p50: NaN, p95: NaN, p99: NaN });

/**
 * Waits until `service` answers its readiness within a second again (at most 90 s): the previous operation
 * may have left it busy (a request the gateway gave up on still runs in the service), which would be
 * measured as this operation's time.
 */
async function settle(service: string): Promise<void> {
  const deadline = now() + 90_000;
  let waited = false;
  while (now() < deadline) {
    const t = now();
    const ok = await fetch(`${SERVICES[service]}/health/ready`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok && now() - t < 1000) break;
    waited = true;
    await sleep(1000);
  }
  if (waited) say(`  (waited for ${service} to settle)`);
}

const fmt = (v: number | undefined, d = 1) =>
  v === undefined || !Number.isFinite(v) ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: d });

function targetOf(op: Op): string {
  if (op.name.startsWith('gateway overhead')) return 'gw p50 ≤ 2× subgraph';
  if (op.name.startsWith('search')) return `p95 ≤ ${TARGET.searchP95} ms`;
  if (op.kind === 'graphql' && op.write && !op.name.includes('console'))
    return `≥ ${TARGET.registrationsPerSecond}/s`;
  return `p95 ≤ ${TARGET.readP95} ms`;
}

function verdict(m: Measured): string {
  const front = m.latency.front;
  const parts: string[] = [];
  if (m.name.startsWith('gateway overhead')) {
    // no read target: the probe isolates what the gateway itself adds
  } else if (m.name === 'register a contact')
    parts.push(m.throughput.front.rps >= TARGET.registrationsPerSecond ? 'met' : 'NOT met');
  else {
    const limit = m.name.startsWith('search') ? TARGET.searchP95 : TARGET.readP95;
    parts.push(front.p95 <= limit ? 'met' : 'NOT met');
  }
  if (m.ratioP50 !== undefined) parts.push(`gw ${m.ratioP50 <= TARGET.gatewayOverP50 ? '≤' : '>'} 2×`);
  return parts.join(', ');
}

async function stackAnswers(): Promise<boolean> {
  try {
    const res = await fetch(`${GATEWAY}/health/ready`, { signal: AbortSignal.timeout(3000) });
    return res.ok;
  } catch {
    return false;
  }
}

async function main() {
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  if (!(await stackAnswers())) {
    console.error(
      `the gateway at ${GATEWAY} does not answer: start the stack (npm start) with the same URP_* ports`,
    );
    process.exit(2);
  }
  let scaled: ScaleReport | undefined;
  if (!argv.includes('--no-scale')) {
    const { targets } = parseScaleArgs(argv);
    say(`scaling the demo to ${JSON.stringify(targets)} …`);
    scaled = await scaleData(mongoUrlFromEnv(), targets, (s) => say(`  scale: ${s}`));
    const added = scaled.added.sheets + scaled.added.contacts + scaled.added.procedures;
    say(
      `  scale: added ${added} documents in ${fmt(scaled.ms / 1000)} s (${fmt(scaled.docsPerSecond, 0)}/s); now ${JSON.stringify(scaled.counts)}`,
    );
    if (added > 0 || argv.includes('--restart')) {
      const t = now();
      process.env.RATE_LIMIT_ANONYMOUS ??= '0';
      process.env.RATE_LIMIT_STAFF ??= '0';
      const log = (s: string) => say(`  restart: ${s}`);
      // while they are stopped (a running service would save its pre-scale read model again)
      await restartServices(ROOT, ['knowledge', 'contacts', 'procedures', 'gateway'], log, () =>
        dropSnapshots(mongoUrlFromEnv(), (s) => log(`snapshot ${s}`)),
      );
      say(`  restart: ready again in ${fmt((now() - t) / 1000)} s`);
    }
  }
  const f = await fixtures();
  if (f.surveyNote) say(`survey page: ${f.surveyNote} (not measured)`);
  const results: Measured[] = [];
  for (const op of operations(f)) {
    say(`\n${op.name} …`);
    let front: Send;
    let sub: Send | undefined;
    let fetches: number | undefined;
    if (op.kind === 'graphql') {
      const plan = planOf(op.query, op.home);
      fetches = plan.fetches;
      const gwHeaders = await bearerHeaders(op.who);
      front = async () => void (await postGraphql(`${GATEWAY}/graphql`, gwHeaders, op.query, op.variables()));
      const usages = plan.root.variableUsages ?? [];
      sub = async () => {
        const all = op.variables();
        const vars = Object.fromEntries(usages.filter((u) => u in all).map((u) => [u, all[u]]));
        await postGraphql(
          `${SERVICES[op.home]}/graphql`,
          { [IDENTITY_HEADER]: await identityHeader(op.who) },
          plan.root.operation,
          vars,
        );
      };
    } else {
      front = () => getPage(op.url);
    }
    const warmUntil = now() + 3000; // a slow operation gets a few warm-up calls only
    for (let w = 0; w < WARMUP && now() < warmUntil; w++) {
      await front().catch(() => undefined);
      await sub?.().catch(() => undefined);
    }
    await settle(
      op.kind === 'graphql' ? op.home : op.url.includes(SERVICES.satisfaction) ? 'satisfaction' : 'contacts',
    );
    // the front (gateway or page) and the subgraph in turn: both see the same moments of the machine
    const targets = sub ? [front, sub] : [front];
    // CPU of the gateway and of the home subgraph (its pid file is named as in SERVICES) around the phase
    const homeProcess = op.kind === 'graphql' ? op.home : undefined;
    const cpu0 = { gateway: cpuMsOf('gateway'), subgraph: homeProcess && cpuMsOf(homeProcess) };
    const [lf, ls] = await latencyInTurn(targets, SECONDS, TURNS);
    const cpu1 = { gateway: cpuMsOf('gateway'), subgraph: homeProcess && cpuMsOf(homeProcess) };
    const cpuMsPerCall =
      op.kind === 'graphql' && ls
        ? {
            gateway: perCall(cpu0.gateway, cpu1.gateway, lf.calls + lf.errors),
            subgraph: perCall(
              cpu0.subgraph || undefined,
              cpu1.subgraph || undefined,
              (lf.calls + lf.errors) * (fetches ?? 1) + ls.calls + ls.errors,
            ),
          }
        : undefined;
    const latency = { front: lf, ...(ls ? { subgraph: ls } : {}) };
    // an operation that takes seconds alone would only pile up work for the next ones under concurrency
    const tooSlow = latency.front.p50 > SLOW_MS;
    const [tf, ts] = tooSlow
      ? [skipped(), ...(sub ? [skipped()] : [])]
      : await throughputInTurn(targets, CONCURRENCY, SECONDS, { ...TURNS, sliceMs: SLICE_MS });
    const throughput = { front: tf, ...(ts ? { subgraph: ts } : {}) };
    if (tooSlow) say(`  (throughput at c=${CONCURRENCY} not measured: p50 over ${SLOW_MS} ms alone)`);
    const m: Measured = {
      name: op.name,
      via: op.kind === 'graphql' ? 'gateway' : 'page',
      ...(fetches !== undefined ? { fetches } : {}),
      target: targetOf(op),
      latency,
      throughput,
      ...(latency.subgraph ? { ratioP50: latency.front.p50 / latency.subgraph.p50 } : {}),
      ...(cpuMsPerCall ? { cpuMsPerCall } : {}),
    };
    results.push(m);
    const line = (label: string, l: Phase, t: Phase) =>
      say(
        `  ${label.padEnd(9)} p50 ${fmt(l.p50, 2)} ms  p95 ${fmt(l.p95, 2)}  p99 ${fmt(l.p99, 2)}  (${l.calls} calls, c=1)` +
          `   ${fmt(t.rps, 0)} req/s at c=${CONCURRENCY} (p95 ${fmt(t.p95, 1)} ms)` +
          (l.timeouts + t.timeouts ? `   TIMED OUT ${l.timeouts + t.timeouts}` : '') +
          (l.errors + t.errors ? `   ERRORS ${l.errors + t.errors}: ${l.firstError ?? t.firstError}` : ''),
      );
    line(m.via, latency.front, throughput.front);
    if (latency.subgraph && throughput.subgraph) line('subgraph', latency.subgraph, throughput.subgraph);
    if (cpuMsPerCall)
      say(
        `  CPU per call (latency phase): gateway ${fmt(cpuMsPerCall.gateway, 2)} ms, ${homeProcess} ${fmt(cpuMsPerCall.subgraph, 2)} ms`,
      );
    say(`  target ${m.target}: ${verdict(m)}${fetches ? `; ${fetches} subgraph fetch(es) per request` : ''}`);
    await sleep(200);
  }
  const loadAfter = os.loadavg();

  say(
    '\n| operation | via | p50 / p95 / p99 ms (c=1) | req/s (c=' +
      CONCURRENCY +
      ') | subgraph p50 / p95 / p99 ms | subgraph req/s | gw p50 ÷ subgraph p50 | CPU ms per call, gateway / subgraph | target | verdict |',
  );
  say('|---|---|---|---|---|---|---|---|---|---|');
  for (const m of results) {
    const l = m.latency.front;
    const s = m.latency.subgraph;
    say(
      `| ${m.name} | ${m.via}${m.fetches && m.fetches > 1 ? ` (${m.fetches} fetches)` : ''} | ${fmt(l.p50)} / ${fmt(l.p95)} / ${fmt(l.p99)} | ${fmt(m.throughput.front.rps, 0)} | ` +
        `${s ? `${fmt(s.p50)} / ${fmt(s.p95)} / ${fmt(s.p99)}` : '—'} | ${m.throughput.subgraph ? fmt(m.throughput.subgraph.rps, 0) : '—'} | ` +
        `${m.ratioP50 !== undefined ? `${fmt(m.ratioP50, 2)}×` : '—'} | ${m.cpuMsPerCall ? `${fmt(m.cpuMsPerCall.gateway, 2)} / ${fmt(m.cpuMsPerCall.subgraph, 2)}` : '—'} | ${m.target}${m.ratioP50 !== undefined ? ', gw ≤ 2×' : ''} | ${verdict(m)} |`,
    );
  }
  say(
    `\nload average before ${loadBefore.map((x) => x.toFixed(1)).join(' ')}, after ${loadAfter.map((x) => x.toFixed(1)).join(' ')}`,
  );

  const out = {
    bench: 'paths',
    startedAt: startedAt.toISOString(),
    seconds: SECONDS,
    concurrency: CONCURRENCY,
    // how the gateway (or page) and the subgraph share the run (since 2026-12-06 10:00; before: one after the other)
    interleaved: { latency: 'request by request, each first in turn', throughputSliceMs: SLICE_MS },
    targets: TARGET,
    machine: { cpus: os.cpus().length, loadBefore, loadAfter },
    scaled,
    results,
  };
  const dir = join(__dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'paths.json'), `${JSON.stringify(out, null, 2)}\n`);
  say(`written: tools/bench/results/paths.json`);
  const failed = results.filter((m) => {
    const phases = [m.latency.front, m.latency.subgraph, m.throughput.front, m.throughput.subgraph];
    return phases.some((p) => p && p.errors > 0);
  });
  if (failed.length) {
    console.error(`failed to measure: ${failed.map((m) => m.name).join(', ')} answered errors`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
