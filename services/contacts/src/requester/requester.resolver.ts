import { Args, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, type Identity } from '@urp/auth';
import { requesterView, type RequesterView } from '../shared/graphql-view';
import type {
  MutationAnonymiseRequesterArgs,
  MutationCreateRequesterArgs,
  MutationUpdateRequesterArgs,
  QueryFindRequestersArgs,
  QueryRequesterArgs,
  QuerySearchRequestersArgs,
  RequesterAuditArgs,
  RequesterPersonalDataArgs,
  ResolversParentTypes,
} from '../__generated__/graphql';
import { RequesterStore } from './requester.store';
import { RequesterUseCases } from './requester.use-cases';

const iso = (d: Date) => new Date(d).toISOString();
/** What a resolver returns, as the generated resolver types say (entities: the views). */
type Out<K extends keyof ResolversParentTypes> = ResolversParentTypes[K];

/** Personal data only for roles that work with citizens, and only with a stated purpose (audited). */
@Resolver('Requester')
export class RequesterResolver {
  constructor(
    private readonly requesters: RequesterUseCases,
    private readonly store: RequesterStore,
  ) {}

  @Query('requester')
  async requester(
    @CurrentIdentity() who: Identity,
    @Args() args: QueryRequesterArgs,
  ): Promise<Out<'Requester'> | null> {
    const r = await this.requesters.get(who, args.id);
    return r && requesterView(r);
  }

  @Query('findRequesters')
  async find(
    @CurrentIdentity() who: Identity,
    @Args() args: QueryFindRequestersArgs,
  ): Promise<Out<'Requester'>[]> {
    return (await this.requesters.findByFiscalCode(who, args.fiscalCode, args.purpose)).map(requesterView);
  }

  @Query('searchRequesters')
  async search(
    @CurrentIdentity() who: Identity,
    @Args() args: QuerySearchRequestersArgs,
  ): Promise<Out<'Requester'>[]> {
    return (await this.requesters.search(who, args.query, args.purpose, args.first ?? 10)).map(requesterView);
  }

  @Mutation('createRequester')
  async create(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationCreateRequesterArgs,
  ): Promise<Out<'Requester'>> {
    return requesterView(await this.requesters.create(who, args.input));
  }

  @Mutation('updateRequester')
  async update(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationUpdateRequesterArgs,
  ): Promise<Out<'Requester'>> {
    return requesterView(await this.requesters.update(who, args.input));
  }

  @Mutation('anonymiseRequester')
  async anonymise(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationAnonymiseRequesterArgs,
  ): Promise<Out<'Requester'>> {
    return requesterView(await this.requesters.anonymise(who, args.input.id, 'request', args.input.purpose));
  }

  @ResolveField('personalData')
  async personalData(
    @CurrentIdentity() who: Identity,
    @Parent() r: RequesterView,
    @Args() args: RequesterPersonalDataArgs,
  ): Promise<Out<'RequesterPersonalData'> | null> {
    return this.requesters.readPersonal(who, r.__requester, args.purpose);
  }

  @ResolveField('audit')
  async audit(
    @CurrentIdentity() who: Identity,
    @Parent() r: RequesterView,
    @Args() args: RequesterAuditArgs,
  ): Promise<Out<'PersonalDataAuditEntry'>[]> {
    const entries = await this.requesters.auditOf(who, r.__requester, args.first ?? 50);
    return entries.map((e) => ({ ...e, at: iso(e.at) }));
  }

  /** Another subgraph's reference: the pseudonymous record (no personal data, no audit needed). */
  @ResolveReference()
  async resolveReference(ref: { id: string }): Promise<Out<'Requester'> | null> {
    const r = await this.store.get(ref.id);
    return r && requesterView(r);
  }
}
