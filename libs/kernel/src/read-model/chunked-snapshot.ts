import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { TopicOffsets } from './change-follower';

export interface ChunkedSnapshotOptions<T> {
  /** The prefix of the documents' `_id`s: `<name>:meta`, `<name>:<generation>:<i>`. */
  name: string;
  /** The items' shape: bumped when it changes, so an older snapshot is ignored (a full read instead). */
  version: number;
  /** Items per chunk (one JSON string each). Default 5,000. */
  perChunk?: number;
  /** What of an item goes into the snapshot (e.g. without what is re-read after a load). */
  encode?: (item: T) => unknown;
  /** An item back from its JSON (dates, shared objects). */
  decode?: (raw: unknown) => T;
  /** Default `read_model_snapshots`. */
  collection?: string;
}

export interface ChunkedSnapshot<T> {
  items: T[];
  /** Per partition of the change topic, the offset from which its events must be replayed. */
  offsets: TopicOffsets;
  takenAt: Date;
  /** The store's write mark the items reflect (`StoreMarks`), when the service keeps one. */
  mark?: string;
}

interface Meta {
  _id: string;
  version: number;
  generation: string;
  chunks: number;
  count: number;
  takenAt: Date;
  offsets: TopicOffsets;
  mark?: string;
}
interface Chunk {
  _id: string;
  /** The chunk's items as one JSON string: one value for FerretDB to decode, not thousands of fields. */
  items: string;
}

/**
 * A compact copy of a read model: its items in a few large documents read by `_id` (seconds, where FerretDB
 * takes minutes to read 100,000 aggregates), with the positions of the change topic they reflect, from which a
 * start replays the change events. Written as a new generation, then switched to by one write of its meta
 * document, so a reader never mixes two snapshots; the previous generation is removed after.
 */
export class ChunkedSnapshotStore<T> {
  private readonly col: Collection<Meta | Chunk>;
  private readonly meta: string;

  constructor(
    db: Db,
    private readonly options: ChunkedSnapshotOptions<T>,
  ) {
    this.col = db.collection<Meta | Chunk>(options.collection ?? 'read_model_snapshots');
    this.meta = `${options.name}:meta`;
  }

  async load(): Promise<ChunkedSnapshot<T> | undefined> {
    const meta = (await this.col.findOne({ _id: this.meta })) as Meta | null;
    if (!meta || meta.version !== this.options.version) return undefined;
    const chunks = await Promise.all(
      Array.from({ length: meta.chunks }, (_, i) =>
        this.col.findOne({ _id: this.chunkId(meta.generation, i) }),
      ),
    );
    const decode = this.options.decode;
    const items: T[] = [];
    for (const c of chunks) {
      const json = (c as Chunk | null)?.items;
      if (typeof json !== 'string') return undefined; // a generation being removed under us: a full read instead
      for (const raw of JSON.parse(json) as unknown[]) items.push(decode ? decode(raw) : (raw as T));
    }
    if (items.length !== meta.count) return undefined;
    return {
      items,
      offsets: meta.offsets,
      takenAt: new Date(meta.takenAt),
      ...(meta.mark !== undefined ? { mark: meta.mark } : {}),
    };
  }

  async save(items: readonly T[], offsets: TopicOffsets, takenAt: Date, mark?: string): Promise<void> {
    const previous = (await this.col.findOne({ _id: this.meta })) as Meta | null;
    const generation = randomUUID();
    const per = this.options.perChunk ?? 5000;
    const encode = this.options.encode;
    const chunks = Math.ceil(items.length / per);
    for (let i = 0; i < chunks; i++) {
      const slice = items.slice(i * per, (i + 1) * per);
      await this.col.replaceOne(
        { _id: this.chunkId(generation, i) },
        { items: JSON.stringify(encode ? slice.map(encode) : slice) },
        { upsert: true },
      );
    }
    const meta: Omit<Meta, '_id'> = {
      version: this.options.version,
      generation,
      chunks,
      count: items.length,
      takenAt,
      offsets,
      ...(mark !== undefined ? { mark } : {}),
    };
    await this.col.replaceOne({ _id: this.meta }, meta, { upsert: true });
    if (previous)
      for (let i = 0; i < previous.chunks; i++)
        await this.col.deleteOne({ _id: this.chunkId(previous.generation, i) });
  }

  private chunkId(generation: string, i: number): string {
    return `${this.options.name}:${generation}:${i}`;
  }
}
