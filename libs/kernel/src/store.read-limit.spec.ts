import type { Collection, Document } from 'mongodb';
import { withReadTimeLimit } from './store';

/** A stand-in collection that records the arguments of each call. */
function recording() {
  const calls: { method: string; args: unknown[] }[] = [];
  const record =
    (method: string) =>
    (...args: unknown[]) => {
      calls.push({ method, args });
      return method;
    };
  const fake = {
    collectionName: 'things',
    find: record('find'),
    findOne: record('findOne'),
    countDocuments: record('countDocuments'),
    aggregate: record('aggregate'),
    distinct: record('distinct'),
    updateOne: record('updateOne'),
    insertOne: record('insertOne'),
  };
  return { calls, collection: fake as unknown as Collection<Document> };
}

describe('withReadTimeLimit', () => {
  it('gives each read maxTimeMS, keeping the options it had', () => {
    const { calls, collection } = recording();
    const c = withReadTimeLimit(collection, 250);
    c.find({ a: 1 }, { projection: { b: 0 } });
    c.find();
    c.findOne({ a: 2 });
    c.countDocuments({ a: 1 });
    c.aggregate([{ $match: {} }]);
    c.distinct('a', { b: 1 });
    expect(calls).toEqual([
      { method: 'find', args: [{ a: 1 }, { projection: { b: 0 }, maxTimeMS: 250 }] },
      { method: 'find', args: [undefined, { maxTimeMS: 250 }] },
      { method: 'findOne', args: [{ a: 2 }, { maxTimeMS: 250 }] },
      { method: 'countDocuments', args: [{ a: 1 }, { maxTimeMS: 250 }] },
      { method: 'aggregate', args: [[{ $match: {} }], { maxTimeMS: 250 }] },
      { method: 'distinct', args: ['a', { b: 1 }, { maxTimeMS: 250 }] },
    ]);
  });

  it('leaves a read that names its own limit, and every write, as they are', () => {
    const { calls, collection } = recording();
    const c = withReadTimeLimit(collection, 250);
    c.find({}, { maxTimeMS: 0 });
    void c.updateOne({ _id: 'x' } as never, { $set: { a: 1 } });
    void c.insertOne({ a: 1 });
    expect(calls).toEqual([
      { method: 'find', args: [{}, { maxTimeMS: 0 }] },
      { method: 'updateOne', args: [{ _id: 'x' }, { $set: { a: 1 } }] },
      { method: 'insertOne', args: [{ a: 1 }] },
    ]);
    expect(c.collectionName).toBe('things');
  });

  it('with no limit (0) the collection is the same object', () => {
    const { collection } = recording();
    expect(withReadTimeLimit(collection, 0)).toBe(collection);
  });
});
