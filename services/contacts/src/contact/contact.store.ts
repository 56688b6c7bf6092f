import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  MONGO_DB,
  MongoAggregateStore,
  OUTBOX_PORT,
  type Aggregate,
  type OutboxPort,
  type StoredDocument,
} from '@urp/kernel';
import type { Collection, Db, Filter, Sort } from 'mongodb';
import type { Contact } from './contact.rules';

/** One protocol counter per Rome solar year (`_id` = the year). */
interface ProtocolCounter {
  _id: string;
  seq: number;
}

export type ContactFilter = Filter<StoredDocument>;

const HIDDEN = { _outbox: 0, _applied: 0 } as const;
/** Lists leave out what only the case page shows. */
const LIST = { ...HIDDEN, 'case.history': 0, 'case.notes': 0, 'case.messages': 0 } as const;

/**
 * The contacts collection, contacts with their cases (`case`): the only writer of it. Registering a contact
 * that opens a case is one document write carrying contact, case and every event. Reads for lists and
 * queues are queries here; the protocol counter is the one atomic `$inc` the registration needs.
 */
@Injectable()
export class ContactStore extends MongoAggregateStore<Contact> implements OnModuleInit {
  private readonly counters: Collection<ProtocolCounter>;

  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'contacts');
    this.counters = db.collection<ProtocolCounter>('protocol_counters');
  }

  async onModuleInit(): Promise<void> {
    // one at a time: FerretDB 1.24 panics on a createIndexes command with several indexes
    await this.collection.createIndex({ registeredAt: -1 });
    await this.collection.createIndex({ 'case.dueAt': 1 });
    await this.collection.createIndex({ 'case.nextTimerAt': 1 });
    await this.collection.createIndex({ requesterId: 1 });
    await this.collection.createIndex({ protocolNumber: 1 });
  }

  /** The contact of a protocol number (the citizen's status page). */
  async byProtocolNumber(protocolNumber: string): Promise<Contact | null> {
    const [c] = await this.find({ protocolNumber }, { registeredAt: 1 }, 1);
    return c ?? null;
  }

  /** Contacts written before the direction and sheets existed read as inbound, with no sheets. */
  protected override toState(doc: StoredDocument): Contact {
    const c = super.toState(doc);
    return { ...c, sheetIds: c.sheetIds ?? [], direction: c.direction ?? 'inbound' };
  }

  async find(filter: ContactFilter, sort: Sort, limit: number, list = false): Promise<Contact[]> {
    const docs = await this.collection
      .find(filter, { projection: list ? LIST : HIDDEN })
      .sort(sort)
      .limit(limit)
      .toArray();
    return docs.map((d) => this.toState(d));
  }

  latest(limit: number): Promise<Contact[]> {
    return this.find({}, { registeredAt: -1 }, limit, true);
  }

  count(filter: ContactFilter): Promise<number> {
    return this.collection.countDocuments(filter);
  }

  /** Everything with a pending time-driven event at or before `now` (the scheduler's query). */
  timersDue(now: Date, limit: number): Promise<Contact[]> {
    return this.find({ 'case.nextTimerAt': { $lte: now } }, { 'case.nextTimerAt': 1 }, limit);
  }

  /** The contacts of a requester (retention), oldest first. */
  ofRequester(requesterId: string, limit = 10_000): Promise<Contact[]> {
    return this.find({ requesterId }, { registeredAt: 1 }, limit);
  }

  /**
   * The offices, among `among`, that a case of this requester is assigned or routed to: what lets a referent
   * read the requester (a requester has no office of its own).
   */
  async caseOfficesOf(requesterId: string, among: readonly string[]): Promise<string[]> {
    if (!among.length) return [];
    const docs = await this.collection
      .find({ requesterId, 'case.officeId': { $in: [...among] } }, { projection: { 'case.officeId': 1 } })
      .limit(among.length * 5)
      .toArray();
    const offices = docs.map((d) => (d.case as { officeId?: string } | undefined)?.officeId);
    return [...new Set(offices.filter((o): o is string => !!o))];
  }

  async lastActivityOf(requesterId: string): Promise<Date | undefined> {
    const [c] = await this.find({ requesterId }, { registeredAt: -1 }, 1, true);
    return c?.registeredAt;
  }

  /**
   * The next protocol number of a year: an atomic `$inc` on the year's counter, not read-decide-write
   * (MongoDB: single-document atomicity; FerretDB: our wire proxy serialises writes per collection, see the
   * root README). A number taken by a registration that then fails is not reused: a rare gap, never a
   * duplicate (DPR 445/2000 art. 57).
   */
  async nextProtocolSeq(year: number): Promise<number> {
    const res = await this.counters.findOneAndUpdate(
      { _id: String(year) },
      { $inc: { seq: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    if (!res) throw new Error(`protocol counter ${year}: no document after the upsert`);
    return res.seq;
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
