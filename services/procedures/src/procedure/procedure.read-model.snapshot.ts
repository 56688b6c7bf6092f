import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { MONGO_DB } from '@urp/kernel';
import type { Collection, Db } from 'mongodb';
import { fromSnapshot, type ProcedureSummary } from './procedure.read-model';

/** Bumped whenever the summary's shape changes: an older snapshot is ignored (a full rebuild instead). */
export const SNAPSHOT_VERSION = 1;
const PER_CHUNK = 5000;
const META = 'procedures:meta';

interface Meta {
  _id: string;
  version: number;
  generation: string;
  chunks: number;
  count: number;
  takenAt: Date;
  /** Per partition of the procedure topic, the offset from which `ProcedureChanged` must be replayed. */
  offsets: Record<string, string>;
}
interface Chunk {
  _id: string;
  /** The chunk's summaries as one JSON string: one value for FerretDB to decode, not thousands of fields. */
  items: string;
}

export interface ProcedureSnapshot {
  items: ProcedureSummary[];
  offsets: Record<string, string>;
  takenAt: Date;
}

const chunkId = (generation: string, i: number) => `procedures:${generation}:${i}`;

/**
 * A compact copy of the procedures read model (issue 17): its summaries in a few large documents, with the positions
 * of the procedure topic they reflect. A start loads it by `_id` (seconds, where reading 100,000 procedures from
 * FerretDB takes minutes) and replays the `ProcedureChanged` events from those positions. Summaries hold no
 * requester, no form data, no notices. Written as a new generation, then switched to by one write of its meta
 * document, so a reader never mixes two snapshots. (The same layout as contacts' snapshot.)
 */
@Injectable()
export class ProcedureSnapshotStore {
  private readonly col: Collection<Meta | Chunk>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.col = db.collection<Meta | Chunk>('read_model_snapshots');
  }

  async load(): Promise<ProcedureSnapshot | undefined> {
    const meta = (await this.col.findOne({ _id: META })) as Meta | null;
    if (!meta || meta.version !== SNAPSHOT_VERSION) return undefined;
    const chunks = await Promise.all(
      Array.from({ length: meta.chunks }, (_, i) => this.col.findOne({ _id: chunkId(meta.generation, i) })),
    );
    const items: ProcedureSummary[] = [];
    for (const c of chunks) {
      if (!c) return undefined; // a generation being removed under us: rebuild instead
      for (const s of JSON.parse((c as Chunk).items) as ProcedureSummary[]) items.push(fromSnapshot(s));
    }
    return { items, offsets: meta.offsets, takenAt: new Date(meta.takenAt) };
  }

  async save(
    items: readonly ProcedureSummary[],
    offsets: Record<string, string>,
    takenAt: Date,
  ): Promise<void> {
    const previous = (await this.col.findOne({ _id: META })) as Meta | null;
    const generation = randomUUID();
    const chunks = Math.ceil(items.length / PER_CHUNK);
    for (let i = 0; i < chunks; i++)
      await this.col.replaceOne(
        { _id: chunkId(generation, i) },
        { items: JSON.stringify(items.slice(i * PER_CHUNK, (i + 1) * PER_CHUNK)) },
        { upsert: true },
      );
    const meta: Omit<Meta, '_id'> = {
      version: SNAPSHOT_VERSION,
      generation,
      chunks,
      count: items.length,
      takenAt,
      offsets,
    };
    await this.col.replaceOne({ _id: META }, meta, { upsert: true });
    if (previous)
      for (let i = 0; i < previous.chunks; i++)
        await this.col.deleteOne({ _id: chunkId(previous.generation, i) });
  }
}
