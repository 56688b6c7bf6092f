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
import { CurrentIdentity, Roles, type Identity } from '@urp/auth';
import { toDomainInput } from '../contact/contact.resolver';
import { DirectoryRepository } from '../directory/directory.repository';
import { canSeeNotes, caseView, contactView } from '../shared/graphql-view';
import { CaseSettingsService } from './case-settings.service';
import { suspensionDays, suspendedDays } from './case.rules';
import { CaseService, type CaseContact } from './case.service';

type View = ReturnType<typeof caseView>;
type Ctx = { req: { identity?: Identity } };

/** GraphQL has checked the shape; the use cases validate the values (zod) and name each bad field. */
type UseCaseInput = never;

const WORKERS = ['operator', 'backoffice', 'referent', 'manager'] as const;

@Resolver('Case')
export class CaseResolver {
  constructor(
    private readonly cases: CaseService,
    private readonly settings: CaseSettingsService,
    private readonly directory: DirectoryRepository,
  ) {}

  private async view(c: CaseContact) {
    return caseView(c, await this.settings.labels());
  }

  @Query('case')
  @Roles(...WORKERS)
  async case(@Args('id') id: string) {
    const c = await this.cases.get(id);
    return c && this.view(c);
  }

  @Query('caseQueue')
  @Roles(...WORKERS)
  async queue(
    @Args('filter') filter: Record<string, unknown> | null,
    @Args('first') first: number,
    @Args('after') after: string | null,
    @CurrentIdentity() who: Identity,
  ) {
    const page = await this.cases.queue(
      toDomainInput(filter ?? {}),
      first ?? 20,
      after ?? undefined,
      who.sub,
    );
    const labels = await this.settings.labels();
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: caseView(e.node, labels) })) };
  }

  @Query('phaseLabels')
  async phaseLabels() {
    return Object.entries(await this.settings.labels()).map(([status, label]) => ({ status, label }));
  }

  @Query('duePolicy')
  async duePolicy() {
    return this.settings.policy();
  }

  @Query('cannedReplies')
  @Roles(...WORKERS)
  cannedReplies(@Args('caseId') caseId: string, @Args('forStatus') forStatus: boolean | null) {
    return this.cases.cannedReplies(caseId, !!forStatus);
  }

  @Mutation('routeCase')
  @Roles('operator', 'backoffice', 'manager')
  async route(@Args('input') input: UseCaseInput, @CurrentIdentity() who: Identity) {
    return this.view(await this.cases.route(toDomainInput(input) as never, who.sub));
  }

  @Mutation('suspendCase')
  @Roles('operator', 'backoffice', 'referent')
  async suspend(@Args('input') input: UseCaseInput, @CurrentIdentity() who: Identity) {
    return this.view(await this.cases.suspend(input, who.sub));
  }

  @Mutation('resumeCase')
  @Roles('operator', 'backoffice', 'referent')
  async resume(@Args('input') input: UseCaseInput, @CurrentIdentity() who: Identity) {
    return this.view(await this.cases.resume(input, who.sub));
  }

  @Mutation('changeCaseStatus')
  @Roles(...WORKERS)
  async changeStatus(@Args('input') input: UseCaseInput, @CurrentIdentity() who: Identity) {
    return this.view(await this.cases.changeStatus(input, who.sub));
  }

  @Mutation('addCaseNote')
  @Roles(...WORKERS)
  async addNote(@Args('input') input: UseCaseInput, @CurrentIdentity() who: Identity) {
    return this.view(await this.cases.addNote(input, who.sub));
  }

  @Mutation('sendCaseMessage')
  @Roles('operator', 'backoffice', 'referent')
  async sendMessage(@Args('input') input: UseCaseInput, @CurrentIdentity() who: Identity) {
    return this.view(await this.cases.sendMessage(toDomainInput(input) as never, who.sub));
  }

  @Mutation('closeCase')
  @Roles('operator', 'backoffice', 'referent')
  async close(@Args('input') input: UseCaseInput, @CurrentIdentity() who: Identity) {
    return this.view(
      await this.cases.close(toDomainInput(input) as never, who.sub, who.roles.includes('admin')),
    );
  }

  @Mutation('reopenCase')
  @Roles('operator', 'backoffice', 'manager')
  async reopen(@Args('input') input: UseCaseInput, @CurrentIdentity() who: Identity) {
    return this.view(await this.cases.reopen(input, who.sub));
  }

  @Mutation('markDuplicate')
  @Roles('operator', 'backoffice')
  async markDuplicate(@Args('input') input: UseCaseInput, @CurrentIdentity() who: Identity) {
    return this.view(await this.cases.markDuplicate(input, who.sub));
  }

  @Mutation('setPhaseLabel')
  @Roles('admin')
  async setPhaseLabel(@Args('status') status: string, @Args('label') label: string) {
    return Object.entries(await this.settings.setLabel(status, label)).map(([s, l]) => ({
      status: s,
      label: l,
    }));
  }

  @Mutation('setDuePolicy')
  @Roles('admin')
  setDuePolicy(@Args('rules') rules: Record<string, unknown>[]) {
    return this.settings.setPolicy(rules.map(toDomainInput));
  }

  @ResolveField('contact')
  contact(@Parent() c: View) {
    return contactView(c.__contact);
  }

  @ResolveField('suspensions')
  suspensions(@Parent() c: View) {
    const k = c.__contact.case!;
    return (k.suspensions ?? []).map((s) => ({
      reason: s.reason,
      from: new Date(s.from).toISOString(),
      to: s.to ? new Date(s.to).toISOString() : null,
      days: suspensionDays(s, k.maxSuspensionDays, new Date()),
    }));
  }

  @ResolveField('suspendedDays')
  suspendedDays(@Parent() c: View) {
    const k = c.__contact.case!;
    return suspendedDays({ ...k, suspensions: k.suspensions ?? [] });
  }

  @ResolveField('notes')
  notes(@Parent() c: View, @Context() ctx: Ctx) {
    return canSeeNotes(ctx.req?.identity) ? c.notes : [];
  }

  @ResolveField('suggestedReplies')
  suggestedReplies(@Parent() c: View) {
    return this.cases.cannedReplies(c.id, true);
  }

  @ResolveField('officeName')
  async officeName(@Parent() c: View) {
    if (!c.officeId) return null;
    return (await this.directory.offices()).find((o) => o.id === c.officeId)?.name ?? null;
  }

  @ResolveField('referentName')
  async referentName(@Parent() c: View) {
    if (!c.referentId) return null;
    return (await this.directory.referents()).find((r) => r.id === c.referentId)?.name ?? null;
  }

  @ResolveReference()
  async resolveReference(ref: { id: string }) {
    const c = await this.cases.get(ref.id);
    return c && this.view(c);
  }
}
