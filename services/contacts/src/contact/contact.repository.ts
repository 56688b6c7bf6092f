import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { CloudEvent } from '@urp/contracts';
import { EventOutbox } from '@urp/messaging';
import { updateWithEvents, withEvents } from '@urp/persistence';
import type { Model } from 'mongoose';
import type { Contact } from './contact.rules';
import { ContactDocument } from './contact.schema';

const toDomain = (d: ContactDocument): Contact => {
  const { _id, ...rest } = d as ContactDocument & Record<string, unknown>;
  return { id: _id, ...rest } as Contact;
};

/** The contacts collection. Every write carries its events (embedded outbox), in one atomic write. */
@Injectable()
export class ContactRepository {
  constructor(
    @InjectModel(ContactDocument.name) private readonly model: Model<ContactDocument>,
    private readonly outbox: EventOutbox,
  ) {
    outbox.track(model);
  }

  async insert(contact: Contact, events: CloudEvent[]): Promise<void> {
    const { id, ...rest } = contact;
    const entries = this.outbox.entries(...events);
    await this.model.collection.insertOne(withEvents({ _id: id, ...rest } as never, entries));
    this.outbox.written(this.model, id, entries);
  }

  /** Applies `patch` only if the contact is still open; false if someone else closed it first. */
  async updateIfOpen(id: string, patch: Partial<Contact>, events: CloudEvent[]): Promise<boolean> {
    const entries = this.outbox.entries(...events);
    const res = await this.model.collection.updateOne(
      { _id: id, status: 'open' } as never,
      updateWithEvents({ $set: patch }, entries) as never,
    );
    if (res.modifiedCount) this.outbox.written(this.model, id, entries);
    return res.modifiedCount === 1;
  }

  async findById(id: string): Promise<Contact | null> {
    const doc = await this.model.findById(id).lean<ContactDocument>();
    return doc ? toDomain(doc) : null;
  }

  async latest(limit: number): Promise<Contact[]> {
    const docs = await this.model.find().sort({ registeredAt: -1 }).limit(limit).lean<ContactDocument[]>();
    return docs.map(toDomain);
  }
}
