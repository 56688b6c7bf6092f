/**
 * Knowledge-base search on the user's path (issue 17): 10,000 sheets in FerretDB, the real service and the
 * gateway as processes, and in the same run the read model and its index alone (the baseline of what the search
 * itself costs).
 *
 *   npm run bench -- kb-search     (needs Kafka + FerretDB: bash deploy/local/infra.sh start)
 *                                  KB_BENCH_DOCS=10000 KB_BENCH_QUERIES=400 by default; KB_BENCH_DB=<name>
 *                                  reuses a database a previous run kept (BENCH_KEEP=1) instead of loading;
 *                                  KB_BENCH_PORT=4430 (the service; the gateway +1, gateway B +2);
 *                                  KB_BENCH_GATEWAY_B=<main.ts relative to the repository> a second gateway
 *                                  (another version) measured in the same loop; KB_BENCH_GATEWAY_B_ENV='K=V …'
 *                                  its settings (say GATEWAY_DIRECT_FETCH=false: the same gateway without
 *                                  its direct path)
 *                                  KB_BENCH_PROFILE=<file prefix>  samples the service's and the gateways' CPU
 *                                  while the in-turn loop runs (<prefix>-<name>.cpuprofile, via
 *                                  kb-search-profile-hook.js preloaded by NODE_OPTIONS)
 *
 * Loads 10,000 published sheets straight into a fresh database (the stored shape of the service's store:
 * the 72 demo sheets as the catalogue of many Comuni), measures the read model's rebuild in this process,
 * starts the knowledge-base service (which rebuilds its read model at start) and a gateway in front of it,
 * then sends the colloquial queries of the quality test one at a time (what an operator waits for):
 * `searchSheets` with the hits' sheets through the gateway (operator token) and the same straight to the
 * subgraph (signed identity), alternated request by request so that both see the same load, and the read
 * model with its index in this process. Prints p50/p95/p99 and requests/s of
 * each, the CPU time (from /proc) each process spent per request it served in that loop, and counts the commands the service sent to the database while the queries ran (the hot path
 * should send none: the hits come from the read model). Target: p95 ≤ 10 ms through the gateway.
 * Exits non-zero only if the benchmark itself failed (errors, empty results).
 */
import { IDENTITY_HEADER, signDevToken, signIdentity } from '@urp/auth';
import {
  gatewayEnv,
  spawnGateway,
  spawnService,
  TEST_AUTH,
  testInfra,
  type RunningProcess,
} from '@urp/testing';
import { MongoClient } from 'mongodb';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
/* eslint-disable @nx/enforce-module-boundaries -- the benchmark measures the service's own read model and
   index on the demo content (seed data), importing them directly as a test would */
import { SheetSearchService } from '../../../services/knowledge-base/src/search/search.service';
import { SheetReadModel } from '../../../services/knowledge-base/src/sheet/sheet.read-model';
import { QUALITY_CASES } from '../../../services/knowledge-base/src/search/search-quality.cases';
import { SheetContent, type Sheet } from '../../../services/knowledge-base/src/sheet/sheet.rules';
import { sheetContentInput } from '../../scripts/seed/knowledge/content';
import { SHEETS } from '../../scripts/seed/knowledge/sheets';
/* eslint-enable @nx/enforce-module-boundaries */
import { uniqueSuffix } from './load';
import { now, sortedPercentile } from './stats';

const DOCS = Number(process.env.KB_BENCH_DOCS ?? 10_000);
const QUERIES = Number(process.env.KB_BENCH_QUERIES ?? 400);
const TARGET_P95_MS = 10;
const SVC_PORT = Number(process.env.KB_BENCH_PORT ?? 4430);
const GW_PORT = SVC_PORT + 1;
const say = (s = '') => process.stdout.write(`${s}\n`);
const PROFILE = process.env.KB_BENCH_PROFILE;

/** The child process of this one started with PORT=<port> (the benchmark's services), from /proc (Linux). */
function childOnPort(port: number): number | undefined {
  try {
    const children = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    return children.find((pid) =>
      readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`PORT=${port}`),
    );
  } catch {
    return undefined;
  }
}

/** CPU time (user + system, ms) a process has used so far, from /proc; NaN when unknown. */
function cpuMsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return Number.NaN;
  }
}

