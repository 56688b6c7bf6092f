import { Args, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, Roles, type Identity } from '@urp/auth';
import { toDomainInput } from '../contact/contact.resolver';
import { invalidInput } from '@urp/platform';
import { Purpose, type Requester } from './requester.rules';
import { RequesterService } from './requester.service';

const iso = (d?: Date) => (d ? new Date(d).toISOString() : null);
export const requesterView = (r: Requester) => ({
  ...r,
  __requester: r,
  createdAt: iso(r.createdAt),
  lastActivityAt: iso(r.lastActivityAt ?? r.createdAt),
  retainUntil: iso(r.retainUntil),
  anonymised: !!r.anonymisedAt,
  anonymisedAt: iso(r.anonymisedAt),
  isStaff: !!r.isStaff,
  // personal data only through `personalData(purpose)` (audited)
  name: undefined,
  fiscalCode: undefined,
  email: undefined,
  pec: undefined,
  phone: undefined,
  postalAddress: undefined,
});
type View = ReturnType<typeof requesterView>;

/** Personal data only for roles that work with citizens, and only with a stated purpose (audited). */
@Resolver('Requester')
export class RequesterResolver {
  constructor(private readonly requesters: RequesterService) {}

  @Query('requester')
  @Roles('operator', 'backoffice', 'referent', 'manager')
  async requester(@Args('id') id: string) {
    const r = await this.requesters.get(id);
    return r && requesterView(r);
  }

  @Query('findRequesters')
  @Roles('operator', 'backoffice')
  async find(
    @Args('fiscalCode') fiscalCode: string,
    @Args('purpose') purpose: string,
    @CurrentIdentity() who: Identity,
  ) {
    return (await this.requesters.findByFiscalCode(fiscalCode, who.sub, purpose)).map(requesterView);
  }

  @Mutation('createRequester')
  @Roles('operator', 'backoffice')
  async create(@Args('input') input: Record<string, unknown>, @CurrentIdentity() who: Identity) {
    return requesterView(await this.requesters.create(toDomainInput(input) as never, who.sub));
  }

  @Mutation('updateRequester')
  @Roles('operator', 'backoffice')
  async update(@Args('input') input: Record<string, unknown>, @CurrentIdentity() who: Identity) {
    // explicit nulls clear a field here; absent fields stay
    return requesterView(await this.requesters.update(input as never, who.sub));
  }

  @Mutation('anonymiseRequester')
  @Roles('backoffice', 'admin')
  async anonymise(@Args('input') input: { id: string; purpose: string }, @CurrentIdentity() who: Identity) {
    const purpose = Purpose.safeParse(input.purpose);
    if (!purpose.success) throw invalidInput(purpose.error, 'cannot anonymise the requester');
    return requesterView(await this.requesters.anonymise(input.id, 'request', who.sub, purpose.data));
  }

  @ResolveField('personalData')
  @Roles('operator', 'backoffice')
  async personalData(@Parent() r: View, @Args('purpose') purpose: string, @CurrentIdentity() who: Identity) {
    return this.requesters.readPersonal(r.__requester, who.sub, purpose);
  }

  @ResolveField('audit')
  @Roles('admin')
  async audit(@Parent() r: View, @Args('first') first: number) {
    const entries = await this.requesters.auditOf(r.id, first ?? 50);
    return entries.map((e) => ({ ...e, at: iso(e.at) }));
  }

  @ResolveReference()
  async resolveReference(ref: { id: string }) {
    const r = await this.requesters.get(ref.id);
    return r && requesterView(r);
  }
}
