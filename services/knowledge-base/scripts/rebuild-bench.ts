/**
 * The read model's start at 10,000 sheets (issue 17), before and after its snapshot, on the real FerretDB:
 *
 *   MONGO_URL=mongodb://127.0.0.1:27117 node -r @swc-node/register services/knowledge-base/scripts/rebuild-bench.ts
 *   (KB_BENCH_DB=<name>, default kb_rebuild_bench: kept between runs; KB_BENCH_DOCS=10000)
 *
 * Loads the sheets as the kb-search benchmark does (the 72 demo sheets as the catalogue of many Comuni, each
 * with its history), then times what a start does: before, the whole collection without the history
 * (`rebuildIndex`); after, the snapshot (`loadIndex`), and, in the background after it, the verification's
 * read of every stored sheet's write counter. Each with the index build, and the load average.
 */
import { MongoClient, type Document } from 'mongodb';
import { loadavg } from 'node:os';
/* eslint-disable @nx/enforce-module-boundaries -- the demo content (seed data), as the kb-search benchmark */
import { sheetContentInput } from '../../../tools/scripts/seed/knowledge/content';
import { SHEETS } from '../../../tools/scripts/seed/knowledge/sheets';
/* eslint-enable @nx/enforce-module-boundaries */
import { SheetSearchService } from '../src/search/search.service';
import { SheetReadModel } from '../src/sheet/sheet.read-model';
import { SheetContent, type Sheet } from '../src/sheet/sheet.rules';
import { SheetSnapshotStore } from '../src/sheet/sheet.snapshot';

const DOCS = Number(process.env.KB_BENCH_DOCS ?? 10_000);
const TOWNS = [
  'Borgo Aurelio',
  'Castel Lorenzo',
  'Valle Serena',
  'Monte Alto',
  'Poggio Verde',
  'Santa Marina',
];

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

/** The stored shape of the kb-search benchmark: published, one revision in the history, three log entries. */
function storedSheets(n: number, at: Date): Document[] {
  const out: Document[] = [];
  for (let i = 0; i < n; i++) {
    const base = SHEETS[i % SHEETS.length];
    const copy = Math.floor(i / SHEETS.length);
    const c = demoContents[i % SHEETS.length];
    const content = copy
      ? { ...c, title: `${c.title} - Comune di ${TOWNS[copy % TOWNS.length]} ${copy}` }
      : c;
    out.push({
      _id: `bench-${i}`,
      revision: 3,
      slug: copy ? `${base.slug}-${copy}` : base.slug,
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

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

async function main() {
  const client = await MongoClient.connect(process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27117');
  try {
    const db = client.db(process.env.KB_BENCH_DB ?? 'kb_rebuild_bench');
    const sheets = db.collection<Document>('sheets');
    const snapshot = new SheetSnapshotStore(db);
    if ((await sheets.estimatedDocumentCount()) !== DOCS) {
      await sheets.deleteMany({});
      await db.collection('sheet_read_model').deleteMany({});
      const docs = storedSheets(DOCS, new Date());
      for (let i = 0; i < docs.length; i += 500) await sheets.insertMany(docs.slice(i, i + 500));
      console.log(`loaded ${DOCS} sheets`);
    }
    const timed = async <T>(what: string, f: () => Promise<T>): Promise<T> => {
      const before = load();
      const t = Date.now();
      const r = await f();
      console.log(`${what}: ${Date.now() - t} ms (load average ${before})`);
      return r;
    };

    // before: the whole collection without the history, as rebuildIndex reads it
    const all = await timed('before: read the sheets collection', () =>
      sheets
        .find({}, { projection: { _outbox: 0, _applied: 0, revisions: 0, log: 0 } })
        .toArray()
        .then((docs) => docs.map(({ _id, ...rest }) => ({ id: _id, ...rest }) as unknown as Sheet)),
    );
    await timed('before: build the read model and its index', async () =>
      new SheetReadModel(new SheetSearchService()).replaceAll(all),
    );
    if ((await db.collection('sheet_read_model').estimatedDocumentCount()) !== DOCS) {
      await db.collection('sheet_read_model').deleteMany({});
      await timed('save the snapshot (once, in the background after a rebuild)', () => snapshot.save(all));
    }

    // after: the snapshot, as loadIndex reads it
    const held = await timed('after: read the snapshot', () => snapshot.load());
    await timed('after: build the read model and its index', async () =>
      new SheetReadModel(new SheetSearchService()).replaceAll(held),
    );
    await timed("after, in the background: every stored sheet's write counter (verification)", () =>
      snapshot.storedRevisions(),
    );
  } finally {
    await client.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
