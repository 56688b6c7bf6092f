/**
 * The contacts collection's writes on the real store (issue 17): registrations grouped into shared insert commands,
 * each contact still one document with its own events; protocol numbers taken in blocks, still unique and
 * consecutive; the secondary indexes as CONTACTS_SECONDARY_INDEXES says, decided by the server for `auto`; a write's
 * events stored as one pack (CONTACTS_PACK_OUTBOX), published by the real relay exactly as the events are and then
 * removed, beside entries an instance without packs wrote (a rolling upgrade).
 */
import {
  catalog,
  ContactChangedV1,
  ContactClosedV1,
  ContactRegisteredV1,
  toKafkaRecord,
  type CloudEvent,
} from '@urp/contracts';
import type { OutboxPort } from '@urp/kernel';
import { createRawKafka, OutboxRelay } from '@urp/messaging';
import { readOutboxEntries, toOutboxEntry, type OutboxEntry, type StoredOutboxEntry } from '@urp/persistence';
import { collectEvents, testInfra, waitFor } from '@urp/testing';
import { Binary, MongoClient, type Collection, type Db, type Document } from 'mongodb';
import { ContactReadModel } from '../src/contact/contact.read-model';
import { ContactStore, CONTACT_INDEXES, type ContactStoreOptions } from '../src/contact/contact.store';
import { memoryService, OPERATOR, type MemoryContactStore } from '../src/testing/in-memory';

/** Documents with string ids (contacts, counters), as stored. */
type StoredId = Document & { _id: string };

/**
 * The outbox port of the service, recording what the relay is told of each document and the events written; with a
 * relay, it is told as the service's port tells it.
 */
class RecordingOutbox implements OutboxPort {
  readonly told = new Map<string, OutboxEntry[]>();
  readonly events = new Map<string, CloudEvent>();
  relay?: OutboxRelay;
  entries = (events: readonly CloudEvent[]) =>
    events.map((e) => {
      this.events.set(e.id, e);
      return toOutboxEntry(catalog, e);
    });
  register(collection: Collection<Document>): void {
    this.relay?.register(collection);
  }
  written(collection: string, id: string, entries: OutboxEntry[]): void {
    this.told.set(id, [...(this.told.get(id) ?? []), ...entries]);
    this.relay?.notifyWritten(collection, id, entries);
  }
}

