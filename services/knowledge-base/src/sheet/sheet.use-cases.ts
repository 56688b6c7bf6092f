import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { LegalCalendar } from '@urp/legal-clock';
import type { CloudEvent, EventPayload, ProcedureTypeChangedV1 } from '@urp/contracts';
import {
  applyEvent,
  decodePageCursor,
  DomainError,
  encodePageCursor,
  execute,
  parseInput,
  ServiceKernel,
  type Actor,
  type AggregateStore,
} from '@urp/kernel';
import { KB_CALENDAR } from '../config';
import type { KnowledgeStorePort } from '../content/content.store';
import { v7 as uuidv7 } from 'uuid';
import { decideCreate, isScheduleDue, steps } from '../content/content.rules';
import { ContentWorkflow, SCHEDULER } from '../content/content.use-cases';
import { knowledgePolicy as policy } from '../knowledge-base.policy';
import { OrganisationUseCases } from '../organisation/organisation.use-cases';
import type { SearchFilters, SearchResult } from '../search/sheet-index';
import {
  claimReview,
  EditSheetInput,
  isReviewDue,
  markReviewed,
  readContent,
  reflag,
  sheetConsequences,
  SheetInput,
  type ReviewClaim,
  type Sheet,
  type SheetContent,
  type SheetFacts,
} from './sheet.rules';
import { SheetReadModel, type SheetSummary } from './sheet.read-model';
import { SHEET_SNAPSHOT, type SheetSnapshotPort } from './sheet.snapshot';
import { ProcedureTerms, ReviewClaimStore, SheetStore } from './sheet.store';

export type SheetListFilter = 'all' | 'published' | 'review_overdue' | 'inconsistent' | 'in_review' | 'draft';

const bounded = (first: number | null | undefined, fallback: number) =>
  Math.min(Math.max(first ?? fallback, 1), 500);

/** Service sheets: versioned content with review dates, consistency with procedure terms, and search. */
@Injectable()
export class SheetUseCases {
  private readonly logger = new Logger(SheetUseCases.name);
  readonly workflow: ContentWorkflow<SheetContent, Sheet, SheetFacts>;

  constructor(
    @Inject(SheetStore) private readonly store: KnowledgeStorePort<Sheet>,
    @Inject(ReviewClaimStore) private readonly claims: AggregateStore<ReviewClaim>,
    @Inject(ProcedureTerms) private readonly terms: Pick<ProcedureTerms, 'record' | 'all'>,
    private readonly kernel: ServiceKernel,
    readonly readModel: SheetReadModel,
    private readonly organisation: OrganisationUseCases,
    /** The administration's calendar for review dates (@urp/legal-clock); from the configuration in the app. */
    @Optional() @Inject(KB_CALENDAR) private readonly calendar: LegalCalendar = new LegalCalendar(),
    /** The read model's snapshot (sheet.snapshot.ts); without it (the specs) the start reads the collection. */
    @Optional() @Inject(SHEET_SNAPSHOT) private readonly snapshot?: SheetSnapshotPort,
  ) {
    this.workflow = new ContentWorkflow({
      store,
      kernel,
      what: (id) => `la scheda ${id}`,
      consequences: sheetConsequences,
      facts: () => this.facts(),
      afterWrite: (doc) => this.hold(doc),
      // issue 17: due publications and expiries from the read model (each confirmed by `_id`), not from a
      // filter FerretDB answers by reading every sheet (seconds of its work every round at 10,000 sheets)
      schedule: {
        candidates: (now) => this.readModel.where((s) => isScheduleDue(s, now)),
        seen: (doc) => this.hold(doc),
      },
    });
  }

  private async facts(): Promise<SheetFacts> {
    return { legalTerms: await this.terms.all(), calendar: this.calendar };
  }

  now(): Date {
    return this.kernel.clock.now();
  }

