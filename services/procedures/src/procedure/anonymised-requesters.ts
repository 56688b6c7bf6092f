import type { Collection, Db } from 'mongodb';

/**
 * The requesters contacts anonymised (`anonymised_requesters`, `_id` = the pseudonymous requester id, no personal
 * data), from its `RequesterAnonymised`. Closes a race: a request whose form was fetched from contacts just before
 * the anonymisation, but written after this service erased the requester's procedures, is erased as soon as it
 * is written (the mark is written before the erasing scan, the procedure before the mark is read: one of the two
 * always sees the other). Read and written by `_id` only.
 */
export class AnonymisedRequesters {
  private readonly col: Collection<{ _id: string; anonymisedAt: string }>;

  constructor(db: Db) {
    this.col = db.collection<{ _id: string; anonymisedAt: string }>('anonymised_requesters');
  }

  async mark(requesterId: string, anonymisedAt: string): Promise<void> {
    await this.col.updateOne({ _id: requesterId }, { $setOnInsert: { anonymisedAt } }, { upsert: true });
  }

  async has(requesterId: string): Promise<boolean> {
    return (await this.col.findOne({ _id: requesterId })) !== null;
  }
}
