/**
 * The data scaler of the user-path benchmark: grows the demo loaded by `npm start` to the sizes of issue 17
 * (10,000 sheets, 100,000 contacts with their cases, 100,000 procedures) in a minute or two.
 *
 *   node -r @swc-node/register tools/bench/src/scale.ts [--scale=0.1] [--sheets=N] [--contacts=N]
 *        [--cases=N] [--procedures=N] [--restart]
 *
 * How: it writes straight into the stores' collections, cloning the demo's own documents (so every clone has
 * exactly the stored shape the services wrote, whatever that shape is today), with fresh ids, slugs, protocol
 * numbers and public tokens, and an empty outbox (`_outbox: []`). The clones are history that was already
 * published: no event is written for them, so the other services' projections (satisfaction's indicators,
 * campaigns' copies of the sheets) do not see them. That is a choice: publishing 210,000 events through the
 * backbone would take about half an hour on FerretDB (~100 events/s, see the README), longer than the bench.
 *
 * The services' hot reads are in-memory read models built at start (contacts' rows, procedures' summaries and
 * desks, the knowledge base's sheets and search index), each loaded from a snapshot when there is one. A clone
 * written straight into a collection is seen only by a service that rebuilds its read model from the collection:
 * so after scaling, the services must stop, their snapshots be dropped (`read_model_snapshots` in urp_contacts
 * and urp_procedures, `sheet_read_model` in urp_knowledge: `dropSnapshots`) while they are stopped (a running
 * one would write its pre-scale model back), and start again. `--restart` does that: it stops each service
 * started by `npm start` (its pid file under $URP_INFRA_DIR/run), drops the snapshots, and runs `npm start`
 * again, which starts what is missing; each service then reads its whole collection once and saves a fresh
 * snapshot. The scaler also bumps the store marks of `contacts` and `procedures` (libs/kernel `StoreMarks`: the
 * contract for writers outside a service), so even a start that kept an older snapshot reads the collection. (The procedures desk is no longer a stored document: it is the read model's open procedures by
 * responsible person, so the scaler records the busiest one among its clones for the bench to open.)
 *
 * Open cases and undecided procedures keep their template's dates (so no timer of a clone is already due:
 * the services' schedulers would otherwise fire reminders for thousands of clones at once); closed ones are
 * moved back by up to a year, every date of the document by the same amount.
 *
 * Idempotent: it only adds what is missing to reach the target counts (clones are marked `_benchClone`).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoreMarks } from '@urp/kernel';
import { MongoClient, type Db, type Document } from 'mongodb';
import { now } from './stats';

export interface ScaleTargets {
  sheets: number;
  contacts: number;
  /** How many of the contacts carry a case (cloned from demo contacts that have one). */
  cases: number;
  procedures: number;
}

export const FULL_SCALE: ScaleTargets = {
  sheets: 10_000,
  contacts: 100_000,
  cases: 100_000,
  procedures: 100_000,
};

export const targetsFor = (scale: number, over: Partial<ScaleTargets> = {}): ScaleTargets => ({
  sheets: Math.round(FULL_SCALE.sheets * scale),
  contacts: Math.round(FULL_SCALE.contacts * scale),
  cases: Math.round(FULL_SCALE.cases * scale),
  procedures: Math.round(FULL_SCALE.procedures * scale),
  ...over,
});

export interface ScaleReport {
  targets: ScaleTargets;
  added: { sheets: number; contacts: number; cases: number; procedures: number; openOnDesks: number };
  counts: { sheets: number; contacts: number; cases: number; procedures: number };
  ms: number;
  docsPerSecond: number;
}

const BATCH = 500;

/**
 * The scaler's own record, one document per scaled collection in its database (`bench_scaled`): FerretDB
 * 1.24 answers even a plain `estimatedDocumentCount` by reading the whole collection (25 s at 10,000
 * contacts), so the scaler counts what it wrote instead. `demo`: the documents that were there before it
 * first ran (counted then, while the collection was small); `clones`: what it added since.
 */
const SCALE_MARKER = 'bench_scaled';
interface ScaleMarker {
  _id: string;
  demo: number;
  clones: number;
  /** contacts: cases among the demo's contacts and among the clones. */
  demoCases?: number;
  cloneCases?: number;
  /** contacts: ids of a few cloned open cases' contacts, for the bench to open (no scan needed to find one). */
  openCaseContactIds?: string[];
  /** procedures: open clones per responsible person (the desk they are on), for the bench to open the busiest. */
  openByDesk?: Record<string, number>;
}

