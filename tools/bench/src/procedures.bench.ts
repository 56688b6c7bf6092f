/**
 * Procedures benchmark (`npm run bench -- procedures`):
 *
 * 1. Due-date computations per second with suspensions (`@urp/legal-clock` computeDueDate), against a naive
 *    day-by-day walk over the same inputs as the baseline. Target: ≥ 100,000 computations/s.
 * 2. The responsible person's desk query (GraphQL `procedureDesk`, straight to the subgraph) with 100,000 open
 *    procedures in the database, p95 latency, against the baseline of the obvious query on the procedures
 *    collection (`find({responsibleId}).sort({dueDate: 1})`, a full scan on FerretDB). Target: p95 < 50 ms.
 *    With `--desk-page` (or BENCH_PROCEDURES_SERVICE=0) this part is skipped.
 * 3. The desk page in process (issue 17), CPU time per desk request: the read model at 100,000 procedures (a
 *    desk of ~18,000 open ones, the size of the busiest desk of the full-scale user-path bench), the index in the
 *    desk's order (`ProcedureReadModel.deskView`) against the baseline of the use case before it (the desk's items,
 *    filtered by the policy, mapped and sorted by `deskView` of desk.rules.ts), the answers first checked equal.
 *
 * Needs the database (FerretDB locally; URP_MONGO_PORT / MONGO_URL) and Kafka (the service starts its consumer).
 */
import { IDENTITY_HEADER, signIdentity } from '@urp/auth';
import {
  addDays,
  computeDueDate,
  dueDateDayByDay,
  LegalCalendar,
  romeCivilDate,
  type ClockInput,
} from '@urp/legal-clock';
import { sleep, TEST_AUTH, testInfra, uniqueName, waitFor } from '@urp/testing';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { Actor } from '@urp/kernel';
/* eslint-disable @nx/enforce-module-boundaries -- the benchmark measures the service's own read model in process,
   importing it directly as a test would */
import { deskView, type DeskItem } from '../../../services/procedures/src/procedure/desk.rules';
import { DESK_ROW_FIELDS } from '../../../services/procedures/src/procedure/procedure.read-model.desk';
import {
  ProcedureReadModel,
  toSummary,
  type ProcedureSummary,
} from '../../../services/procedures/src/procedure/procedure.read-model';
import type { Procedure } from '../../../services/procedures/src/procedure/procedure.state';
import { proceduresPolicy } from '../../../services/procedures/src/procedures.policy';
/* eslint-enable @nx/enforce-module-boundaries */
import { now, percentile } from './stats';

const TARGET_RATE = 100_000;
const TARGET_P95_MS = 50;
const PROCEDURES = Number(process.env.BENCH_PROCEDURES ?? 100_000);
const RESPONSIBLES = Number(process.env.BENCH_RESPONSIBLES ?? 100);
const PORT = 4440;

/** Deterministic pseudo-random numbers (the same inputs every run). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function clockInputs(n: number): ClockInput[] {
  const r = rng(42);
  const kinds = ['document_request', 'rejection_notice', 'third_party_objection'];
  const out: ClockInput[] = [];
  for (let i = 0; i < n; i++) {
    const receivedOn = addDays('2025-01-01', Math.floor(r() * 1000));
    const termDays = [20, 30, 30, 30, 45, 60, 90, 180][Math.floor(r() * 8)];
    const count = 1 + Math.floor(r() * 3); // 1-3 suspensions each: the target is "with suspensions"
    const suspensions = [];
    for (let k = 0; k < count; k++) {
      const start = Math.floor(r() * termDays);
      suspensions.push({
        id: `s${k}`,
        kind: kinds[Math.floor(r() * kinds.length)],
        start: addDays(receivedOn, start),
        end: addDays(receivedOn, start + Math.floor(r() * 35)),
      });
    }
    out.push({ receivedOn, termDays, suspensions });
  }
  return out;
}

/**
 * Computations per second, as the median of `windows` windows of `windowMs` each, by the wall clock and per
 * second of CPU time this process actually got (the machine is shared and often oversubscribed: the wall-clock
 * rate then measures the neighbours as much as the code; the CPU-time rate measures the code).
 */
