import type { Collection, Db } from 'mongodb';

interface MarkDocument {
  _id: string;
  writes: number;
  at: Date;
  by?: string;
}

/**
 * The write mark of a collection written outside its service (a migration, a repair, a data load): one
 * document per collection in `_store_marks`, read by `_id`. Whoever writes a collection without going through
 * the service's store (so without the change events that keep the read models current) bumps its mark; a read
 * model remembers the mark its contents reflect (in its snapshot), and a start from a snapshot whose mark is
 * not the current one reads the whole collection instead. The service's own writes need no mark: each carries
 * its change event in the same write, and a snapshot's topic offsets replay them. (FerretDB 1.24 has no change
 * streams and answers no range query from an index: without a mark, a write that bypasses the store can only be
 * found by a scan.)
 */
export class StoreMarks {
  private readonly col: Collection<MarkDocument>;

  constructor(db: Db) {
    this.col = db.collection<MarkDocument>('_store_marks');
  }

  /** The current mark of `collection` (`'0'`: never written outside its service). */
  async read(collection: string): Promise<string> {
    const doc = await this.col.findOne({ _id: collection });
    return String(doc?.writes ?? 0);
  }

  /** Records a write of `collection` outside its service (call it after the write); returns the new mark. */
  async bump(collection: string, by?: string): Promise<string> {
    const doc = await this.col.findOneAndUpdate(
      { _id: collection },
      { $inc: { writes: 1 }, $set: { at: new Date(), ...(by ? { by } : {}) } },
      { upsert: true, returnDocument: 'after' },
    );
    return String(doc?.writes ?? 1);
  }
}
