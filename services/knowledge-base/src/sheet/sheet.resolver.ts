import { Args, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, Public, Roles, type Identity } from '@urp/auth';
import { workflowFields } from '../content/content.graphql-mapping';
import { badInput, iso, parseInstant } from '../content/errors';
import { EDITORS, STAFF } from '../content/roles';
import { FeedbackService } from '../feedback/feedback.service';
import { FormService } from '../form/form.service';
import { formToGraphQL } from '../form/form.resolver';
import { officeToGraphQL, referentToGraphQL } from '../organisation/organisation.resolver';
import { OrganisationService } from '../organisation/organisation.service';
import type { SearchResult } from '../search/sheet-index';
import { isReviewOverdue, type SheetContent } from './sheet.rules';
import { SheetService, type SheetListFilter } from './sheet.service';
import type { SheetDoc } from './sheet.types';

/** What every caller may see of a sheet; the rest is resolved per field, for staff only. */
export const sheetToGraphQL = (doc: SheetDoc) => {
  const content = doc.live?.content ?? doc.content;
  return {
    id: doc._id,
    slug: doc.slug,
    content,
    title: content.title,
    shortDescription: content.shortDescription,
    category: content.category,
    publishedAt: iso(doc.live?.publishedAt),
    publishedRevision: doc.live?.revision ?? null,
    _doc: doc,
  };
};
type SheetView = ReturnType<typeof sheetToGraphQL>;

@Resolver('ServiceSheet')
export class SheetResolver {
  constructor(
    private readonly sheets: SheetService,
    private readonly feedback: FeedbackService,
    private readonly formService: FormService,
    private readonly organisation: OrganisationService,
  ) {}

  // ---- staff

  @Query('sheet')
  @Roles(...STAFF)
  async sheet(@Args('id') id?: string, @Args('slug') slug?: string) {
    const d = await this.sheets.find(id, slug);
    return d && sheetToGraphQL(d);
  }

  @Query('sheets')
  @Roles(...STAFF)
  async list(
    @Args('filter') filter: SheetListFilter,
    @Args('category') category?: string,
    @Args('first') first?: number,
  ) {
    return (await this.sheets.list(filter ?? 'all', category ?? undefined, first ?? 100)).map(sheetToGraphQL);
  }

  @Query('searchSheets')
  @Roles(...STAFF)
  async search(
    @Args('input')
    i: {
      query: string;
      category?: string;
      audience?: 'public' | 'internal';
      status?: string;
      first?: number;
    },
  ) {
    const r = this.sheets.search.search(i.query ?? '', {
      category: i.category ?? undefined,
      audience: i.audience ?? undefined,
      status: i.status ?? undefined,
      limit: i.first ?? 10,
    });
    return this.withSheets(r, false);
  }

  @Query('unclearSheets')
  @Roles(...STAFF)
  async unclear(@Args('first') first: number, @Args('minAnswers') minAnswers: number) {
    const ranked = await this.feedback.ranking(first ?? 20, minAnswers ?? 1);
    const docs = new Map((await this.sheets.findMany(ranked.map((r) => r.sheetId))).map((d) => [d._id, d]));
    return ranked.filter((r) => docs.has(r.sheetId)).map((r) => sheetToGraphQL(docs.get(r.sheetId)!));
  }

  @Mutation('createSheet')
  @Roles(...EDITORS)
  async create(@Args('input') input: unknown, @CurrentIdentity() who: Identity) {
    return sheetToGraphQL(await this.sheets.create(input, who.sub));
  }

  @Mutation('editSheet')
  @Roles(...EDITORS)
  async edit(@Args('input') input: unknown, @CurrentIdentity() who: Identity) {
    return sheetToGraphQL(await this.sheets.edit(input, who.sub));
  }

  @Mutation('markSheetReviewed')
  @Roles(...EDITORS, 'referent')
  async reviewed(
    @Args('input') i: { id: string; note?: string | null; nextReviewDueAt?: string | null },
    @CurrentIdentity() who: Identity,
  ) {
    const next = parseInstant(i.nextReviewDueAt, 'nextReviewDueAt');
    const onlyIfOwner = !who.roles.some((r) => r === 'backoffice' || r === 'admin');
    return sheetToGraphQL(
      await this.sheets.markReviewed(i.id, who.sub, i.note ?? undefined, next, onlyIfOwner),
    );
  }

  @Mutation('rebuildSearchIndex')
  @Roles('admin')
  rebuild() {
    return this.sheets.rebuildIndex();
  }

  // ---- public (no login): published public sheets only

  @Query('publicSheet')
  @Public()
  async publicSheet(@Args('slug') slug: string) {
    const d = await this.sheets.bySlug(slug);
    return d?.live && d.live.content.audience === 'public' ? sheetToGraphQL(d) : null;
  }

  @Query('publicSheets')
  @Public()
  async publicSheets(@Args('category') category?: string, @Args('first') first?: number) {
    return (await this.sheets.listPublic(category ?? undefined, first ?? 100)).map(sheetToGraphQL);
  }

