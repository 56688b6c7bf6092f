import { testInfra } from '@urp/testing';
import { MongoClient, type Db } from 'mongodb';
import type { Sheet } from '../src/sheet/sheet.rules';
import { SheetSnapshotStore } from '../src/sheet/sheet.snapshot';

/** The read model's snapshot on the real FerretDB: upserts guarded by the write counter, dates kept. */
describe('the sheets read model snapshot on FerretDB', () => {
  let client: MongoClient;
  let db: Db;
  let snapshot: SheetSnapshotStore;

  beforeAll(async () => {
    client = await MongoClient.connect(testInfra.mongoUrl);
    db = client.db(`kb_snapshot_${Date.now()}`);
    snapshot = new SheetSnapshotStore(db);
  });
  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  const at = new Date('2026-03-02T09:00:00Z');
  const sheet = (id: string, revision: number, title: string) => {
    const content = { title, category: 'anagrafe_stato_civile', officeIds: ['anagrafe'] };
    return {
      id,
      revision,
      slug: id,
      status: 'published',
      latestRevision: 1,
      content,
      live: { revision: 1, content, publishedAt: at, approvedBy: 'mgr-paolo' },
      revisions: [{ revision: 1, content, author: 'bo-marco', at }],
      log: [{ action: 'created', by: 'bo-marco', at, revision: 1 }],
      createdAt: at,
      updatedAt: at,
    } as unknown as Sheet;
  };

  it('saves summaries without the history, reads them back with their dates, and never moves one backwards', async () => {
    expect(await snapshot.load()).toEqual([]);
    await snapshot.save([sheet('a', 3, 'Uno'), sheet('b', 2, 'Due')]);
    await snapshot.save([sheet('a', 2, 'Uno, prima'), sheet('b', 4, 'Due, dopo')]); // a: older, b: newer
    const held = new Map((await snapshot.load()).map((s) => [s.id, s]));
    expect(held.get('a')).toMatchObject({ revision: 3, content: { title: 'Uno' } });
    expect(held.get('b')).toMatchObject({ revision: 4, content: { title: 'Due, dopo' } });
    expect(held.get('a')).not.toHaveProperty('revisions');
    expect(held.get('a')).not.toHaveProperty('log');
    expect(held.get('a')!.live!.publishedAt).toEqual(at);
    expect(held.get('a')!.content).toBe(held.get('a')!.live!.content);
    expect(await db.collection('sheet_read_model').countDocuments()).toBe(2);
  });

  it("reads every stored sheet's write counter for the verification", async () => {
    await db.collection<{ _id: string; revision: number; slug: string }>('sheets').insertMany([
      { _id: 'a', revision: 3, slug: 'a' },
      { _id: 'b', revision: 5, slug: 'b' },
    ]);
    expect(await snapshot.storedRevisions()).toEqual(
      new Map([
        ['a', 3],
        ['b', 5],
      ]),
    );
  });
});
