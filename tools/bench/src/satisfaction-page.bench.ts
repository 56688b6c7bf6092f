/**
 * The public survey page (issue 17): what one `GET /s/<token>` costs the satisfaction service, with many
 * invitations in its store, beside the service's own `/health/live` (no database) in the same run.
 *
 *   URP_MONGO_PORT=… URP_KAFKA_PORT=… npm run bench -- satisfaction-page [--invitations=20000]
 *        [--requests=2000] [--concurrency=16] [--seconds=4] [--profile=/tmp/sat-page.cpuprofile]
 *        [--entry=services/satisfaction/src/main.ts]
 *
 * 1. Starts its own satisfaction service (database `bench_satisfaction_page`, port BENCH_SAT_PAGE_PORT, 4392)
 *    with satisfaction-page-probe.ts preloaded: MongoDB command monitoring on the service's connections and
 *    V8's CPU profiler, switched on and off by SIGWINCH around each measured loop.
 * 2. Issues one invitation through the service (`completeOnlineService`, as the online service's portal: a
 *    `service` identity; contacts' requester lookup answered by a stand-in on the next port) and clones its stored documents (the
 *    invitation, with a token of its own sealed as the service seals it, and the token's digest) until the
 *    store holds `--invitations` pending ones (only what is missing; a marker document counts them), then
 *    restarts the service, which reads them into its page index at start (the time it logs is printed).
 *    The page opened is the real one; the clones make the collections and the index big. `--entry` runs
 *    another copy of the service (say, an older commit's from `git archive`) for a before/after.
 * 3. Latency: `--requests` GETs of the page (the issued link and 1,000 clones' links in turn, so each view
 *    asks for another token), one at a time, alternating with `/health/live`; CPU time of the
 *    service process per request (from /proc, user + system) and store commands per request (by command and
 *    collection, with the filters seen). Throughput: `--concurrency` GETs in flight for `--seconds`.
 *
 * Prints the figures beside the baseline and the target (p95 ≤ 30 ms); exits non-zero only when it fails
 * to measure (the service does not start, the page does not answer 200).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { IDENTITY_HEADER, signIdentity } from '@urp/auth';
import { MongoClient, type Document } from 'mongodb';
/* eslint-disable @nx/enforce-module-boundaries -- the clones' tokens are sealed exactly as the service seals
   them (its own function), so the index it builds at start finds every clone */
import { sealToken } from '../../../services/satisfaction/src/invitation/survey-token';
/* eslint-enable @nx/enforce-module-boundaries */
import { closedLoop, sleep, waitUntil } from './load';
import { startAddressBook } from './notifications-harness';
import { now, summarize } from './stats';

const ROOT = join(__dirname, '..', '..', '..');
const argv = process.argv.slice(2);
const flag = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const num = (name: string, env: string, def: number) => Number(flag(name) ?? process.env[env] ?? def);
const INVITATIONS = num('invitations', 'BENCH_SAT_PAGE_INVITATIONS', 20_000);
const REQUESTS = num('requests', 'BENCH_SAT_PAGE_REQUESTS', 2_000);
const CONCURRENCY = num('concurrency', 'BENCH_SAT_PAGE_CONCURRENCY', 16);
const SECONDS = num('seconds', 'BENCH_SECONDS', 4);
const PORT = num('port', 'BENCH_SAT_PAGE_PORT', 4392);
const PROFILE = flag('profile') ?? process.env.BENCH_SAT_PAGE_PROFILE;
const DEFAULT_ENTRY = 'services/satisfaction/src/main.ts';
const ENTRY = flag('entry') ?? DEFAULT_ENTRY;
const DB = 'bench_satisfaction_page';
const PROBE_OUT = join(os.tmpdir(), `satisfaction-page-probe-${process.pid}.json`);
const IDENTITY_SECRET = process.env.IDENTITY_SECRET ?? 'dev-only-identity-secret-change-me-0123';
const SEAL_SECRET = process.env.SURVEY_TOKEN_SECRET ?? IDENTITY_SECRET;
const MONGO_URL = process.env.MONGO_URL ?? `mongodb://127.0.0.1:${process.env.URP_MONGO_PORT ?? 27017}`;
const BROKERS = process.env.KAFKA_BROKERS ?? `127.0.0.1:${process.env.URP_KAFKA_PORT ?? 9092}`;
const BASE = `http://127.0.0.1:${PORT}`;
/** contacts' internal API as satisfaction asks it (does this requester exist?): a stand-in on the next port. */
const CONTACTS_PORT = PORT + 1;
const say = (s = '') => process.stdout.write(`${s}\n`);
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');

