import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { CloudEvent } from '@urp/contracts';
import { EventOutbox } from '@urp/messaging';
import { updateWithEvents, withEvents, type UpdateOperators } from '@urp/persistence';
import type { Collection, Document } from 'mongodb';
import type { Model } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import type { Requester } from './requester.rules';
import { AuditDocument, RequesterDocument } from './requester.schema';

/** How long a requester summary may be served from memory on the registration path. */
const SUMMARY_TTL_MS = 5000;

export interface AuditEntry {
  requesterId: string;
  at: Date;
  who: string;
  action: 'create' | 'read' | 'update' | 'anonymise' | 'address' | 'search';
  purpose: string;
  fields: string[];
}

const toDomain = (d: Document): Requester => {
  const { _id, _outbox: _o, ...rest } = d;
  return { id: _id, consents: [], ...rest } as unknown as Requester;
};

@Injectable()
export class RequesterRepository {
  private readonly col: Collection<Document>;
  private readonly audits: Collection<Document>;

  constructor(
    @InjectModel(RequesterDocument.name) private readonly model: Model<RequesterDocument>,
    @InjectModel(AuditDocument.name) auditModel: Model<AuditDocument>,
    private readonly outbox: EventOutbox,
  ) {
    outbox.track(model);
    this.col = model.collection as unknown as Collection<Document>;
    this.audits = auditModel.collection as unknown as Collection<Document>;
  }

  async insert(r: Requester, events: CloudEvent[] = []): Promise<void> {
    const { id, ...rest } = r;
    const entries = this.outbox.entries(...events);
    this.summaries.delete(id);
    await this.col.insertOne(withEvents({ _id: id, ...rest } as Document, entries));
    this.outbox.written(this.model, id, entries);
  }

  async updateIf(
    id: string,
    guard: Record<string, unknown>,
    update: UpdateOperators,
    events: CloudEvent[] = [],
  ): Promise<boolean> {
    const entries = this.outbox.entries(...events);
    this.summaries.delete(id);
    const res = await this.col.updateOne(
      { _id: id, ...guard } as never,
      updateWithEvents(update, entries) as never,
    );
    if (res.modifiedCount) this.outbox.written(this.model, id, entries);
    return res.modifiedCount === 1;
  }

  /**
   * What registration needs of a requester (staff flag, preferred channel, anonymised), cached for a few
   * seconds: registration is the hot path and FerretDB reads cost milliseconds. Local writes invalidate;
   * another instance's change is seen within `SUMMARY_TTL_MS`.
   */
  async summary(id: string): Promise<Requester | null> {
    const hit = this.summaries.get(id);
    if (hit && Date.now() - hit.at < SUMMARY_TTL_MS) return hit.r;
    const r = await this.findById(id);
    if (this.summaries.size > 10_000) this.summaries.clear();
    if (r) this.summaries.set(id, { at: Date.now(), r }); // unknown ids are not cached: another instance may create them
    return r;
  }
  private readonly summaries = new Map<string, { at: number; r: Requester | null }>();

  async findById(id: string): Promise<Requester | null> {
    const d = await this.col.findOne({ _id: id } as never, { projection: { _outbox: 0 } });
    return d ? toDomain(d) : null;
  }

  /** Several by id: one `{_id}` lookup each (FerretDB answers those from its primary key). */
  async findMany(ids: string[]): Promise<Map<string, Requester>> {
    const found = await Promise.all(ids.map((id) => this.findById(id)));
    return new Map(found.filter((r): r is Requester => !!r).map((r) => [r.id, r]));
  }

  async findByFiscalCode(fiscalCode: string): Promise<Requester[]> {
    const docs = await this.col
      .find({ fiscalCode } as never, { projection: { _outbox: 0 } })
      .limit(20)
      .toArray();
    return docs.map(toDomain);
  }

  /** Candidates for the retention sweep: created before `before` and not anonymised. */
  async retentionCandidates(before: Date, limit: number): Promise<Requester[]> {
    const docs = await this.col
      .find({ createdAt: { $lte: before }, anonymisedAt: { $exists: false } } as never, {
        projection: { _outbox: 0 },
      })
      .limit(limit)
      .toArray();
    return docs.map(toDomain);
  }

  async audit(entries: AuditEntry[]): Promise<void> {
    if (!entries.length) return;
    await this.audits.insertMany(
      entries.map((e) => ({ _id: uuidv7(), ...e }) as Document),
      { ordered: false },
    );
  }

  async auditOf(requesterId: string, limit: number): Promise<AuditEntry[]> {
    const docs = await this.audits
      .find({ requesterId } as never)
      .sort({ at: -1 })
      .limit(limit)
      .toArray();
    return docs as unknown as AuditEntry[];
  }
}
