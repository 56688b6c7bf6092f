/**
 * Preloaded into the campaigns service by the notifications benchmark (`node --expose-gc -r …`): on SIGUSR2, a
 * full garbage collection, then `process.memoryUsage()` on stdout as `GCPROBE {…}`; on SIGWINCH, the store commands
 * the service sent since the previous SIGWINCH as `STOREPROBE {…}` (per collection: statements written by kind, reads,
 * and the commands' wall time as the driver saw it), then the counts start again from zero. Statements, not
 * commands: a bulk of 50 updates is 50 statements, each one FerretDB's work.
 */
import { Collection } from 'mongodb';

type Counts = Record<string, Record<string, number>>;
let counts: Counts = {};
const add = (coll: string, kind: string, n: number) => {
  const c = (counts[coll] ??= {});
  c[kind] = (c[kind] ?? 0) + n;
};

/** Statements of a bulkWrite by kind (insertOne, updateOne, deleteOne…). */
const bulkKinds = (ops: readonly Record<string, unknown>[]) => {
  const out: Record<string, number> = {};
  for (const op of ops) {
    const k = Object.keys(op)[0];
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
};

const proto = Collection.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
const wrap = (method: string, kinds: (args: unknown[]) => Record<string, number>) => {
  const original = proto[method];
  proto[method] = function (this: Collection, ...args: unknown[]) {
    const name = this.collectionName;
    for (const [k, n] of Object.entries(kinds(args))) add(name, k, n);
    const t0 = performance.now();
    const r = original.apply(this, args);
    if (r && typeof (r as Promise<unknown>).finally === 'function')
      return (r as Promise<unknown>).finally(() => add(name, 'ms', performance.now() - t0));
    return r;
  };
};
wrap('insertOne', () => ({ insert: 1 }));
// insertMany is a bulkWrite of insertOne statements (counted there)
wrap('updateOne', () => ({ update: 1 }));
wrap('updateMany', () => ({ updateMany: 1 }));
wrap('deleteOne', () => ({ delete: 1 }));
wrap('deleteMany', () => ({ deleteMany: 1 }));
// a find by `_id` alone is a point read (FerretDB's primary key), any other filter a scan; findOne is a find
wrap('find', (a) => {
  const f = (a[0] ?? {}) as Record<string, unknown>;
  const keys = Object.keys(f);
  const point = keys.length === 1 && keys[0] === '_id' && (typeof f._id !== 'object' || f._id === null);
  return { [point ? 'read' : 'scan']: 1 };
});
wrap('findOne', () => ({}));
wrap('aggregate', () => ({ scan: 1 }));
wrap('bulkWrite', (a) => bulkKinds(a[0] as Record<string, unknown>[]));

process.on('SIGUSR2', () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  console.log(`GCPROBE ${JSON.stringify({ ...process.memoryUsage(), gc: !!gc })}`);
});

// SIGWINCH, not SIGUSR2 (Nest's shutdown hooks stop the service on SIGUSR2; the GC probe is asked at the end)
process.on('SIGWINCH', () => {
  console.log(`STOREPROBE ${JSON.stringify(counts)}`);
  counts = {};
});