function rate(fn: (x: ClockInput) => unknown, inputs: ClockInput[], windows = 9, windowMs = 250) {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let w = 0; w < windows; w++) {
    let done = 0;
    const t0 = now();
    const c0 = process.cpuUsage();
    while (now() - t0 < windowMs) {
      for (const x of inputs) fn(x);
      done += inputs.length;
    }
    const used = process.cpuUsage(c0);
    wall.push((done * 1000) / (now() - t0));
    cpu.push((done * 1e6) / (used.user + used.system));
  }
  return { median: percentile(wall, 50), best: Math.max(...wall), cpu: percentile(cpu, 50) };
}

function benchClock() {
  const calendar = new LegalCalendar({ patronSaint: { month: 8, day: 10 } });
  const inputs = clockInputs(10_000);
  // same answers first: a fast wrong clock is worth nothing
  for (const x of inputs.slice(0, 2000)) {
    if (computeDueDate(x, calendar).dueDate !== dueDateDayByDay(x, calendar))
      throw new Error(`clock and baseline disagree on ${JSON.stringify(x)}`);
  }
  rate((x) => computeDueDate(x, calendar), inputs, 2); // warm-up
  const fast = rate((x) => computeDueDate(x, calendar), inputs);
  const naive = rate((x) => dueDateDayByDay(x, calendar), inputs);
  return { fast, naive };
}