  @Query('publicSearch')
  @Public()
  async publicSearch(
    @Args('query') query: string,
    @Args('category') category?: string,
    @Args('first') first?: number,
  ) {
    if (query.length > 300) throw badInput('query', 'al massimo 300 caratteri');
    const r = this.sheets.search.search(query, {
      category: category ?? undefined,
      audience: 'public',
      liveOnly: true,
      limit: first ?? 10,
    });
    return this.withSheets(r, true);
  }

  @Mutation('submitClarityFeedback')
  @Public()
  submitFeedback(@Args('input') input: unknown) {
    return this.feedback.submit(input);
  }

  private async withSheets(r: SearchResult, publicOnly: boolean) {
    const docs = new Map((await this.sheets.findMany(r.hits.map((h) => h.id))).map((d) => [d._id, d]));
    const hits = r.hits
      .filter((h) => docs.has(h.id))
      .filter(
        (h) => !publicOnly || (docs.get(h.id)!.live && docs.get(h.id)!.live!.content.audience === 'public'),
      )
      .map((h) => ({ sheet: sheetToGraphQL(docs.get(h.id)!), score: h.score }));
    return { total: r.total, hits, expandedQuery: r.expandedQuery };
  }

  // ---- staff-only fields

  @ResolveField('status')
  @Roles(...STAFF)
  status(@Parent() s: SheetView) {
    return s._doc.status;
  }

  @ResolveField('revision')
  @Roles(...STAFF)
  revision(@Parent() s: SheetView) {
    return s._doc.revision;
  }

  @ResolveField('workingCopy')
  @Roles(...STAFF)
  workingCopy(@Parent() s: SheetView) {
    return s._doc.content;
  }

  @ResolveField('revisions')
  @Roles(...STAFF)
  revisions(@Parent() s: SheetView) {
    return workflowFields(s._doc).revisions;
  }

  @ResolveField('history')
  @Roles(...STAFF)
  history(@Parent() s: SheetView) {
    return workflowFields(s._doc).history;
  }

  @ResolveField('diff')
  @Roles(...STAFF)
  diff(@Parent() s: SheetView, @Args('from') from: number, @Args('to') to: number) {
    return this.sheets.diff(s._doc, from, to);
  }

  @ResolveField('owner')
  @Roles(...STAFF)
  async owner(@Parent() s: SheetView) {
    const id = s.content.ownerReferentId;
    const r = id ? await this.organisation.referent(id) : null;
    return r && referentToGraphQL(r);
  }

  @ResolveField('reviewDueAt')
  @Roles(...STAFF)
  reviewDueAt(@Parent() s: SheetView) {
    return iso(s._doc.reviewDueAt);
  }

  @ResolveField('reviewOverdue')
  @Roles(...STAFF)
  reviewOverdue(@Parent() s: SheetView) {
    return isReviewOverdue({ live: !!s._doc.live, reviewDueAt: s._doc.reviewDueAt }, new Date());
  }

  @ResolveField('lastReviewedAt')
  @Roles(...STAFF)
  lastReviewedAt(@Parent() s: SheetView) {
    return iso(s._doc.lastReviewedAt);
  }

  @ResolveField('inconsistency')
  @Roles(...STAFF)
  inconsistency(@Parent() s: SheetView) {
    const i = s._doc.inconsistency;
    return i ? { ...i, flaggedAt: iso(i.flaggedAt) } : null;
  }

  @ResolveField('scheduledPublishAt')
  @Roles(...STAFF)
  scheduledPublishAt(@Parent() s: SheetView) {
    return iso(s._doc.approval?.publishAt);
  }

  @ResolveField('expireAt')
  @Roles(...STAFF)
  expireAt(@Parent() s: SheetView) {
    return iso(s._doc.expireAt);
  }

  @ResolveField('usage')
  @Roles(...STAFF)
  usage(@Parent() s: SheetView) {
    return this.feedback.usageOf(s.id);
  }

  @ResolveField('forms')
  @Public()
  async forms(@Parent() s: SheetView) {
    const codes = s.content.attachments.map((a) => a.formCode).filter((c): c is string => !!c);
    const forms = await Promise.all(codes.map((c) => this.formService.find(undefined, c)));
    return forms.filter((f) => f && f.versions.length).map((f) => formToGraphQL(f!));
  }

  @ResolveReference()
  async resolveReference(ref: { id: string }) {
    const d = await this.sheets.find(ref.id);
    return d && sheetToGraphQL(d);
  }
}

/** Fields of the sheet content that need a lookup or are for staff only. */
@Resolver('SheetContent')
export class SheetContentResolver {
  constructor(private readonly organisation: OrganisationService) {}

  @ResolveField('offices')
  @Public()
  async offices(@Parent() c: SheetContent) {
    const offices = await Promise.all(c.officeIds.map((id) => this.organisation.office(id)));
    return offices.filter((o) => o !== null).map((o) => officeToGraphQL(o!));
  }

  @ResolveField('citizenWords')
  @Roles(...STAFF)
  citizenWords(@Parent() c: SheetContent) {
    return c.citizenWords;
  }
}

@Resolver('SheetAttachment')
export class SheetAttachmentResolver {
  constructor(private readonly forms: FormService) {}

  @ResolveField('form')
  @Public()
  async form(@Parent() a: { formCode?: string }) {
    const f = a.formCode ? await this.forms.find(undefined, a.formCode) : null;
    return f && f.versions.length ? formToGraphQL(f) : null;
  }
}
