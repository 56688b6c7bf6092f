import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { MONGO_DB } from '@urp/kernel';
import type { Collection, Db } from 'mongodb';
import type { ContactRow } from './contact.read-model';

/** Bumped whenever the row's shape changes: an older snapshot is ignored (a full rebuild instead). */
export const SNAPSHOT_VERSION = 1;
const ROWS_PER_CHUNK = 5000;
const META = 'contacts:meta';

interface Meta {
  _id: string;
  version: number;
  generation: string;
  chunks: number;
  rows: number;
  takenAt: Date;
  /** Per partition of the contact topic, the offset from which the `ContactChanged` events must be replayed. */
  offsets: Record<string, string>;
}
interface Chunk {
  _id: string;
  /** The chunk's rows as one JSON string: one value for FerretDB to decode, not thousands. */
  rows: string;
}

export interface Snapshot {
  rows: ContactRow[];
  offsets: Record<string, string>;
  takenAt: Date;
}

/**
 * A compact copy of the contacts read model (issue 17): its rows in a few large documents, with the positions
 * of the contact topic they reflect. A start loads it by `_id` (seconds, where reading 100,000 contacts from
 * FerretDB takes minutes) and replays the `ContactChanged` events from those positions. The rows hold no
 * personal data and no free text (the stems of open cases are left out and re-read by `_id` after a load).
 * Written as a new generation and then switched to by one write of its meta document, so a reader never mixes
 * two snapshots.
 */
@Injectable()
export class ContactSnapshotStore {
  private readonly col: Collection<Meta | Chunk>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.col = db.collection<Meta | Chunk>('read_model_snapshots');
  }

  async load(): Promise<Snapshot | undefined> {
    const meta = (await this.col.findOne({ _id: META })) as Meta | null;
    if (!meta || meta.version !== SNAPSHOT_VERSION) return undefined;
    const chunks = await Promise.all(
      Array.from({ length: meta.chunks }, (_, i) => this.col.findOne({ _id: chunkId(meta.generation, i) })),
    );
    const rows: ContactRow[] = [];
    for (const c of chunks) {
      if (!c) return undefined; // a generation being removed under us: rebuild instead
      for (const r of JSON.parse((c as Chunk).rows) as ContactRow[]) rows.push(r);
    }
    return rows.length === meta.rows ? { rows, offsets: meta.offsets, takenAt: meta.takenAt } : undefined;
  }

  async save(rows: readonly ContactRow[], offsets: Record<string, string>, takenAt: Date): Promise<void> {
    const previous = (await this.col.findOne({ _id: META })) as Meta | null;
    const generation = randomUUID();
    const chunks = Math.ceil(rows.length / ROWS_PER_CHUNK);
    for (let i = 0; i < chunks; i++) {
      const slice = rows.slice(i * ROWS_PER_CHUNK, (i + 1) * ROWS_PER_CHUNK).map(withoutTokens);
      await this.col.insertOne({ _id: chunkId(generation, i), rows: JSON.stringify(slice) });
    }
    const meta: Meta = {
      _id: META,
      version: SNAPSHOT_VERSION,
      generation,
      chunks,
      rows: rows.length,
      takenAt,
      offsets,
    };
    await this.col.replaceOne({ _id: META }, meta, { upsert: true });
    if (previous)
      await Promise.all(
        Array.from({ length: previous.chunks }, (_, i) =>
          this.col.deleteOne({ _id: chunkId(previous.generation, i) }),
        ),
      );
  }
}

const chunkId = (generation: string, i: number) => `contacts:${generation}:${i}`;

function withoutTokens(r: ContactRow): ContactRow {
  if (!r.tokens) return r;
  const { tokens: _tokens, ...rest } = r;
  return rest;
}
