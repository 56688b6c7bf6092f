import { defineEvent, defineTopic, EventCatalog, type CloudEvent } from '@urp/contracts';
import { toOutboxEntry, type OutboxEntry } from '@urp/persistence';
import { testInfra } from '@urp/testing';
import { MongoClient, type Db } from 'mongodb';
import { z } from 'zod';
import { emit, type UseCaseContext } from '../src/context';
import { RevisionConflict } from '../src/errors';
import { MongoAggregateStore, type Aggregate, type OutboxPort, type StoredDocument } from '../src/store';

interface Ticket extends Aggregate {
  subject: string;
}
const topic = defineTopic({ service: 'contacts', aggregate: 'ticket', partitions: 1, description: 'test' });
const Opened = defineEvent(topic, {
  name: 'TicketOpened',
  version: 1,
  summary: 'test',
  subject: 'ticket id',
  schema: z.object({ ticketId: z.string(), subject: z.string() }),
});
const catalog = new EventCatalog([Opened]);
const ctx: UseCaseContext = {
  actor: { sub: 'op', roles: ['operator'] },
  now: new Date(),
  source: '/urp/test',
};

class RecordingOutbox implements OutboxPort {
  readonly log: { id: string; entries: OutboxEntry[] }[] = [];
  entries = (events: readonly CloudEvent[]) => events.map((e) => toOutboxEntry(catalog, e));
  register(): void {
    // the relay is not under test: the recorded `written` calls are
  }
  written(_collection: string, id: string, entries: OutboxEntry[]): void {
    this.log.push({ id, entries });
  }
}

const open = (id: string, subject = id) => ({
  previous: null,
  next: { id, revision: 0, subject },
  events: [emit(ctx, Opened, id, { ticketId: id, subject })],
});

describe('group commit of new aggregates on the real database', () => {
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    client = await MongoClient.connect(testInfra.mongoUrl);
    db = client.db(`kernel_group_${Date.now()}`);
  });
  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('writes concurrent new aggregates in shared commands, each with its own events, each told its own outcome', async () => {
    const outbox = new RecordingOutbox();
    const store = new MongoAggregateStore<Ticket>(db, outbox, 'tickets', { groupCommit: true });
    await store.commit(open('existing'));
    const ids = Array.from({ length: 30 }, (_, i) => `t${i}`);
    const outcomes = await Promise.allSettled([
      ...ids.map((id) => store.commit(open(id))),
      store.commit(open('existing', 'again')), // an insert of an existing id: a conflict, as without group commit
      store.commit({ ...open('existing', 'claim'), ifAbsent: true }), // a claim already taken: duplicate
    ]);

    expect(outcomes.slice(0, 30).every((o) => o.status === 'fulfilled')).toBe(true);
    expect(outcomes[30]).toMatchObject({ status: 'rejected', reason: expect.any(RevisionConflict) });
    expect(outcomes[31]).toMatchObject({ status: 'fulfilled', value: { status: 'duplicate' } });
    // fewer insert commands than documents: they were grouped
    expect(store.inserts!.stats.documents).toBe(33);
    expect(store.inserts!.stats.batches).toBeLessThan(33);

    const docs = await db.collection<StoredDocument>('tickets').find({}).toArray();
    expect(docs).toHaveLength(31);
    for (const id of ids) {
      const doc = docs.find((d) => d._id === id)!;
      expect(doc).toMatchObject({ subject: id, revision: 1 });
      expect(doc._outbox).toHaveLength(1);
      expect(JSON.parse(doc._outbox![0].value)).toEqual({ ticketId: id, subject: id });
    }
    expect(docs.find((d) => d._id === 'existing')).toMatchObject({ subject: 'existing' });
    // the relay is told of each document written, and only of those
    expect(outbox.log.map((l) => l.id).sort()).toEqual(['existing', ...ids].sort());
  });
});
