import { Inject, Injectable } from '@nestjs/common';
import { MONGO_DB, MongoAggregateStore, OUTBOX_PORT, type OutboxPort } from '@urp/kernel';
import type { Collection, Db } from 'mongodb';
import { KnowledgeStore } from '../content/content.store';
import type { ReviewClaim, Sheet } from './sheet.rules';

/** The only writer of `sheets` (slug unique). */
@Injectable()
export class SheetStore extends KnowledgeStore<Sheet> {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'sheets', { unique: ['slug'], versioned: true });
  }
}

/** One claim per (sheet, review date), inserted with its SheetReviewDue (`ifAbsent`): once, whatever the instances. */
@Injectable()
export class ReviewClaimStore extends MongoAggregateStore<ReviewClaim> {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'review_claims');
  }
}

/** The legal term of a procedure type, from the procedures service's ProcedureTypeChanged. */
export interface ProcedureTerm {
  _id: string;
  legalTermDays: number;
  changedAt: Date;
  name?: string;
}

/** A read model of the procedure types' legal terms (a few dozen documents): newest `changedAt` wins. */
@Injectable()
export class ProcedureTerms {
  private readonly terms: Collection<ProcedureTerm>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.terms = db.collection<ProcedureTerm>('procedure_terms');
  }

  /** Keeps the newest term only: a late redelivery of an older change must not win. */
  async record(term: ProcedureTerm): Promise<void> {
    const { _id, ...fields } = term;
    await this.terms.updateOne({ _id, changedAt: { $lt: term.changedAt } }, { $set: fields });
    await this.terms.insertOne(term).catch((e: { code?: number }) => {
      if (e.code !== 11000) throw e;
    });
  }

  async all(): Promise<Map<string, number>> {
    const docs = await this.terms.find({}, { projection: { legalTermDays: 1 } }).toArray();
    return new Map(docs.map((d) => [d._id, d.legalTermDays]));
  }
}
