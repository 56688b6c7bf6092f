import { Inject, Injectable } from '@nestjs/common';
import { findOffice, type Office } from '@urp/directory';
import { MONGO_DB, MongoAggregateStore, OUTBOX_PORT, type Aggregate, type OutboxPort } from '@urp/kernel';
import type { Db } from 'mongodb';
import { CampaignsDirectory } from './bulletin.directory';

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
/** An office or a referent as the digests and the staff notices read it (from the directory). */
export interface PersonView {
  id: string;
  name: string;
  email?: string;
  /** A referent's office. */
  officeId?: string;
  /** An office's code. */
  code?: string;
  /** An office's head (a referent id): the cases of the office that no referent holds are theirs. */
  headReferentId?: string;
  active: boolean;
}
export interface CaseView extends Aggregate {
  /** The register's number ("2026/0001234"), what staff look a case up by (absent in projections made before it). */
  protocolNumber?: string;
  officeId?: string;
  referentId?: string;
  open: boolean;
  dueAt?: Date;
  /** How it was closed (`CaseClosed`): the closing message to the citizen says it. */
  outcome?: string;
  /** For `forwarded`: the receiving body, as the event carries it (free text already scrubbed). */
  forwardedTo?: string;
}

/** A projection of another service's entities: written only by this service's handlers, one document per entity. */
class ViewStore<V extends Aggregate> extends MongoAggregateStore<V> {
  /** The whole projection (tens to hundreds of documents: offices, referents, sheets, open cases). */
  async all(): Promise<V[]> {
    const docs = await this.collection.find({}, { projection: { _outbox: 0, _applied: 0 } }).toArray();
    return docs.map((d) => this.toState(d));
  }
}

/** Offices or referents, read from the directory with the same calls as a projection (`all`, `get`). */
class DirectoryView {
  constructor(
    private readonly list: () => Promise<PersonView[]>,
    private readonly find: (all: PersonView[], id: string) => PersonView | undefined,
  ) {}

  all(): Promise<PersonView[]> {
    return this.list();
  }

  async get(id: string): Promise<PersonView | null> {
    return this.find(await this.list(), id) ?? null;
  }
}

/**
 * What the digests and the staff notices are built from: the sheets and open cases (small projections of
 * knowledge-base and contacts events), and the offices and referents of the shared directory (`@urp/directory`,
 * with their e-mails). An office is found by id or by code as everywhere: an exact id wins, then the active office
 * with that code.
 */
@Injectable()
export class BulletinViews {
  readonly sheets: ViewStore<SheetView>;
  readonly referents: DirectoryView;
  readonly offices: DirectoryView;
  readonly cases: ViewStore<CaseView>;

  constructor(
    @Inject(MONGO_DB) db: Db,
    @Inject(OUTBOX_PORT) outbox: OutboxPort,
    readonly directory: CampaignsDirectory,
  ) {
    this.sheets = new ViewStore<SheetView>(db, outbox, 'kb_sheets');
    this.referents = new DirectoryView(
      () => directory.referents(),
      (all, id) => all.find((r) => r.id === id),
    );
    this.offices = new DirectoryView(
      () => directory.offices(),
      (all, id) => findOffice(all as Office[], id),
    );
    this.cases = new ViewStore<CaseView>(db, outbox, 'open_cases');
  }
}