async function markerOf(db: Db, collection: string, demoCount: () => Promise<number>): Promise<ScaleMarker> {
  const markers = db.collection<ScaleMarker>(SCALE_MARKER);
  const found = await markers.findOne({ _id: collection });
  if (found) return found;
  const fresh: ScaleMarker = { _id: collection, demo: await demoCount(), clones: 0 };
  await markers.insertOne(fresh);
  return fresh;
}

async function addToMarker(
  db: Db,
  collection: string,
  inc: Partial<Record<'clones' | 'cloneCases', number>>,
) {
  await db.collection<ScaleMarker>(SCALE_MARKER).updateOne({ _id: collection }, { $inc: inc });
}

/** Contact ids of a few cloned open cases (the case id is `case_<contact id>`), as the scaler recorded them. */
export async function openCaseIds(client: MongoClient): Promise<string[]> {
  const m = await client
    .db('urp_contacts')
    .collection<ScaleMarker>(SCALE_MARKER)
    .findOne({ _id: 'contacts' });
  return (m?.openCaseContactIds ?? []).map((id) => `case_${id}`);
}

/** The responsible person whose desk holds the most open procedures the scaler cloned, as it recorded them. */
export async function busiestDesk(client: MongoClient): Promise<string | undefined> {
  const m = await client
    .db('urp_procedures')
    .collection<ScaleMarker>(SCALE_MARKER)
    .findOne({ _id: 'procedures' });
  const desks = Object.entries(m?.openByDesk ?? {}).sort((a, b) => b[1] - a[1]);
  return desks[0]?.[0];
}

/** The counts as the scaler recorded them (demo + clones), without reading the collections. */
export async function scaledCounts(client: MongoClient): Promise<ScaleReport['counts']> {
  const get = (db: string, col: string) =>
    client.db(db).collection<ScaleMarker>(SCALE_MARKER).findOne({ _id: col });
  const [sheets, contacts, procedures] = await Promise.all([
    get('urp_knowledge', 'sheets'),
    get('urp_contacts', 'contacts'),
    get('urp_procedures', 'procedures'),
  ]);
  const total = (m: ScaleMarker | null) => (m ? m.demo + m.clones : 0);
  return {
    sheets: total(sheets),
    contacts: total(contacts),
    cases: (contacts?.demoCases ?? 0) + (contacts?.cloneCases ?? 0),
    procedures: total(procedures),
  };
}
const DAY = 86_400_000;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const OPEN_CASE = new Set(['received', 'assigned', 'in_progress', 'suspended', 'reopened']);

