/**
 * What counting a contact citing a sheet costs FerretDB (issue 17), one event at a time (the handler before) and in
 * the batches a fetch hands the batch handler, on the real FerretDB, in the same run:
 *
 *   MONGO_URL=mongodb://127.0.0.1:44002 FERRETDB_PID=$(cat $URP_INFRA_DIR/ferretdb/ferretdb.pid) \
 *     node -r @swc-node/register services/knowledge-base/scripts/usage-count-cost.ts
 *   (USAGE_N=2000 contacts per case; USAGE_BATCHES=3,10,30 the batch sizes; USAGE_STEP_MS=10 between two events'
 *   times, a partition's share of 300/s; USAGE_MARKS=0 skips the marks cases; the database is dropped at the end)
 *
 * Each case counts its own sheet, first warmed up to its steady state (every shard holding between one and two
 * windows of marks, as a sheet cited for a while), then N contacts; it prints FerretDB's CPU (utime + stime of its
 * process, /proc) and this process's per counted contact. Other processes load the machine: CPU per contact is
 * the figure, not the wall time. Then the same for one document holding M marks (the cost of a write against the
 * size of the marks it rewrites: what fewer marks per shard would save).
 */
import { trimApplied, type OutboxPort } from '@urp/kernel';
import { applyOnce } from '@urp/persistence';
import { ownCpuMs, processCpuMs } from '@urp/testing';
import { MongoClient, type Db, type Document } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import type { CountedEvent } from '../src/feedback/feedback.rules';
import { SheetStatsStore, USAGE_SHARD_WINDOW, USAGE_SHARDS } from '../src/feedback/feedback.store';

const url = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27117';
const N = Number(process.env.USAGE_N ?? 2000);
const BATCHES = (process.env.USAGE_BATCHES ?? '3,10,30').split(',').map(Number);
const ferretPid = process.env.FERRETDB_PID;

const outbox: OutboxPort = { entries: () => [], register: () => undefined, written: () => undefined };

/** FerretDB's CPU so far (ms). */
const ferretCpuMs = (): number => (ferretPid ? (processCpuMs(ferretPid) ?? NaN) : NaN);

async function measure(label: string, n: number, run: () => Promise<void>): Promise<void> {
  const f0 = ferretCpuMs();
  const o0 = ownCpuMs();
  const t0 = Date.now();
  await run();
  const ferret = (ferretCpuMs() - f0) / n;
  const own = (ownCpuMs() - o0) / n;
  const wall = (Date.now() - t0) / n;
  console.log(
    `${label.padEnd(44)} ferretdb ${ferret.toFixed(3)} ms/contact  node ${own.toFixed(3)} ms/contact  (wall ${wall.toFixed(2)} ms)`,
  );
}

const ids = (n: number) => Array.from({ length: n }, () => uuidv7());
/** A partition's events as the bench sends them: 300 registrations/s over 3 partitions, 10 ms apart. */
const STEP_MS = Number(process.env.USAGE_STEP_MS ?? 10);
// (the three-partition cases interleave three such partitions: one event every STEP_MS / 3 overall)
let clock = Date.parse('2026-12-07T09:00:00Z');
const timed = (n: number): CountedEvent[] =>
  ids(n).map((id) => ({ id, time: new Date((clock += STEP_MS)).toISOString() }));

async function countInBatches(store: SheetStatsStore, sheet: string, events: CountedEvent[], size: number) {
  for (let i = 0; i < events.length; i += size) await store.countContacts(sheet, events.slice(i, i + size));
}

async function storeCases(db: Db): Promise<void> {
  const warm = 2 * USAGE_SHARDS * USAGE_SHARD_WINDOW;
  const store = new SheetStatsStore(db, outbox);
  type Case = [string, (sheet: string, events: CountedEvent[]) => Promise<void>];
  const cases: Case[] = [
    [
      'before: one write per contact, shard by id',
      async (sheet, events) => {
        // no time: placed by id, as the previous version did
        for (const e of events) await store.countContact(sheet, e.id);
      },
    ],
    ...BATCHES.map((size): Case => [
      `batches of ${size}, shard by id`,
      (sheet, events) =>
        countInBatches(
          store,
          sheet,
          events.map((e) => ({ id: e.id })),
          size,
        ),
    ]),
    ...BATCHES.map((size): Case => [
      `after: batches of ${size}, shard by time`,
      (sheet, events) => countInBatches(store, sheet, events, size),
    ]),
  ];
  // the three partitions of the topic handled at once, each a batch of `size` events of the same moments
  cases.push(
    ...BATCHES.map((size): Case => [
      `after: 3 partitions at once, batches of ${size}`,
      async (sheet, all) => {
        // 300/s over the three: one event every STEP_MS / 3
        const t0 = Date.parse(all[0].time ?? '');
        const events = all.map((e, j) => ({
          id: e.id,
          time: new Date(t0 + (j * STEP_MS) / 3).toISOString(),
        }));
        for (let i = 0; i < events.length; i += 3 * size) {
          const fetch = events.slice(i, i + 3 * size);
          await Promise.all(
            [0, 1, 2].map((p) =>
              store.countContacts(
                sheet,
                fetch.filter((_, j) => j % 3 === p),
              ),
            ),
          );
        }
      },
    ]),
  );
  const expected = new Map<string, number>();
  for (const [label, count] of cases) {
    const sheet = `bench-${label.replace(/\W+/g, '-')}`;
    await count(sheet, timed(warm));
    await measure(label, N, () => count(sheet, timed(N)));
    expected.set(sheet, warm + N);
  }
  // the counts read back: each contact once
  for (const [sheet, n] of expected) {
    const got = (await store.get(sheet))?.contacts;
    if (got !== n) throw new Error(`${sheet}: ${got} contacts read, ${n} counted`);
  }
  const marks = (
    await db
      .collection('sheet_usage')
      .find({}, { projection: { _applied: 1 } })
      .toArray()
  ).map((d) => (d._applied as string[]).length);
  console.log(`marks per shard at the end: ${Math.min(...marks)}..${Math.max(...marks)}`);
}

/** One document with M marks kept (trimmed back every M): a write's cost against the marks it rewrites. */
async function marksCases(db: Db): Promise<void> {
  const col = db.collection<Document>('marks_cost');
  for (const m of [16, 64, 125, 250]) {
    const id = `m${m}`;
    const count = async (events: string[]) => {
      let i = 0;
      for (const e of events) {
        await applyOnce(col, id, e, { $inc: { contacts: 1, revision: 1 } });
        if (++i % m === 0) await trimApplied(col, id, m);
      }
    };
    await count(ids(2 * m));
    await measure(`one document with ${m}..${2 * m} marks`, N, () => count(ids(N)));
  }
}

async function main() {
  const client = await MongoClient.connect(url);
  const db = client.db(`kb_usage_cost_${Date.now()}`);
  try {
    console.log(
      `N=${N} contacts per case, ${USAGE_SHARDS} shards of ${USAGE_SHARD_WINDOW} marks, ferretdb pid ${ferretPid}`,
    );
    await storeCases(db);
    if (process.env.USAGE_MARKS !== '0') await marksCases(db);
  } finally {
    await db.dropDatabase();
    await client.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