  async create(actor: Actor, raw: unknown): Promise<Sheet> {
    policy.authorize('sheet.create', actor);
    const input = parseInput(SheetInput, raw);
    await this.checkReferences(input.content);
    // the read model first (no query); the store (a scan, on a write only) for another instance's newest sheet
    if (this.readModel.bySlugOf(input.slug) || (await this.store.findOne({ slug: input.slug })))
      throw DomainError.invalid('input.slug', 'esiste già una scheda con questo slug');
    const id = uuidv7();
    const create = decideCreate<SheetContent, Sheet, SheetFacts>(sheetConsequences, (draft) => ({
      ...draft,
      slug: input.slug,
    }));
    const sheet = await execute(
      this.store,
      id,
      create,
      { id, content: input.content, note: input.note ?? '', facts: await this.facts() },
      this.kernel.context(actor),
    );
    this.hold(sheet);
    return sheet;
  }

  async edit(actor: Actor, raw: unknown): Promise<Sheet> {
    policy.authorize('sheet.edit', actor);
    const input = parseInput(EditSheetInput, raw);
    await this.checkReferences(input.content);
    return this.workflow.run(
      actor,
      (d) => policy.authorize('sheet.edit', actor, d),
      input.id,
      steps.edit(input.content, input.note, input.expectedRevision),
    );
  }

  /** Offices and the owner must exist: a sheet pointing nowhere misleads the front office. */
  private async checkReferences(c: SheetContent): Promise<void> {
    for (const id of c.officeIds)
      if (!(await this.organisation.findOffice(id)))
        throw DomainError.invalid('input.content.officeIds', `ufficio inesistente: ${id}`);
    if (c.ownerReferentId && !(await this.organisation.findReferent(c.ownerReferentId)))
      throw DomainError.invalid(
        'input.content.ownerReferentId',
        `referente inesistente: ${c.ownerReferentId}`,
      );
  }

  /** The owner referent (or the back office) confirms the sheet is current: the review date moves on. */
  async markReviewed(
    actor: Actor,
    input: { id: string; note?: string; nextReviewDueAt?: Date },
  ): Promise<Sheet> {
    policy.authorize('sheet.markReviewed', actor);
    const sheet = await this.workflow.get(input.id);
    // a referent without back-office rights reviews the sheets they own, not others'
    const onlyOwner = !actor.roles.some((r) => r === 'backoffice' || r === 'admin');
    const ownerId = readContent(sheet).ownerReferentId;
    const owner = onlyOwner && ownerId ? await this.organisation.findReferent(ownerId) : null;
    const doc = await execute(
      this.store,
      input.id,
      markReviewed,
      {
        note: input.note,
        nextDue: input.nextReviewDueAt,
        calendar: this.calendar,
        ...(onlyOwner ? { onlyOwner: { staffId: actor.sub, ownerStaffId: owner?.staffId } } : {}),
      },
      this.kernel.context(actor),
      {
        notFound: `la scheda ${input.id}`,
        authorize: (s) => s && policy.authorize('sheet.markReviewed', actor, s),
      },
    );
    this.hold(doc);
    return doc;
  }

  /**
   * A procedure type's term changed (procedures service): remember it, then flag each linked sheet that
   * states another response time (once per event per sheet, and once per term: the flag is kept as it is).
   */
  async onProcedureTypeChanged(
    data: EventPayload<typeof ProcedureTypeChangedV1>,
    event: CloudEvent,
  ): Promise<number> {
    await this.terms.record({
      _id: data.code,
      legalTermDays: data.legalTermDays,
      changedAt: new Date(data.changedAt),
      name: data.name,
    });
    const facts = await this.facts();
    const linked = await this.store.find({
      $or: [{ 'content.procedureTypeCode': data.code }, { 'live.content.procedureTypeCode': data.code }],
    });
    const ctx = this.kernel.reaction(event, SCHEDULER);
    let flagged = 0;
    for (const sheet of linked) {
      let emitted = false;
      const result = await applyEvent(this.store, sheet.id, event.id, (s) => {
        const d = reflag(s, facts, ctx);
        emitted = !!d?.events.length;
        return d;
      });
      if (result === 'applied') {
        const doc = await this.store.get(sheet.id);
        if (doc) this.hold(doc);
        if (emitted) flagged++;
      }
    }
    return flagged;
  }