/** A deterministic pseudo-random stream (mulberry32), so two runs scale alike. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every date of a document moved by `deltaMs` (ISO instants, civil dates and Date values alike). */
function shiftDates<T>(value: T, deltaMs: number): T {
  if (deltaMs === 0) return value;
  const walk = (v: unknown): unknown => {
    if (v instanceof Date) return new Date(v.getTime() + deltaMs);
    if (typeof v === 'string') {
      if (ISO_INSTANT.test(v)) return new Date(Date.parse(v) + deltaMs).toISOString();
      if (ISO_DATE.test(v))
        return new Date(Date.parse(`${v}T12:00:00Z`) + deltaMs).toISOString().slice(0, 10);
      return v;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && !(v as { _bsontype?: string })._bsontype) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}

const clone = <T>(d: T): T => structuredClone(d);

/** A uuid-like id in the same shape as the template's (the kernel's UUIDv7 ids, or `prefix_hex`). */
function freshIdLike(template: string): string {
  const m = /^([a-z]+_)?([0-9a-f-]+)$/.exec(template);
  if (m && template.includes('-')) return `${m[1] ?? ''}${randomUUID()}`;
  if (m) return `${m[1] ?? ''}${randomBytes(Math.max(8, Math.floor(m[2].length / 2))).toString('hex')}`;
  return `${template.split('_')[0]}_${randomBytes(12).toString('hex')}`;
}

async function insertAll(db: Db, collection: string, docs: Document[]): Promise<void> {
  for (let i = 0; i < docs.length; i += BATCH)
    await db.collection(collection).insertMany(docs.slice(i, i + BATCH), { ordered: false });
}

async function scaleSheets(db: Db, target: number, log: (s: string) => void): Promise<number> {
  const col = db.collection('sheets');
  const m = await markerOf(db, 'sheets', () => col.countDocuments());
  const count = m.demo + m.clones;
  if (count >= target) return 0;
  const templates = (await col.find({ _benchClone: { $exists: false } }).toArray()).filter(
    (s) => s.status === 'published',
  );
  if (!templates.length) throw new Error('scale: no published sheet to clone (is the demo loaded?)');
  const missing = target - count;
  log(`sheets: ${count} → ${target} (cloning ${templates.length} published sheets)`);
  let added = 0;
  for (let i = 0; i < missing; i += BATCH) {
    const docs: Document[] = [];
    for (let j = i; j < Math.min(missing, i + BATCH); j++) {
      const t = templates[j % templates.length];
      const n = count + j;
      const d: Document = clone(t);
      d._id = freshIdLike(String(t._id));
      d._outbox = [];
      d._benchClone = true;
      if (typeof d.slug === 'string') d.slug = `${t.slug}-${n}`;
      // the title differs so that hits are distinguishable; the text (what search matches) is the template's
      for (const c of [d.content, d.workingCopy, d.published].filter(Boolean))
        if (typeof c.title === 'string') c.title = `${c.title} (${n})`;
      docs.push(d);
    }
    await insertAll(db, 'sheets', docs);
    await addToMarker(db, 'sheets', { clones: docs.length });
    added += docs.length;
  }
  return added;
}

async function scaleContacts(
  db: Db,
  targets: ScaleTargets,
  log: (s: string) => void,
): Promise<{ contacts: number; cases: number }> {
  const col = db.collection('contacts');
  const m = await markerOf(db, 'contacts', () => col.countDocuments());
  const count = m.demo + m.clones;
  if (count >= targets.contacts) return { contacts: 0, cases: 0 };
  const all = await col.find({ _benchClone: { $exists: false } }).toArray();
  if (m.demoCases === undefined) {
    m.demoCases = all.filter((c) => c.case).length;
    await db
      .collection<ScaleMarker>(SCALE_MARKER)
      .updateOne({ _id: 'contacts' }, { $set: { demoCases: m.demoCases } });
  }
  const caseCount = m.demoCases + (m.cloneCases ?? 0);
  const withCase = all.filter((c) => c.case);
  const without = all.filter((c) => !c.case);
  if (!withCase.length || !without.length)
    throw new Error('scale: the demo has no contacts with and without a case to clone');
  const missing = targets.contacts - count;
  const casesMissing = Math.min(missing, Math.max(0, targets.cases - caseCount));
  log(
    `contacts: ${count} → ${targets.contacts}, cases ${caseCount} → ${caseCount + casesMissing} ` +
      `(cloning ${withCase.length} contacts with a case, ${without.length} without)`,
  );
  const random = rng(17);
  const nowMs = Date.now();
  let protocol = 5_000_000 + m.clones;
  let added = 0;
  let cases = 0;
  for (let i = 0; i < missing; i += BATCH) {
    const docs: Document[] = [];
    for (let j = i; j < Math.min(missing, i + BATCH); j++) {
      const hasCase = j < casesMissing;
      const pool = hasCase ? withCase : without;
      const t = pool[Math.floor(random() * pool.length)];
      const open = hasCase && OPEN_CASE.has(String(t.case?.status));
      // closed history moved back by up to a year (not before the template's own date: no future dates)
      let d: Document = clone(t);
      if (!open) d = shiftDates(d, -Math.floor(random() * 365) * DAY);
      const id = randomUUID();
      d._id = id;
      d._outbox = [];
      d._benchClone = true;
      d.revision = t.revision;
      if (d.case) d.case.id = `case_${id}`;
      if (d.protocolNumber) {
        const year = String(
          d.registeredAt instanceof Date ? d.registeredAt.toISOString() : d.registeredAt,
        ).slice(0, 4);
        d.protocolNumber = `${year}/${String(protocol++).padStart(7, '0')}`;
      }
      if (typeof d.subject === 'string') d.subject = `${d.subject} [${count + j}]`;
      if (d.registeredAt && Date.parse(String(d.registeredAt)) > nowMs) d.registeredAt = t.registeredAt;
      docs.push(d);
      if (hasCase) cases++;
    }
    await insertAll(db, 'contacts', docs);
    const batchCases = docs.filter((d) => d.case).length;
    // a few open cases to open in the bench (found without a scan)
    const open = docs
      .filter((d) => OPEN_CASE.has(String(d.case?.status)))
      .slice(0, Math.max(0, 20 - (m.openCaseContactIds?.length ?? 0)))
      .map((d) => String(d._id));
    m.openCaseContactIds = [...(m.openCaseContactIds ?? []), ...open];
    await db.collection<ScaleMarker>(SCALE_MARKER).updateOne(
      { _id: 'contacts' },
      {
        $inc: { clones: docs.length, cloneCases: batchCases },
        $set: { openCaseContactIds: m.openCaseContactIds },
      },
    );
    added += docs.length;
    if (added % 20_000 < BATCH) log(`  contacts: ${added}/${missing}`);
  }
  return { contacts: added, cases };
}

async function scaleProcedures(
  db: Db,
  target: number,
  log: (s: string) => void,
): Promise<{ procedures: number; openOnDesks: number }> {
  const col = db.collection('procedures');
  const m = await markerOf(db, 'procedures', () => col.countDocuments());
  const count = m.demo + m.clones;
  if (count >= target) return { procedures: 0, openOnDesks: 0 };
  const templates = await col.find({ _benchClone: { $exists: false } }).toArray();
  if (!templates.length) throw new Error('scale: no procedure to clone (is the demo loaded?)');
  const missing = target - count;
  const openTemplates = templates.filter((t) => t.status !== 'decided').length;
  log(`procedures: ${count} → ${target} (cloning ${templates.length}, ${openTemplates} of them open)`);
  const random = rng(42);
  let protocol = 5_000_000 + m.clones;
  let added = 0;
  let openOnDesks = 0;
  for (let i = 0; i < missing; i += BATCH) {
    const docs: Document[] = [];
    const byDesk: Record<string, number> = {};
    for (let j = i; j < Math.min(missing, i + BATCH); j++) {
      const t = templates[Math.floor(random() * templates.length)];
      const open = t.status !== 'decided';
      let d: Document = clone(t);
      if (!open) d = shiftDates(d, -Math.floor(random() * 365) * DAY);
      d._id = freshIdLike(String(t._id));
      // the legal clock's claims are named by the procedure (`<id>:missed:...`): a clone carrying its template's
      // would fire every warning and missed deadline of the template again on the clock's first look
      if (Array.isArray(d.fired))
        d.fired = d.fired.map((c: unknown) =>
          typeof c === 'string' && c.startsWith(`${String(t._id)}:`)
            ? `${String(d._id)}${c.slice(String(t._id).length)}`
            : c,
        );
      d._outbox = [];
      d._benchClone = true;
      if (typeof d.publicToken === 'string') d.publicToken = randomBytes(18).toString('base64url');
      if (typeof d.protocolNumber === 'string')
        d.protocolNumber = `${String(d.protocolNumber).slice(0, 4)}/${String(protocol++).padStart(7, '0')}`;
      if (typeof d.subject === 'string') d.subject = `${d.subject} [${count + j}]`;
      docs.push(d);
      // the desk it is on in the service's read model (procedure.read-model.ts `deskOf`): open ones only
      if (open) {
        // nobody responsible yet: the desk `procedureDesk(responsibleId: "unassigned")` reads
        const desk = typeof d.responsibleId === 'string' && d.responsibleId ? d.responsibleId : 'unassigned';
        byDesk[desk] = (byDesk[desk] ?? 0) + 1;
        openOnDesks++;
      }
    }
    await insertAll(db, 'procedures', docs);
    const inc: Record<string, number> = { clones: docs.length };
    for (const [desk, n] of Object.entries(byDesk)) inc[`openByDesk.${desk}`] = n;
    await db.collection<ScaleMarker>(SCALE_MARKER).updateOne({ _id: 'procedures' }, { $inc: inc });
    added += docs.length;
    if (added % 20_000 < BATCH) log(`  procedures: ${added}/${missing}`);
  }
  return { procedures: added, openOnDesks };
}

/**
 * The read models' snapshots the services load at start instead of their collections: dropped so that each
 * service's next start rebuilds from the (scaled) collection. Call it while the services are stopped.
 */
export const SNAPSHOTS = [
  { db: 'urp_contacts', collection: 'read_model_snapshots' },
  { db: 'urp_procedures', collection: 'read_model_snapshots' },
  { db: 'urp_knowledge', collection: 'sheet_read_model' },
] as const;

export async function dropSnapshots(mongoUrl: string, log: (s: string) => void): Promise<void> {
  const client = await MongoClient.connect(mongoUrl);
  try {
    for (const s of SNAPSHOTS) {
      const dropped = await client
        .db(s.db)
        .collection(s.collection)
        .drop()
        .catch((e: { codeName?: string; message: string }) => {
          if (e.codeName === 'NamespaceNotFound' || /ns not found/i.test(e.message)) return false;
          throw e;
        });
      log(`${s.db}.${s.collection}: ${dropped ? 'dropped' : 'none'}`);
    }
  } finally {
    await client.close();
  }
}

/** Scales the demo's stores up to `targets` (adds what is missing). */
export async function scaleData(
  mongoUrl: string,
  targets: ScaleTargets,
  log: (s: string) => void = (s) => console.log(`scale: ${s}`),
): Promise<ScaleReport> {
  const client = await MongoClient.connect(mongoUrl);
  const started = now();
  try {
    const sheets = await scaleSheets(client.db('urp_knowledge'), targets.sheets, log);
    const contacts = await scaleContacts(client.db('urp_contacts'), targets, log);
    const procedures = await scaleProcedures(client.db('urp_procedures'), targets.procedures, log);
    // written outside the services: their store marks say so, and a start from an older snapshot reads the
    // collection instead (libs/kernel ReadModelSync; the knowledge base checks its snapshot per sheet)
    if (contacts.contacts) await new StoreMarks(client.db('urp_contacts')).bump('contacts', 'bench-scaler');
    if (procedures.procedures)
      await new StoreMarks(client.db('urp_procedures')).bump('procedures', 'bench-scaler');
    const ms = now() - started;
    const counts = await scaledCounts(client);
    const written = sheets + contacts.contacts + procedures.procedures;
    return {
      targets,
      added: { sheets, ...contacts, ...procedures },
      counts,
      ms,
      docsPerSecond: ms > 0 ? (written * 1000) / ms : 0,
    };
  } finally {
    await client.close();
  }
}

/** Which `npm start` processes must restart to see the clones (their read models are built at start). */
export const RESTART_AFTER_SCALE = ['knowledge', 'contacts', 'procedures'];

/** up.sh's readiness wait after a restart that rebuilds the read models from the collections (URP_READY_TIMEOUT). */
export const RESTART_READY_TIMEOUT_S = 1800;

/**
 * Restarts services started by `npm start` (deploy/local/up.sh): stops each by the pid in its pid file, runs
 * `whileStopped` (dropping the read models' snapshots), then runs `npm start` again, which starts what is
 * missing and waits until it is ready.
 */
export async function restartServices(
  root: string,
  names: readonly string[],
  log: (s: string) => void,
  whileStopped?: () => Promise<void>,
): Promise<void> {
  const run = join(process.env.URP_INFRA_DIR ?? join(root, '.infra'), 'run');
  for (const name of names) {
    const file = join(run, `${name}.pid`);
    if (!existsSync(file)) continue;
    const pid = Number(readFileSync(file, 'utf8').trim());
    try {
      process.kill(pid, 'SIGTERM');
      log(`stopped ${name} (pid ${pid})`);
    } catch {
      // already gone
    }
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      try {
        process.kill(pid, 0);
        await new Promise((r) => setTimeout(r, 200));
      } catch {
        break;
      }
    }
  }
  await whileStopped?.();
  const r = spawnSync('bash', [join(root, 'deploy/local/up.sh')], {
    cwd: root,
    // a service answers only once its read model is built; at 100,000 items from the collection that takes
    // minutes (procedures: 381 s at load 34-60), beyond up.sh's default readiness wait of 180 s
    env: {
      ...process.env,
      URP_READY_TIMEOUT: process.env.URP_READY_TIMEOUT ?? String(RESTART_READY_TIMEOUT_S),
    },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`npm start failed after the restart:\n${r.stdout}\n${r.stderr}`);
  // up.sh's timeline of the restarted parts: when each answered again (its read model built)
  for (const line of r.stdout.split('\n'))
    if (names.some((n) => line.startsWith(`up: phase ${n} `))) log(line.replace(/\s+/g, ' '));
  log(`restarted ${names.join(', ')} (npm start)`);
}

export const mongoUrlFromEnv = (): string =>
  process.env.MONGO_URL ?? `mongodb://127.0.0.1:${process.env.URP_MONGO_PORT ?? 27117}`;

export function parseScaleArgs(argv: readonly string[]): { targets: ScaleTargets; restart: boolean } {
  const arg = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const n = (name: keyof ScaleTargets) => (arg(name) !== undefined ? { [name]: Number(arg(name)) } : {});
  const scale = Number(arg('scale') ?? process.env.BENCH_SCALE ?? 1);
  if (!(scale > 0)) throw new Error(`--scale must be a positive number: ${arg('scale')}`);
  return {
    targets: targetsFor(scale, { ...n('sheets'), ...n('contacts'), ...n('cases'), ...n('procedures') }),
    restart: argv.includes('--restart'),
  };
}

if (require.main === module) {
  const { targets, restart } = parseScaleArgs(process.argv.slice(2));
  scaleData(mongoUrlFromEnv(), targets)
    .then((r) => {
      console.log(JSON.stringify(r, null, 2));
      if (restart)
        return restartServices(join(__dirname, '..', '..', '..'), RESTART_AFTER_SCALE, console.log, () =>
          dropSnapshots(mongoUrlFromEnv(), console.log),
        );
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
