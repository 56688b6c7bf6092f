import { Args, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { Public, Roles } from '@urp/auth';
import type { Office, Referent } from './organisation.rules';
import { OrganisationService } from './organisation.service';

const STAFF = ['operator', 'backoffice', 'referent', 'manager', 'analyst'] as const;

export const officeToGraphQL = (o: Office) => ({ ...o, id: o._id });
export const referentToGraphQL = (r: Referent) => ({ ...r, id: r._id });

@Resolver('Office')
export class OfficeResolver {
  constructor(private readonly organisation: OrganisationService) {}

  @Query('offices')
  @Public()
  async offices() {
    return (await this.organisation.listOffices(true)).map(officeToGraphQL);
  }

  @Query('office')
  @Public()
  async office(@Args('id') id?: string, @Args('code') code?: string) {
    const o = await this.organisation.office(id, code);
    return o && officeToGraphQL(o);
  }

  @Mutation('saveOffice')
  @Roles('backoffice')
  async saveOffice(@Args('input') input: unknown) {
    return officeToGraphQL(await this.organisation.saveOffice(input));
  }

  @ResolveField('head')
  @Public()
  async head(@Parent() o: Office) {
    const r = o.headReferentId ? await this.organisation.referent(o.headReferentId) : null;
    return r && referentToGraphQL(r);
  }

  @ResolveField('referents')
  @Roles(...STAFF)
  async referents(@Parent() o: Office) {
    return (await this.organisation.listReferents(o._id)).map(referentToGraphQL);
  }

  @ResolveReference()
  async resolveReference(ref: { id: string }) {
    const o = await this.organisation.office(ref.id);
    return o && officeToGraphQL(o);
  }
}

@Resolver('Referent')
export class ReferentResolver {
  constructor(private readonly organisation: OrganisationService) {}

  @Query('referents')
  @Roles(...STAFF)
  async referents(@Args('officeId') officeId?: string) {
    return (await this.organisation.listReferents(officeId)).map(referentToGraphQL);
  }

  @Query('referent')
  @Roles(...STAFF)
  async referent(@Args('id') id: string) {
    const r = await this.organisation.referent(id);
    return r && referentToGraphQL(r);
  }

  @Mutation('saveReferent')
  @Roles('backoffice')
  async saveReferent(@Args('input') input: unknown) {
    return referentToGraphQL(await this.organisation.saveReferent(input));
  }

  @ResolveField('office')
  async office(@Parent() r: Referent) {
    const o = await this.organisation.office(r.officeId);
    return o && officeToGraphQL(o);
  }

  @ResolveReference()
  async resolveReference(ref: { id: string }) {
    const r = await this.organisation.referent(ref.id);
    return r && referentToGraphQL(r);
  }
}
