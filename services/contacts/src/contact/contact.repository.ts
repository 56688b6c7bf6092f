import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { CloudEvent } from '@urp/contracts';
import { EventOutbox } from '@urp/messaging';
import { isDuplicateKeyError, updateWithEvents, withEvents, type UpdateOperators } from '@urp/persistence';
import type { Collection, Document } from 'mongodb';
import type { Model } from 'mongoose';
import type { Contact } from './contact.rules';
import {
  ContactDocument,
  FaqProposalDocument,
  ProtocolCounterDocument,
  TimerClaimDocument,
} from './contact.schema';

const toDomain = (d: Document): Contact => {
  const { _id, _outbox: _o, ...rest } = d;
  return { id: _id, sheetIds: [], direction: 'inbound', ...rest } as unknown as Contact;
};

/** The contacts collection (contacts with their cases). Every write carries its events (embedded outbox). */
@Injectable()
export class ContactRepository {
  private readonly col: Collection<Document>;
  private readonly counters: Collection<Document>;
  private readonly claims: Collection<Document>;
  private readonly faq: Collection<Document>;

  constructor(
    @InjectModel(ContactDocument.name) private readonly model: Model<ContactDocument>,
    @InjectModel(TimerClaimDocument.name) private readonly claimModel: Model<TimerClaimDocument>,
    @InjectModel(ProtocolCounterDocument.name) counterModel: Model<ProtocolCounterDocument>,
    @InjectModel(FaqProposalDocument.name) private readonly faqModel: Model<FaqProposalDocument>,
    private readonly outbox: EventOutbox,
  ) {
    outbox.track(model);
    outbox.track(claimModel);
    outbox.track(faqModel);
    this.col = model.collection as unknown as Collection<Document>;
    this.counters = counterModel.collection as unknown as Collection<Document>;
    this.claims = claimModel.collection as unknown as Collection<Document>;
    this.faq = faqModel.collection as unknown as Collection<Document>;
  }

  async insert(contact: Contact, events: CloudEvent[]): Promise<void> {
    const { id, ...rest } = contact;
    const entries = this.outbox.entries(...events);
    await this.col.insertOne(withEvents({ _id: id, ...rest } as Document, entries));
    this.outbox.written(this.model, id, entries);
  }

  /**
   * Applies `update` only if the document still matches `guard` (optimistic concurrency: the caller read the
   * state it decided on; a concurrent change makes this a no-op and the caller reports a conflict).
   */
  async updateIf(
    id: string,
    guard: Record<string, unknown>,
    update: UpdateOperators,
    events: CloudEvent[],
  ): Promise<boolean> {
    const entries = this.outbox.entries(...events);
    const res = await this.col.updateOne(
      { _id: id, ...guard } as never,
      updateWithEvents(update, entries) as never,
    );
    if (res.modifiedCount) this.outbox.written(this.model, id, entries);
    return res.modifiedCount === 1;
  }

  async findById(id: string): Promise<Contact | null> {
    const doc = await this.col.findOne({ _id: id } as never, { projection: { _outbox: 0 } });
    return doc ? toDomain(doc) : null;
  }

  async latest(limit: number): Promise<Contact[]> {
    const docs = await this.col
      .find({}, { projection: { _outbox: 0, 'case.history': 0, 'case.notes': 0, 'case.messages': 0 } })
      .sort({ registeredAt: -1 })
      .limit(limit)
      .toArray();
    return docs.map(toDomain);
  }

  async find(
    filter: Record<string, unknown>,
    sort: Record<string, 1 | -1>,
    limit: number,
  ): Promise<Contact[]> {
    const docs = await this.col
      .find(filter as never, { projection: { _outbox: 0 } })
      .sort(sort)
      .limit(limit)
      .toArray();
    return docs.map(toDomain);
  }

  count(filter: Record<string, unknown>): Promise<number> {
    return this.col.countDocuments(filter as never);
  }

  /** Everything with a pending time-driven event at or before `now` (the scheduler's query). */
  async timersDue(now: Date, limit: number): Promise<Contact[]> {
    return this.find({ 'case.nextTimerAt': { $lte: now } }, { 'case.nextTimerAt': 1 }, limit);
  }

  /**
   * The next protocol number of a year: an atomic `$inc` on the year's counter (MongoDB: single-document
   * atomicity; FerretDB: our wire proxy serialises writes per collection, see the root README).
   */
  async nextProtocolSeq(year: number): Promise<number> {
    const res = await this.counters.findOneAndUpdate(
      { _id: String(year) } as never,
      { $inc: { seq: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    return (res as Document | null)?.seq as number;
  }

  /** Inserts a timer claim with its event; false when another instance claimed it first (E11000). */
  async claimTimer(
    id: string,
    caseId: string,
    firedAt: Date,
    instance: string,
    events: CloudEvent[],
  ): Promise<boolean> {
    const entries = this.outbox.entries(...events);
    try {
      await this.claims.insertOne(withEvents({ _id: id, caseId, firedAt, instance } as Document, entries));
    } catch (e) {
      if (isDuplicateKeyError(e)) return false;
      throw e;
    }
    this.outbox.written(this.claimModel, id, entries);
    return true;
  }

  async claimsOf(caseId: string): Promise<Document[]> {
    return this.claims.find({ caseId } as never, { projection: { _outbox: 0 } }).toArray();
  }

  async insertFaqProposal(doc: Document, events: CloudEvent[]): Promise<void> {
    const entries = this.outbox.entries(...events);
    await this.faq.insertOne(withEvents(doc, entries));
    this.outbox.written(this.faqModel, doc._id, entries);
  }

  /** Retention: erase free text and the exact place of a requester's contacts (statistics stay). */
  async scrubContactsOf(requesterId: string, set: (c: Contact) => Record<string, unknown>): Promise<number> {
    const docs = await this.find({ requesterId }, { registeredAt: 1 }, 10_000);
    for (const c of docs) {
      await this.col.updateOne({ _id: c.id } as never, {
        $set: set(c),
        $unset: { text: '', 'place.address': '', 'place.lat': '', 'place.lon': '' },
      });
    }
    return docs.length;
  }

  async lastActivityOf(requesterId: string): Promise<Date | undefined> {
    const [c] = await this.find({ requesterId }, { registeredAt: -1 }, 1);
    return c?.registeredAt;
  }
}
