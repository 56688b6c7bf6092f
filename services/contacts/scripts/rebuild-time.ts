/**
 * How long the contacts read model takes to rebuild at start (issue 17), at N contacts with their cases:
 *
 *   URP_MONGO_PORT=<port> node -r @swc-node/register services/contacts/scripts/rebuild-time.ts [--n=100000]
 *
 * Fills a database of its own (`urp_contacts_rebuild_time`, kept between runs: only what is missing is
 * added) with clones of a registered contact and its case (open and closed, five statuses, two offices,
 * varied subjects); runs the service's own full read (`ContactStore.all` → `ContactReadModel.rebuildFrom`);
 * writes the snapshot a start loads instead and reads it back into a fresh read model; prints the times, the
 * rows and the heap held. Writes nothing anywhere else.
 */
import { MongoClient, type Document } from 'mongodb';
import type { CaseStatus } from '../src/case/case-phases.rules';
import { ContactReadModel } from '../src/contact/contact.read-model';
import { ContactSnapshotStore } from '../src/contact/contact.read-model.snapshot';
import { ContactStore } from '../src/contact/contact.store';
import { memoryService, OPERATOR } from '../src/testing/in-memory';

const arg = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? undefined;
const N = Number(arg('n') ?? 100_000);
const URL = process.env.MONGO_URL ?? `mongodb://127.0.0.1:${process.env.URP_MONGO_PORT ?? 27117}`;
const STATUSES: CaseStatus[] = ['received', 'assigned', 'in_progress', 'closed', 'closed', 'closed'];
const WORDS = ['buca', 'lampione', 'rifiuti', 'tributi', 'mensa', 'verde', 'rumore', 'parcheggio', 'acqua'];
const DAY = 86_400_000;

async function main() {
  const s = memoryService();
  s.directory.offices.push({ id: 'off_1', code: 'ufficio_uno', name: 'Ufficio uno', active: true });
  const template = await s.contactUseCases.register(OPERATOR, {
    channel: 'desk',
    type: 'report',
    subject: 'Lampione spento in via Roma',
    text: 'Il lampione davanti al civico è spento da tre sere, la strada è buia.',
    openCase: true,
    officeId: 'ufficio_uno',
    category: { level1: 'ambiente_rifiuti' },
  });
  const client = await new MongoClient(URL).connect();
  const db = client.db('urp_contacts_rebuild_time');
  const col = db.collection<Document>('contacts');
  const kase = template.case;
  if (!kase) throw new Error('the template has no case');
  const have = await col.countDocuments();
  const now = Date.now();
  for (let from = have; from < N; from += 1000) {
    const docs: Document[] = [];
    for (let i = from; i < Math.min(N, from + 1000); i++) {
      const id = `bench-${String(i).padStart(7, '0')}`;
      const { id: _id, ...fields } = template;
      const w = (k: number) => WORDS[(i * k) % WORDS.length];
      docs.push({
        ...fields,
        _id: id,
        revision: 1,
        registeredAt: new Date(now - (N - i) * 300_000),
        protocolNumber: `2026/${String(i + 1).padStart(7, '0')}`,
        subject: `Segnalazione ${w(3)} ${w(7)} ${i}`,
        case: {
          ...kase,
          id: `case_${id}`,
          status: STATUSES[i % STATUSES.length],
          officeId: i % 2 ? 'off_1' : 'off_2',
          dueAt: new Date(now + ((i * 7919) % 60) * DAY - 30 * DAY),
        },
      });
    }
    await col.insertMany(docs, { ordered: false });
    if ((from / 1000) % 10 === 0) console.log(`filled ${from + docs.length}/${N}`);
  }
  const outbox = { entries: () => [], register: () => undefined, written: () => undefined };
  const store = new ContactStore(db, outbox, new ContactReadModel());
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const rows = await store.readModel.rebuildFrom(store.all());
  const ms = Math.round(performance.now() - t0);
  // the snapshot the next start loads instead (ContactSnapshotStore), written and read back
  const snapshots = new ContactSnapshotStore(db);
  const t1 = performance.now();
  await snapshots.save(store.readModel.rows(), { '0': '0' }, new Date());
  const saveMs = Math.round(performance.now() - t1);
  const t2 = performance.now();
  const loaded = await snapshots.load();
  const fresh = new ContactReadModel();
  fresh.replaceRows(loaded?.rows ?? []);
  const loadMs = Math.round(performance.now() - t2);
  global.gc?.();
  const heapMb = Math.round((process.memoryUsage().heapUsed - heapBefore) / 1048576);
  console.log(
    JSON.stringify({
      contacts: rows,
      openCases: store.readModel.casesInOrder(false).length,
      rebuildMs: ms,
      rowsPerSecond: Math.round((rows / ms) * 1000),
      snapshotSaveMs: saveMs,
      snapshotLoadMs: loadMs,
      snapshotRows: fresh.size,
      heapHeldMb: heapMb,
      rssMb: Math.round(process.memoryUsage().rss / 1048576),
    }),
  );
  await client.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
