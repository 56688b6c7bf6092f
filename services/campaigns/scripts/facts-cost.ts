/**
 * What campaigns' projection of ContactRegistered costs per contact (issue 17): N contacts written into
 * `contact_facts` the way the consumer did (one `record`, one insert each, with the `{at: 1}` index) and the way it
 * does now (`recordMany` per run of ~10 events, the consumer's fetch size, and no secondary index on FerretDB),
 * plus the two in between; then the services used (`recipients`) of contacts whose citizens are all new (the
 * worst case: the in-memory memo never hits), one `noteServiceUsed` each against `noteServicesUsed` per run.
 * Each variant in a database of its own. Printed: CPU milliseconds per contact of FerretDB (its process, /proc)
 * and of this process. Other processes on the machine do not count in either figure.
 *
 *   URP_MONGO_PORT=… URP_INFRA_DIR=… node -r @swc-node/register services/campaigns/scripts/facts-cost.ts \
 *     [--n=3000] [--batch=10] [--rounds=1]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FixedClock, ServiceKernel, type OutboxPort } from '@urp/kernel';
import { ownCpuMs, processCpuMs } from '@urp/testing';
import { MongoClient, type Db } from 'mongodb';
import { AudienceUseCases } from '../src/audience/audience.use-cases';
import { RecipientStore } from '../src/audience/recipient.store';
import type { DeliveryStore } from '../src/delivery/delivery.store';
import { ContactFactStore, EffectUseCases, type ContactFact } from '../src/effect/effect.use-cases';

const arg = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? undefined;
const N = Number(arg('n') ?? 3000);
const BATCH = Number(arg('batch') ?? 10);
const ROUNDS = Number(arg('rounds') ?? 1);
const MONGO_URL = process.env.MONGO_URL ?? `mongodb://127.0.0.1:${process.env.URP_MONGO_PORT ?? 27117}`;
const INFRA = process.env.URP_INFRA_DIR ?? join(__dirname, '../../../.infra');
const FERRET_PID = Number(readFileSync(join(INFRA, 'ferretdb/ferretdb.pid'), 'utf8').trim());

const procCpuMs = (pid: number): number => processCpuMs(pid) ?? NaN;

const outbox: OutboxPort = { entries: () => [], register: () => undefined, written: () => undefined };
const kernel = new ServiceKernel(
  { source: '/urp/campaigns' },
  new FixedClock(new Date('2026-12-07T10:00:00Z')),
);

const facts = (run: string): ContactFact[] =>
  Array.from({ length: N }, (_, i) => ({
    id: `${run}-c${i}`,
    revision: 0,
    at: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
    category: ['tributi', 'anagrafe_stato_civile', 'urp_generale'][i % 3],
    sheetIds: i % 4 ? [] : ['sheet-tari'],
    channel: 'phone',
  }));

const chunks = <T>(xs: T[], size: number) =>
  Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));

interface Variant {
  name: string;
  run(db: Db, tag: string): Promise<void>;
}

const factVariant = (name: string, index: 'at' | 'none', batch: number): Variant => ({
  name,
  async run(db, tag) {
    const store = new ContactFactStore(db, outbox);
    if (index === 'at') await store.collection.createIndex({ at: 1 });
    const effect = new EffectUseCases(store, null as unknown as DeliveryStore, kernel);
    const all = facts(tag);
    await measure(name, all.length, async () => {
      if (batch === 1) for (const f of all) await effect.record(f);
      else for (const run of chunks(all, batch)) await effect.recordMany(run);
    });
    const stored = await store.collection.countDocuments({});
    if (stored !== all.length) throw new Error(`${name}: ${stored} facts for ${all.length} contacts`);
  },
});

const noteVariant = (name: string, batch: number): Variant => ({
  name,
  async run(db, tag) {
    const audience = new AudienceUseCases(new RecipientStore(db, outbox), kernel);
    const notes = facts(tag).map((f, i) => ({
      requesterId: `req_${tag}${i}`,
      category: f.category ?? 'urp_generale',
      eventId: `${tag}-e${i}`,
    }));
    await measure(name, notes.length, async () => {
      if (batch === 1)
        for (const n of notes) await audience.noteServiceUsed(n.requesterId, n.category, n.eventId);
      else for (const run of chunks(notes, batch)) await audience.noteServicesUsed(run);
    });
  },
});

const rows: string[] = [];
async function measure(name: string, n: number, work: () => Promise<void>) {
  const f0 = procCpuMs(FERRET_PID);
  const o0 = ownCpuMs();
  const t0 = performance.now();
  await work();
  const wall = performance.now() - t0;
  const ferret = (procCpuMs(FERRET_PID) - f0) / n;
  const own = (ownCpuMs() - o0) / n;
  rows.push(
    `| ${name} | ${n} | ${ferret.toFixed(2)} | ${own.toFixed(2)} | ${(ferret + own).toFixed(2)} | ${((n / wall) * 1000).toFixed(0)} |`,
  );
  console.log(rows[rows.length - 1]);
}

async function main() {
  const client = await MongoClient.connect(MONGO_URL);
  const variants: Variant[] = [
    factVariant('facts before: record each, {at} index', 'at', 1),
    factVariant('facts: record each, no index', 'none', 1),
    factVariant(`facts: recordMany of ${BATCH}, {at} index`, 'at', BATCH),
    factVariant(`facts now: recordMany of ${BATCH}, no index`, 'none', BATCH),
    noteVariant('services used before: noteServiceUsed each (all new citizens)', 1),
    noteVariant(`services used now: noteServicesUsed of ${BATCH} (all new citizens)`, BATCH),
  ];
  const dbs: Db[] = [];
  try {
    console.log(`N=${N} contacts per variant, runs of ${BATCH}, FerretDB pid ${FERRET_PID}, ${MONGO_URL}`);
    console.log(
      '| variant | contacts | FerretDB CPU ms/contact | this process CPU ms/contact | sum | contacts/s |',
    );
    console.log('|---|---|---|---|---|---|');
    for (let r = 0; r < ROUNDS; r++)
      for (const [i, v] of variants.entries()) {
        const tag = `fc${Date.now().toString(36)}${r}${i}`;
        const db = client.db(`facts_cost_${tag}`);
        dbs.push(db);
        await v.run(db, tag);
      }
  } finally {
    for (const db of dbs) await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
