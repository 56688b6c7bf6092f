import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  createEvent,
  SheetArchivedV1,
  SheetExpiredV1,
  SheetFlaggedInconsistentV1,
  SheetPublishedV1,
  SheetReviewDueV1,
  SheetUpdatedV1,
  type CloudEvent,
  type EventPayload,
  type ProcedureTypeChangedV1,
} from '@urp/contracts';
import { EventOutbox } from '@urp/messaging';
import { insertOnce, withEvents } from '@urp/persistence';
import type { Collection, Document, Filter } from 'mongodb';
import type { Model } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { badInput, conflict, forbidden, notFound, parseInput } from '../content/errors';
import { VersionedContentService, type Consequences } from '../content/versioned-content.service';
import { clean, VersionedStore } from '../content/versioned.store';
import type { Effect } from '../content/workflow.rules';
import { OrganisationService, SOURCE } from '../organisation/organisation.service';
import { SheetSearchService } from '../search/search.service';
import {
  checkConsistency,
  nextReviewDue,
  reviewClaimId,
  SheetContent,
  SLUG,
  type Inconsistency,
} from './sheet.rules';
import { PROCEDURE_TERM_MODEL, REVIEW_CLAIM_MODEL, SHEET_MODEL } from './sheet.schema';
import type { SheetDoc } from './sheet.types';

const CreateSheet = z.object({
  slug: z.string().regex(SLUG, 'slug: lettere minuscole e cifre separate da trattini').max(120),
  content: SheetContent,
  note: z.string().max(1000).optional(),
});
const EditSheet = z.object({
  id: z.string().min(1),
  content: SheetContent,
  note: z.string().trim().min(1, 'indicare cosa è cambiato').max(1000),
});

interface ProcedureTerm {
  _id: string;
  legalTermDays: number;
  changedAt: Date;
  name?: string;
}

export type SheetListFilter = 'all' | 'published' | 'review_overdue' | 'inconsistent' | 'in_review' | 'draft';

/** Service sheets: versioned content with review dates, consistency with procedure terms, and search. */
@Injectable()
export class SheetService extends VersionedContentService<SheetContent, SheetDoc> {
  protected readonly what = 'sheet';
  protected override readonly uniqueKey = 'slug';
  private readonly logger = new Logger(SheetService.name);
  private readonly terms: Collection<Document>;
  private readonly claims: Collection<Document>;

  constructor(
    @InjectModel(SHEET_MODEL) model: Model<any>,
    @InjectModel(PROCEDURE_TERM_MODEL) termModel: Model<any>,
    @InjectModel(REVIEW_CLAIM_MODEL) private readonly claimModel: Model<any>,
    private readonly outbox: EventOutbox,
    readonly search: SheetSearchService,
    private readonly organisation: OrganisationService,
  ) {
    super(new VersionedStore<SheetDoc>(model, outbox));
    this.terms = termModel.collection as unknown as Collection<Document>;
    this.claims = claimModel.collection as unknown as Collection<Document>;
    outbox.track(claimModel);
  }

  protected override afterWrite(doc: SheetDoc): void {
    this.search.upsert(doc);
  }

  async create(raw: unknown, author: string): Promise<SheetDoc> {
    const input = parseInput(CreateSheet, raw, 'cannot create the sheet');
    await this.checkReferences(input.content);
    return this.insertNew(uuidv7(), { slug: input.slug } as never, input.content, author, input.note ?? '');
  }

  async edit(raw: unknown, author: string): Promise<SheetDoc> {
    const input = parseInput(EditSheet, raw, 'cannot edit the sheet');
    await this.checkReferences(input.content);
    return this.editContent(input.id, input.content, author, input.note);
  }