  /** Scheduled publications and expiries of sheets whose time has come. */
  runSchedule(): Promise<number> {
    return this.workflow.runSchedule(this.now());
  }

  /**
   * Emits SheetReviewDue for each live sheet past its review date, exactly once per review date even with
   * several instances: the notice is a claim whose id is (sheet, review date), committed with its event
   * `ifAbsent`; a second commit of the same claim is a duplicate and emits nothing.
   */
  async emitDueReviews(): Promise<number> {
    const ctx = this.kernel.context(SCHEDULER);
    // candidates from the read model, each confirmed on the stored sheet (read by `_id`) before its claim
    const candidates = this.readModel.where((s) => isReviewDue(s, ctx.now));
    let emitted = 0;
    for (const candidate of candidates) {
      const sheet = await this.store.get(candidate.id);
      if (!sheet) continue;
      this.readModel.upsert(sheet);
      if (!isReviewDue(sheet, ctx.now)) continue;
      const claim = claimReview(null, sheet, ctx);
      const r = await this.claims.commit({
        previous: null,
        next: claim.state,
        events: claim.events,
        ifAbsent: true,
      });
      if (r.status === 'committed') emitted++;
    }
    return emitted;
  }

  /**
   * A sheet this instance wrote: into the read model at once, and into the snapshot the next start reads (in
   * the background: a lost snapshot write is found by the verification after the next start).
   */
  private hold(doc: Sheet): void {
    if (!this.readModel.upsert(doc) || !this.snapshot) return;
    this.snapshot
      .save([doc])
      .catch((e: Error) => this.logger.warn(`read model snapshot of ${doc.id} not saved: ${e.message}`));
  }

  /** Set by a start from the snapshot: `catchUp` then compares every stored sheet once (`verifyIndex`). */
  private unverified = false;

  /**
   * When the event consumer joins: closes the gap between the start and the join. After a start from the
   * snapshot, the full comparison (`verifyIndex`); after a rebuild from the collection, `syncIndex`.
   */
  async catchUp(): Promise<number> {
    if (!this.unverified) return this.syncIndex();
    const repaired = await this.verifyIndex();
    this.unverified = false;
    return repaired;
  }

  /**
   * Compares the write counter (`revision`) of every stored sheet with the one held and re-reads by `_id` each
   * that differs or is missing, saving it again in the snapshot (a snapshot write lost in a crash, a sheet
   * written by an older version of the service). A scan of the collection, in the background.
   */
  async verifyIndex(): Promise<number> {
    if (!this.snapshot) return 0;
    const started = Date.now();
    const stored = await this.snapshot.storedRevisions();
    const differ = [...stored].filter(([id, revision]) => this.readModel.get(id)?.revision !== revision);
    const docs = await this.store.getMany(differ.map(([id]) => id));
    for (const doc of docs.values()) this.readModel.upsert(doc);
    if (docs.size) await this.snapshot.save([...docs.values()]);
    this.logger.log(
      `read model verified against ${stored.size} stored sheets in ${Date.now() - started} ms: ${docs.size} re-read`,
    );
    return docs.size;
  }

  /**
   * Safety net behind the other instances' `SheetChanged` events: re-reads the sheets updated after the newest
   * change this instance holds (a scan, so rare: `KB_INDEX_SYNC_MS`, and once when the event consumer joins).
   */
  async syncIndex(): Promise<number> {
    const changed = await this.store.find(
      { updatedAt: { $gt: this.readModel.watermark } },
      { maxTimeMS: 0 }, // the safety net must finish, however long the scan
    );
    for (const d of changed) this.readModel.upsert(d);
    return changed.length;
  }

