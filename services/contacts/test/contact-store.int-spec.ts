/**
 * The contacts collection's writes on the real store (issue 17): registrations grouped into shared insert commands,
 * each contact still one document with its own events; protocol numbers taken in blocks, still unique and
 * consecutive; the secondary indexes as CONTACTS_SECONDARY_INDEXES says, decided by the server for `auto`.
 */
import {
  catalog,
  ContactChangedV1,
  ContactClosedV1,
  ContactRegisteredV1,
  type CloudEvent,
} from '@urp/contracts';
import type { OutboxPort } from '@urp/kernel';
import { readOutboxEntry, toOutboxEntry, type OutboxEntry, type StoredOutboxEntry } from '@urp/persistence';
import { testInfra } from '@urp/testing';
import { MongoClient, type Db, type Document } from 'mongodb';
import { ContactReadModel } from '../src/contact/contact.read-model';
import { ContactStore, CONTACT_INDEXES, type ContactStoreOptions } from '../src/contact/contact.store';
import { memoryService, OPERATOR, type MemoryContactStore } from '../src/testing/in-memory';

/** Documents with string ids (contacts, counters), as stored. */
type StoredId = Document & { _id: string };

/** The outbox port of the service, recording what the relay is told of each document. */
class RecordingOutbox implements OutboxPort {
  readonly told = new Map<string, OutboxEntry[]>();
  entries = (events: readonly CloudEvent[]) => events.map((e) => toOutboxEntry(catalog, e));
  register(): void {
    // the relay is not under test: what it is told is recorded in `told`
  }
  written(_collection: string, id: string, entries: OutboxEntry[]): void {
    this.told.set(id, [...(this.told.get(id) ?? []), ...entries]);
  }
}

/** A document's outbox as the relay reads it (stored compact since session 26: `{id, env, value}`). */
const storedEntries = (doc: Document): OutboxEntry[] =>
  (doc._outbox as (OutboxEntry | StoredOutboxEntry)[]).map(readOutboxEntry);

describe('ContactStore on the real store (issue 17)', () => {
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    client = await MongoClient.connect(testInfra.mongoUrl);
    db = client.db(`contacts_store_${Date.now()}`);
  });
  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  async function service(options: ContactStoreOptions) {
    const outbox = new RecordingOutbox();
    const store = new ContactStore(db, outbox, new ContactReadModel(), options);
    await store.onModuleInit();
    const svc = memoryService(new Date(), store as unknown as MemoryContactStore);
    const requester = await svc.requesterUseCases.create(OPERATOR, {
      kind: 'person',
      name: 'Mario Rossi',
      email: 'mario.rossi@example.org',
      preferredChannel: 'email',
      purpose: 'prova',
    });
    return { store, svc, outbox, requesterId: requester.id };
  }

  const contacts = () => db.collection<StoredId>('contacts');
  const secondary = async () =>
    (await db.collection('contacts').indexes()).map((i) => i.name).filter((n) => n !== '_id_');

  it('keeps the secondary indexes as configured: all, none, and auto decided by the server', async () => {
    await service({ CONTACTS_SECONDARY_INDEXES: 'all' });
    expect(await secondary()).toHaveLength(CONTACT_INDEXES.length);
    await service({ CONTACTS_SECONDARY_INDEXES: 'none' });
    expect(await secondary()).toEqual([]);
    await service({ CONTACTS_SECONDARY_INDEXES: 'auto' });
    const ferret = 'ferretdbVersion' in (await db.admin().command({ buildInfo: 1 }));
    // FerretDB: none (its queries use no index but _id); MongoDB: all of them
    expect(await secondary()).toHaveLength(ferret ? 0 : CONTACT_INDEXES.length);
  });

  it('registers concurrent contacts in shared insert commands, each one document with its own events', async () => {
    const { store, svc, outbox, requesterId } = await service({ CONTACTS_GROUP_COMMIT: true });
    const registered = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        svc.contactUseCases.register(OPERATOR, {
          channel: 'desk',
          type: 'information',
          subject: `Orari dello sportello ${i}`,
          requesterId,
          resolvedAtFirstContact: true,
        }),
      ),
    );
    expect(store.inserts!.stats.batches).toBeLessThan(store.inserts!.stats.documents);
    for (const c of registered) {
      const doc = await contacts().findOne({ _id: c.id });
      expect(doc).toMatchObject({ subject: c.subject, status: 'closed', revision: 1 });
      // its own events, in its own document: ContactRegistered tells the other instances (no ContactChanged)
      const entries = storedEntries(doc!);
      const types = entries.map((e) => e.headers.ce_type);
      expect(types).toEqual([ContactRegisteredV1.type, ContactClosedV1.type]);
      expect(entries.every((e) => e.key === c.id)).toBe(true);
      expect(outbox.told.get(c.id)?.map((e) => e.id)).toEqual(entries.map((e) => e.id));
      expect(store.readModel.get(c.id)?.revision).toBe(1);
    }
    // a later write of a contact carries ContactChanged with its revision
    const open = await svc.contactUseCases.register(OPERATOR, {
      channel: 'desk',
      type: 'information',
      subject: 'Una domanda da richiamare',
      requesterId,
    });
    await svc.contactUseCases.close(OPERATOR, { id: open.id, resolvedAtFirstContact: false });
    const later = await contacts().findOne({ _id: open.id });
    const changed = storedEntries(later!).filter((e) => e.headers.ce_type === ContactChangedV1.type);
    expect(later!.revision).toBe(2);
    expect(changed.map((e) => JSON.parse(e.value).revision)).toEqual([2]);
  });

  it('gives concurrent registrations unique consecutive protocol numbers, taken in blocks', async () => {
    const { store, svc, requesterId } = await service({});
    const year = new Date().getUTCFullYear();
    const before =
      (await db.collection<StoredId>('protocol_counters').findOne({ _id: String(year) }))?.seq ?? 0;
    const cases = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        svc.contactUseCases.register(OPERATOR, {
          channel: 'desk',
          type: 'complaint',
          subject: `Disservizio ${i}`,
          text: 'Attesa di due ore allo sportello',
          requesterId,
        }),
      ),
    );
    const seqs = cases.map((c) => Number(c.protocolNumber!.split('/')[1])).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => before + 1 + i));
    // and one more alone after them: the next number
    expect(await store.nextProtocolSeq(year)).toBe(before + 31);
  });
});
