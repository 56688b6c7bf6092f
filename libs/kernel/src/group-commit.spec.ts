import type { Collection, Document } from 'mongodb';
import { GroupInsert } from './group-commit';

interface Doc extends Document {
  _id: string;
}

/** A collection that records each insert command and answers as the driver does (duplicates by `_id`). */
function fakeCollection(opts: { fail?: Error; writeConcernError?: boolean } = {}) {
  const stored = new Set<string>(['taken']);
  const commands: string[][] = [];
  const collection = {
    async insertOne(doc: Doc) {
      await new Promise((r) => setTimeout(r, 5));
      commands.push([doc._id]);
      if (opts.fail) throw opts.fail;
      if (stored.has(doc._id)) throw Object.assign(new Error('E11000 duplicate key error'), { code: 11000 });
      stored.add(doc._id);
      return { acknowledged: true, insertedId: doc._id };
    },
    async insertMany(docs: Doc[], options: { ordered?: boolean }) {
      await new Promise((r) => setTimeout(r, 5));
      expect(options.ordered).toBe(false);
      commands.push(docs.map((d) => d._id));
      if (opts.fail) throw opts.fail;
      const writeErrors: { index: number; code: number; errmsg: string }[] = [];
      docs.forEach((d, index) => {
        if (stored.has(d._id)) writeErrors.push({ index, code: 11000, errmsg: 'E11000 duplicate key error' });
        else stored.add(d._id);
      });
      if (writeErrors.length)
        throw Object.assign(new Error('bulk write error'), {
          name: 'MongoBulkWriteError',
          writeErrors,
          // MongoDB reports a write concern not satisfied beside the documents' own errors
          result: { getWriteConcernError: () => (opts.writeConcernError ? { code: 64 } : undefined) },
        });
      return { acknowledged: true, insertedCount: docs.length };
    },
  };
  return { collection: collection as unknown as Collection<Doc>, stored, commands };
}

describe('GroupInsert (group commit of new documents)', () => {
  it('writes a lone insert at once, by itself', async () => {
    const { collection, commands, stored } = fakeCollection();
    await new GroupInsert(collection).insert({ _id: 'a' });
    expect(commands).toEqual([['a']]);
    expect(stored.has('a')).toBe(true);
  });

  it('writes the inserts that arrive while a batch is written together, each caller told of its own', async () => {
    const { collection, commands, stored } = fakeCollection();
    const group = new GroupInsert(collection);
    const ids = Array.from({ length: 20 }, (_, i) => `d${i}`);
    await Promise.all(ids.map((_id) => group.insert({ _id })));
    expect(ids.every((id) => stored.has(id))).toBe(true);
    // the first command carries what came in the same tick; nothing is written twice or left out
    expect(commands.flat().sort()).toEqual([...ids].sort());
    expect(commands.length).toBeLessThan(ids.length);
    expect(group.stats).toEqual({ batches: commands.length, documents: 20 });
  });

  it('rejects only the document whose _id exists, with code 11000 as insertOne would', async () => {
    const { collection, stored } = fakeCollection();
    const group = new GroupInsert(collection);
    const outcomes = await Promise.allSettled(['x1', 'taken', 'x2'].map((_id) => group.insert({ _id })));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: 11000 });
    expect(stored.has('x1') && stored.has('x2')).toBe(true);
  });

  it('rejects every caller of a batch whose command failed as a whole', async () => {
    const down = new Error('connection reset');
    const { collection } = fakeCollection({ fail: down });
    const group = new GroupInsert(collection);
    const outcomes = await Promise.allSettled(['a', 'b', 'c'].map((_id) => group.insert({ _id })));
    expect(outcomes.every((o) => o.status === 'rejected' && o.reason === down)).toBe(true);
  });

  it('refuses every caller when the write concern was not satisfied, beside a duplicate', async () => {
    const { collection } = fakeCollection({ writeConcernError: true });
    const group = new GroupInsert(collection);
    const outcomes = await Promise.allSettled(['w1', 'taken', 'w2'].map((_id) => group.insert({ _id })));
    // none of these writes is confirmed durable: insertOne would have refused each
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });

  it('keeps batches within maxBatch', async () => {
    const { collection, commands } = fakeCollection();
    const group = new GroupInsert(collection, { maxBatch: 4 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => group.insert({ _id: `m${i}` })));
    expect(Math.max(...commands.map((c) => c.length))).toBeLessThanOrEqual(4);
    expect(commands.flat()).toHaveLength(10);
  });
});