/** With KB_BENCH_PROFILE: what a spawned process preloads to be profiled between two SIGWINCH. */
const profiled = (name: string): Record<string, string> =>
  PROFILE
    ? {
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${join(__dirname, 'kb-search-profile-hook.js')}`,
        KB_OVERHEAD_PROFILE: `${PROFILE}-${name}.cpuprofile`,
      }
    : {};

const TOWNS = [
  'Borgo Aurelio',
  'Castel Lorenzo',
  'Valle Serena',
  'Monte Alto',
  'Poggio Verde',
  'Santa Marina',
];

/** The demo sheets' content in the domain's shape (lowercase enum values, absent rather than null). */
const demoContents = SHEETS.map((s) => {
  const input = sheetContentInput(s);
  return SheetContent.parse({
    ...input,
    accessChannels: input.accessChannels.map((c) => ({ ...c, channel: c.channel.toLowerCase() })),
    audience: input.audience.toLowerCase(),
    responseTimeDays: input.responseTimeDays ?? undefined,
    procedureTypeCode: input.procedureTypeCode ?? undefined,
  });
});

/** 10,000 published sheets as the store keeps them: copy k of demo sheet i is "<title> - Comune di <town>". */
function storedSheets(n: number, at: Date) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const base = SHEETS[i % SHEETS.length];
    const copy = Math.floor(i / SHEETS.length);
    const c = demoContents[i % SHEETS.length];
    const content = copy
      ? { ...c, title: `${c.title} - Comune di ${TOWNS[copy % TOWNS.length]} ${copy}` }
      : c;
    const slug = copy ? `${base.slug}-${copy}` : base.slug;
    out.push({
      _id: `bench-${i}`,
      revision: 3,
      slug,
      status: 'published',
      latestRevision: 1,
      content,
      author: 'bo-marco',
      revisions: [{ revision: 1, content, author: 'bo-marco', at, note: 'prima stesura' }],
      live: { revision: 1, content, publishedAt: at, approvedBy: 'mgr-paolo' },
      log: [
        { action: 'created', by: 'bo-marco', at, revision: 1, note: 'prima stesura' },
        { action: 'approved', by: 'mgr-paolo', at, revision: 1 },
        { action: 'published', by: 'mgr-paolo', at, revision: 1 },
      ],
      createdAt: at,
      updatedAt: at,
      reviewDueAt: new Date(at.getFullYear() + 1, at.getMonth(), at.getDate()),
    });
  }
  return out;
}

const SEARCH = `query($q: String!) { searchSheets(input: { query: $q, first: 10 }) {
  total hits { score sheet { id slug title shortDescription category } } } }`;

interface Figures {
  name: string;
  p50: number;
  p95: number;
  p99: number;
  perSecond: number;
  hits: number;
}

async function measure(
  name: string,
  queries: string[],
  run: (q: string) => Promise<number>,
): Promise<Figures> {
  for (const q of queries.slice(0, 40)) await run(q); // warm-up (JIT, connections, caches)
  const times: number[] = [];
  let hits = 0;
  const start = now();
  for (let i = 0; i < QUERIES; i++) {
    const t = now();
    hits += await run(queries[i % queries.length]);
    times.push(now() - t);
  }
  const wall = now() - start;
  times.sort((a, b) => a - b);
  return {
    name,
    p50: sortedPercentile(times, 50),
    p95: sortedPercentile(times, 95),
    p99: sortedPercentile(times, 99),
    perSecond: (QUERIES / wall) * 1000,
    hits,
  };
}

/**
 * Paths measured in the same loop, one request of each in turn (each path first in turn), so that all see the
 * same machine load: on a machine shared with other work, measuring one path after the other compares two
 * different loads.
 */
async function measureInTurn(
  cpu: { pids: (number | undefined)[]; ms: number[] },
  paths: { name: string; run: (q: string) => Promise<number> }[],
  queries: string[],
): Promise<Figures[]> {
  for (const q of queries.slice(0, 40)) for (const p of paths) await p.run(q); // warm-up
  if (PROFILE) for (const pid of cpu.pids) if (pid) process.kill(pid, 'SIGWINCH'); // start sampling
  const cpuBefore = cpu.pids.map(cpuMsOf);
  const times = paths.map(() => [] as number[]);
  const busy = paths.map(() => 0);
  const hits = paths.map(() => 0);
  for (let i = 0; i < QUERIES; i++) {
    const q = queries[i % queries.length];
    for (let j = 0; j < paths.length; j++) {
      const k = (i + j) % paths.length;
      const t = now();
      hits[k] += await paths[k].run(q);
      const took = now() - t;
      times[k].push(took);
      busy[k] += took;
    }
  }
  cpu.ms = cpu.pids.map((pid, k) => cpuMsOf(pid) - cpuBefore[k]);
  if (PROFILE) {
    for (const pid of cpu.pids) if (pid) process.kill(pid, 'SIGWINCH'); // write the profiles
    await new Promise((r) => setTimeout(r, 3000));
  }
  return paths.map((p, k) => {
    const sorted = times[k].sort((a, b) => a - b);
    return {
      name: p.name,
      p50: sortedPercentile(sorted, 50),
      p95: sortedPercentile(sorted, 95),
      p99: sortedPercentile(sorted, 99),
      perSecond: (QUERIES / busy[k]) * 1000, // one client, one request at a time: 1 / mean latency
      hits: hits[k],
    };
  });
}

async function main() {
  const run = uniqueSuffix();
  const dbName = process.env.KB_BENCH_DB ?? `bench_kb_${run}`;
  const client = await MongoClient.connect(testInfra.mongoUrl);
  const procs: RunningProcess[] = [];
  let failed = false;
  try {
    say(
      `machine: ${os.cpus().length} cores, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    const db = client.db(dbName);
    let t = now();
    const present = await db.collection('sheets').estimatedDocumentCount();
    if (present >= DOCS) say(`reusing the ${present} sheets of ${dbName}`);
    else {
      const docs = storedSheets(DOCS, new Date());
      for (let i = 0; i < docs.length; i += 500)
        await db.collection<{ _id: string }>('sheets').insertMany(docs.slice(i, i + 500));
      say(`loaded ${DOCS} sheets into FerretDB (${dbName}) in ${((now() - t) / 1000).toFixed(1)} s`);
    }

    // the read model's rebuild as the service does it at start: read the collection (no history), build it
    t = now();
    const stored = await db
      .collection('sheets')
      .find({}, { projection: { _outbox: 0, _applied: 0, revisions: 0, log: 0 } })
      .toArray();
    const readMs = now() - t;
    const heapBefore = process.memoryUsage().heapUsed;
    const index = new SheetReadModel(new SheetSearchService());
    t = now();
    index.replaceAll(stored.map(({ _id, ...rest }) => ({ id: _id, ...rest }) as unknown as Sheet));
    const buildMs = now() - t;
    stored.length = 0;
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    say(
      `read model rebuild of ${index.size} sheets in this process: read ${readMs.toFixed(0)} ms + build ` +
        `${buildMs.toFixed(0)} ms (heap +${heapMb.toFixed(0)} MB, before GC)`,
    );

    t = now();
    const env = {
      MONGO_URL: testInfra.mongoUrl,
      MONGO_DB: dbName,
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      IDENTITY_SECRET: TEST_AUTH.identitySecret,
      KAFKA_GROUP_ID: `bench-kb-${run}`,
      KB_SCHEDULER_INTERVAL_MS: '3600000',
      LOG_LEVEL: 'info',
      ...profiled('service'),
    };
    const svc = await spawnService(
      'services/knowledge-base/src/main.ts',
      env,
      SVC_PORT,
      900_000,
      '/health/ready',
      {
        waitForConsumers: false,
      },
    );
    procs.push(svc);
    const rebuilt = /read model and search index rebuilt: \d+ sheets in \d+ ms/.exec(svc.logs());
    say(
      `service ready ${((now() - t) / 1000).toFixed(1)} s after spawn (${rebuilt?.[0] ?? 'no rebuild line in its log'})`,
    );
    const gw = await spawnGateway({ knowledge: svc.url }, GW_PORT, {
      LOG_LEVEL: 'error',
      ...profiled('gateway'),
    });
    procs.push(gw);
    // another gateway (say, the previous commit's sources, relative to the repository) in the same loop
    const other = process.env.KB_BENCH_GATEWAY_B
      ? await spawnService(
          process.env.KB_BENCH_GATEWAY_B,
          {
            ...gatewayEnv({ knowledge: svc.url }),
            LOG_LEVEL: 'error',
            ...profiled('gateway-b'),
            ...Object.fromEntries(
              (process.env.KB_BENCH_GATEWAY_B_ENV ?? '')
                .split(/\s+/)
                .filter((kv) => kv.includes('='))
                .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
            ),
          },
          GW_PORT + 1,
          120_000,
          '/health/live',
        )
      : undefined;
    if (other) procs.push(other);

    const who = { sub: `bench-${run}`, roles: ['operator' as const] };
    const bearer = `Bearer ${await signDevToken(who, TEST_AUTH)}`;
    let identity = { value: '', at: 0 };
    const subgraphHeaders = async () => {
      if (Date.now() - identity.at > 5000)
        identity = { value: await signIdentity(who, TEST_AUTH.identitySecret), at: Date.now() };
      return { [IDENTITY_HEADER]: identity.value };
    };
    const graphql = async (url: string, headers: Record<string, string>, q: string): Promise<number> => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: SEARCH, variables: { q } }),
      });
      const body = (await res.json()) as {
        data?: { searchSheets: { hits: unknown[] } };
        errors?: unknown[];
      };
      if (!res.ok || body.errors || !body.data)
        throw new Error(`${url}: ${JSON.stringify(body).slice(0, 500)}`);
      return body.data.searchSheets.hits.length;
    };

    const queries = QUALITY_CASES.map((c) => c.query);
    // each process's CPU over the in-turn loop: the service serves every path's request, a gateway its own
    const cpu = {
      pids: [SVC_PORT, GW_PORT, GW_PORT + 1].map(childOnPort),
      ms: [] as number[],
    };
    // what the service asks the database while it answers searches
    const before = await serverCommands(client);
    const results = [
      await measure(
        'read model + index (in process)',
        queries,
        async (q) => index.search(q, { limit: 10 }).hits.filter((h) => index.get(h.id)).length,
      ),
      // the old path in the same run: the hits' sheets read from FerretDB, one `{_id}` lookup each
      await measure('index + hits read by _id from FerretDB (before)', queries, async (q) => {
        const ids = index.search(q, { limit: 10 }).hits.map((h) => h.id);
        const docs = await Promise.all(
          ids.map((id) =>
            db
              .collection<{ _id: string }>('sheets')
              .findOne({ _id: id }, { projection: { _outbox: 0, _applied: 0 } }),
          ),
        );
        return docs.filter(Boolean).length;
      }),
      // the subgraph and the gateway in turn, request by request: the ratio of the two is what counts
      ...(await measureInTurn(
        cpu,
        [
          {
            name: 'subgraph (knowledge-base)',
            run: async (q) => graphql(`${svc.url}/graphql`, await subgraphHeaders(), q),
          },
          {
            name: 'gateway → subgraph',
            run: (q) => graphql(`${gw.url}/graphql`, { authorization: bearer }, q),
          },
          ...(other
            ? [
                {
                  name: `gateway B (${process.env.KB_BENCH_GATEWAY_B}${process.env.KB_BENCH_GATEWAY_B_ENV ? ` ${process.env.KB_BENCH_GATEWAY_B_ENV}` : ''}) → subgraph`,
                  run: (q: string) => graphql(`${other.url}/graphql`, { authorization: bearer }, q),
                },
              ]
            : []),
        ],
        queries,
      )),
    ];
    const after = await serverCommands(client);

    say('');
    say(
      `search over ${DOCS} sheets, ${QUERIES} colloquial queries each, one at a time (ms); load average now ` +
        os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' '),
    );
    say('| path | p50 | p95 | p99 | req/s | hits |');
    say('|---|---|---|---|---|---|');
    for (const r of results)
      say(
        `| ${r.name} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.perSecond.toFixed(0)} | ${r.hits} |`,
      );
    const gwr = results[3];
    say('');
    say(
      `target: p95 ≤ ${TARGET_P95_MS} ms through the gateway: ${gwr.p95 <= TARGET_P95_MS ? 'met' : 'NOT met'} (${gwr.p95.toFixed(2)} ms); ` +
        `gateway p50 / subgraph p50 = ${(gwr.p50 / results[2].p50).toFixed(2)}× (target ≤ 2×), ` +
        `gateway − subgraph at p50 ${(gwr.p50 - results[2].p50).toFixed(2)} ms`,
    );
    if (results[4])
      say(
        `gateway B p50 / subgraph p50 = ${(results[4].p50 / results[2].p50).toFixed(2)}×, ` +
          `gateway B − subgraph at p50 ${(results[4].p50 - results[2].p50).toFixed(2)} ms`,
      );
    const perRequest = (ms: number | undefined, requests: number) =>
      ms === undefined || Number.isNaN(ms) ? 'unknown' : `${(ms / requests).toFixed(2)} ms`;
    const inTurn = results.length - 2; // paths in the loop: the subgraph, the gateway, gateway B
    say(
      `CPU per request over the in-turn loop (from /proc): service ${perRequest(cpu.ms[0], QUERIES * inTurn)}, ` +
        `gateway ${perRequest(cpu.ms[1], QUERIES)}` +
        (results[4] ? `, gateway B ${perRequest(cpu.ms[2], QUERIES)}` : ''),
    );
    if (before !== undefined && after !== undefined)
      say(
        `database queries (find/getMore/aggregate) on the server during the measured searches: ${after - before}`,
      );
    if (results.some((r) => r.hits === 0)) {
      failed = true;
      say('FAILED: a path found nothing');
    }
  } catch (e) {
    failed = true;
    console.error(e);
  } finally {
    for (const p of procs.reverse()) await p.stop();
    if (!process.env.BENCH_KEEP)
      await client
        .db(dbName)
        .dropDatabase()
        .catch(() => undefined);
    await client.close();
  }
  process.exit(failed ? 1 : 0);
}

/** The server's count of query commands (FerretDB answers serverStatus.opcounters), if it tells. */
async function serverCommands(client: MongoClient): Promise<number | undefined> {
  try {
    const s = (await client.db('admin').command({ serverStatus: 1 })) as {
      opcounters?: { query?: number; getmore?: number; command?: number };
    };
    const o = s.opcounters;
    return o ? Number(o.query ?? 0) + Number(o.getmore ?? 0) : undefined;
  } catch {
    return undefined;
  }
}

void main();