  /** Another instance wrote a sheet (its `SheetChanged`): re-read it by `_id` into the read model. */
  async refresh(sheetId: string): Promise<void> {
    const doc = await this.store.get(sheetId);
    if (doc) this.readModel.upsert(doc);
  }

  /**
   * At start: the read model from its snapshot (one compact document per sheet, sheet.snapshot.ts) when there is
   * one, verified against the collection once the event consumer joins (`catchUp`); else from the collection.
   */
  async loadIndex(): Promise<number> {
    if (this.snapshot) {
      const started = Date.now();
      const held = await this.snapshot.load().catch((e: Error) => {
        this.logger.warn(`read model snapshot not read (${e.message}): rebuilding from the sheets`);
        return [];
      });
      if (held.length) {
        this.readModel.replaceAll(held);
        this.unverified = true;
        this.logger.log(
          `read model and search index rebuilt: ${held.length} sheets in ${Date.now() - started} ms (from the snapshot)`,
        );
        return held.length;
      }
    }
    return this.rebuildIndex();
  }

  /** The read model from the collection (first start, or by an admin): the one full read; then its snapshot. */
  async rebuildIndex(actor?: Actor): Promise<number> {
    if (actor) policy.authorize('sheet.rebuildIndex', actor);
    const started = Date.now();
    // no time limit (maxTimeMS 0): the start waits for it, however long the collection
    const all = await this.store.find({}, { projection: { revisions: 0, log: 0 }, maxTimeMS: 0 });
    this.readModel.replaceAll(all);
    this.unverified = false;
    this.logger.log(
      `read model and search index rebuilt: ${all.length} sheets in ${Date.now() - started} ms`,
    );
    this.snapshot
      ?.save(all)
      .catch((e: Error) => this.logger.warn(`read model snapshot not saved: ${e.message}`));
    return all.length;
  }

  /** By slug, from the read model (no query: an unknown slug is unknown). */
  bySlug(slug: string): SheetSummary | null {
    return this.readModel.bySlugOf(slug) ?? null;
  }

  /** A sheet by id or slug, any state (staff), from the read model. */
  find(actor: Actor, id?: string | null, slug?: string | null): SheetSummary | null {
    policy.authorize('sheet.read', actor);
    const doc = (id ? this.readModel.get(id) : slug ? this.readModel.bySlugOf(slug) : undefined) ?? null;
    if (doc) policy.authorize('sheet.read', actor, doc);
    return doc;
  }

  /** The whole stored sheet with its history (revisions, log), by `_id`: for the staff's history fields. */
  fullMany(ids: readonly string[]): Promise<Map<string, Sheet>> {
    return this.store.getMany(ids);
  }

  /** For references from other subgraphs and features (a sheet's id, a contact's sheet ids). */
  byId(id: string): SheetSummary | null {
    return this.readModel.get(id) ?? null;
  }

  byIds(ids: readonly string[]): Map<string, SheetSummary> {
    return this.readModel.getMany(ids);
  }

  list(
    actor: Actor,
    filter: SheetListFilter,
    category: string | null | undefined,
    first: number | null | undefined,
  ): SheetSummary[] {
    policy.authorize('sheet.list', actor);
    // the office scope before the limit, so that a referent's page is full of their own offices' sheets
    return this.readModel.list(this.listFilter(actor, filter, category), bounded(first, 100));
  }

  /**
   * A page of the staff's list (the back office's Schede), in slug order from a stable cursor, with how many sheets
   * the view holds in all: at 10,000 sheets the list is read page by page instead of stopping at its first 500.
   */
  listPage(
    actor: Actor,
    filter: SheetListFilter,
    category: string | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
  ): { items: SheetSummary[]; totalCount: number; endCursor: string | null; hasNextPage: boolean } {
    policy.authorize('sheet.list', actor);
    const from = after
      ? decodePageCursor(after, 'Il segnalibro della pagina non è valido: ricaricare l’elenco.')[0]
      : undefined;
    const page = this.readModel.page(this.listFilter(actor, filter, category), bounded(first, 50), from);
    const last = page.items.at(-1);
    return {
      items: page.items,
      totalCount: page.total,
      endCursor: last ? encodePageCursor(last.slug, last.id) : null,
      hasNextPage: page.hasNextPage,
    };
  }

