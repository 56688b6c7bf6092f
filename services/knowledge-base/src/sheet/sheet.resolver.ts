import {
  Args,
  Context,
  Mutation,
  Parent,
  Query,
  ResolveField,
  ResolveReference,
  Resolver,
} from '@nestjs/graphql';
import { CurrentIdentity, Public, Roles, type Identity } from '@urp/auth';
import { DomainError } from '@urp/kernel';
import type {
  MutationCreateSheetArgs,
  MutationEditSheetArgs,
  MutationMarkSheetReviewedArgs,
  QueryPublicSearchArgs,
  QueryPublicSheetArgs,
  QueryPublicSheetsArgs,
  QuerySearchSheetsArgs,
  QuerySheetArgs,
  QuerySheetListArgs,
  QuerySheetsArgs,
  QueryUnclearSheetsArgs,
  ServiceSheetDiffArgs,
  ResolversParentTypes,
  ContentStatus,
} from '../__generated__/graphql';
import { diffView, iso, parseInstant, workflowFields } from '../content/content.graphql-mapping';
import { sheetToGraphQL, type SheetView } from '../graphql-view';
import { FeedbackUseCases } from '../feedback/feedback.use-cases';
import { requestLoader } from '../request-loaders';
import { isReviewOverdue, type Sheet, type SheetContent } from './sheet.rules';
import { SheetUseCases } from './sheet.use-cases';

/** What a resolver returns for a GraphQL type (the entities' views: codegen.config.ts mappers). */
type Out<K extends keyof ResolversParentTypes> = ResolversParentTypes[K];

const STAFF = ['operator', 'backoffice', 'referent', 'manager', 'analyst'] as const;
const EDITORS = ['backoffice'] as const;

@Resolver('ServiceSheet')
export class SheetResolver {
  constructor(
    private readonly sheets: SheetUseCases,
    private readonly feedback: FeedbackUseCases,
  ) {}

  // ---- staff

  @Query('sheet')
  @Roles(...STAFF)
  async sheet(
    @CurrentIdentity() who: Identity,
    @Args() args: QuerySheetArgs,
  ): Promise<Out<'ServiceSheet'> | null> {
    const d = this.sheets.find(who, args.id, args.slug);
    return d && sheetToGraphQL(d);
  }

  @Query('sheets')
  @Roles(...STAFF)
  async list(
    @CurrentIdentity() who: Identity,
    @Args() args: QuerySheetsArgs,
  ): Promise<Out<'ServiceSheet'>[]> {
    return this.sheets.list(who, args.filter ?? 'all', args.category, args.first).map(sheetToGraphQL);
  }

  @Query('sheetList')
  @Roles(...STAFF)
  sheetList(@CurrentIdentity() who: Identity, @Args() args: QuerySheetListArgs): Out<'ServiceSheetPage'> {
    const page = this.sheets.listPage(who, args.filter ?? 'all', args.category, args.first, args.after);
    return { ...page, items: page.items.map(sheetToGraphQL) };
  }

  @Query('searchSheets')
  @Roles(...STAFF)
  async search(
    @CurrentIdentity() who: Identity,
    @Args() { input: i }: QuerySearchSheetsArgs,
  ): Promise<Out<'SheetSearchResult'>> {
    const r = this.sheets.searchSheets(
      who,
      i.query ?? '',
      {
        category: i.category ?? undefined,
        audience: i.audience ?? undefined,
        status: i.status ?? undefined,
        limit: i.first ?? 10,
      },
      'staff',
    );
    return this.withSheets(this.sheets.hitsWithSheets(r, false, who));
  }

  @Query('unclearSheets')
  @Roles(...STAFF)
  async unclear(
    @CurrentIdentity() who: Identity,
    @Args() args: QueryUnclearSheetsArgs,
  ): Promise<Out<'ServiceSheet'>[]> {
    const ranked = await this.feedback.ranking(who, args.first ?? 20, args.minAnswers ?? 1);
    const docs = this.sheets.byIds(ranked.map((r) => r.sheetId));
    const found = ranked.flatMap((r) => docs.get(r.sheetId) ?? []);
    return this.sheets.readable(who, 'sheet.unclear', found).map(sheetToGraphQL);
  }

