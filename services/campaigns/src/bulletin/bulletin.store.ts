import { Inject, Injectable } from '@nestjs/common';
import { MONGO_DB, MongoAggregateStore, OUTBOX_PORT, type Aggregate, type OutboxPort } from '@urp/kernel';
import type { Db } from 'mongodb';

/** One digest to one referent or office for one week: `id` = `weekly:<type>:<id>:<periodEnd day>` (sent once). */
export interface Bulletin extends Aggregate {
  recipientType: 'referent' | 'office';
  recipientId: string;
  periodStart: Date;
  periodEnd: Date;
  status: 'sending' | 'sent' | 'failed';
  sentAt?: Date;
  error?: string;
  sheetsChanged: number;
  reviewsDue: number;
  casesWaiting: number;
}

/** The only writer of `bulletins`. */
@Injectable()
export class BulletinStore extends MongoAggregateStore<Bulletin> {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'bulletins');
  }
}

export interface SheetView extends Aggregate {
  title: string;
  slug?: string;
  officeIds: string[];
  ownerReferentId?: string;
  changedAt?: Date;
  reviewDueAt?: Date;
  retired?: boolean;
}
export interface PersonView extends Aggregate {
  name: string;
  email?: string;
  officeId?: string;
  code?: string;
  active: boolean;
}
export interface CaseView extends Aggregate {
  officeId?: string;
  referentId?: string;
  open: boolean;
  dueAt?: Date;
}

/** A projection of another service's entities: written only by this service's handlers, one document per entity. */
class ViewStore<V extends Aggregate> extends MongoAggregateStore<V> {
  /** The whole projection (tens to hundreds of documents: offices, referents, sheets, open cases). */
  async all(): Promise<V[]> {
    const docs = await this.collection.find({}, { projection: { _outbox: 0, _applied: 0 } }).toArray();
    return docs.map((d) => this.toState(d));
  }
}

/** What the digests are built from: small projections of knowledge-base and contacts events. */
@Injectable()
export class BulletinViews {
  readonly sheets: ViewStore<SheetView>;
  readonly referents: ViewStore<PersonView>;
  readonly offices: ViewStore<PersonView>;
  readonly cases: ViewStore<CaseView>;

  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    this.sheets = new ViewStore<SheetView>(db, outbox, 'kb_sheets');
    this.referents = new ViewStore<PersonView>(db, outbox, 'kb_referents');
    this.offices = new ViewStore<PersonView>(db, outbox, 'kb_offices');
    this.cases = new ViewStore<CaseView>(db, outbox, 'open_cases');
  }
}
