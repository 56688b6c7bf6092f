/**
 * How many procedures the legal clock reads per tick on a store's data (issue 17: at 100,001 procedures the
 * clock kept FerretDB about one core busy between benchmark runs):
 *
 *   URP_MONGO_PORT=<port> node -r @swc-node/register services/procedures/scripts/clock-worklist.ts \
 *     [--today=YYYY-MM-DD] [--days=7]
 *
 * Builds the service's read model from every procedure of `urp_procedures.procedures` (the demo, scaled by
 * tools/bench/src/scale.ts; the summary fields only, as the service's rebuild reads them), then runs the service's
 * own `LegalClockUseCases.tick` on an in-memory copy (a procedure the clock reads is fetched by `_id` the first time):
 * two ticks on `today` (the first does the day's work, the second is what every later tick of the day costs),
 * then one on each following day. Prints, per tick, the worklist (`dueForClock`), the procedures read from the
 * store and the time-driven events fired. Writes nothing: the clock's saves and events stay in memory.
 */
import { FixedClock, InMemoryAggregateStore, ServiceKernel } from '@urp/kernel';
import { addDays, romeCivilDate, type CivilDate } from '@urp/legal-clock';
import { scrubPersonalData } from '@urp/privacy';
import { MongoClient, type Document } from 'mongodb';
import { proceduresEnv } from '../src/config';
import { LegalClockUseCases } from '../src/procedure/legal-clock.use-cases';
import { ProcedureContexts } from '../src/procedure/procedure.context';
import { ProcedureReadModel, SUMMARY_FIELDS } from '../src/procedure/procedure.read-model';
import type { Procedure } from '../src/procedure/procedure.state';
import type { ClockClaim } from '../src/procedure/procedure.store';

const arg = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? undefined;
const URL = process.env.MONGO_URL ?? `mongodb://127.0.0.1:${process.env.URP_MONGO_PORT ?? 27117}`;
const TODAY: CivilDate = arg('today') ?? romeCivilDate(new Date());
const DAYS = Number(arg('days') ?? 7);

/** The stored document as the service's store gives it back: `_id` as `id`, its bookkeeping fields dropped. */
function toState(doc: Document): Procedure {
  const out: Record<string, unknown> = { id: doc._id };
  for (const [k, v] of Object.entries(doc)) if (!k.startsWith('_')) out[k] = v;
  return out as unknown as Procedure;
}

async function main() {
  const config = proceduresEnv
    .pick({
      PATRON_SAINT_DAY: true,
      PATRON_SAINT_NAME: true,
      SATURDAY_IS_WORKING_DAY: true,
      WARNING_DAYS: true,
      ADMINISTRATION_NAME: true,
      ADMINISTRATION_PEC: true,
      ACTS_VIEWING: true,
      INACTION_REMEDIES: true,
    })
    .parse(process.env);
  const clock = new FixedClock(new Date(`${TODAY}T09:00:00Z`));
  const kernel = new ServiceKernel({ source: '/urp/procedures', scrub: (t) => scrubPersonalData(t) }, clock);
  const contexts = new ProcedureContexts(config, kernel);
  const store = new InMemoryAggregateStore<Procedure>('procedures');
  const reads = new ProcedureReadModel();

  const client = await new MongoClient(URL).connect();
  const procedures = client.db('urp_procedures').collection<{ _id: string }>('procedures');
  let total = 0;
  let open = 0;
  const projection = Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, 1]));
  for await (const doc of procedures.find({}, { projection })) {
    const p = { suspensions: [], fired: [], timeline: [], documents: [], ...toState(doc) } as Procedure;
    reads.upsert(p);
    total++;
    if (p.status !== 'decided') open++;
  }

  let gets = 0;
  const counted = Object.assign(Object.create(store) as typeof store, {
    get: async (id: string) => {
      gets++;
      if (!(await store.get(id))) {
        const doc = await procedures.findOne({ _id: id });
        if (doc) await store.commit({ previous: null, next: toState(doc), events: [] });
      }
      return store.get(id);
    },
  });
  const legalClock = new LegalClockUseCases(
    { CLOCK_TICK_MS: 60_000 },
    counted,
    new InMemoryAggregateStore<ClockClaim>('clock_claims'),
    reads,
    { project: async (p: Procedure) => void reads.upsert(p) },
    contexts,
    { every: () => undefined },
  );
  console.log(`${total} procedures (${open} open) read from ${URL}; today ${TODAY}`);
  console.log('| day | tick | on the worklist | read from the store | events fired |');
  console.log('|---|---|---|---|---|');
  const tick = async (day: CivilDate, n: number) => {
    clock.set(new Date(`${day}T09:00:00Z`));
    const listed = reads.dueForClock(day).length;
    const before = gets;
    const fired = await legalClock.tick();
    console.log(`| ${day} | ${n} | ${listed} | ${gets - before} | ${fired} |`);
  };
  await tick(TODAY, 1);
  await tick(TODAY, 2);
  for (let d = 1; d <= DAYS; d++) await tick(addDays(TODAY, d), 1);
  await client.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
