import { testInfra, uniqueName } from '@urp/testing';
import { MongoClient } from 'mongodb';
import { PersonalDataAudit, type AuditEntry } from '../src/requester/requester.store';

/**
 * The audit trail on the real FerretDB: one disclosure of several requesters (a search, a batch of addresses) is
 * one document naming each of them, and every reader of the trail still finds it under each requester.
 */
describe('personal data audit (FerretDB)', () => {
  const mongo = new MongoClient(testInfra.mongoUrl);
  const dbName = uniqueName('contacts-audit').replace(/-/g, '_');
  let audit: PersonalDataAudit;

  beforeAll(async () => {
    await mongo.connect();
    audit = new PersonalDataAudit(mongo.db(dbName));
    await audit.onModuleInit();
  });
  afterAll(async () => {
    await mongo.db(dbName).dropDatabase();
    await mongo.close();
  });

  const at = new Date('2026-03-02T09:00:00Z');
  const search = (requesterId: string): AuditEntry => ({
    requesterId,
    at,
    who: 'op-giulia',
    action: 'search',
    purpose: 'verifica per Mario Rossi allo sportello',
    fields: ['name'],
  });

  it('writes one entry per search naming every requester found, read back under each of them', async () => {
    await audit.record([search('req_a'), search('req_b'), search('req_c')]);
    await audit.record([
      { ...search('req_b'), at: new Date(at.getTime() + 60_000), action: 'read', fields: ['name', 'email'] },
    ]);

    const stored = await mongo.db(dbName).collection('personal_data_audit').find({}).toArray();
    expect(stored).toHaveLength(2);
    expect(stored.find((d) => d.action === 'search')).toMatchObject({
      requesterId: ['req_a', 'req_b', 'req_c'],
      who: 'op-giulia',
      purpose: 'verifica per Mario Rossi allo sportello',
      fields: ['name'],
    });
    // the admin's view of one requester: every disclosure of them, with their own id
    expect(await audit.of('req_b', 10)).toEqual([
      expect.objectContaining({ requesterId: 'req_b', action: 'read' }),
      expect.objectContaining({ requesterId: 'req_b', action: 'search', who: 'op-giulia' }),
    ]);
    expect(await audit.of('req_c', 10)).toEqual([
      expect.objectContaining({ requesterId: 'req_c', action: 'search' }),
    ]);
    expect(await audit.of('req_z', 10)).toEqual([]);
  });

  it('keeps entries that differ in more than the requester apart', async () => {
    await audit.record([
      { ...search('req_d'), purpose: 'scadenza TARI', action: 'address', fields: ['email'] },
      { ...search('req_e'), purpose: 'scadenza TARI', action: 'address', fields: ['pec'] },
    ]);
    const stored = await mongo
      .db(dbName)
      .collection('personal_data_audit')
      .find({ purpose: 'scadenza TARI' })
      .toArray();
    expect(stored.map((d) => [d.requesterId, d.fields])).toEqual(
      expect.arrayContaining([
        ['req_d', ['email']],
        ['req_e', ['pec']],
      ]),
    );
  });

  it('scrubs the person from the purpose of an entry they share with others (anonymisation)', async () => {
    await audit.scrubPurposes('req_a', { names: ['Mario Rossi'], literals: [], phones: [] });
    const [entry] = await audit.of('req_c', 10);
    expect(entry.purpose).not.toContain('Mario Rossi');
    expect(entry.requesterId).toBe('req_c');
  });
});
