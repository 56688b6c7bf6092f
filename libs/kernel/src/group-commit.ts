import type { Collection, Document, OptionalUnlessRequiredId } from 'mongodb';

export interface GroupCommitOptions {
  /** At most this many documents per `insertMany` (default 64). */
  maxBatch?: number;
  /**
   * How long the first insert of a batch waits for others before the batch is written (default 0: none; the
   * inserts that arrive while a batch is being written make up the next one, so a lone insert never waits).
   */
  windowMs?: number;
}

interface Pending<T> {
  doc: T;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** The parts of the driver's MongoBulkWriteError read here (FerretDB and MongoDB answer alike). */
interface BulkFailure {
  writeErrors?: { index: number; code?: number; errmsg?: string }[] | { index: number }[];
}

/** An error of one document of a batch: `code` as the driver's (11000: duplicate key), as `insertOne` would throw. */
export class GroupInsertError extends Error {
  constructor(
    message: string,
    readonly code: number | undefined,
  ) {
    super(message);
    this.name = 'GroupInsertError';
  }
}

/**
 * Group commit for inserts of new documents (issue 17): concurrent `insert` calls on one collection are written
 * together, one `insertMany` (unordered) per batch instead of one `insert` command each. Each document is still
 * its own single-document write (a document carries its own state and its own outbox entries, so each stays
 * atomic), and each caller learns its own document's outcome: resolved when it was inserted, rejected with its
 * own error (a duplicate `_id` with code 11000, as `insertOne` rejects). A failure of the command as a whole (the
 * connection, the server) rejects every caller of that batch, as it would have rejected each `insertOne`.
 *
 * Batches form by themselves: the first insert is written at once (after `windowMs`, 0 by default); the inserts
 * that arrive while a batch is being written wait for it and go together in the next one. On FerretDB, whose wire
 * proxy writes one command at a time per collection and pays a fixed cost per command, this takes most of the
 * per-insert overhead away under load; on MongoDB it saves round trips. Nothing is held across a process crash
 * that a caller was told is written: a caller's promise resolves only after the server acknowledged its batch.
 */
export class GroupInsert<T extends Document> {
  private queue: Pending<T>[] = [];
  private writing = false;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly windowMs: number;
  /** Batches written and documents in them since start (benchmarks, tests). */
  readonly stats = { batches: 0, documents: 0 };

  constructor(
    private readonly collection: Collection<T>,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatch = Math.max(1, options.maxBatch ?? 64);
    this.windowMs = Math.max(0, options.windowMs ?? 0);
  }

  insert(doc: OptionalUnlessRequiredId<T>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ doc: doc as T, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.writing || this.scheduled) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      void this.flush();
    };
    if (this.windowMs > 0) setTimeout(go, this.windowMs);
    else setImmediate(go);
  }

  private async flush(): Promise<void> {
    if (this.writing || !this.queue.length) return;
    this.writing = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.maxBatch);
        await this.write(batch);
      }
    } finally {
      this.writing = false;
      if (this.queue.length) this.schedule();
    }
  }

  private async write(batch: Pending<T>[]): Promise<void> {
    this.stats.batches++;
    this.stats.documents += batch.length;
    try {
      if (batch.length === 1) await this.collection.insertOne(batch[0].doc as OptionalUnlessRequiredId<T>);
      else
        await this.collection.insertMany(
          batch.map((p) => p.doc as OptionalUnlessRequiredId<T>),
          { ordered: false },
        );
    } catch (e) {
      const failed = batch.length > 1 ? byIndex(e) : undefined;
      if (!failed) {
        for (const p of batch) p.reject(e);
        return;
      }
      batch.forEach((p, i) => {
        const err = failed.get(i);
        if (err) p.reject(err);
        else p.resolve();
      });
      return;
    }
    for (const p of batch) p.resolve();
  }
}

/** The documents of an unordered `insertMany` that failed, by index; undefined when the command itself failed. */
function byIndex(e: unknown): Map<number, GroupInsertError> | undefined {
  // a write concern not satisfied (MongoDB reports it beside the documents' own errors): nobody's write is
  // confirmed, so every caller is refused, as `insertOne` would have refused it
  const result = (e as { result?: { getWriteConcernError?: () => unknown } } | null)?.result;
  if (result?.getWriteConcernError?.()) return undefined;
  const writeErrors = (e as BulkFailure | null)?.writeErrors;
  if (!Array.isArray(writeErrors) || !writeErrors.length) return undefined;
  const out = new Map<number, GroupInsertError>();
  for (const w of writeErrors as { index: number; code?: number; errmsg?: string }[]) {
    if (typeof w.index !== 'number') return undefined;
    out.set(w.index, new GroupInsertError(w.errmsg ?? `insert failed (code ${w.code})`, w.code));
  }
  return out;
}