/** Starts the service; its start-up log line about the page index is kept in `indexLine`. */
function startService(): { child: ChildProcess; indexLine: () => string | undefined } {
  let indexLine: string | undefined;
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', '-r', join(__dirname, 'satisfaction-page-probe.ts'), join(ROOT, ENTRY)],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        LOG_LEVEL: 'info',
        PORT: String(PORT),
        HOST: '127.0.0.1',
        MONGO_URL,
        MONGO_DB: DB,
        KAFKA_BROKERS: BROKERS,
        KAFKA_GROUP_ID: 'bench-sat-page',
        IDENTITY_SECRET,
        CONTACTS_INTERNAL_URL: `http://127.0.0.1:${CONTACTS_PORT}`,
        SAT_PAGE_PROBE_OUT: PROBE_OUT,
        ...(PROFILE ? { SAT_PAGE_PROFILE: PROFILE } : {}),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let rest = '';
  child.stdout!.on('data', (d: Buffer) => {
    const lines = (rest + d.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (line.includes('survey page index')) indexLine = line;
      // warnings and errors through; the info lines are the start-up's chatter
      if (/"level":(4|5|6)0/.test(line)) process.stdout.write(`  service: ${line}\n`);
    }
  });
  return { child, indexLine: () => indexLine };
}

async function ready(child: ChildProcess): Promise<void> {
  const up = await waitUntil(
    async () =>
      child.exitCode === null && (await fetch(`${BASE}/health/ready`).catch(() => null))?.ok === true,
    180_000,
    500,
  );
  if (!up) throw new Error('the satisfaction service did not become ready in 180 s');
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
}

