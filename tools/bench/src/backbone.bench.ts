/**
 * Benchmark of the event backbone against plain kafkajs, on the same broker, in one run:
 *
 *   npm run bench
 *
 * 1. raw kafkajs: throughput of 10,000 small messages (batches of 200, 4 sends in flight) and latency
 *    at a steady 1,000 msg/s for 10 s;
 * 2. the backbone, wired as services wire it: use case insert (document + embedded outbox) → relay →
 *    Kafka → consumer runtime → `applyOnce` projection. Throughput of 10,000 use-case calls at bounded
 *    concurrency (several values, the best is kept) and end-to-end latency at a steady 1,000 events/s.
 *
 * 3. (issue 17) the store's own ceiling for the writes one event costs, without Kafka (backbone-ceiling.ts):
 *    the backbone's events/s as a share of it, beside its share of raw kafkajs.
 *
 * Prints a table and the verdict against the targets, writes tools/bench/results/latest.json. Exits 0
 * whatever the figures; non-zero only if the bench itself failed (events lost or applied twice, write
 * errors, a phase that never drained). Every tunable is an environment variable (see README.md).
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { deadLetterTopic } from '@urp/contracts';
import { createRawKafka } from '@urp/messaging';
import type { Kafka } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { bucketOf, COUNTERS, startBackboneApp, type BackboneApp } from './backbone-app';
import { storeCeiling, type CeilingResult } from './backbone-ceiling';
import { closedLoop, openLoop, uniqueSuffix, waitUntil } from './load';
import { BackboneProfiler, type PhaseProfile } from './profile';
import { runRawBaseline, type RawResult } from './raw-kafka';
import { now, perSecond, summarize, type Summary } from './stats';

// ---------------------------------------------------------------- configuration

const num = (name: string, def: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const v = Number(raw);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return v;
};

const config = {
  brokers: (process.env.KAFKA_BROKERS ?? `127.0.0.1:${process.env.URP_KAFKA_PORT ?? 19092}`).split(','),
  mongoUrl: process.env.MONGO_URL ?? `mongodb://127.0.0.1:${process.env.URP_MONGO_PORT ?? 27117}`,
  /** Events of each throughput run (raw and backbone). */
  events: num('BENCH_EVENTS', 10_000),
  /** Steady runs: rate (events/s), duration, and the tick of the generator. */
  rate: num('BENCH_RATE', 1_000),
  steadySeconds: num('BENCH_STEADY_SECONDS', 10),
  tickMs: num('BENCH_TICK_MS', 10),
  rawBatch: num('BENCH_RAW_BATCH', 200),
  rawInFlight: num('BENCH_RAW_IN_FLIGHT', 4),
  /** Use-case calls in flight in the backbone throughput runs: each value is one run, the best is kept. */
  concurrencies: (process.env.BENCH_CONCURRENCY ?? '32,64').split(',').map((s) => Number(s.trim())),
  /**
   * Time boxes, so that a slow backbone cannot make the run last for ever: a throughput run stops
   * starting use-case calls after BENCH_WRITE_BUDGET_S (the events are then fewer than BENCH_EVENTS, and
   * the report says so), and never lets more than BENCH_MAX_BACKLOG events be written but not yet
   * applied (that bounds the time to drain). The steady run stops early once its backlog exceeds
   * BENCH_STEADY_MAX_BACKLOG (it then cannot sustain the rate: every later event would only wait longer).
   */
  writeBudgetMs: num('BENCH_WRITE_BUDGET_S', 20) * 1000,
  maxBacklog: num('BENCH_MAX_BACKLOG', 1_000),
  steadyMaxBacklog: num('BENCH_STEADY_MAX_BACKLOG', 1_000),
  drainBudgetMs: num('BENCH_DRAIN_BUDGET_S', 60) * 1000,
  /** When the target rate is not sustained: a second steady run at half the measured throughput (0 = skip). */
  sustainSeconds: process.env.BENCH_SUSTAIN_SECONDS === '0' ? 0 : num('BENCH_SUSTAIN_SECONDS', 10),
  /** Keep the bench's databases and topics afterwards (for inspection). */
  keep: process.env.BENCH_KEEP === '1',
};

const TARGET_THROUGHPUT_RATIO = 0.5;
/** Issue 17: the backbone's events/s as a share of the store's own ceiling for the writes one event costs. */
const TARGET_CEILING_SHARE = 0.7;
const TARGET_P99_MS = 50;