  @Mutation('createSheet')
  @Roles(...EDITORS)
  async create(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationCreateSheetArgs,
  ): Promise<Out<'ServiceSheet'>> {
    return sheetToGraphQL(await this.sheets.create(who, args.input));
  }

  @Mutation('editSheet')
  @Roles(...EDITORS)
  async edit(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationEditSheetArgs,
  ): Promise<Out<'ServiceSheet'>> {
    return sheetToGraphQL(await this.sheets.edit(who, args.input));
  }

  @Mutation('markSheetReviewed')
  @Roles(...EDITORS, 'referent')
  async reviewed(
    @CurrentIdentity() who: Identity,
    @Args() { input: i }: MutationMarkSheetReviewedArgs,
  ): Promise<Out<'ServiceSheet'>> {
    const sheet = await this.sheets.markReviewed(who, {
      id: i.id,
      note: i.note ?? undefined,
      nextReviewDueAt: parseInstant(i.nextReviewDueAt, 'input.nextReviewDueAt'),
    });
    return sheetToGraphQL(sheet);
  }

  @Mutation('rebuildSearchIndex')
  @Roles('admin')
  rebuild(@CurrentIdentity() who: Identity): Promise<number> {
    return this.sheets.rebuildIndex(who);
  }

  // ---- public (no login): published public sheets only

  @Query('publicSheet')
  @Public()
  async publicSheet(
    @CurrentIdentity() who: Identity,
    @Args() args: QueryPublicSheetArgs,
  ): Promise<Out<'ServiceSheet'> | null> {
    const d = this.sheets.publicSheet(who, args.slug);
    return d && sheetToGraphQL(d);
  }

  @Query('publicSheets')
  @Public()
  async publicSheets(
    @CurrentIdentity() who: Identity,
    @Args() args: QueryPublicSheetsArgs,
  ): Promise<Out<'ServiceSheet'>[]> {
    return this.sheets.publicSheets(who, args.category, args.first).map(sheetToGraphQL);
  }

  @Query('publicSearch')
  @Public()
  async publicSearch(
    @CurrentIdentity() who: Identity,
    @Args() args: QueryPublicSearchArgs,
  ): Promise<Out<'SheetSearchResult'>> {
    const r = this.sheets.searchSheets(
      who,
      args.query,
      { category: args.category ?? undefined, limit: args.first ?? 10 },
      'public',
    );
    return this.withSheets(this.sheets.hitsWithSheets(r, true));
  }

  private withSheets(r: ReturnType<SheetUseCases['hitsWithSheets']>): Out<'SheetSearchResult'> {
    return { ...r, hits: r.hits.map((h) => ({ sheet: sheetToGraphQL(h.sheet), score: h.score })) };
  }

  // ---- staff-only fields (drafts, revisions and who wrote them: referents only for their offices' sheets)

  @ResolveField('status')
  @Roles(...STAFF)
  status(@Parent() s: SheetView): ContentStatus {
    return s._doc.status;
  }

  @ResolveField('revision')
  @Roles(...STAFF)
  revision(@Parent() s: SheetView): number {
    return s._doc.latestRevision;
  }

  @ResolveField('workingCopy')
  @Roles(...STAFF)
  workingCopy(@CurrentIdentity() who: Identity, @Parent() s: SheetView): Out<'SheetContent'> {
    if (!this.sheets.readable(who, 'sheet.read', [s._doc]).length) throw DomainError.forbidden();
    return s._doc.content;
  }

