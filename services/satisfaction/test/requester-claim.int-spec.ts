import type { OutboxPort } from '@urp/kernel';
import { testInfra } from '@urp/testing';
import { MongoClient, type Db } from 'mongodb';
import { InvitationStore } from '../src/invitation/invitation.store';

/**
 * The quiet-period claim on the real FerretDB, one statement each (issue 17): the first invitation claims the
 * requester, another within the quiet period does not, a retry of the claiming invitation keeps it, and the
 * quiet period over, a new invitation claims them again.
 */
describe('claiming a requester for a survey invitation', () => {
  let client: MongoClient;
  let db: Db;
  const outbox: OutboxPort = { entries: () => [], register: () => undefined, written: () => undefined };
  const day = (d: number) => new Date(Date.UTC(2026, 2, d, 9));

  beforeAll(async () => {
    client = await MongoClient.connect(testInfra.mongoUrl);
    db = client.db(`satisfaction_claim_${Date.now()}`);
  });
  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('claims once per quiet period, keeps the claim on a retry, and claims again after it', async () => {
    const store = new InvitationStore(db, outbox);
    const quiet = (now: Date) => new Date(now.getTime() - 30 * 86_400_000);
    expect(await store.claimRequester('req_quiet001', 'inv-1', day(1), quiet(day(1)))).toBe(true);
    expect(await store.claimRequester('req_quiet001', 'inv-2', day(2), quiet(day(2)))).toBe(false);
    expect(await store.claimRequester('req_quiet001', 'inv-1', day(2), quiet(day(2)))).toBe(true);
    expect(await store.claimRequester('req_other01', 'inv-3', day(2), quiet(day(2)))).toBe(true);
    expect(await store.claimRequester('req_quiet001', 'inv-4', day(20), quiet(day(20)))).toBe(false);
    expect(
      await store.claimRequester(
        'req_quiet001',
        'inv-5',
        new Date(Date.UTC(2026, 3, 5)),
        quiet(new Date(Date.UTC(2026, 3, 5))),
      ),
    ).toBe(true);
    expect(await store.claimRequester('req_quiet001', 'inv-1', day(20), quiet(day(20)))).toBe(false);
    expect(await db.collection('survey_requesters').countDocuments()).toBe(2);
  });

  it('answers a requester within the quiet period from what it saw, and another instance alike', async () => {
    const quiet = (now: Date) => new Date(now.getTime() - 30 * 86_400_000);
    const statements = (store: InvitationStore) =>
      jest.spyOn((store as unknown as { requesters: { updateOne: () => unknown } }).requesters, 'updateOne');
    const first = new InvitationStore(db, outbox);
    expect(await first.claimRequester('req_back0001', 'inv-a', day(1), quiet(day(1)))).toBe(true);
    const writes = statements(first);
    expect(await first.claimRequester('req_back0001', 'inv-b', day(3), quiet(day(3)))).toBe(false);
    expect(writes).not.toHaveBeenCalled();
    // a second instance learns the claim once (the failed upsert and a read), then answers from memory
    const second = new InvitationStore(db, outbox);
    const its = statements(second);
    expect(await second.claimRequester('req_back0001', 'inv-c', day(4), quiet(day(4)))).toBe(false);
    expect(await second.claimRequester('req_back0001', 'inv-d', day(5), quiet(day(5)))).toBe(false);
    expect(its).toHaveBeenCalledTimes(1);
    // the retry of the claiming invitation, and a new one after the quiet period, still ask the store
    expect(await second.claimRequester('req_back0001', 'inv-a', day(5), quiet(day(5)))).toBe(true);
    const later = new Date(Date.UTC(2026, 3, 10));
    expect(await first.claimRequester('req_back0001', 'inv-e', later, quiet(later))).toBe(true);
    expect(await second.claimRequester('req_back0001', 'inv-f', later, quiet(later))).toBe(false);
    expect(its).toHaveBeenCalledTimes(3);
  });
});