/** CPU time (user + system, ms) the process has used so far. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // fields after "(comm) ": state is [0]; utime is field 14 of the whole line → [11], stime → [12]
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function probe<T>(pid: number, run: () => Promise<T>): Promise<{ result: T; commands: Document }> {
  rmSync(PROBE_OUT, { force: true });
  process.kill(pid, 'SIGWINCH');
  await sleep(300);
  const result = await run();
  process.kill(pid, 'SIGWINCH');
  if (!(await waitUntil(() => existsSync(PROBE_OUT), 30_000, 50))) throw new Error('the probe wrote nothing');
  await sleep(100);
  return { result, commands: JSON.parse(readFileSync(PROBE_OUT, 'utf8')).commands };
}

/** One invitation issued as the online service's portal does (a `service` identity; no staff account may). */
async function issueLink(): Promise<string> {
  const identity = await signIdentity({ sub: 'svc-bench-portale', roles: ['service'] }, IDENTITY_SECRET);
  const res = await fetch(`${BASE}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identity },
    body: JSON.stringify({
      query:
        'mutation($input: OnlineServiceCompletedInput!) { completeOnlineService(input: $input) { issued reason link { url } } }',
      variables: {
        input: {
          sessionId: `bench-${randomBytes(8).toString('hex')}`,
          serviceCode: 'cie_rilascio',
          officeId: 'anagrafe',
          requesterId: `req_bench_${randomBytes(8).toString('hex')}`,
        },
      },
    }),
  });
  const body = (await res.json()) as {
    data?: { completeOnlineService?: { link?: { url: string } | null; reason?: string } };
    errors?: unknown;
  };
  const url = body.data?.completeOnlineService?.link?.url;
  if (!url) throw new Error(`no survey link: ${JSON.stringify(body)}`);
  return new URL(url).pathname;
}

/** Clones the issued invitation (and a token digest for each clone) until the store holds `target`. */
/** How many of the clones' links the measured loops open in turn (so every view asks for another token). */
const SAMPLE = 1000;

/**
 * Clones the issued invitation (and a token digest for each clone) until the store holds `target`; returns
 * the count and the links of up to SAMPLE clones (kept in `bench_meta`: this database is the bench's own).
 */
async function seed(
  client: MongoClient,
  invitationId: string,
  target: number,
): Promise<{ clones: number; sample: string[] }> {
  const db = client.db(DB);
  const meta = db.collection<{ _id: string; clones?: number; tokens?: string[] }>('bench_meta');
  const have = (await meta.findOne({ _id: 'sealed-clones' }))?.clones ?? 0;
  const sample = (await meta.findOne({ _id: 'sample-tokens' }))?.tokens ?? [];
  const template = await db.collection('survey_invitations').findOne({ _id: invitationId as never });
  if (!template) throw new Error(`invitation ${invitationId} not found`);
  const started = now();
  let clones = have;
  while (clones < target) {
    const n = Math.min(1000, target - clones);
    const invitations: Document[] = [];
    const tokens: Document[] = [];
    for (let i = 0; i < n; i++) {
      const id = `inv_bench_${randomBytes(12).toString('hex')}`;
      const token = randomBytes(32).toString('base64url');
      invitations.push({
        ...template,
        _id: id,
        subjectId: id,
        tokenSealed: sealToken(token, SEAL_SECRET),
        _outbox: [],
        _benchClone: true,
      });
      tokens.push({ _id: createHash('sha256').update(token).digest('hex'), invitationId: id });
      if (sample.length < SAMPLE) sample.push(token);
    }
    await db.collection('survey_invitations').insertMany(invitations as never[], { ordered: false });
    await db.collection('survey_tokens').insertMany(tokens as never[], { ordered: false });
    clones += n;
    await meta.updateOne({ _id: 'sealed-clones' }, { $set: { clones } }, { upsert: true });
    await meta.updateOne({ _id: 'sample-tokens' }, { $set: { tokens: sample } }, { upsert: true });
  }
  if (clones > have)
    say(`seeded ${clones - have} invitations in ${((now() - started) / 1000).toFixed(1)} s (now ${clones})`);
  return { clones, sample: sample.map((t) => `/s/${t}`) };
}

async function get(path: string): Promise<{ status: number; ms: number }> {
  const t = now();
  const res = await fetch(`${BASE}${path}`);
  await res.arrayBuffer();
  return { status: res.status, ms: now() - t };
}

function commandLines(commands: Document, requests: number): string[] {
  return Object.entries(commands)
    .sort(([, a], [, b]) => b.commands - a.commands)
    .map(
      ([key, c]) =>
        `    ${key.padEnd(36)} ${(c.commands / requests).toFixed(2)}/request  ${(c.totalMs / Math.max(c.commands, 1)).toFixed(2)} ms each  returned ${c.returned}  filters ${c.filters.join(' | ')}`,
    );
}

async function main(): Promise<void> {
  const client = await MongoClient.connect(MONGO_URL);
  const contacts = await startAddressBook(CONTACTS_PORT);
  let service = startService();
  try {
    await ready(service.child);
    const page = await issueLink();
    const token = page.split('/').pop()!;
    const tokenHash = createHash('sha256').update(token).digest('hex');
    const tokenDoc = await client
      .db(DB)
      .collection('survey_tokens')
      .findOne({ _id: tokenHash as never });
    const { clones: invitations, sample } = await seed(client, String(tokenDoc?.invitationId), INVITATIONS);
    // the issued link and the clones' links in turn: each view asks for another token, as citizens do
    const pages = [page, ...sample];
    const pageOf = (i: number) => pages[i % pages.length];
    // again, so what it builds at start sees the clones
    await stop(service.child);
    service = startService();
    const restarted = now();
    await ready(service.child);
    say(`service ${ENTRY} ready ${((now() - restarted) / 1000).toFixed(1)} s after its start`);
    // an older service (`--entry`) may have no index, hence no line
    await waitUntil(() => service.indexLine() !== undefined, ENTRY === DEFAULT_ENTRY ? 120_000 : 5_000, 200);
    const line = service.indexLine();
    say(`  its page index: ${line ? (JSON.parse(line) as { msg: string }).msg : 'none (no log line)'}`);
    const pid = service.child.pid!;

    for (const path of [page, ...sample.slice(0, 3)]) {
      const first = await get(path);
      if (first.status !== 200) throw new Error(`the page ${path.slice(0, 8)}… answered ${first.status}`);
    }
    for (let i = 0; i < 50; i++) await Promise.all([get(pageOf(i)), get('/health/live')]);

    say(
      `\nsurvey page, ${invitations} invitations in the store, load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    const pageMs: number[] = [];
    const liveMs: number[] = [];
    let cpuPage = 0;
    let cpuLive = 0;
    const { commands } = await probe(pid, async () => {
      for (let i = 0; i < REQUESTS; i++) {
        // in turn, so both meet the same load; CPU charged to the request just made
        let c = cpuMs(pid);
        const p = await get(pageOf(i));
        cpuPage += cpuMs(pid) - c;
        if (p.status !== 200) throw new Error(`the page answered ${p.status}`);
        pageMs.push(p.ms);
        c = cpuMs(pid);
        liveMs.push((await get('/health/live')).ms);
        cpuLive += cpuMs(pid) - c;
      }
    });
    const sp = summarize(pageMs);
    const sl = summarize(liveMs);
    const p95 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.ceil(v.length * 0.95) - 1];
    say(`  one at a time, ${REQUESTS} each, in turn; the page over ${pages.length} different links:`);
    say(
      `    GET /s/<token>   p50 ${ms(sp.p50)}  p95 ${ms(p95(pageMs))}  p99 ${ms(sp.p99)} ms   CPU ${ms(cpuPage / REQUESTS)} ms/request   target p95 ≤ 30 ms: ${p95(pageMs) <= 30 ? 'met' : 'NOT met'}`,
    );
    say(
      `    GET /health/live p50 ${ms(sl.p50)}  p95 ${ms(p95(liveMs))}  p99 ${ms(sl.p99)} ms   CPU ${ms(cpuLive / REQUESTS)} ms/request   (baseline: no store)`,
    );
    const total = Object.values(commands).reduce((n, c) => n + (c as { commands: number }).commands, 0);
    say(
      `  store commands while measuring (${(total / REQUESTS).toFixed(2)} per page request, health has none):`,
    );
    for (const line of commandLines(commands, REQUESTS)) say(line);

    // throughput: CONCURRENCY in flight for SECONDS
    const lat: number[] = [];
    let errors = 0;
    const c0 = cpuMs(pid);
    const t0 = now();
    const done = await closedLoop({
      total: Number.MAX_SAFE_INTEGER,
      concurrency: CONCURRENCY,
      deadline: t0 + SECONDS * 1000,
      task: async (i) => {
        const r = await get(pageOf(i));
        if (r.status !== 200) errors++;
        lat.push(r.ms);
      },
    });
    const wall = now() - t0;
    const st = summarize(lat);
    say(
      `  ${CONCURRENCY} in flight for ${SECONDS} s: ${((done * 1000) / wall).toFixed(0)} requests/s, p50 ${ms(st.p50)} p95 ${ms(p95(lat))} p99 ${ms(st.p99)} ms, CPU ${ms((cpuMs(pid) - c0) / done)} ms/request, ${errors} errors; load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    if (PROFILE) say(`  CPU profile of the latency loop: ${PROFILE}`);
    if (errors) process.exitCode = 1;
  } finally {
    await stop(service.child);
    await contacts.close();
    await client.close();
    rmSync(PROBE_OUT, { force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`satisfaction-page bench failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
