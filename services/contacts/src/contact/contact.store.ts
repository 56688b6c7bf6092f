import { Inject, Injectable, Logger, Optional, type OnModuleInit } from '@nestjs/common';
import { ContactChangedV1, ContactRegisteredV1, createEvent, type CloudEvent } from '@urp/contracts';
import {
  MONGO_DB,
  MongoAggregateStore,
  OUTBOX_PORT,
  type Aggregate,
  type Commit,
  type CommitResult,
  type OutboxPort,
  type StoredDocument,
} from '@urp/kernel';
import type { Collection, Db } from 'mongodb';
import { keepSecondaryIndexes, type IndexKeys } from '@urp/persistence';
import { CONTACTS_CONFIG, type ContactsConfig } from '../config';
import { RevisionCache } from '../shared/revision-cache';
import { ContactReadModel } from './contact.read-model';
import type { Contact } from './contact.rules';

/** One protocol counter per Rome solar year (`_id` = the year). */
interface ProtocolCounter {
  _id: string;
  seq: number;
}

/** The callers waiting for a protocol number of one year, and whether a `$inc` is in flight for them. */
interface ProtocolQueue {
  waiting: { resolve: (seq: number) => void; reject: (e: unknown) => void }[];
  busy: boolean;
}

const HIDDEN = { _outbox: 0, _applied: 0 } as const;
/** Lists leave out what only the case page shows. */
const LIST = { ...HIDDEN, 'case.history': 0, 'case.notes': 0, 'case.messages': 0 } as const;
/** How many list documents `listed` keeps (a few pages of every operator's queue). */
const PAGE_CACHE = 2000;
/** How many whole documents `opened` keeps (the cases operators have open and come back to). */
const OPENED_CACHE = 500;
/** What the read model's rebuild reads of each contact (its rows, and the stems of open cases' texts). */
const REBUILD = {
  ...LIST,
  'case.deliveries': 0,
  'case.suspensions.reason': 0,
  'place.address': 0,
  'procedureStart.refusal.reason': 0,
  receiptHash: 0,
} as const;

/**
 * The secondary indexes of `contacts`, for queries made on MongoDB outside the service's hot path (the service
 * itself reads `contacts` only by `_id`, and its hot reads come from the read model). FerretDB 1.24 answers no
 * query but `{_id}` from an index, yet keeps every index current on each insert and update: see
 * `CONTACTS_SECONDARY_INDEXES` (src/config.ts).
 */
export const CONTACT_INDEXES: readonly IndexKeys[] = [
  { registeredAt: -1 },
  { 'case.dueAt': 1 },
  { 'case.nextTimerAt': 1 },
  { requesterId: 1 },
  { protocolNumber: 1 },
];

/** How the contacts collection is written: the service's config (`src/config.ts`), absent for the defaults. */
export type ContactStoreOptions = Partial<
  Pick<ContactsConfig, 'CONTACTS_GROUP_COMMIT' | 'CONTACTS_SECONDARY_INDEXES' | 'CONTACTS_PACK_OUTBOX'>
>;

/**
 * The content-free event every write of a contact carries (the other instances' read models re-read it by
 * `_id`): same correlation as the write's own events.
 */
export function contactChanged(contactId: string, revision: number, events: readonly CloudEvent[]) {
  const cause = events[0];
  const time = cause ? new Date(cause.time) : new Date();
  return createEvent(
    ContactChangedV1,
    contactId,
    { contactId, revision, changedAt: time.toISOString() },
    {
      source: cause?.source ?? '/urp/contacts',
      time,
      ...(cause ? { correlationId: cause.correlationid, causationId: cause.id } : {}),
      ...(cause?.traceparent ? { traceparent: cause.traceparent } : {}),
    },
  );
}

/**
 * The contacts collection, contacts with their cases (`case`): the only writer of it. Registering a contact
 * that opens a case is one document write carrying contact, case and every event. Reads for lists and
 * queues are queries here; the protocol counter is the one atomic `$inc` the registration needs.
 */
@Injectable()
export class ContactStore extends MongoAggregateStore<Contact> implements OnModuleInit {
  private readonly logger = new Logger(ContactStore.name);
  private readonly counters: Collection<ProtocolCounter>;
  /** List documents by id (oldest first), see `listed`. */
  private readonly pages = new Map<string, Contact>();
  /** Whole documents of the cases being worked, see `opened`. */
  private readonly openedDocs: RevisionCache<Contact>;
  /** Callers of `nextProtocolSeq` per year. */
  private readonly protocolQueues = new Map<number, ProtocolQueue>();

  constructor(
    @Inject(MONGO_DB) private readonly db: Db,
    @Inject(OUTBOX_PORT) outbox: OutboxPort,
    readonly readModel: ContactReadModel,
    @Optional() @Inject(CONTACTS_CONFIG) private readonly options: ContactStoreOptions = {},
  ) {
    super(db, outbox, 'contacts', {
      groupCommit: options.CONTACTS_GROUP_COMMIT ?? true,
      packOutbox: options.CONTACTS_PACK_OUTBOX ?? true,
    });
    this.counters = db.collection<ProtocolCounter>('protocol_counters');
    this.openedDocs = new RevisionCache<Contact>(
      (id) => this.get(id),
      (id) => this.readModel.get(id)?.revision,
      OPENED_CACHE,
    );
  }