  /** Which sheets a staff list shows: the filter, the category (working or live copy), the caller's offices. */
  private listFilter(
    actor: Actor,
    filter: SheetListFilter,
    category: string | null | undefined,
  ): (s: SheetSummary) => boolean {
    const now = this.now();
    const keep = (s: SheetSummary): boolean => {
      if (category && s.content.category !== category && s.live?.content.category !== category) return false;
      switch (filter) {
        case 'published':
          return !!s.live;
        case 'review_overdue':
          return isReviewDue(s, now);
        case 'inconsistent':
          return s.inconsistency !== undefined;
        case 'in_review':
          return s.status === 'in_review';
        case 'draft':
          return s.status === 'draft';
        default:
          return true;
      }
    };
    return (s) => keep(s) && policy.allows('sheet.list', actor, s);
  }

  /** A published public sheet by slug (the website), or null. */
  publicSheet(actor: Actor, slug: string): SheetSummary | null {
    policy.authorize('sheet.public.read', actor);
    const d = this.bySlug(slug);
    return d?.live && d.live.content.audience === 'public' ? d : null;
  }

  /** Published public sheets (the website's slice). */
  publicSheets(actor: Actor, category: string | null | undefined, first: number | null | undefined) {
    policy.authorize('sheet.public.list', actor);
    return this.readModel.list(
      (s) =>
        !!s.live &&
        s.live.content.audience === 'public' &&
        (!category || s.live.content.category === category),
      bounded(first, 100),
    );
  }

  /** Staff search over every sheet, or (`public`) over published public sheets only. */
  searchSheets(actor: Actor, query: string, filters: SearchFilters, audience: 'staff' | 'public') {
    if (audience === 'public') {
      policy.authorize('sheet.public.search', actor);
      if (query.length > 300) throw DomainError.invalid('query', 'al massimo 300 caratteri');
      return this.readModel.search(query, { ...filters, audience: 'public', liveOnly: true });
    }
    policy.authorize('sheet.search', actor);
    return this.readModel.search(query, filters);
  }

  /**
   * The sheets of search hits, in order, from the read model (hits whose sheet is gone, or not public for the
   * public, dropped). With a staff `actor`, only the sheets they may read (referents: their offices'); when
   * some were left out the total counts what is shown, so that it reveals nothing about other offices' sheets.
   */
  hitsWithSheets(r: SearchResult, publicOnly: boolean, actor?: Actor) {
    const hits = r.hits.flatMap((h) => {
      const sheet = this.readModel.get(h.id);
      if (!sheet || (publicOnly && sheet.live?.content.audience !== 'public')) return [];
      if (actor && !policy.allows('sheet.search', actor, sheet)) return [];
      return [{ sheet, score: h.score }];
    });
    const total = hits.length < r.hits.length ? hits.length : r.total;
    return { total, hits, expandedQuery: r.expandedQuery };
  }

  /** Of these sheets, the ones the actor may read (referents: their offices'). */
  readable(
    actor: Actor,
    action: 'sheet.read' | 'sheet.unclear',
    docs: readonly SheetSummary[],
  ): SheetSummary[] {
    return policy.visible(action, actor, docs);
  }

  /** A published public sheet, or NOT_FOUND (the public's feedback is only on what it can read). */
  requireLivePublic(id: string): SheetSummary {
    const doc = this.readModel.get(id);
    if (!doc?.live || doc.live.content.audience !== 'public') throw DomainError.notFound(`la scheda ${id}`);
    return doc;
  }
}
