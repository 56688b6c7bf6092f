import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  MONGO_DB,
  MongoAggregateStore,
  OUTBOX_PORT,
  type Commit,
  type CommitResult,
  type OutboxPort,
  type StoredDocument,
} from '@urp/kernel';
import { createEvent, RequesterChangedV1 } from '@urp/contracts';
import type { Collection, Db } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import type { Recipient } from '../case/case.events';
import { scrubKnownPerson, type KnownPerson } from '../shared/scrub.rules';
import { knownPerson, recipientOf, type Requester } from './requester.rules';
import { RequesterSearchIndex } from './requester.search';

/**
 * How long a requester summary may be served from memory on the registration path. A write through this
 * instance drops it at once, another instance's as soon as its `RequesterChanged` arrives (`refresh`): the TTL
 * only bounds how stale a summary can get if that event is late.
 */
const SUMMARY_TTL_MS = 30_000;
const HIDDEN = { _outbox: 0, _applied: 0 } as const;

/**
 * Requesters: the only collection with citizens' personal data, and its only writer. Lists are by fiscal
 * code (an index) and the retention sweep's candidates.
 */
@Injectable()
export class RequesterStore extends MongoAggregateStore<Requester> implements OnModuleInit {
  private readonly summaries = new Map<string, { at: number; r: Requester }>();
  /** Summary reads in flight by id: concurrent registrations for one requester share one read. */
  private readonly reading = new Map<string, Promise<Requester | null>>();

  constructor(
    @Inject(MONGO_DB) db: Db,
    @Inject(OUTBOX_PORT) outbox: OutboxPort,
    readonly search: RequesterSearchIndex,
  ) {
    super(db, outbox, 'requesters');
  }

  async onModuleInit(): Promise<void> {
    // one at a time: FerretDB 1.24 panics on a createIndexes command with several indexes
    await this.collection.createIndex({ fiscalCode: 1 });
    await this.collection.createIndex({ retainUntil: 1 });
  }

  protected override toState(doc: StoredDocument): Requester {
    const r = super.toState(doc);
    return { ...r, consents: r.consents ?? [] };
  }

  /**
   * Every write carries `RequesterChanged` (the pseudonymous id: the other instances re-read it) and lands in
   * this instance's search index.
   */
  override async commit(change: Commit<Requester>): Promise<CommitResult<Requester>> {
    this.forgetSummary(change.next.id);
    const revision = (change.previous?.revision ?? 0) + 1;
    const cause = change.events[0];
    const time = cause ? new Date(cause.time) : new Date();
    const changed = createEvent(
      RequesterChangedV1,
      change.next.id,
      { requesterId: change.next.id, revision, changedAt: time.toISOString() },
      {
        source: cause?.source ?? '/urp/contacts',
        time,
        ...(cause ? { correlationId: cause.correlationid, causationId: cause.id } : {}),
      },
    );
    const res = await super.commit({ ...change, events: [...change.events, changed] });
    if (res.status === 'committed') this.search.upsert(res.state);
    return res;
  }

  /** Drops the summary held and any read in flight (that read's answer is still returned, not kept). */
  private forgetSummary(id: string): void {
    this.summaries.delete(id);
    this.reading.delete(id);
  }

  /** Every requester (the search index's rebuild at start: the one full read, with no time limit). */
  async *all(batchSize = 2000): AsyncGenerator<Requester> {
    const cursor = this.collection.find(
      {},
      {
        projection: { _id: 1, revision: 1, name: 1, fiscalCode: 1, anonymisedAt: 1 },
        batchSize,
        maxTimeMS: 0,
      },
    );
    for await (const doc of cursor) yield this.toState(doc);
  }

  /** Another instance wrote a requester: re-read it by `_id` (and forget the summary held). */
  async refresh(id: string, revision: number): Promise<void> {
    this.forgetSummary(id);
    if (this.search.revisionOf(id) >= revision) return;
    const r = await this.get(id);
    if (r) this.search.upsert(r);
  }

  /**
   * What registration needs of a requester (staff flag, preferred channel, anonymised), held in memory:
   * registration is the hot path and FerretDB reads cost milliseconds. Concurrent callers share one read. Local
   * writes drop it, another instance's `RequesterChanged` too (`refresh`); `SUMMARY_TTL_MS` bounds the rest.
   */
  async summary(id: string): Promise<Requester | null> {
    const hit = this.summaries.get(id);
    if (hit && Date.now() - hit.at < SUMMARY_TTL_MS) return hit.r;
    const inFlight = this.reading.get(id);
    if (inFlight) return inFlight;
    const at = Date.now();
    // kept only if no write dropped it meanwhile; unknown ids are not kept (another instance may create them)
    const read: Promise<Requester | null> = this.get(id).then(
      (r) => {
        if (this.reading.get(id) !== read) return r;
        this.reading.delete(id);
        if (this.summaries.size > 10_000) this.summaries.clear();
        if (r) this.summaries.set(id, { at, r });
        return r;
      },
      (e: unknown) => {
        if (this.reading.get(id) === read) this.reading.delete(id);
        throw e;
      },
    );
    this.reading.set(id, read);
    return read;
  }

