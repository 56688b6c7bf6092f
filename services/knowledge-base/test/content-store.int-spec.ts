import type { OutboxPort } from '@urp/kernel';
import { testInfra } from '@urp/testing';
import { MongoClient, type Db } from 'mongodb';
import { KnowledgeStore } from '../src/content/content.store';

/** The one-time migration of pre-kernel documents on the real FerretDB: once per collection, then no scan. */
describe('the knowledge base store migrates documents written before the kernel, once', () => {
  let client: MongoClient;
  let db: Db;
  const outbox: OutboxPort = { entries: () => [], register: () => undefined, written: () => undefined };

  beforeAll(async () => {
    client = await MongoClient.connect(testInfra.mongoUrl);
    db = client.db(`kb_migrate_${Date.now()}`);
  });
  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('turns `seq` into the kernel revision, marks the collection, and leaves a later `seq` document alone', async () => {
    const sheets = db.collection<{ _id: string; [k: string]: unknown }>('sheets');
    await sheets.insertOne({ _id: 'old', seq: 4, revision: 2, title: 'Carta d’identità' });
    const store = new KnowledgeStore(db, outbox, 'sheets', { versioned: true });
    expect(await store.migrateFromSeq()).toBe(1);
    expect(await sheets.findOne({ _id: 'old' })).toMatchObject({ revision: 5, latestRevision: 2 });
    expect(await sheets.findOne({ _id: 'old' })).not.toHaveProperty('seq');
    expect(
      await db.collection<{ _id: string }>('_migrations').findOne({ _id: 'seq-to-revision:sheets' }),
    ).toBeTruthy();
    // a start after the mark reads the mark by _id and does not scan: a document shaped the old way stays
    await sheets.insertOne({ _id: 'late', seq: 1, title: 'Cambio di residenza' });
    expect(await new KnowledgeStore(db, outbox, 'sheets', { versioned: true }).migrateFromSeq()).toBe(0);
    expect(await sheets.findOne({ _id: 'late' })).toHaveProperty('seq', 1);
  });
});
