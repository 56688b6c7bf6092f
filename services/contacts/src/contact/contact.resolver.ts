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
import { CLOCK, type Clock } from '@urp/kernel';
import { Inject } from '@nestjs/common';
import { contactsPolicy } from '../contacts.policy';
import { CaseUseCases } from '../case/case.use-cases';
import { RequesterStore } from '../requester/requester.store';
import { SettingsUseCases } from '../settings/settings.use-cases';
import { caseView, contactView, requesterView, type ContactView } from '../shared/graphql-view';
import type {
  DuplicateProbeInput,
  MutationCloseContactArgs,
  MutationProposeFaqArgs,
  MutationRegisterContactArgs,
  MutationRegisterContactWithSuggestionsArgs,
  QueryContactArgs,
  QueryContactsArgs,
  QueryDuplicateSuggestionsArgs,
  ResolversParentTypes,
} from '../__generated__/graphql';
import { hasCase } from './contact.rules';
import { ContactUseCases } from './contact.use-cases';

type Ctx = { req: { identity?: Identity } };
/** What a resolver returns, as the generated resolver types say (entities: the views). */
type Out<K extends keyof ResolversParentTypes> = ResolversParentTypes[K];

@Resolver('Contact')
export class ContactResolver {
  constructor(
    private readonly contacts: ContactUseCases,
    private readonly cases: CaseUseCases,
    private readonly requesters: RequesterStore,
    private readonly settings: SettingsUseCases,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Query('contact')
  async contact(
    @CurrentIdentity() who: Identity,
    @Args() args: QueryContactArgs,
  ): Promise<Out<'Contact'> | null> {
    const c = await this.contacts.get(who, args.id);
    return c && contactView(c);
  }

  @Query('contacts')
  async list(@CurrentIdentity() who: Identity, @Args() args: QueryContactsArgs): Promise<Out<'Contact'>[]> {
    return (await this.contacts.latest(who, args.first ?? 20)).map(contactView);
  }

  @Query('duplicateSuggestions')
  async duplicateSuggestions(
    @CurrentIdentity() who: Identity,
    @Args() args: QueryDuplicateSuggestionsArgs,
  ): Promise<Out<'DuplicateSuggestion'>[]> {
    return this.suggestions(who, args.input);
  }

  private async suggestions(
    who: Identity,
    probe: DuplicateProbeInput,
    excludeId?: string,
  ): Promise<Out<'DuplicateSuggestion'>[]> {
    const labels = await this.settings.labels();
    const found = await this.contacts.duplicateSuggestions(who, probe, excludeId);
    const now = this.clock.now();
    return found.flatMap((d) =>
      hasCase(d.contact)
        ? [
            {
              score: d.score,
              distanceMeters: d.distanceMeters ?? null,
              ageDays: d.ageDays,
              textSimilarity: d.textSimilarity,
              reasons: d.reasons,
              case: caseView(d.contact, labels, now),
            },
          ]
        : [],
    );
  }

  @Mutation('registerContact')
  async register(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationRegisterContactArgs,
  ): Promise<Out<'Contact'>> {
    return contactView(await this.contacts.register(who, args.input));
  }

  @Mutation('registerContactWithSuggestions')
  async registerWithSuggestions(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationRegisterContactWithSuggestionsArgs,
  ): Promise<Out<'RegisterContactPayload'>> {
    const c = await this.contacts.register(who, args.input);
    return { contact: contactView(c), duplicates: await this.suggestions(who, args.input, c.id) };
  }

  @Mutation('closeContact')
  async close(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationCloseContactArgs,
  ): Promise<Out<'Contact'>> {
    return contactView(await this.contacts.close(who, args.input));
  }

  @Mutation('proposeFaq')
  async proposeFaq(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationProposeFaqArgs,
  ): Promise<Out<'FaqProposal'>> {
    return this.contacts.proposeFaq(who, args.input);
  }

  @ResolveField('text')
  text(@Parent() c: ContactView, @Context() ctx: Ctx): string | null {
    const who = ctx.req?.identity;
    return who && contactsPolicy.allows('contact.readText', who, c.__contact) ? (c.text ?? null) : null;
  }

  @ResolveField('place')
  place(@Parent() c: ContactView, @Context() ctx: Ctx): Out<'ContactPlace'> | null {
    if (!c.place) return null;
    const who = ctx.req?.identity;
    const area = c.place.area ?? null;
    // the exact place only for roles that work with citizens; the others see the area code
    return who && contactsPolicy.allows('contact.readPersonal', who, c.__contact)
      ? { area, lat: c.place.lat ?? null, lon: c.place.lon ?? null, address: c.place.address ?? null }
      : { area, lat: null, lon: null, address: null };
  }

  @ResolveField('case')
  async case(@Parent() c: ContactView): Promise<Out<'Case'> | null> {
    const contact = c.__contact;
    return hasCase(contact) ? caseView(contact, await this.settings.labels(), this.clock.now()) : null;
  }

  /** The pseudonymous requester (kind, channel, flags): personal data only through its audited field. */
  @ResolveField('requester')
  async requester(@Parent() c: ContactView): Promise<Out<'Requester'> | null> {
    if (!c.requesterId) return null;
    const r = await this.requesters.get(c.requesterId);
    return r && requesterView(r);
  }

  /** Another subgraph's reference (as before the kernel: the field-level rules above still apply). */
  @ResolveReference()
  async resolveReference(ref: { id: string }): Promise<Out<'Contact'> | null> {
    const c = await this.contacts.find(ref.id);
    return c && contactView(c);
  }
}
