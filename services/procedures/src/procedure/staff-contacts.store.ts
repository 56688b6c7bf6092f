import { Inject, Injectable } from '@nestjs/common';
import { MONGO_DB } from '@urp/kernel';
import type { Collection, Db } from 'mongodb';

/**
 * The contacts whose requester is staff (`staff_contacts`, `_id` = contact id), from contacts' `ContactRegistered`:
 * a procedure started by such a contact carries `requesterIsStaff` (no satisfaction survey for employees). Read and
 * written by `_id` only; no personal data (a contact id and a flag).
 */
@Injectable()
export class StaffContacts {
  private readonly col: Collection<{ _id: string }>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.col = db.collection<{ _id: string }>('staff_contacts');
  }

  async mark(contactId: string): Promise<void> {
    await this.col.updateOne({ _id: contactId }, { $set: { _id: contactId } }, { upsert: true });
  }

  async isStaff(contactId: string): Promise<boolean> {
    return (await this.col.findOne({ _id: contactId })) !== null;
  }
}
