import { Inject } from '@nestjs/common';
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
import { CurrentIdentity, type Identity } from '@urp/auth';
import { CLOCK, stripNulls, type Clock } from '@urp/kernel';
import { contactsPolicy } from '../contacts.policy';
import type { CaseContact } from '../contact/contact.rules';
import { DirectoryStore } from '../directory/directory.store';
import { SettingsUseCases } from '../settings/settings.use-cases';
import { caseView, contactView, type CaseView } from '../shared/graphql-view';
import type {
  MutationAddCaseNoteArgs,
  MutationChangeCaseStatusArgs,
  MutationCloseCaseArgs,
  MutationMarkDuplicateArgs,
  MutationReopenCaseArgs,
  MutationResumeCaseArgs,
  MutationRouteCaseArgs,
  MutationSendCaseMessageArgs,
  MutationSetDuePolicyArgs,
  MutationSetPhaseLabelArgs,
  MutationSuspendCaseArgs,
  QueryCannedRepliesArgs,
  QueryCaseArgs,
  QueryCaseQueueArgs,
  ResolversParentTypes,
} from '../__generated__/graphql';
import { suspendedDays, suspensionDays, type DuePolicyRule } from './case-clock.rules';
import { CASE_STATUSES, type CaseStatus } from './case-phases.rules';
import { CaseUseCases } from './case.use-cases';

type Ctx = { req: { identity?: Identity } };
/** What a resolver returns, as the generated resolver types say (entities: the views). */
type Out<K extends keyof ResolversParentTypes> = ResolversParentTypes[K];

const duePolicyView = (rules: readonly DuePolicyRule[]): Out<'CaseDuePolicyRule'>[] =>
  rules.map((r) => ({
    contactType: r.contactType ?? null,
    categoryLevel1: r.categoryLevel1 ?? null,
    days: r.days,
    workingDays: r.workingDays ?? false,
    reminderAfterDays: r.reminderAfterDays ?? null,
    maxSuspensions: r.maxSuspensions ?? null,
    maxSuspensionDays: r.maxSuspensionDays ?? null,
  }));

const labelList = (labels: Record<CaseStatus, string>): Out<'CasePhaseLabel'>[] =>
  CASE_STATUSES.map((status) => ({ status, label: labels[status] }));