  /** Offices and the owner must exist: a sheet pointing nowhere misleads the front office. */
  private async checkReferences(c: SheetContent): Promise<void> {
    for (const id of c.officeIds) {
      if (!(await this.organisation.office(id)))
        throw badInput('content.officeIds', `ufficio inesistente: ${id}`);
    }
    if (c.ownerReferentId && !(await this.organisation.referent(c.ownerReferentId)))
      throw badInput('content.ownerReferentId', `referente inesistente: ${c.ownerReferentId}`);
  }

  /** The owner (or the back office) confirms the sheet is current: the review date moves on, the overdue mark goes. */
  async markReviewed(
    id: string,
    by: string,
    note: string | undefined,
    nextDue?: Date,
    onlyIfOwner = false,
  ): Promise<SheetDoc> {
    const doc = await this.get(id);
    const now = new Date();
    // a referent without back-office rights reviews the sheets they own, not others'
    if (onlyIfOwner) {
      const ownerId = (doc.live?.content ?? doc.content).ownerReferentId;
      const owner = ownerId ? await this.organisation.referent(ownerId) : null;
      if (owner?.staffId !== by)
        throw forbidden('solo il referente titolare della scheda può confermarne la revisione');
    }
    if (nextDue && nextDue <= now)
      throw badInput('nextReviewDueAt', 'la prossima revisione deve essere futura');
    const reviewDueAt =
      nextDue ?? nextReviewDue(now, (doc.live?.content ?? doc.content).reviewIntervalMonths);
    const patch: Partial<SheetDoc> = {
      reviewDueAt,
      lastReviewedAt: now,
      lastReviewedBy: by,
      log: [
        ...doc.log,
        { action: 'reviewed', by, at: now, revision: doc.live?.revision ?? doc.revision, note },
      ],
    };
    if (!(await this.store.save(id, doc.seq, patch, [], now)))
      throw conflict(`sheet ${id} was changed meanwhile`);
    const saved = { ...doc, ...patch, seq: doc.seq + 1, updatedAt: now };
    this.afterWrite(saved);
    return saved;
  }

  protected async consequences(
    prev: SheetDoc | undefined,
    next: SheetDoc,
    effects: Effect[],
    now: Date,
  ): Promise<Consequences<SheetDoc>> {
    const patch: Partial<SheetDoc> = {};
    const events: CloudEvent[] = [];
    const origin = { source: SOURCE, time: now };
    if (effects.includes('published') || effects.includes('updated')) {
      const live = next.live!;
      patch.reviewDueAt = nextReviewDue(now, live.content.reviewIntervalMonths);
      const c = live.content;
      const data: EventPayload<typeof SheetPublishedV1> = {
        sheetId: next._id,
        revision: live.revision,
        slug: next.slug,
        title: c.title,
        category: c.category,
        topics: c.topics,
        lifeEvents: c.lifeEvents,
        officeIds: c.officeIds,
        ownerReferentId: c.ownerReferentId,
        responseTimeDays: c.responseTimeDays,
        procedureTypeCode: c.procedureTypeCode,
        audience: c.audience,
        publishedAt: live.publishedAt.toISOString(),
        reviewDueAt: patch.reviewDueAt.toISOString(),
        shortDescription: c.shortDescription,
        approvedBy: live.approvedBy,
        expiresAt: next.expireAt?.toISOString(),
      };
      events.push(
        createEvent(
          effects.includes('published') ? SheetPublishedV1 : SheetUpdatedV1,
          next._id,
          clean(data),
          origin,
        ),
      );
    }
    if (effects.includes('expired'))
      events.push(
        createEvent(SheetExpiredV1, next._id, { sheetId: next._id, expiredAt: now.toISOString() }, origin),
      );
    if (effects.includes('archived'))
      events.push(
        createEvent(SheetArchivedV1, next._id, { sheetId: next._id, archivedAt: now.toISOString() }, origin),
      );
    const flag = await this.consistencyOf(prev, next, now);
    patch.inconsistency = flag.inconsistency;
    events.push(...flag.events);
    return { patch, events };
  }

