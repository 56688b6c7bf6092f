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
import { CaseSettingsService } from '../case/case-settings.service';
import type { CaseRecord } from '../case/case.model';
import { OPEN_STATUSES } from '../case/case.rules';
import { CaseService } from '../case/case.service';
import { requesterView } from '../requester/requester.resolver';
import { RequesterService } from '../requester/requester.service';
import { canSeePersonal, caseView, contactView } from '../shared/graphql-view';
import type { Contact } from './contact.rules';
import { ContactService } from './contact.service';

type Ctx = { req: { identity?: Identity } };
type View = ReturnType<typeof contactView>;

/** GraphQL inputs arrive with domain enum values already (enum resolvers); nulls mean "not given". */
export const toDomainInput = (input: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined));

@Resolver('Contact')
export class ContactResolver {
  constructor(
    private readonly contacts: ContactService,
    private readonly requesters: RequesterService,
    private readonly settings: CaseSettingsService,
    private readonly cases: CaseService,
  ) {}

  @Query('contact')
  @Roles('operator', 'backoffice', 'manager', 'referent')
  async contact(@Args('id') id: string) {
    const c = await this.contacts.get(id);
    return c && contactView(c);
  }

  @Query('contacts')
  @Roles('operator', 'backoffice', 'manager', 'referent')
  async list(@Args('first') first: number) {
    return (await this.contacts.latest(first ?? 20)).map(contactView);
  }

  @Query('duplicateSuggestions')
  @Roles('operator', 'backoffice')
  async duplicateSuggestions(@Args('input') input: Record<string, unknown>) {
    return this.suggestions(input);
  }

  private async suggestions(input: Record<string, unknown>, excludeId?: string) {
    const labels = await this.settings.labels();
    const found = await this.contacts.duplicateSuggestions({ ...input, excludeId } as never);
    return found.map((d) => ({ ...d, case: caseView(d.contact as Contact & { case: CaseRecord }, labels) }));
  }

  @Mutation('registerContact')
  @Roles('operator', 'backoffice')
  async register(@Args('input') input: Record<string, unknown>, @CurrentIdentity() who: Identity) {
    const c = await this.contacts.register(toDomainInput(input), who.sub, {
      mayImport: who.roles.includes('admin'),
    });
    return contactView(c);
  }

  @Mutation('registerContactWithSuggestions')
  @Roles('operator', 'backoffice')
  async registerWithSuggestions(
    @Args('input') input: Record<string, unknown>,
    @CurrentIdentity() who: Identity,
  ) {
    const c = await this.contacts.register(toDomainInput(input), who.sub, {
      mayImport: who.roles.includes('admin'),
    });
    return { contact: contactView(c), duplicates: await this.suggestions(input, c.id) };
  }

  @Mutation('closeContact')
  @Roles('operator', 'backoffice')
  async close(
    @Args('input') input: { id: string; resolvedAtFirstContact: boolean },
    @CurrentIdentity() who: Identity,
  ) {
    const c = await this.contacts.get(input.id);
    // a contact with an open case closes with its case (outcome: answered)
    if (c?.case && OPEN_STATUSES.includes(c.case.status) && c.status === 'open') {
      const closed = await this.cases.close(
        { caseId: c.case.id, outcome: 'answered' },
        who.sub,
        false,
        input.resolvedAtFirstContact,
      );
      return contactView(closed);
    }
    return contactView(await this.contacts.close(input.id, input.resolvedAtFirstContact, who.sub));
  }

  @Mutation('proposeFaq')
  @Roles('operator', 'backoffice')
  async proposeFaq(
    @Args('input') input: { contactId: string; question: string; answer: string },
    @CurrentIdentity() who: Identity,
  ) {
    return this.contacts.proposeFaq(input, who.sub);
  }

  @ResolveField('text')
  text(@Parent() c: View, @Context() ctx: Ctx) {
    return canSeePersonal(ctx.req?.identity) ? (c.text ?? null) : null;
  }

  @ResolveField('place')
  place(@Parent() c: View, @Context() ctx: Ctx) {
    if (!c.place) return null;
    return canSeePersonal(ctx.req?.identity) ? c.place : { area: c.place.area ?? null };
  }

  @ResolveField('case')
  async case(@Parent() c: View) {
    const contact = c.__contact;
    return contact.case
      ? caseView(contact as Contact & { case: CaseRecord }, await this.settings.labels())
      : null;
  }

  @ResolveField('requester')
  async requester(@Parent() c: View) {
    if (!c.requesterId) return null;
    const r = await this.requesters.get(c.requesterId);
    return r && requesterView(r);
  }

  @ResolveReference()
  async resolveReference(ref: { id: string }) {
    const c = await this.contacts.get(ref.id);
    return c && contactView(c);
  }
}