@Resolver('Case')
export class CaseResolver {
  constructor(
    private readonly cases: CaseUseCases,
    private readonly settings: SettingsUseCases,
    private readonly directory: DirectoryStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private async view(c: CaseContact): Promise<CaseView> {
    return caseView(c, await this.settings.labels(), this.clock.now());
  }

  @Query('case')
  async case(@CurrentIdentity() who: Identity, @Args() args: QueryCaseArgs): Promise<Out<'Case'> | null> {
    const c = await this.cases.get(who, args.id);
    return c && this.view(c);
  }

  @Query('caseQueue')
  async queue(
    @CurrentIdentity() who: Identity,
    @Args() args: QueryCaseQueueArgs,
  ): Promise<Out<'CaseConnection'>> {
    const page = await this.cases.queue(
      who,
      stripNulls(args.filter ?? {}),
      args.first ?? 20,
      args.after ?? undefined,
    );
    const labels = await this.settings.labels();
    const now = this.clock.now();
    return {
      ...page,
      edges: page.edges.map((e) => ({ cursor: e.cursor, node: caseView(e.node, labels, now) })),
    };
  }

  @Query('phaseLabels')
  async phaseLabels(@CurrentIdentity() who: Identity): Promise<Out<'CasePhaseLabel'>[]> {
    return labelList(await this.settings.phaseLabels(who));
  }

  @Query('duePolicy')
  async duePolicy(@CurrentIdentity() who: Identity): Promise<Out<'CaseDuePolicyRule'>[]> {
    return duePolicyView(await this.settings.duePolicy(who));
  }

  @Query('cannedReplies')
  cannedReplies(
    @CurrentIdentity() who: Identity,
    @Args() args: QueryCannedRepliesArgs,
  ): Promise<Out<'CaseCannedReply'>[]> {
    return this.cases.cannedReplies(who, args.caseId, !!args.forStatus);
  }

  @Mutation('routeCase')
  async route(@CurrentIdentity() who: Identity, @Args() args: MutationRouteCaseArgs): Promise<Out<'Case'>> {
    return this.view(await this.cases.route(who, args.input));
  }

  @Mutation('suspendCase')
  async suspend(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationSuspendCaseArgs,
  ): Promise<Out<'Case'>> {
    return this.view(await this.cases.suspend(who, args.input));
  }

  @Mutation('resumeCase')
  async resume(@CurrentIdentity() who: Identity, @Args() args: MutationResumeCaseArgs): Promise<Out<'Case'>> {
    return this.view(await this.cases.resume(who, args.input));
  }

  @Mutation('changeCaseStatus')
  async changeStatus(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationChangeCaseStatusArgs,
  ): Promise<Out<'Case'>> {
    return this.view(await this.cases.changeStatus(who, args.input));
  }

  @Mutation('addCaseNote')
  async addNote(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationAddCaseNoteArgs,
  ): Promise<Out<'Case'>> {
    return this.view(await this.cases.addNote(who, args.input));
  }

  @Mutation('sendCaseMessage')
  async sendMessage(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationSendCaseMessageArgs,
  ): Promise<Out<'Case'>> {
    return this.view(await this.cases.sendMessage(who, args.input));
  }

  @Mutation('closeCase')
  async close(@CurrentIdentity() who: Identity, @Args() args: MutationCloseCaseArgs): Promise<Out<'Case'>> {
    return this.view(await this.cases.close(who, args.input));
  }

  @Mutation('reopenCase')
  async reopen(@CurrentIdentity() who: Identity, @Args() args: MutationReopenCaseArgs): Promise<Out<'Case'>> {
    return this.view(await this.cases.reopen(who, args.input));
  }

  @Mutation('markDuplicate')
  async markDuplicate(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationMarkDuplicateArgs,
  ): Promise<Out<'Case'>> {
    return this.view(await this.cases.markDuplicate(who, args.input));
  }

  @Mutation('setPhaseLabel')
  async setPhaseLabel(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationSetPhaseLabelArgs,
  ): Promise<Out<'CasePhaseLabel'>[]> {
    return labelList(await this.settings.setLabel(who, args.status, args.label));
  }

  @Mutation('setDuePolicy')
  async setDuePolicy(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationSetDuePolicyArgs,
  ): Promise<Out<'CaseDuePolicyRule'>[]> {
    return duePolicyView(await this.settings.setPolicy(who, stripNulls(args.rules)));
  }

  @ResolveField('contact')
  contact(@Parent() c: CaseView): Out<'Contact'> {
    return contactView(c.__contact);
  }

  @ResolveField('suspensions')
  suspensions(@Parent() c: CaseView): Out<'CaseSuspension'>[] {
    const k = c.__contact.case;
    const now = this.clock.now();
    return (k.suspensions ?? []).map((s) => ({
      reason: s.reason,
      from: new Date(s.from).toISOString(),
      to: s.to ? new Date(s.to).toISOString() : null,
      days: suspensionDays(s, k.maxSuspensionDays, now),
    }));
  }

  @ResolveField('suspendedDays')
  suspendedDays(@Parent() c: CaseView): number {
    const k = c.__contact.case;
    return suspendedDays({ ...k, suspensions: k.suspensions ?? [] });
  }

  /** Internal notes: staff working cases (not analysts, who read the event streams). */
  @ResolveField('notes')
  notes(@Parent() c: CaseView, @Context() ctx: Ctx): Out<'CaseNote'>[] {
    const who = ctx.req?.identity;
    return who && contactsPolicy.allows('case.readNotes', who, c.__contact) ? c.notes : [];
  }

  @ResolveField('suggestedReplies')
  suggestedReplies(
    @CurrentIdentity() who: Identity,
    @Parent() c: CaseView,
  ): Promise<Out<'CaseCannedReply'>[]> {
    return this.cases.cannedReplies(who, c.id, true);
  }

  @ResolveField('officeName')
  async officeName(@Parent() c: CaseView): Promise<string | null> {
    if (!c.officeId) return null;
    return (await this.directory.offices()).find((o) => o.id === c.officeId)?.name ?? null;
  }

  @ResolveField('referentName')
  async referentName(@Parent() c: CaseView): Promise<string | null> {
    if (!c.referentId) return null;
    return (await this.directory.referents()).find((r) => r.id === c.referentId)?.name ?? null;
  }

  /** Another subgraph's reference (as before the kernel: the field-level rules above still apply). */
  @ResolveReference()
  async resolveReference(ref: { id: string }): Promise<Out<'Case'> | null> {
    const c = await this.cases.find(ref.id);
    return c && this.view(c);
  }
}