/** A document's outbox as the relay reads it (compact `{id, env, value}` entries, or packs of them). */
const storedEntries = (doc: Document): OutboxEntry[] =>
  (doc._outbox as (OutboxEntry | StoredOutboxEntry)[]).flatMap(readOutboxEntries);

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

  async function service(options: ContactStoreOptions, relay?: OutboxRelay) {
    const outbox = new RecordingOutbox();
    outbox.relay = relay;
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
      // stored as one pack (CONTACTS_PACK_OUTBOX, default): one element with the entries' ids
      expect(doc!._outbox).toHaveLength(1);
      expect(doc!._outbox[0]).toMatchObject({ ids: expect.any(Array), z: expect.any(Binary) });
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
  describe("a write's events stored as one pack, through the real relay", () => {
    const producer = createRawKafka({
      clientId: 'contacts-store-test',
      brokers: testInfra.kafkaBrokers,
    }).producer();
    let collector: Awaited<ReturnType<typeof collectEvents>>;
    let relay: OutboxRelay | undefined;

    beforeAll(async () => {
      await producer.connect();
      collector = await collectEvents(catalog.topics.map((t) => t.name));
    });
    afterEach(async () => {
      await relay?.stop();
      relay = undefined;
    });
    afterAll(async () => {
      await collector.stop();
      await producer.disconnect();
    });

    const newRelay = () => (relay = new OutboxRelay(producer, { idleSweepMs: 3_600_000 }));

    /** Each event published once, exactly as the event is: topic, key, every header, the payload. */
    async function expectPublishedExactly(events: CloudEvent[]): Promise<void> {
      const copies = await waitFor(
        () => {
          const got = events.map((e) => collector.events.filter((m) => m.headers.ce_id === e.id));
          return got.every((g) => g.length) ? got : undefined;
        },
        { what: `${events.length} events on the broker` },
      );
      events.forEach((e, i) => {
        const record = toKafkaRecord(e);
        expect(copies![i]).toEqual([
          {
            topic: catalog.find(e.type)!.topic.name,
            key: record.key,
            headers: record.headers,
            data: JSON.parse(record.value),
          },
        ]);
      });
    }

    /** The relay acknowledged every event of these contacts: nothing left in their outbox. */
    async function expectAcknowledged(ids: string[]): Promise<void> {
      await relay!.drain();
      for (const id of ids) {
        const doc = await contacts().findOne({ _id: id }, { projection: { _outbox: 1 } });
        expect(doc?._outbox ?? []).toEqual([]);
      }
    }

    it('publishes packed registrations with their events, then removes the packs', async () => {
      const { svc, outbox, requesterId } = await service({}, newRelay());
      relay!.start();
      await relay!.drain(); // the first sweep (earlier tests' documents) is done: these go by the fast path
      const registered = await Promise.all([
        ...Array.from({ length: 8 }, (_, i) =>
          svc.contactUseCases.register(OPERATOR, {
            channel: 'desk',
            type: 'information',
            subject: `Orari dell'ufficio tributi ${i}`,
            requesterId,
            resolvedAtFirstContact: true,
          }),
        ),
        ...Array.from({ length: 2 }, (_, i) =>
          svc.contactUseCases.register(OPERATOR, {
            channel: 'desk',
            type: 'complaint',
            subject: `Buca in via Roma ${i}`,
            text: 'Una buca profonda davanti al civico 3',
            requesterId,
          }),
        ),
      ]);
      const events = registered.flatMap((c) => outbox.told.get(c.id)!.map((e) => outbox.events.get(e.id)!));
      // information answered at the desk: registered and closed; a case adds at least CaseOpened
      expect(events.length).toBeGreaterThanOrEqual(8 * 2 + 2 * 3);
      await expectPublishedExactly(events);
      await expectAcknowledged(registered.map((c) => c.id));
    });

    it("publishes and removes an older instance's entries beside a newer one's pack (rolling upgrade)", async () => {
      const old = await service({ CONTACTS_PACK_OUTBOX: false });
      const now = await service({});
      const open = await old.svc.contactUseCases.register(OPERATOR, {
        channel: 'desk',
        type: 'information',
        subject: 'Una domanda da richiamare',
        requesterId: old.requesterId,
      });
      const opened = await old.svc.contactUseCases.register(OPERATOR, {
        channel: 'desk',
        type: 'complaint',
        subject: 'Lampione spento',
        text: 'Il lampione davanti al civico 8 è spento da una settimana',
        requesterId: old.requesterId,
      });
      // the newer instance closes the older one's contact: its ContactClosed and ContactChanged as one pack
      await now.svc.contactUseCases.close(OPERATOR, { id: open.id, resolvedAtFirstContact: false });
      const mixed = await contacts().findOne({ _id: open.id });
      expect(mixed!._outbox).toHaveLength(2);
      expect(mixed!._outbox[0]).toEqual({
        id: expect.any(String),
        env: expect.any(String),
        value: expect.any(String),
      });
      expect(mixed!._outbox[1]).toMatchObject({ ids: expect.any(Array), z: expect.any(Binary) });
      const plain = await contacts().findOne({ _id: opened.id });
      expect((plain!._outbox as Document[]).every((e) => typeof e.env === 'string')).toBe(true);
      expect(plain!._outbox.length).toBeGreaterThanOrEqual(3);

      // none of them was published by a relay: a relay's sweep finds them all
      const written = [open.id, opened.id].flatMap((id) => [
        ...(old.outbox.told.get(id) ?? []).map((e) => old.outbox.events.get(e.id)!),
        ...(now.outbox.told.get(id) ?? []).map((e) => now.outbox.events.get(e.id)!),
      ]);
      expect(written.map((e) => e.type)).toEqual(
        expect.arrayContaining([ContactRegisteredV1.type, ContactClosedV1.type, ContactChangedV1.type]),
      );
      newRelay().register(contacts() as unknown as Collection<Document>);
      relay!.start();
      await expectPublishedExactly(written);
      await expectAcknowledged([open.id, opened.id]);
    });
  });
});