  /** The flag from the content people read (live, else the working copy) against the known legal term. */
  private async consistencyOf(
    prev: SheetDoc | undefined,
    next: SheetDoc,
    now: Date,
  ): Promise<{ inconsistency?: Inconsistency; events: CloudEvent[] }> {
    const content = next.live?.content ?? next.content;
    if (!content.procedureTypeCode) return { events: [] };
    const term = (await this.terms.findOne({
      _id: content.procedureTypeCode,
    } as unknown as Filter<Document>)) as ProcedureTerm | null;
    const found = checkConsistency(content, term?.legalTermDays);
    if (!found) return { events: [] };
    const already = prev?.inconsistency;
    if (
      already &&
      already.legalTermDays === found.legalTermDays &&
      already.sheetResponseTimeDays === found.sheetResponseTimeDays &&
      already.procedureTypeCode === found.procedureTypeCode
    )
      return { inconsistency: already, events: [] };
    const inconsistency = { ...found, flaggedAt: now };
    const event = createEvent(
      SheetFlaggedInconsistentV1,
      next._id,
      clean({
        sheetId: next._id,
        procedureTypeCode: found.procedureTypeCode,
        sheetResponseTimeDays: found.sheetResponseTimeDays,
        legalTermDays: found.legalTermDays,
        flaggedAt: now.toISOString(),
      }),
      { source: SOURCE, time: now },
    );
    return { inconsistency, events: [event] };
  }