// ---------------------------------------------------------------- formatting

const int = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : 'n/a');
const ms = (v: number) => (Number.isFinite(v) ? (v >= 100 ? int(v) : v.toFixed(1)) : 'n/a');
const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(v < 0.1 ? 2 : 1)}%` : 'n/a');
const say = (line = '') => process.stdout.write(`${line}\n`);
const row = (cells: string[], widths: number[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');

// ---------------------------------------------------------------- backbone phases

interface Phase {
  label: string;
  dbName: string;
  app: BackboneApp;
  profiler: BackboneProfiler;
  /** Use-case calls that succeeded in this app (warm-up included). */
  written: number;
}

interface Verification {
  written: number;
  appliedDistinct: number;
  counterSum: number;
  lost: number;
  appliedTwice: number;
  duplicateDeliveriesIgnored: number;
  outboxLeft: number;
}

interface BackboneThroughput {
  concurrency: number;
  requested: number;
  written: number;
  applied: number;
  limitedBy?: string;
  elapsedMs: number;
  eventsPerSecond: number;
  writeMs: number;
  writesPerSecond: number;
  /** Applied per second while use cases were still writing, and afterwards (relay + consumer alone). */
  appliedPerSecondWhileWriting: number;
  appliedPerSecondDraining: number;
  paceByFifth: number[];
  latencyMs: Summary;
  drained: boolean;
  profile: PhaseProfile;
  verification: Verification;
}

interface BackboneSteady {
  rate: number;
  seconds: number;
  requested: number;
  written: number;
  applied: number;
  stoppedEarly?: string;
  issuedForMs: number;
  appliedPerSecondDuringRun: number;
  latencyMs: Summary;
  drained: boolean;
  profile: PhaseProfile;
}

const withCommandMonitoring = (url: string) =>
  `${url}${url.includes('?') ? '&' : url.endsWith('/') ? '?' : '/?'}monitorCommands=true`;

async function startPhase(suffix: string, label: string): Promise<Phase> {
  const dbName = `bench_${suffix}_${label}`;
  const app = await startBackboneApp({
    aggregate: `bench-${suffix}-${label}`,
    dbName,
    groupId: `urp.bench.${suffix}.${label}`,
    brokers: config.brokers,
    mongoUrl: withCommandMonitoring(config.mongoUrl),
  });
  const profiler = new BackboneProfiler(
    app.connection.getClient() as unknown as MongoClient,
    app.runtime.producer,
    'bench_items',
    COUNTERS,
  );
  // the consumer group has joined and every connection is up once one event went end to end
  const warm = app.log.window('warmup');
  await app.items.create('warmup-0', bucketOf(0));
  if (!(await waitUntil(() => warm.applied >= 1, 30_000)))
    throw new Error(`${label}: the warm-up event was not applied within 30s`);
  return { label, dbName, app, profiler, written: 1 };
}

/** Time to apply each fifth of the events, as events/s: a falling pace means costs grow with the data. */
function paceByFifth(appliedAt: readonly number[], t0: number): number[] {
  const out: number[] = [];
  const n = appliedAt.length;
  let prevIdx = 0;
  let prevAt = t0;
  for (let k = 1; k <= 5; k++) {
    const idx = Math.floor((k * n) / 5);
    if (idx <= prevIdx) continue;
    const at = appliedAt[idx - 1];
    out.push(perSecond(idx - prevIdx, at - prevAt));
    prevIdx = idx;
    prevAt = at;
  }
  return out;
}

/** Documents still carrying unpublished events (read independently of the relay's own bookkeeping). */
async function outboxLeft(phase: Phase): Promise<number> {
  const docs = await phase.app.db
    .collection('bench_items')
    .find({ _outbox: { $exists: true } }, { projection: { _outbox: 1 } })
    .toArray();
  return docs.filter((d) => Array.isArray(d._outbox) && d._outbox.length > 0).length;
}

/** Every event written by this app (warm-up included) must have been applied exactly once. */
async function verify(phase: Phase): Promise<Verification> {
  const { app } = phase;
  const windows = app.log.windows();
  const appliedDistinct = windows.reduce((n, w) => n + w.ids.size, 0);
  const counters = await app.db
    .collection(COUNTERS)
    .find({}, { projection: { n: 1 } })
    .toArray();
  const counterSum = counters.reduce((n, c) => n + ((c as { n?: number }).n ?? 0), 0);
  // the relay acknowledges after the broker did: give it a moment to empty the last outboxes
  let left = 0;
  await waitUntil(async () => (left = await outboxLeft(phase)) === 0, 10_000, 250);
  return {
    written: phase.written,
    appliedDistinct,
    counterSum,
    lost: phase.written - appliedDistinct,
    appliedTwice: Math.max(counterSum - appliedDistinct, 0) + windows.reduce((n, w) => n + w.appliedTwice, 0),
    duplicateDeliveriesIgnored: windows.reduce((n, w) => n + w.duplicates, 0),
    outboxLeft: left,
  };
}

async function backboneThroughput(phase: Phase, concurrency: number): Promise<BackboneThroughput> {
  const { app, label } = phase;
  const w = app.log.window(label);
  let writeErrors = 0;
  const publishedBefore = app.runtime.relay.published;
  const t0 = now();
  let limitedBy: string | undefined;
  const started = await closedLoop({
    total: config.events,
    concurrency,
    deadline: t0 + config.writeBudgetMs,
    hold: (n) => n - w.applied >= config.maxBacklog,
    task: async (i) => {
      try {
        await app.items.create(`${label}-${i}`, bucketOf(i));
      } catch (e) {
        if (!writeErrors++) say(`  ! use-case write failed: ${(e as Error).message}`);
      }
    },
  });
  const writesDone = now();
  const appliedWhileWriting = w.applied;
  if (started < config.events)
    limitedBy = `time budget: ${int(started)} of ${int(config.events)} use-case calls started in ${config.writeBudgetMs / 1000}s (BENCH_WRITE_BUDGET_S)`;
  const written = started - writeErrors;
  phase.written += written;
  const drained = await waitUntil(() => w.applied >= written, config.drainBudgetMs);
  const end = w.lastAppliedAt || now();
  const profile = phase.profiler.profile(t0, end, app.runtime.relay.published - publishedBefore);
  return {
    concurrency,
    requested: config.events,
    written,
    applied: w.applied,
    ...(limitedBy ? { limitedBy } : {}),
    elapsedMs: end - t0,
    eventsPerSecond: perSecond(w.applied, end - t0),
    writeMs: writesDone - t0,
    writesPerSecond: perSecond(written, writesDone - t0),
    appliedPerSecondWhileWriting: perSecond(appliedWhileWriting, writesDone - t0),
    appliedPerSecondDraining: perSecond(w.applied - appliedWhileWriting, end - writesDone),
    paceByFifth: paceByFifth(w.appliedAt, t0),
    latencyMs: summarize(w.latencies),
    drained,
    profile,
    verification: await verify(phase),
  };
}

/** Use-case calls at a fixed rate (open loop: the schedule does not wait for the backbone). */
async function backboneSteady(
  phase: Phase,
  label: string,
  rate: number,
  seconds: number,
): Promise<BackboneSteady> {
  const { app } = phase;
  const w = app.log.window(label);
  const total = Math.round(rate * seconds);
  const calls: Promise<void>[] = [];
  let writeErrors = 0;
  const publishedBefore = app.runtime.relay.published;
  const loopStart = now();
  const run = await openLoop({
    ratePerSecond: rate,
    total,
    tickMs: config.tickMs,
    emit: (from, count) => {
      for (let i = from; i < from + count; i++) {
        calls.push(
          app.items.create(`${label}-${i}`, bucketOf(i)).catch((e: unknown) => {
            if (!writeErrors++) say(`  ! use-case write failed: ${(e as Error).message}`);
          }),
        );
      }
    },
    stopIf: () => {
      const backlog = calls.length - w.applied;
      return backlog > config.steadyMaxBacklog
        ? `stopped after ${((now() - loopStart) / 1000).toFixed(1)}s: ${int(backlog)} events written but not yet applied (> ${int(config.steadyMaxBacklog)}, BENCH_STEADY_MAX_BACKLOG), the backbone does not keep up with ${int(rate)} events/s`
        : undefined;
    },
  });
  const t0 = run.startedAt;
  const appliedDuringRun = w.applied;
  await Promise.all(calls);
  const written = run.issued - writeErrors;
  phase.written += written;
  const drained = await waitUntil(() => w.applied >= written, config.drainBudgetMs);
  const end = w.lastAppliedAt || now();
  const profile = phase.profiler.profile(t0, end, app.runtime.relay.published - publishedBefore);
  return {
    rate,
    seconds,
    requested: total,
    written,
    applied: w.applied,
    ...(run.stoppedEarly ? { stoppedEarly: run.stoppedEarly } : {}),
    issuedForMs: run.endedAt - t0,
    appliedPerSecondDuringRun: perSecond(appliedDuringRun, run.endedAt - t0),
    latencyMs: summarize(w.latencies),
    drained,
    profile,
  };
}

// ---------------------------------------------------------------- report

function printProfile(p: PhaseProfile, events: number) {
  const widths = [34, 9, 11, 9, 9, 11];
  say(
    `    ${row(['where the time went', 'commands', 'statements', 'mean ms', 'p99 ms', 'write lock'], widths)}`,
  );
  for (const c of p.categories) {
    say(
      `    ${row([c.category, int(c.commands), int(c.statements), ms(c.meanMs), ms(c.p99Ms), c.lockShare !== undefined ? pct(c.lockShare) : '(read)'], widths)}`,
    );
  }
  say(
    `    FerretDB write lock busy ${pct(p.writeLockBusyShare)} of ${ms(p.windowMs / 1000)}s; relay: ${int(p.relayPublishes)} publishes, ${ms(p.eventsPerPublish)} events each; ` +
      `${int(p.produceRequests)} Kafka produce requests, mean ${ms(p.produceMeanMs)} ms`,
  );
  const lockPerEvent = (p.writeLockBusyShare * p.windowMs) / events;
  say(
    `    FerretDB write-lock time per event ${ms(lockPerEvent)} ms: at most ~${int(1000 / lockPerEvent)} events/s through this database at these sizes`,
  );
}

function printVerification(v: Verification) {
  say(
    `    check: ${int(v.written)} events written (incl. warm-up), ${int(v.appliedDistinct)} applied, counters sum ${int(v.counterSum)}, ` +
      `lost ${int(v.lost)}, applied twice ${int(v.appliedTwice)}, redeliveries ignored ${int(v.duplicateDeliveriesIgnored)}, outbox documents left ${int(v.outboxLeft)}`,
  );
}

function problemsOf(name: string, v: Verification, drained: boolean): string[] {
  const out: string[] = [];
  if (!drained)
    out.push(`${name}: did not drain within ${config.drainBudgetMs / 1000}s (BENCH_DRAIN_BUDGET_S)`);
  if (v.lost) out.push(`${name}: ${v.lost} events lost (written, never applied)`);
  if (v.appliedTwice) out.push(`${name}: ${v.appliedTwice} events applied twice`);
  if (v.counterSum !== v.appliedDistinct)
    out.push(`${name}: counters sum ${v.counterSum} ≠ ${v.appliedDistinct} events applied`);
  if (v.outboxLeft) out.push(`${name}: ${v.outboxLeft} documents still carry unpublished events`);
  return out;
}

// ---------------------------------------------------------------- main

/** Which code was measured: the commit, and whether the backbone's libraries had uncommitted changes. */
function codeVersion(): { commit?: string; libsModified?: string[] } {
  try {
    const root = join(__dirname, '..', '..', '..');
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const modified = git(
      'status',
      '--porcelain',
      '--',
      'libs/messaging/src',
      'libs/persistence/src',
      'libs/contracts/src',
    );
    return {
      commit: git('rev-parse', '--short', 'HEAD').trim(),
      libsModified: modified
        .split('\n')
        .filter(Boolean)
        .map((l) => l.slice(3)),
    };
  } catch {
    return {};
  }
}

async function preflight(): Promise<{ mongo: MongoClient; kafka: Kafka }> {
  const mongo = new MongoClient(config.mongoUrl, { serverSelectionTimeoutMS: 3000 });
  const kafka = createRawKafka(
    { clientId: 'urp-bench-admin', brokers: config.brokers },
    { retry: { retries: 1 } },
  );
  try {
    await mongo.connect();
    await mongo.db('admin').command({ ping: 1 });
    const admin = kafka.admin();
    await admin.connect();
    await admin.disconnect();
  } catch (e) {
    await mongo.close().catch(() => undefined);
    throw new Error(
      `infrastructure not reachable (Kafka ${config.brokers.join(',')}, FerretDB ${config.mongoUrl}): ${(e as Error).message}. Start it with: bash deploy/local/infra.sh start`,
    );
  }
  return { mongo, kafka };
}

async function cleanup(mongo: MongoClient, kafka: Kafka, phase: Phase) {
  // the relay first: otherwise its timer may still sweep while Nest closes the database connection
  await phase.app.runtime.relay.stop().catch(() => undefined);
  await phase.app.app
    .close()
    .catch((e: unknown) => say(`  ! closing ${phase.label}: ${(e as Error).message}`));
  if (config.keep) return;
  await mongo
    .db(phase.dbName)
    .dropDatabase()
    .catch(() => undefined);
  const admin = kafka.admin();
  await admin.connect();
  await admin
    .deleteTopics({ topics: [phase.app.topic.name, deadLetterTopic(phase.app.topic.name)] })
    .catch(() => undefined);
  await admin.disconnect();
}

async function main(): Promise<number> {
  const startedAt = now();
  const suffix = uniqueSuffix();
  const { mongo, kafka } = await preflight();
  const problems: string[] = [];
  say(`URP event backbone benchmark ${new Date().toISOString()}  run ${suffix}`);
  const code = codeVersion();
  say(
    `node ${process.version}, ${os.cpus().length} CPUs, Kafka ${config.brokers.join(',')}, FerretDB ${config.mongoUrl}`,
  );
  say(
    `code ${code.commit ?? '?'}${code.libsModified?.length ? ` + uncommitted changes in ${code.libsModified.join(', ')}` : ''}`,
  );
  say();

  // 1. raw kafkajs
  say(
    `[1/3] raw kafkajs: ${int(config.events)} messages (batches of ${config.rawBatch}, ${config.rawInFlight} sends in flight), then ${int(config.rate)} msg/s for ${config.steadySeconds}s`,
  );
  const raw: RawResult = await runRawBaseline({
    brokers: config.brokers,
    suffix,
    events: config.events,
    batchSize: config.rawBatch,
    inFlight: config.rawInFlight,
    steadyRate: config.rate,
    steadySeconds: config.steadySeconds,
    tickMs: config.tickMs,
  });
  say(
    `  throughput ${int(raw.throughput.eventsPerSecond)} events/s (${int(raw.throughput.received)} in ${ms(raw.throughput.elapsedMs)} ms)`,
  );
  say(
    `  steady ${int(raw.steady.rate)}/s: p50 ${ms(raw.steady.latencyMs.p50)} ms, p99 ${ms(raw.steady.latencyMs.p99)} ms, max ${ms(raw.steady.latencyMs.max)} ms (${int(raw.steady.received)}/${int(raw.steady.sent)} received)`,
  );
  if (raw.lost) problems.push(`raw: ${raw.lost} messages not received`);
  say();

  // 2. backbone throughput, one fresh app (database, topic, group) per concurrency
  const runs: BackboneThroughput[] = [];
  say(
    `[2/3] backbone throughput: ${int(config.events)} use-case calls, concurrency ${config.concurrencies.join(' and ')}`,
  );
  for (const c of config.concurrencies) {
    const phase = await startPhase(suffix, `tp${c}`);
    try {
      const r = await backboneThroughput(phase, c);
      runs.push(r);
      say(
        `  concurrency ${c}: ${int(r.eventsPerSecond)} events/s (${int(r.applied)} applied in ${ms(r.elapsedMs)} ms; writes alone ${int(r.writesPerSecond)}/s)`,
      );
      if (r.limitedBy) say(`    limited by ${r.limitedBy}`);
      say(
        `    applied ${int(r.appliedPerSecondWhileWriting)}/s while use cases wrote, ${int(r.appliedPerSecondDraining)}/s draining afterwards; by fifth of the events: ${r.paceByFifth.map(int).join(' → ')}`,
      );
      say(
        `    end-to-end latency under this load: p50 ${ms(r.latencyMs.p50)} ms, p99 ${ms(r.latencyMs.p99)} ms`,
      );
      printProfile(r.profile, r.applied);
      printVerification(r.verification);
      problems.push(...problemsOf(`backbone c=${c}`, r.verification, r.drained));
    } finally {
      await cleanup(mongo, kafka, phase);
    }
  }
  const best = runs.reduce<BackboneThroughput | undefined>(
    (b, r) => (!b || r.eventsPerSecond > b.eventsPerSecond ? r : b),
    undefined,
  );
  say();

  // 3. backbone at a steady rate: the target rate, then (if it was not sustained) half the measured throughput
  say(`[3/3] backbone steady: ${int(config.rate)} events/s for ${config.steadySeconds}s`);
  let steady: BackboneSteady;
  let sustainable: BackboneSteady | undefined;
  let steadyCheck: Verification;
  const phase = await startPhase(suffix, 'steady');
  try {
    steady = await backboneSteady(phase, 'steady', config.rate, config.steadySeconds);
    say(
      `  p50 ${ms(steady.latencyMs.p50)} ms, p99 ${ms(steady.latencyMs.p99)} ms, max ${ms(steady.latencyMs.max)} ms over ${int(steady.applied)} events`,
    );
    if (steady.stoppedEarly) say(`    ${steady.stoppedEarly}`);
    say(
      `    applied ${int(steady.appliedPerSecondDuringRun)} events/s while writing at ${int(config.rate)}/s`,
    );
    printProfile(steady.profile, steady.applied);
    const bestRate = best?.eventsPerSecond ?? 0;
    if (steady.stoppedEarly && bestRate > 2 && config.sustainSeconds > 0) {
      const rate = Math.max(1, Math.floor(bestRate / 2));
      say(
        `  for comparison, at a rate it sustains (half its throughput): ${int(rate)} events/s for ${config.sustainSeconds}s`,
      );
      sustainable = await backboneSteady(phase, 'sustain', rate, config.sustainSeconds);
      say(
        `    p50 ${ms(sustainable.latencyMs.p50)} ms, p99 ${ms(sustainable.latencyMs.p99)} ms, max ${ms(sustainable.latencyMs.max)} ms over ${int(sustainable.applied)} events${sustainable.stoppedEarly ? ` (${sustainable.stoppedEarly})` : ''}`,
      );
      printProfile(sustainable.profile, sustainable.applied);
    }
    steadyCheck = await verify(phase);
    printVerification(steadyCheck);
    problems.push(
      ...problemsOf('backbone steady', steadyCheck, steady.drained && (sustainable?.drained ?? true)),
    );
  } finally {
    await cleanup(mongo, kafka, phase);
  }
  // 4. the store's own ceiling for the writes one event costs (insert + outbox, ack, idempotent apply), no Kafka
  say();
  say(
    `[4/4] the store's ceiling: the writes of one event (insert with its outbox entry, relay ack, applyOnce) without Kafka, ` +
      `concurrency ${config.concurrencies.join(' and ')}, at most ${config.writeBudgetMs / 1000}s each`,
  );
  const ceilings: CeilingResult[] = [];
  for (const c of config.concurrencies) {
    const dbName = `bench_${suffix}_ceiling${c}`;
    try {
      const r = await storeCeiling(mongo.db(dbName), {
        events: config.events,
        concurrency: c,
        budgetMs: config.writeBudgetMs,
        aggregate: `bench-${suffix}-ceiling${c}`,
      });
      ceilings.push(r);
      say(
        `  concurrency ${c}: ${int(r.eventsPerSecond)} events/s (${int(r.events)} events in ${ms(r.elapsedMs)} ms, ${int(r.ackRounds)} ack rounds)` +
          (r.limitedBy ? `; limited by ${r.limitedBy}` : ''),
      );
    } catch (e) {
      problems.push(`store ceiling c=${c}: ${(e as Error).message}`);
    } finally {
      if (!config.keep)
        await mongo
          .db(dbName)
          .dropDatabase()
          .catch(() => undefined);
    }
  }
  const ceiling = ceilings.reduce<CeilingResult | undefined>(
    (b, r) => (!b || r.eventsPerSecond > b.eventsPerSecond ? r : b),
    undefined,
  );
  await mongo.close();
  say();

  // summary
  const ratio = (best?.eventsPerSecond ?? NaN) / raw.throughput.eventsPerSecond;
  const widths = [30, 14, 22, 16];
  say(
    row(['', 'raw kafkajs', `backbone${best ? ` (c=${best.concurrency})` : ''}`, 'backbone / raw'], widths),
  );
  say(
    row(
      [
        'throughput (events/s)',
        int(raw.throughput.eventsPerSecond),
        int(best?.eventsPerSecond ?? NaN),
        pct(ratio),
      ],
      widths,
    ),
  );
  say(
    row(
      [`steady ${int(config.rate)}/s p50 (ms)`, ms(raw.steady.latencyMs.p50), ms(steady.latencyMs.p50), ''],
      widths,
    ),
  );
  say(
    row(
      [`steady ${int(config.rate)}/s p99 (ms)`, ms(raw.steady.latencyMs.p99), ms(steady.latencyMs.p99), ''],
      widths,
    ),
  );
  if (sustainable) {
    say(
      row(
        [
          `backbone at ${int(sustainable.rate)}/s p50 / p99`,
          '',
          `${ms(sustainable.latencyMs.p50)} / ${ms(sustainable.latencyMs.p99)}`,
          '',
        ],
        widths,
      ),
    );
  }
  const ceilingShare = (best?.eventsPerSecond ?? NaN) / (ceiling?.eventsPerSecond ?? NaN);
  say(
    row(
      [
        "store's ceiling (events/s)",
        '',
        `${int(ceiling?.eventsPerSecond ?? NaN)}${ceiling ? ` (c=${ceiling.concurrency})` : ''}`,
        '',
      ],
      widths,
    ),
  );
  say(row(['backbone / store ceiling', '', pct(ceilingShare), ''], widths));
  if (best?.limitedBy)
    say(
      `(backbone throughput run cut short by its time box: ${int(best.applied)} of ${int(config.events)} events)`,
    );
  if (steady.stoppedEarly) say(`(backbone steady run stopped early: the rate was not sustained)`);
  say();
  const throughputMet = ratio >= TARGET_THROUGHPUT_RATIO;
  const p99Met = !steady.stoppedEarly && steady.latencyMs.p99 < TARGET_P99_MS;
  say('Targets');
  say(
    `  backbone throughput ≥ ${pct(TARGET_THROUGHPUT_RATIO)} of raw: ${throughputMet ? 'met' : 'NOT met'} ` +
      `(${int(best?.eventsPerSecond ?? NaN)} vs ${int(raw.throughput.eventsPerSecond)} events/s = ${pct(ratio)})`,
  );
  const ceilingMet = ceilingShare >= TARGET_CEILING_SHARE;
  say(
    `  backbone ≥ ${pct(TARGET_CEILING_SHARE)} of the store's ceiling: ${ceilingMet ? 'met' : 'NOT met'} ` +
      `(${int(best?.eventsPerSecond ?? NaN)} vs ${int(ceiling?.eventsPerSecond ?? NaN)} events/s = ${pct(ceilingShare)}; ` +
      `beside ${pct(ratio)} of raw kafkajs)`,
  );
  say(
    `  backbone p99 < ${TARGET_P99_MS} ms at a steady ${int(config.rate)} events/s: ${p99Met ? 'met' : 'NOT met'} ` +
      `(p99 ${ms(steady.latencyMs.p99)} ms${steady.stoppedEarly ? `; ${int(config.rate)} events/s was not sustained: ${int(steady.appliedPerSecondDuringRun)} events/s applied` : ''})`,
  );

  const results = {
    run: suffix,
    date: new Date().toISOString(),
    durationS: (now() - startedAt) / 1000,
    environment: {
      node: process.version,
      cpus: os.cpus().length,
      brokers: config.brokers,
      mongoUrl: config.mongoUrl,
      code: codeVersion(),
    },
    config,
    raw,
    backbone: {
      throughputRuns: runs,
      best: best?.concurrency,
      steady,
      sustainable,
      steadyVerification: steadyCheck,
    },
    storeCeiling: { runs: ceilings, best: ceiling?.concurrency },
    targets: {
      throughputRatio: { target: TARGET_THROUGHPUT_RATIO, value: ratio, met: throughputMet },
      ceilingShare: { target: TARGET_CEILING_SHARE, value: ceilingShare, met: ceilingMet },
      steadyP99Ms: {
        target: TARGET_P99_MS,
        value: steady.latencyMs.p99,
        met: p99Met,
        rateSustained: !steady.stoppedEarly,
      },
    },
    problems,
  };
  const dir = join(__dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'latest.json'),
    `${JSON.stringify(results, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`,
  );
  say();
  say(`results: tools/bench/results/latest.json (whole run ${ms((now() - startedAt) / 1000)}s)`);
  if (problems.length) {
    say('BENCH FAILED:');
    for (const p of problems) say(`  - ${p}`);
    return 1;
  }
  return 0;
}

// a hung broker or database must not hang the bench for ever
const watchdog = setTimeout(() => {
  say('bench did not finish within 15 minutes: aborting');
  process.exit(3);
}, 15 * 60_000);
watchdog.unref();

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(2);
  },
);
