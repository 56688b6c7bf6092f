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
import type {
  MutationSaveOfficeArgs,
  MutationSaveReferentArgs,
  QueryOfficeArgs,
  QueryReferentArgs,
  QueryReferentsArgs,
  ResolversParentTypes,
} from '../__generated__/graphql';
import { requestLoader } from '../request-loaders';
import type { Office, Referent } from './organisation.rules';
import { OrganisationUseCases } from './organisation.use-cases';

/** What a resolver returns for a GraphQL type (the entities' views: codegen.config.ts mappers). */
type Out<K extends keyof ResolversParentTypes> = ResolversParentTypes[K];

const STAFF = ['operator', 'backoffice', 'referent', 'manager', 'analyst'] as const;

@Resolver('Office')
export class OfficeResolver {
  constructor(private readonly organisation: OrganisationUseCases) {}

  @Query('offices')
  @Public()
  offices(@CurrentIdentity() who: Identity): Promise<Out<'Office'>[]> {
    return this.organisation.listOffices(who, true);
  }

  @Query('office')
  @Public()
  office(@CurrentIdentity() who: Identity, @Args() args: QueryOfficeArgs): Promise<Out<'Office'> | null> {
    return this.organisation.office(who, args.id, args.code);
  }

  @Mutation('saveOffice')
  @Roles('backoffice')
  saveOffice(@CurrentIdentity() who: Identity, @Args() args: MutationSaveOfficeArgs): Promise<Out<'Office'>> {
    return this.organisation.saveOffice(who, args.input);
  }

  @ResolveField('head')
  @Public()
  head(@Parent() o: Office): Promise<Out<'Referent'> | null> | null {
    return o.headReferentId ? this.organisation.findReferent(o.headReferentId) : null;
  }

  @ResolveField('referents')
  @Roles(...STAFF)
  referents(@CurrentIdentity() who: Identity, @Parent() o: Office): Promise<Out<'Referent'>[]> {
    return this.organisation.listReferents(who, o.id);
  }

  @ResolveReference()
  resolveReference(ref: { id: string }): Promise<Out<'Office'> | null> {
    return this.organisation.findOffice(ref.id);
  }
}

@Resolver('Referent')
export class ReferentResolver {
  constructor(private readonly organisation: OrganisationUseCases) {}

  @Query('referents')
  @Roles(...STAFF)
  referents(@CurrentIdentity() who: Identity, @Args() args: QueryReferentsArgs): Promise<Out<'Referent'>[]> {
    return this.organisation.listReferents(who, args.officeId);
  }

  @Query('referent')
  @Roles(...STAFF)
  referent(
    @CurrentIdentity() who: Identity,
    @Args() args: QueryReferentArgs,
  ): Promise<Out<'Referent'> | null> {
    return this.organisation.referent(who, args.id);
  }

  @Mutation('saveReferent')
  @Roles('backoffice')
  saveReferent(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationSaveReferentArgs,
  ): Promise<Out<'Referent'>> {
    return this.organisation.saveReferent(who, args.input);
  }

  @ResolveField('office')
  office(@Parent() r: Referent): Promise<Out<'Office'> | null> {
    return this.organisation.findOffice(r.officeId);
  }

  @ResolveReference()
  resolveReference(ref: { id: string }): Promise<Out<'Referent'> | null> {
    return this.organisation.findReferent(ref.id);
  }
}

/** The organisation's fields on a sheet: its offices (public) and its owner referent (staff). */
@Resolver('SheetContent')
export class SheetOfficesResolver {
  constructor(private readonly organisation: OrganisationUseCases) {}

  @ResolveField('offices')
  @Public()
  async offices(
    @Parent() c: { officeIds: readonly string[] },
    @Context() ctx: object,
  ): Promise<Out<'Office'>[]> {
    // the same office on many hits of a search is read once per request
    const loader = requestLoader<Office>(ctx, 'office', (ids) => this.organisation.findOffices(ids));
    const offices = await loader.loadMany(c.officeIds);
    return offices.filter((o): o is Office => !!o && !(o instanceof Error));
  }
}

@Resolver('ServiceSheet')
export class SheetOwnerResolver {
  constructor(private readonly organisation: OrganisationUseCases) {}

  @ResolveField('owner')
  @Roles(...STAFF)
  owner(
    @Parent() s: { content: { ownerReferentId?: string } },
    @Context() ctx: object,
  ): Promise<Out<'Referent'> | null> | null {
    const id = s.content.ownerReferentId;
    if (!id) return null;
    return requestLoader<Referent>(ctx, 'referent', (ids) => this.organisation.findReferents(ids)).load(id);
  }
}