  /** Who a case's status change is told to (`recipientOf`): nobody when unknown or anonymised. */
  async recipient(id: string | undefined): Promise<Recipient | undefined> {
    if (!id) return undefined;
    const r = await this.summary(id);
    return r ? recipientOf(r) : undefined;
  }

  /** What is known of the person (for the event builder's scrubber), unless anonymised. */
  async person(id: string | undefined): Promise<KnownPerson | undefined> {
    if (!id) return undefined;
    const r = await this.summary(id);
    return r && !r.anonymisedAt ? knownPerson(r) : undefined;
  }

  /** By fiscal code: the ids from the search index, the records by `_id`. */
  async findByFiscalCode(fiscalCode: string): Promise<Requester[]> {
    const found = await this.getMany(this.search.withFiscalCode(fiscalCode).slice(0, 20));
    return [...found.values()];
  }

  /** Candidates for the retention sweep (a background scan: no time limit, it must finish some day). */
  async retentionCandidates(before: Date, limit: number): Promise<Requester[]> {
    const docs = await this.collection
      .find(
        { createdAt: { $lte: before }, anonymisedAt: { $exists: false } },
        { projection: HIDDEN, maxTimeMS: 0 },
      )
      .limit(limit)
      .toArray();
    return docs.map((d) => this.toState(d));
  }
}

export interface AuditEntry {
  requesterId: string;
  at: Date;
  who: string;
  action: 'create' | 'read' | 'update' | 'anonymise' | 'address' | 'search' | 'procedure_form' | 'message';
  purpose: string;
  fields: string[];
}

/**
 * How an entry is stored: one document per disclosure. Entries of one call that differ only in the requester (a
 * search listing ten requesters, a batch of addresses for a campaign) are one document whose `requesterId` is
 * the list of every requester disclosed: who, when, why and which fields once, each requester named (issue 17:
 * one insert per search instead of one per requester found). A query `{ requesterId: id }` matches either shape.
 */
type StoredAuditEntry = Omit<AuditEntry, 'requesterId'> & { _id: string; requesterId: string | string[] };

/** The audit trail of personal data (GDPR art. 30): who read or changed what, when and why. Append-only. */
@Injectable()
export class PersonalDataAudit implements OnModuleInit {
  private readonly col: Collection<StoredAuditEntry>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.col = db.collection<StoredAuditEntry>('personal_data_audit');
  }

  async onModuleInit(): Promise<void> {
    await this.col.createIndex({ requesterId: 1, at: -1 });
  }

  async record(entries: readonly AuditEntry[]): Promise<void> {
    if (!entries.length) return;
    const grouped = new Map<string, StoredAuditEntry & { requesterId: string[] }>();
    for (const e of entries) {
      const key = JSON.stringify([e.at.getTime(), e.who, e.action, e.purpose, e.fields]);
      const group = grouped.get(key);
      if (group) {
        if (!group.requesterId.includes(e.requesterId)) group.requesterId.push(e.requesterId);
      } else grouped.set(key, { _id: uuidv7(), ...e, requesterId: [e.requesterId] });
    }
    const docs = [...grouped.values()].map((d): StoredAuditEntry =>
      d.requesterId.length === 1 ? { ...d, requesterId: d.requesterId[0] } : d,
    );
    if (docs.length === 1) await this.col.insertOne(docs[0]);
    else await this.col.insertMany(docs, { ordered: false });
  }

  /**
   * Anonymisation: the purposes typed by staff ("verifica per Mario Rossi") are scrubbed of the person; who,
   * when, what and which fields stay (the trail of the processing, not of the person).
   */
  async scrubPurposes(requesterId: string, person: KnownPerson): Promise<void> {
    const entries = await this.col.find({ requesterId }).toArray();
    for (const e of entries) {
      const purpose = scrubKnownPerson(e.purpose, person);
      if (purpose !== e.purpose) await this.col.updateOne({ _id: e._id }, { $set: { purpose } });
    }
  }

  /** The requester's entries, newest first (an entry naming several requesters, as this one's). */
  async of(requesterId: string, limit: number): Promise<AuditEntry[]> {
    const docs = await this.col
      .find({ requesterId }, { projection: { _id: 0 } })
      .sort({ at: -1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => ({ ...d, requesterId }));
  }
}
