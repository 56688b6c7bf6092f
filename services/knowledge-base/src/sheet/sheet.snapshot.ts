import { Inject, Injectable } from '@nestjs/common';
import { MONGO_DB } from '@urp/kernel';
import type { Collection, Db } from 'mongodb';
import { toSummary, type SheetSummary } from './sheet.read-model';
import type { Sheet } from './sheet.rules';

/**
 * The read model's snapshot (issue 17): one compact document per sheet in `sheet_read_model`, the lean summary
 * the read model holds as one JSON string, so the service starts by reading that instead of the whole sheets.
 * FerretDB 1.24 reads and converts every field of every document it scans: at 10,000 sheets the collection took
 * 80 s (load average 46) against 2.3 s for the snapshot (`scripts/rebuild-bench.ts`).
 *
 * It is not written in the sheet's own write (another collection: no multi-document transactions), so it can lag
 * behind the sheets: each instance saves what it wrote, right after the write; a start from the snapshot is
 * followed, in the background, by one comparison of every stored sheet's write counter (`revision`) with the
 * one held (`verifyIndex`), which re-reads by `_id` what differs and saves it again. A snapshot entry is
 * replaced only by a newer write (`revision`), so concurrent savers cannot move it backwards.
 */
export interface SheetSnapshotPort {
  /** Every summary held, or [] when there is none (first start, or the snapshot cannot be read). */
  load(): Promise<SheetSummary[]>;
  /** Saves these sheets' summaries where they are newer than the held ones. */
  save(docs: readonly (Sheet | SheetSummary)[]): Promise<void>;
  /** The write counter of every stored sheet (the verification after a start from the snapshot). */
  storedRevisions(): Promise<Map<string, number>>;
}

/** A stored snapshot entry: `s` is the summary in JSON (see `encode`). */
interface SnapshotDocument {
  _id: string;
  revision: number;
  v: number;
  s: string;
}

const FORMAT = 2;

type Path = (string | number)[];

/** Where the dates are in a value (JSON turns them into strings: they are put back by path, no reviver). */
function datePaths(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (value instanceof Date) out.push(path);
  else if (Array.isArray(value)) value.forEach((v, i) => datePaths(v, [...path, i], out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) datePaths(v, [...path, k], out);
  return out;
}

/**
 * `{"v": summary, "d": [paths of its dates], "c": 1 when the working copy is the live version's}`: one string,
 * which FerretDB stores and hands back without converting its fields, and `JSON.parse` reads without a reviver.
 */
function encode(summary: SheetSummary): string {
  const shared = summary.live !== undefined && summary.content === summary.live.content;
  const { content, ...rest } = summary;
  const v = shared ? rest : { ...rest, content };
  return JSON.stringify({ v, d: datePaths(v), ...(shared ? { c: 1 } : {}) });
}

function decode(s: string): SheetSummary {
  const { v, d, c } = JSON.parse(s) as { v: Record<string | number, unknown>; d: Path[]; c?: 1 };
  for (const path of d) {
    let holder = v;
    for (const key of path.slice(0, -1)) holder = holder[key] as Record<string | number, unknown>;
    const last = path[path.length - 1];
    holder[last] = new Date(holder[last] as string);
  }
  const summary = v as unknown as SheetSummary;
  // the working copy shares the live version's object, as in the read model (toSummary)
  if (c && summary.live) summary.content = summary.live.content;
  return summary;
}

export const SHEET_SNAPSHOT = Symbol('SHEET_SNAPSHOT');

@Injectable()
export class SheetSnapshotStore implements SheetSnapshotPort {
  private readonly snapshot: Collection<SnapshotDocument>;
  private readonly sheets: Collection<{ _id: string; revision: number }>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.snapshot = db.collection<SnapshotDocument>('sheet_read_model');
    this.sheets = db.collection<{ _id: string; revision: number }>('sheets');
  }

  async load(): Promise<SheetSummary[]> {
    // no time limit: it must finish, however busy the database
    const docs = await this.snapshot.find({ v: FORMAT }, { maxTimeMS: 0 }).toArray();
    return docs.map((d) => decode(d.s));
  }

  async save(docs: readonly (Sheet | SheetSummary)[]): Promise<void> {
    const ops = docs.map((doc) => ({
      updateOne: {
        // only over an older entry (or none: then the upsert inserts it)
        filter: { _id: doc.id, revision: { $lt: doc.revision } },
        update: { $set: { revision: doc.revision, v: FORMAT, s: encode(toSummary(doc)) } },
        upsert: true,
      },
    }));
    const one = async ({ updateOne: u }: (typeof ops)[number]) => {
      await this.snapshot.updateOne(u.filter, u.update, { upsert: true }).catch((err: unknown) => {
        // a newer entry is held: the upsert's insert collides with it, which is the point
        if (!isDuplicate(err)) throw err;
      });
    };
    if (ops.length === 1) return one(ops[0]);
    // many (the snapshot after a rebuild): inserted in chunks, which is how FerretDB writes fast (an upsert is a
    // read and a write); a chunk that meets entries already there (FerretDB 1.24 stops an unordered insert at
    // the first duplicate) is written again entry by entry, each only over an older one
    for (let i = 0; i < ops.length; i += 500) {
      const chunk = ops.slice(i, i + 500);
      try {
        await this.snapshot.insertMany(
          chunk.map(({ updateOne: u }) => ({ _id: u.filter._id, ...u.update.$set })),
          { ordered: false },
        );
      } catch (e) {
        if (!isDuplicate(e)) throw e;
        for (const op of chunk) await one(op);
      }
    }
  }

  async storedRevisions(): Promise<Map<string, number>> {
    const docs = await this.sheets.find({}, { projection: { revision: 1 }, maxTimeMS: 0 }).toArray();
    return new Map(docs.map((d) => [d._id, d.revision]));
  }
}

function isDuplicate(e: unknown): boolean {
  const err = e as { code?: number; writeErrors?: { code?: number }[] | { code?: number } };
  if (err.code === 11000) return true;
  const list = Array.isArray(err.writeErrors) ? err.writeErrors : err.writeErrors ? [err.writeErrors] : [];
  return list.some((w) => w.code === 11000);
}

/** The snapshot in memory, for the use-case specs. */
export class MemorySheetSnapshot implements SheetSnapshotPort {
  readonly held = new Map<string, { revision: number; s: string }>();
  constructor(private readonly revisions: () => Promise<Map<string, number>> = async () => new Map()) {}

  async load(): Promise<SheetSummary[]> {
    return [...this.held.values()].map((d) => decode(d.s));
  }

  async save(docs: readonly (Sheet | SheetSummary)[]): Promise<void> {
    for (const doc of docs) {
      const held = this.held.get(doc.id);
      if (!held || held.revision < doc.revision)
        this.held.set(doc.id, { revision: doc.revision, s: encode(toSummary(doc)) });
    }
  }

  storedRevisions(): Promise<Map<string, number>> {
    return this.revisions();
  }
}