async function benchDesk() {
  const db = `bench_procedures_${Date.now().toString(36)}`;
  const client = await MongoClient.connect(testInfra.mongoUrl);
  const today = romeCivilDate(new Date());
  const r = rng(7);
  const procedures = client.db(db).collection('procedures');
  const t0 = now();
  const batch: Record<string, unknown>[] = [];
  for (let i = 0; i < PROCEDURES; i++) {
    const responsibleId = `ref-${i % RESPONSIBLES}`;
    const receivedOn = addDays(today, -Math.floor(r() * 60));
    const suspended = r() < 0.1;
    const dueDate = suspended ? null : addDays(receivedOn, 30);
    const id = `prc_bench_${i.toString(36).padStart(6, '0')}`;
    const item = {
      id,
      typeCode: 'contributo_economico',
      typeName: 'Contributo economico',
      subject: `Pratica ${i}`,
      protocolNumber: `2026/${String(i).padStart(7, '0')}`,
      status: suspended ? 'suspended' : 'started',
      phase: 'ordinary',
      receivedOn,
      dueDate,
      latestDueDate: suspended ? addDays(receivedOn, 60) : null,
      nextClockCheck: null,
    };
    batch.push({ _id: id, ...item, responsibleId, legalTermDays: 30, timeline: [], suspensions: [] });
    // FerretDB 1.24 holds a connection per statement: commands of ~100 statements exhaust its pool (see README)
    if (batch.length === 50) await procedures.insertMany(batch.splice(0), { ordered: false });
    if ((i + 1) % 20_000 === 0) console.log(`  … ${i + 1} procedures loaded`);
  }
  if (batch.length) await procedures.insertMany(batch.splice(0), { ordered: false });
  const loadSeconds = (now() - t0) / 1000;

  // the service as its own process, with the probe of satisfaction-page.bench.ts preloaded: the store commands it
  // sends while the desk is asked (MongoDB command monitoring on its connections), toggled by SIGWINCH
  const probeOut = join(tmpdir(), `procedures-desk-probe-${process.pid}.json`);
  const child = spawn(
    process.execPath,
    [
      '-r',
      '@swc-node/register',
      '-r',
      join(__dirname, 'satisfaction-page-probe.ts'),
      join(__dirname, '../../../services/procedures/src/main.ts'),
    ],
    {
      cwd: join(__dirname, '../../..'),
      env: {
        ...process.env,
        LOG_LEVEL: 'warn',
        PORT: String(PORT),
        HOST: '127.0.0.1',
        MONGO_URL: testInfra.mongoUrl,
        MONGO_DB: db,
        KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
        KAFKA_GROUP_ID: uniqueName('bench-procedures'),
        IDENTITY_SECRET: TEST_AUTH.identitySecret,
        CLOCK_TICK_MS: String(3_600_000),
        SAT_PAGE_PROBE_OUT: probeOut,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const pid = child.pid ?? 0;
  const svc = {
    url: `http://127.0.0.1:${PORT}`,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  await waitFor(
    async () => {
      if (child.exitCode !== null) return true;
      return (await fetch(`${svc.url}/health/ready`).catch(() => null))?.ok === true;
    },
    {
      timeoutMs: 1_800_000,
      intervalMs: 500,
      what: 'the procedures service (it rebuilds its read model first)',
    },
  );
  if (child.exitCode !== null) throw new Error('the procedures service exited during start-up');
  /** CPU time (user + system, ms) the service has used so far. */
  const cpuMs = () => {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  };
  // a benchmark interrupted (Ctrl-C, timeout) must not leave its service running
  const interrupted = () => void svc.stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    // the desk as the UI asks for it: the first 50 of each list and the counts
    const query = `query($r: ID) { procedureDesk(responsibleId: $r) { total upcomingCount overdueCount suspendedCount byNextDeadline { id protocolNumber typeName dueDate daysLeft } overdue { id protocolNumber dueDate daysLeft } suspended { id latestDueDate } } }`;
    const floorQuery = `{ procedureTypes { id } }`;
    const ask = async (responsibleId: string, q = query) => {
      const identity = await signIdentity({ sub: 'bench', roles: ['manager'] }, TEST_AUTH.identitySecret);
      const t = now();
      const res = await fetch(`${svc.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identity },
        body: JSON.stringify({ query: q, variables: q === query ? { r: responsibleId } : {} }),
      });
      const body = (await res.json()) as { data?: { procedureDesk?: { total: number } }; errors?: unknown[] };
      if (!body.data || body.errors) throw new Error(`desk query failed: ${JSON.stringify(body.errors)}`);
      return { ms: now() - t, total: body.data.procedureDesk?.total ?? 0 };
    };
    // first query of every desk (the read model is rebuilt before the service answers)
    const first: number[] = [];
    for (let i = 0; i < RESPONSIBLES; i++) first.push((await ask(`ref-${i}`)).ms);
    const desk: number[] = [];
    let items = 0;
    rmSync(probeOut, { force: true });
    process.kill(pid, 'SIGWINCH');
    await sleep(300);
    const cpu0 = cpuMs();
    for (let i = 0; i < 300; i++) {
      const { ms, total } = await ask(`ref-${Math.floor(r() * RESPONSIBLES)}`);
      desk.push(ms);
      items = total;
    }
    const serviceCpuMs = (cpuMs() - cpu0) / 300;
    process.kill(pid, 'SIGWINCH');
    await waitFor(() => existsSync(probeOut), { timeoutMs: 30_000, intervalMs: 50, what: 'the probe' });
    await sleep(100);
    const commands = JSON.parse(readFileSync(probeOut, 'utf8')).commands as Record<
      string,
      { commands: number; filters: string[] }
    >;
    // the floor: the same GraphQL path with a trivial query (what the machine costs before any desk work)
    const floor: number[] = [];
    for (let i = 0; i < 100; i++) floor.push((await ask('', floorQuery)).ms);
    // baseline: the obvious query on the procedures collection (a full scan on FerretDB)
    const naive: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = now();
      await procedures
        .find({ responsibleId: `ref-${Math.floor(r() * RESPONSIBLES)}`, status: { $ne: 'decided' } })
        .sort({ dueDate: 1 })
        .toArray();
      naive.push(now() - t);
    }
    return { desk, first, naive, floor, items, loadSeconds, serviceCpuMs, commands };
  } finally {
    await svc.stop();
    await client
      .db(db)
      .dropDatabase()
      .catch(() => undefined);
    await client.close();
  }
}

/**
 * 100,000 summaries as the read model holds them (made by `toSummary`, as every write and the rebuild make them: the
 * objects' shapes matter to V8): 4 desks of ~18,000 open procedures, 3 offices.
 */
function summaries(n: number, today: string): ProcedureSummary[] {
  const r = rng(11);
  const offices = ['servizi_sociali', 'tributi', 'edilizia'];
  const out: ProcedureSummary[] = [];
  for (let i = 0; i < n; i++) {
    const receivedOn = addDays(today, -Math.floor(r() * 90));
    const decided = r() < 0.28;
    const suspended = !decided && r() < 0.1;
    const due = addDays(receivedOn, [30, 60, 90][i % 3]);
    const p = {
      id: `prc_${i.toString(36).padStart(6, '0')}`,
      typeCode: `tipo_${i % 32}`,
      typeName: `Tipo ${i % 32}`,
      officeId: offices[i % 3],
      subject: `Pratica ${i}`,
      protocolNumber: `2026/${String(i).padStart(7, '0')}`,
      status: decided ? 'decided' : suspended ? 'suspended' : 'started',
      phase: 'ordinary',
      receivedOn,
      dueDate: suspended || decided ? null : due,
      latestDueDate: suspended ? addDays(due, 30) : null,
      nextClockCheck: null,
      deliveries: r() < 0.02 ? [{ status: 'failed' }] : [],
      // silent assent forms on a fifth of them (an eligible type, art. 20)
      silenceRule: i % 5 === 0 ? 'silent_assent' : 'none',
      kind: 'generic',
      initiative: 'party',
      responsibleId: `ref-${i % 4}`,
      createdAt: new Date(Date.parse('2026-01-01T00:00:00Z') + i * 1000).toISOString(),
      updatedAt: new Date(Date.parse('2026-01-01T00:00:00Z') + i * 1000).toISOString(),
      revision: 1,
    };
    out.push(toSummary(p as unknown as Procedure));
  }
  return out;
}

/** CPU microseconds per call of `fn`: the median of `windows` windows of `calls` calls each. */
function cpuPerCall(fn: () => unknown, calls: number, windows = 7): number {
  const per: number[] = [];
  for (let w = 0; w < windows; w++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < calls; i++) fn();
    const used = process.cpuUsage(c0);
    per.push((used.user + used.system) / calls);
  }
  return percentile(per, 50);
}

function benchDeskPage() {
  const today = romeCivilDate(new Date());
  const model = new ProcedureReadModel();
  const t0 = process.cpuUsage();
  model.replaceAll(summaries(PROCEDURES, today));
  const built = process.cpuUsage(t0);
  const manager: Actor = { sub: 'mgr', roles: ['manager'] };
  const referent: Actor = { sub: 'ref-0', roles: ['referent'], offices: ['tributi'] };
  const mayShow = (actor: Actor) => (officeId: string | undefined) =>
    proceduresPolicy.allows('procedure.desk', actor, { officeId } as DeskItem);
  const before = (actor: Actor) => () =>
    deskView(proceduresPolicy.visible('procedure.desk', actor, model.desk('ref-0')), today, 50);
  const after = (actor: Actor) => () => model.deskView('ref-0', mayShow(actor), today, 50);
  // the same answer as GraphQL shows it (the old rows also carried fields the schema never showed)
  const shown = (v: Record<string, unknown>) =>
    JSON.stringify(v, (_k, x: unknown) =>
      x && typeof x === 'object' && 'protocolNumber' in x
        ? DESK_ROW_FIELDS.map((f) => (x as Record<string, unknown>)[f])
        : x,
    );
  for (const actor of [manager, referent])
    if (shown(before(actor)()) !== shown(after(actor)()))
      throw new Error(`the indexed desk differs from deskView for ${actor.sub}`);
  const open = model.desk('ref-0').length;
  // a write: a procedure of the desk suspended and resumed (it leaves and re-enters the sorted lists)
  const held = model.desk('ref-0')[0];
  const asProcedure = (s: ProcedureSummary, revision: number) =>
    ({ ...s, deliveries: [], silenceRule: 'none', revision }) as unknown as Procedure;
  let revision = held.revision;
  const write = () => {
    revision++;
    model.upsert(
      asProcedure(
        revision % 2 ? { ...held, status: 'suspended', dueDate: null, latestDueDate: held.dueDate } : held,
        revision,
      ),
    );
  };
  cpuPerCall(before(manager), 20, 2); // warm-up
  cpuPerCall(after(manager), 2000, 2);
  return {
    open,
    buildMs: (built.user + built.system) / 1000,
    beforeManager: cpuPerCall(before(manager), 20),
    afterManager: cpuPerCall(after(manager), 2000),
    beforeReferent: cpuPerCall(before(referent), 20),
    afterReferent: cpuPerCall(after(referent), 2000),
    write: cpuPerCall(write, 2000),
  };
}

async function main() {
  const onlyPage = process.argv.includes('--desk-page') || process.env.BENCH_PROCEDURES_SERVICE === '0';
  const clock = benchClock();
  console.log(
    `due-date computation with 1-3 suspensions each (10,000 distinct inputs; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} cores)`,
  );
  const n = (x: number) => Math.round(x).toLocaleString('en');
  const fmt = (r: { median: number; best: number; cpu: number }) =>
    `${n(r.median)} /s wall clock (median of 9 windows, best ${n(r.best)}); ${n(r.cpu)} per CPU-second`;
  console.log(`  @urp/legal-clock computeDueDate : ${fmt(clock.fast)}`);
  console.log(`  baseline day-by-day walk        : ${fmt(clock.naive)}`);
  console.log(
    `  target ≥ ${TARGET_RATE.toLocaleString('en')}/s: wall clock ${clock.fast.median >= TARGET_RATE ? 'MET' : 'NOT MET'}, per CPU-second ${clock.fast.cpu >= TARGET_RATE ? 'MET' : 'NOT MET'} (${(clock.fast.cpu / clock.naive.cpu).toFixed(1)}× the baseline)`,
  );

  const page = benchDeskPage();
  const us = (x: number) => `${x.toFixed(1)} µs`;
  console.log(
    `\ndesk page in process: ${PROCEDURES.toLocaleString('en')} procedures in the read model, the desk of ${page.open.toLocaleString('en')} open ones, the first 50 of each list and the counts (index built in ${page.buildMs.toFixed(0)} ms of CPU; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})`,
  );
  console.log(
    `  CPU per desk request, manager  : index ${us(page.afterManager)}, baseline (map + sort the desk) ${us(page.beforeManager)}: ${(page.beforeManager / page.afterManager).toFixed(0)}× less`,
  );
  console.log(
    `  CPU per desk request, referent : index ${us(page.afterReferent)}, baseline ${us(page.beforeReferent)}: ${(page.beforeReferent / page.afterReferent).toFixed(0)}× less`,
  );
  console.log(
    `  CPU per write kept in the index (a procedure of that desk suspended or resumed): ${us(page.write)}`,
  );
  if (onlyPage) return;

  const d = await benchDesk();
  const p = (v: number[], q: number) => percentile(v, q).toFixed(1);
  console.log(
    `\ndesk query with ${PROCEDURES.toLocaleString('en')} open procedures over ${RESPONSIBLES} responsible persons (~${Math.round(PROCEDURES / RESPONSIBLES)} each, last desk read had ${d.items}; loaded in ${d.loadSeconds.toFixed(0)} s)`,
  );
  console.log(
    `  procedureDesk via GraphQL, steady state (the read model's index): p50 ${p(d.desk, 50)} ms, p95 ${p(d.desk, 95)} ms, p99 ${p(d.desk, 99)} ms (n=${d.desk.length})`,
  );
  const sent = Object.entries(d.commands)
    .map(([k, c]) => `${k} ${c.commands} (${c.filters.join(' ')})`)
    .join('; ');
  console.log(
    `  per desk request in the service: ${d.serviceCpuMs.toFixed(2)} ms of CPU (its /proc counters over the 300); store commands while they ran: ${sent || 'none'}`,
  );
  console.log(
    `  first query of each desk (cold or preloaded at start): p50 ${p(d.first, 50)} ms, p95 ${p(d.first, 95)} ms (n=${d.first.length})`,
  );
  console.log(
    `  floor, a trivial query on the same GraphQL path: p50 ${p(d.floor, 50)} ms, p95 ${p(d.floor, 95)} ms (n=${d.floor.length})`,
  );
  console.log(
    `  baseline find({responsibleId}).sort(dueDate) on procedures: p50 ${p(d.naive, 50)} ms, p95 ${p(d.naive, 95)} ms (n=${d.naive.length})`,
  );
  const p95 = percentile(d.desk, 95);
  console.log(
    `  target p95 < ${TARGET_P95_MS} ms: ${p95 < TARGET_P95_MS ? 'MET' : 'NOT MET'} (load average now ${loadavg()[0].toFixed(1)})`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
