import { Args, Mutation, Query, ResolveReference, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, Roles, type Identity } from '@urp/auth';
import type { Contact, RegisterContactInput } from './contact.rules';
import { ContactService } from './contact.service';

const toGraphQL = (c: Contact) => ({
  ...c,
  status: c.status.toUpperCase(),
  registeredAt: c.registeredAt.toISOString(),
  closedAt: c.closedAt?.toISOString() ?? null,
});

@Resolver('Contact')
export class ContactResolver {
  constructor(private readonly contacts: ContactService) {}

  @Query('contact')
  @Roles('operator', 'backoffice', 'manager')
  async contact(@Args('id') id: string) {
    const c = await this.contacts.get(id);
    return c && toGraphQL(c);
  }

  @Query('contacts')
  @Roles('operator', 'backoffice', 'manager')
  async list(@Args('first') first: number) {
    return (await this.contacts.latest(first ?? 20)).map(toGraphQL);
  }

  @Mutation('registerContact')
  @Roles('operator')
  async register(@Args('input') input: RegisterContactInput, @CurrentIdentity() who: Identity) {
    return toGraphQL(await this.contacts.register(input, who.sub));
  }

  @Mutation('closeContact')
  @Roles('operator', 'backoffice')
  async close(
    @Args('input') input: { id: string; resolvedAtFirstContact: boolean },
    @CurrentIdentity() who: Identity,
  ) {
    return toGraphQL(await this.contacts.close(input.id, input.resolvedAtFirstContact, who.sub));
  }

  @ResolveReference()
  async resolveReference(ref: { id: string }) {
    const c = await this.contacts.get(ref.id);
    return c && toGraphQL(c);
  }
}
