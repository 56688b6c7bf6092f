import { Args, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { Roles } from '@urp/auth';
import { InvitationRepository } from './invitation.repository';
import type { SurveyInvitationDocument } from './invitation.schema';

const toGraphQL = (d: SurveyInvitationDocument | null) =>
  d && {
    id: d._id,
    contactId: d.contactId,
    status: d.status.toUpperCase(),
    channel: d.channel,
    createdAt: d.createdAt.toISOString(),
    expiresAt: d.expiresAt.toISOString(),
  };

@Resolver('SurveyInvitation')
export class SurveyInvitationResolver {
  constructor(private readonly invitations: InvitationRepository) {}

  @Query('surveyInvitation')
  @Roles('operator', 'backoffice', 'manager', 'analyst')
  async invitation(@Args('id') id: string) {
    return toGraphQL(await this.invitations.findById(id));
  }
}

/** The satisfaction subgraph's part of the Contact entity. */
@Resolver('Contact')
export class ContactInvitationResolver {
  constructor(private readonly invitations: InvitationRepository) {}

  @ResolveReference()
  resolveReference(ref: { id: string }) {
    return { id: ref.id };
  }

  @ResolveField('surveyInvitation')
  @Roles('operator', 'backoffice', 'manager', 'analyst')
  async surveyInvitation(@Parent() contact: { id: string }) {
    return toGraphQL(await this.invitations.findByContact(contact.id));
  }
}
