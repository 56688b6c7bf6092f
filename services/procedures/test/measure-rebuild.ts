/**
 * How long the read model's rebuild at start takes at N procedures (issue 17), on the real store (FerretDB locally):
 *   URP_MONGO_PORT=37631 node --expose-gc -r @swc-node/register services/procedures/test/measure-rebuild.ts 100000 [--keep] [--snapshot]
 * Writes N copies of a realistic started procedure (with its start notice, frozen on it) into the database
 * `measure_procedures_<N>` (unless it already holds them), then times the one full read (`ProcedureStore.summaries`)
 * and the build of the read model; drops the database unless `--keep`.
 * A measurement, not a test: no timing is asserted anywhere.
 */
import type { OutboxPort } from '@urp/kernel';
import { MongoClient, type Db, type Document } from 'mongodb';
import { at, facts, typeOf } from '../src/procedure/procedure.fixtures';
import { ProcedureReadModel, toSummary } from '../src/procedure/procedure.read-model';
import { ProcedureSnapshotStore } from '../src/procedure/procedure.read-model.snapshot';
import { submit } from '../src/procedure/procedure.rules';
import type { Procedure } from '../src/procedure/procedure.state';
import { ProcedureStore } from '../src/procedure/procedure.store';

const N = Number(process.argv[2] ?? 10_000);
const KEEP = process.argv.includes('--keep');
/** Times the start from a snapshot instead: N summaries saved as the service would, then loaded by `_id`. */
const SNAPSHOT = process.argv.includes('--snapshot');
const url = process.env.MONGO_URL ?? `mongodb://127.0.0.1:${process.env.URP_MONGO_PORT ?? 27117}`;
const noOutbox: OutboxPort = { entries: () => [], register: () => undefined, written: () => undefined };

async function main(): Promise<void> {
  const client = await MongoClient.connect(url);
  const db = client.db(`measure_procedures_${N}`);
  try {
    const model = submit(typeOf(), facts('2026-01-07T10:00:00+01:00'), at('2026-01-08T10:00:00Z')).state;
    const { id: _id, ...fields } = model;
    const bytes = JSON.stringify(model).length;
    if (SNAPSHOT) return await measureSnapshot(db, model);
    let t = Date.now();
    const held = await db.collection('procedures').estimatedDocumentCount();
    for (let i = held === N ? N : 0; i < N; i += 1000) {
      const docs: Document[] = [];
      for (let j = i; j < Math.min(N, i + 1000); j++)
        docs.push({
          ...fields,
          _id: `prc_${String(j).padStart(7, '0')}`,
          responsibleId: `ref-${j % 20}`,
          status: j % 4 === 0 ? 'decided' : 'started',
          createdAt: new Date(Date.parse('2025-01-01T00:00:00Z') + j * 60_000).toISOString(),
          revision: 1,
        });
      if (i === 0) await db.collection('procedures').deleteMany({});
      await db.collection('procedures').insertMany(docs);
    }
    const loadMs = held === N ? 0 : Date.now() - t;
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const store = new ProcedureStore(db, noOutbox);
    const reads = new ProcedureReadModel();
    t = Date.now();
    const summaries = await store.summaries();
    const readMs = Date.now() - t;
    t = Date.now();
    reads.replaceAll(summaries);
    const buildMs = Date.now() - t;
    summaries.length = 0;
    global.gc?.();
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    t = Date.now();
    const desk = reads.desk('ref-3').length;
    const deskMs = Date.now() - t;
    console.log(
      JSON.stringify({
        procedures: N,
        documentBytes: bytes,
        loadMs,
        rebuildReadMs: readMs,
        rebuildBuildMs: buildMs,
        rebuildTotalMs: readMs + buildMs,
        readModelHeapMb: Math.round(heapMb),
        deskItems: desk,
        deskFromMemoryMs: deskMs,
      }),
    );
  } finally {
    if (!KEEP) await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

/** The start from a snapshot: save N summaries (as the periodic task does), then load them and build the model. */
async function measureSnapshot(db: Db, model: Procedure): Promise<void> {
  const snapshots = new ProcedureSnapshotStore(db);
  const items = Array.from({ length: N }, (_, j) =>
    toSummary({
      ...model,
      id: `prc_${String(j).padStart(7, '0')}`,
      responsibleId: `ref-${j % 20}`,
      status: j % 4 === 0 ? 'decided' : 'started',
      createdAt: new Date(Date.parse('2025-01-01T00:00:00Z') + j * 60_000).toISOString(),
    }),
  );
  let t = Date.now();
  await snapshots.save(items, { '0': '0', '1': '0', '2': '0' }, new Date());
  const saveMs = Date.now() - t;
  items.length = 0;
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  t = Date.now();
  const loaded = (await snapshots.load())!;
  const loadMs = Date.now() - t;
  const reads = new ProcedureReadModel();
  t = Date.now();
  reads.replaceAll(loaded.items);
  const buildMs = Date.now() - t;
  loaded.items.length = 0;
  global.gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  console.log(
    JSON.stringify({
      procedures: N,
      snapshotSaveMs: saveMs,
      snapshotLoadMs: loadMs,
      snapshotBuildMs: buildMs,
      startFromSnapshotMs: loadMs + buildMs,
      readModelHeapMb: Math.round(heapMb),
      held: reads.size,
    }),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