  /**
   * A procedure type's term changed (procedures service): remember it, then flag each linked sheet that states
   * another response time (once per term: a redelivery finds the flag already there and emits nothing).
   */
  async onProcedureTypeChanged(
    data: EventPayload<typeof ProcedureTypeChangedV1>,
    cause: CloudEvent,
  ): Promise<number> {
    const changedAt = new Date(data.changedAt);
    // keep the newest term only: a late redelivery of an older change must not win
    await this.terms.updateOne(
      { _id: data.code, changedAt: { $lt: changedAt } } as unknown as Filter<Document>,
      {
        $set: { legalTermDays: data.legalTermDays, changedAt, name: data.name },
      },
    );
    await this.terms
      .insertOne({
        _id: data.code,
        legalTermDays: data.legalTermDays,
        changedAt,
        name: data.name,
      } as Document)
      .catch((e: { code?: number }) => {
        if (e.code !== 11000) throw e;
      });
    const linked = await this.store.find({
      $or: [{ 'content.procedureTypeCode': data.code }, { 'live.content.procedureTypeCode': data.code }],
    } as unknown as Filter<Document>);
    let flagged = 0;
    for (const sheet of linked) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const doc = attempt ? await this.store.findById(sheet._id) : sheet;
        if (!doc) break;
        const now = new Date();
        const flag = await this.consistencyOf(doc, doc, now);
        const unchanged =
          JSON.stringify(flag.inconsistency ?? null) === JSON.stringify(doc.inconsistency ?? null);
        if (unchanged) break;
        const events = flag.events.map((e) => ({
          ...e,
          causationid: cause.id,
          correlationid: cause.correlationid,
        }));
        if (await this.store.save(doc._id, doc.seq, { inconsistency: flag.inconsistency }, events, now)) {
          this.afterWrite({ ...doc, inconsistency: flag.inconsistency, seq: doc.seq + 1, updatedAt: now });
          if (flag.events.length) flagged++;
          break;
        }
      }
    }
    return flagged;
  }

  /**
   * Emits SheetReviewDue for each live sheet past its review date, exactly once per review date even with
   * several instances: the notice is a claim document whose unique _id is (sheet, review date), written with
   * its event in one insert; the second instance's insert collides and emits nothing.
   */
  async emitDueReviews(now = new Date()): Promise<number> {
    const due = await this.store.findIds(
      { reviewDueAt: { $lte: now }, 'live.revision': { $exists: true } } as unknown as Filter<Document>,
      {
        slug: 1,
        reviewDueAt: 1,
        'live.revision': 1,
        'live.content.ownerReferentId': 1,
        'live.content.officeIds': 1,
        'live.content.title': 1,
      },
    );
    let emitted = 0;
    for (const sheet of due) {
      const id = reviewClaimId(sheet._id, sheet.reviewDueAt!);
      const c = sheet.live!.content;
      const event = createEvent(
        SheetReviewDueV1,
        sheet._id,
        clean({
          sheetId: sheet._id,
          ownerReferentId: c.ownerReferentId,
          officeIds: c.officeIds,
          reviewDueAt: sheet.reviewDueAt!.toISOString(),
          slug: sheet.slug,
          title: c.title,
        }),
        { source: SOURCE, time: now },
      );
      const entries = this.outbox.entries(event);
      const doc = { _id: id, sheetId: sheet._id, reviewDueAt: sheet.reviewDueAt, claimedAt: now };
      if ((await insertOnce(this.claims, withEvents(doc, entries))) === 'applied') {
        this.outbox.written(this.claimModel, id, entries);
        emitted++;
      }
    }
    return emitted;
  }

  /** Other instances' writes: re-index what changed since the newest change this instance has seen. */
  async syncIndex(): Promise<number> {
    const changed = await this.store.find({
      updatedAt: { $gt: this.search.watermark },
    } as unknown as Filter<Document>);
    for (const d of changed) this.search.upsert(d);
    return changed.length;
  }

  async rebuildIndex(): Promise<number> {
    const all = await this.store.find({});
    this.search.replaceAll(all);
    this.logger.log(`search index rebuilt: ${all.length} sheets`);
    return all.length;
  }

  /** By slug: the id from the in-memory index when known (a lookup by _id), else a query. */
  async bySlug(slug: string): Promise<SheetDoc | null> {
    const id = this.search.idOfSlug(slug);
    const doc = id ? await this.store.findById(id) : null;
    return doc?.slug === slug ? doc : this.store.findOne({ slug });
  }

  async find(id?: string | null, slug?: string | null): Promise<SheetDoc | null> {
    if (id) return this.store.findById(id);
    if (slug) return this.bySlug(slug);
    return null;
  }

  findMany(ids: string[]): Promise<SheetDoc[]> {
    return this.store.find({ _id: { $in: ids } } as unknown as Filter<Document>);
  }

  list(filter: SheetListFilter, category: string | undefined, first: number): Promise<SheetDoc[]> {
    const now = new Date();
    const q: Record<string, unknown> = {};
    if (category) q.$or = [{ 'content.category': category }, { 'live.content.category': category }];
    if (filter === 'published') q['live.revision'] = { $exists: true };
    if (filter === 'review_overdue')
      Object.assign(q, { 'live.revision': { $exists: true }, reviewDueAt: { $lte: now } });
    if (filter === 'inconsistent') q['inconsistency.legalTermDays'] = { $exists: true };
    if (filter === 'in_review') q.status = 'in_review';
    if (filter === 'draft') q.status = 'draft';
    return this.store.find(q as unknown as Filter<Document>, Math.min(Math.max(first, 1), 500), { slug: 1 });
  }

  /** Published public sheets (the website's slice). */
  listPublic(category: string | undefined, first: number): Promise<SheetDoc[]> {
    const q: Record<string, unknown> = {
      'live.revision': { $exists: true },
      'live.content.audience': 'public',
    };
    if (category) q['live.content.category'] = category;
    return this.store.find(q as unknown as Filter<Document>, Math.min(Math.max(first, 1), 500), { slug: 1 });
  }

  async requireLivePublic(id: string): Promise<SheetDoc> {
    const doc = await this.store.findById(id);
    if (!doc?.live || doc.live.content.audience !== 'public') throw notFound(`sheet ${id}`);
    return doc;
  }
}