  @ResolveField('revisions')
  @Roles(...STAFF)
  async revisions(
    @CurrentIdentity() who: Identity,
    @Parent() s: SheetView,
    @Context() ctx: object,
  ): Promise<Out<'ContentRevision'>[]> {
    if (!this.sheets.readable(who, 'sheet.read', [s._doc]).length) throw DomainError.forbidden();
    return workflowFields(await this.withHistory(ctx, s)).revisions;
  }

  @ResolveField('history')
  @Roles(...STAFF)
  async history(
    @CurrentIdentity() who: Identity,
    @Parent() s: SheetView,
    @Context() ctx: object,
  ): Promise<Out<'ContentLogEntry'>[]> {
    if (!this.sheets.readable(who, 'sheet.read', [s._doc]).length) throw DomainError.forbidden();
    return workflowFields(await this.withHistory(ctx, s)).history;
  }

  @ResolveField('diff')
  @Roles(...STAFF)
  async diff(
    @CurrentIdentity() who: Identity,
    @Parent() s: SheetView,
    @Args() args: ServiceSheetDiffArgs,
    @Context() ctx: object,
  ): Promise<Out<'ContentFieldChange'>[]> {
    if (!this.sheets.readable(who, 'sheet.read', [s._doc]).length) throw DomainError.forbidden();
    return diffView(this.sheets.workflow.diff(await this.withHistory(ctx, s), args.from, args.to));
  }

  @ResolveField('reviewDueAt')
  @Roles(...STAFF)
  reviewDueAt(@Parent() s: SheetView): string | null {
    return iso(s._doc.reviewDueAt);
  }

  @ResolveField('reviewOverdue')
  @Roles(...STAFF)
  reviewOverdue(@Parent() s: SheetView): boolean {
    return isReviewOverdue({ live: !!s._doc.live, reviewDueAt: s._doc.reviewDueAt }, this.sheets.now());
  }

  @ResolveField('lastReviewedAt')
  @Roles(...STAFF)
  lastReviewedAt(@Parent() s: SheetView): string | null {
    return iso(s._doc.lastReviewedAt);
  }

  @ResolveField('inconsistency')
  @Roles(...STAFF)
  inconsistency(@Parent() s: SheetView): Out<'SheetInconsistency'> | null {
    const i = s._doc.inconsistency;
    return i
      ? {
          ...i,
          sheetResponseTimeDays: i.sheetResponseTimeDays ?? null,
          flaggedAt: new Date(i.flaggedAt).toISOString(),
        }
      : null;
  }

  @ResolveField('scheduledPublishAt')
  @Roles(...STAFF)
  scheduledPublishAt(@Parent() s: SheetView): string | null {
    return iso(s._doc.approval?.publishAt);
  }

  @ResolveField('expireAt')
  @Roles(...STAFF)
  expireAt(@Parent() s: SheetView): string | null {
    return iso(s._doc.expireAt);
  }

  @ResolveField('usage')
  @Roles(...STAFF)
  usage(@Parent() s: SheetView): Promise<Out<'SheetUsage'>> {
    return this.feedback.usageOf(s.id);
  }

  @ResolveReference()
  resolveReference(ref: { id: string }): Out<'ServiceSheet'> | null {
    const d = this.sheets.byId(ref.id);
    return d && sheetToGraphQL(d);
  }

  /**
   * The whole stored sheet (its revisions and log are not in the read model), read by `_id` once per request
   * however many of revisions, history and diff ask for it.
   */
  private async withHistory(ctx: object, s: SheetView): Promise<Sheet> {
    const full = await requestLoader<Sheet>(ctx, 'sheet-with-history', (ids) =>
      this.sheets.fullMany(ids),
    ).load(s.id);
    if (!full) throw DomainError.notFound(`la scheda ${s.id}`);
    return full;
  }
}

/** Fields of the sheet content for staff only (the offices are resolved by the organisation feature). */
@Resolver('SheetContent')
export class SheetContentResolver {
  @ResolveField('citizenWords')
  @Roles(...STAFF)
  citizenWords(@Parent() c: SheetContent): string[] {
    return c.citizenWords;
  }
}