  /**
   * Every write tells the other instances (their read models re-read the contact) and lands in this instance's
   * read model. A registration tells them by its `ContactRegistered` (revision 1, same topic and key); every
   * other write carries `ContactChanged`.
   */
  override async commit(change: Commit<Contact>): Promise<CommitResult<Contact>> {
    const revision = (change.previous?.revision ?? 0) + 1;
    this.pages.delete(change.next.id);
    this.openedDocs.forget(change.next.id);
    const registered =
      !change.previous &&
      change.events.some((e) => e.type === ContactRegisteredV1.type && e.subject === change.next.id);
    const res = await super.commit(
      registered
        ? change
        : { ...change, events: [...change.events, contactChanged(change.next.id, revision, change.events)] },
    );
    if (res.status === 'committed') this.readModel.upsert(res.state);
    return res;
  }

  /** Every contact, lean (the read model's rebuild at start: the one full read, with no time limit). */
  async *all(batchSize = 2000): AsyncGenerator<Contact> {
    const cursor = this.collection.find({}, { projection: REBUILD, batchSize, maxTimeMS: 0 });
    for await (const doc of cursor) yield this.toState(doc);
  }

  async onModuleInit(): Promise<void> {
    const setting = this.options.CONTACTS_SECONDARY_INDEXES ?? 'auto';
    for (const name of await keepSecondaryIndexes(this.db, this.collection, CONTACT_INDEXES, setting))
      this.logger.log(`contacts: index ${name} dropped (CONTACTS_SECONDARY_INDEXES: ${setting})`);
  }

  /** Contacts written before the direction and sheets existed read as inbound, with no sheets. */
  protected override toState(doc: StoredDocument): Contact {
    const c = super.toState(doc);
    return { ...c, sheetIds: c.sheetIds ?? [], direction: c.direction ?? 'inbound' };
  }

  /**
   * Contacts by `_id` without what only the case page shows (a list's page of documents). The pages operators
   * open again and again come from a small cache of documents, each served only while the read model holds
   * the same revision (any write, here or on another instance, makes it read again) and dropped at once by a
   * write of this instance.
   */
  async listed(ids: readonly string[]): Promise<Contact[]> {
    const docs = await Promise.all(
      ids.map(async (id) => {
        const hit = this.pages.get(id);
        if (hit && hit.revision === this.readModel.get(id)?.revision) return hit;
        const d = await this.collection.findOne({ _id: id }, { projection: LIST });
        const c = d ? this.toState(d) : null;
        if (c && c.revision === this.readModel.get(id)?.revision) this.remember(c);
        return c;
      }),
    );
    return docs.flatMap((c) => (c ? [c] : []));
  }

  /**
   * A whole contact by `_id` for reading (the case page, its canned replies, a federated reference, duplicate
   * suggestions): concurrent callers share one read, and a document is served again while the read model holds
   * its revision (a write of this instance drops it at once; another instance's once its ContactChanged is
   * consumed). Commands check and decide on a fresh `get`, never on this. Shared: read it, never change it.
   */
  opened(id: string): Promise<Contact | null> {
    return this.openedDocs.get(id);
  }

  private remember(c: Contact): void {
    this.pages.delete(c.id);
    this.pages.set(c.id, c);
    if (this.pages.size > PAGE_CACHE) this.pages.delete(this.pages.keys().next().value as string);
  }

  /**
   * The next protocol number of a year: an atomic `$inc` on the year's counter, not read-decide-write
   * (MongoDB: single-document atomicity; FerretDB: our wire proxy serialises writes per collection, see the
   * root README). A number taken by a registration that then fails is not reused: a rare gap, never a
   * duplicate (DPR 445/2000 art. 57). Concurrent callers share one `$inc` (issue 17): while one is in flight the
   * next callers wait and then take a block of numbers together (`$inc` by their count), handed out in the order
   * they asked; a lone caller goes at once.
   */
  nextProtocolSeq(year: number): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      let queue = this.protocolQueues.get(year);
      if (!queue) this.protocolQueues.set(year, (queue = { waiting: [], busy: false }));
      queue.waiting.push({ resolve, reject });
      if (!queue.busy) void this.takeProtocolNumbers(year, queue);
    });
  }

  private async takeProtocolNumbers(year: number, queue: ProtocolQueue): Promise<void> {
    queue.busy = true;
    try {
      while (queue.waiting.length) {
        const callers = queue.waiting.splice(0);
        try {
          const res = await this.counters.findOneAndUpdate(
            { _id: String(year) },
            { $inc: { seq: callers.length } },
            { upsert: true, returnDocument: 'after' },
          );
          if (!res) throw new Error(`protocol counter ${year}: no document after the upsert`);
          const first = res.seq - callers.length + 1;
          callers.forEach((c, i) => c.resolve(first + i));
        } catch (e) {
          for (const c of callers) c.reject(e);
        }
      }
    } finally {
      queue.busy = false;
    }
  }
}

/** What was sent to the knowledge base as a FAQ draft (scrubbed), with its FaqProposed event. */
export interface FaqProposal extends Aggregate {
  contactId: string;
  question: string;
  answer: string;
  proposedBy: string;
  proposedAt: Date;
}

@Injectable()
export class FaqProposalStore extends MongoAggregateStore<FaqProposal> {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'faq_proposals');
  }

  /** The drafts proposed from these contacts (anonymisation of their requester). */
  async ofContacts(contactIds: readonly string[]): Promise<FaqProposal[]> {
    if (!contactIds.length) return [];
    const docs = await this.collection.find({ contactId: { $in: [...contactIds] } }).toArray();
    return docs.map((d) => this.toState(d));
  }
}
