import { Args, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, type Identity } from '@urp/auth';
import type {
  MutationCompleteOnlineServiceArgs,
  MutationSurveyLinkArgs,
  OnlineServiceSurveyResult,
  QuerySurveyInvitationArgs,
  QuerySurveyInvitationsArgs,
  SurveyInvitation,
  SurveyLink,
} from '../__generated__/graphql';
import { invitationIdFor } from './invitation.rules';
import { InvitationUseCases } from './invitation.use-cases';
import { invitationView } from './invitation.view';

/** A federation reference: the entity's key only. */
interface Ref {
  id: string;
}

@Resolver('SurveyInvitation')
export class SurveyInvitationResolver {
  constructor(private readonly invitations: InvitationUseCases) {}

  @Query('surveyInvitation')
  async invitation(
    @CurrentIdentity() who: Identity,
    @Args() args: QuerySurveyInvitationArgs,
  ): Promise<SurveyInvitation | null> {
    return invitationView(await this.invitations.one(who, args.id));
  }

  @Query('surveyInvitations')
  async list(
    @CurrentIdentity() who: Identity,
    @Args() args: QuerySurveyInvitationsArgs,
  ): Promise<(SurveyInvitation | null)[]> {
    return (await this.invitations.list(who, args)).map(invitationView);
  }

  /** The portal or app calls this when a citizen completes an online service (AgID: rate it at the end). */
  @Mutation('completeOnlineService')
  completeOnlineService(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationCompleteOnlineServiceArgs,
  ): Promise<OnlineServiceSurveyResult> {
    return this.invitations.completeOnlineService(who, args.input);
  }

  @Mutation('surveyLink')
  surveyLink(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationSurveyLinkArgs,
  ): Promise<SurveyLink | null> {
    return this.invitations.link(who, args.invitationId);
  }
}

/** The satisfaction subgraph's part of the Contact entity. */
@Resolver('Contact')
export class ContactInvitationResolver {
  constructor(private readonly invitations: InvitationUseCases) {}

  @ResolveReference()
  resolveReference(ref: Ref): Ref {
    return { id: ref.id };
  }

  @ResolveField('surveyInvitation')
  async surveyInvitation(
    @CurrentIdentity() who: Identity,
    @Parent() contact: Ref,
  ): Promise<SurveyInvitation | null> {
    return invitationView(await this.invitations.ofContact(who, contact.id));
  }
}

/** The satisfaction subgraph's part of the Case entity: the invitation's status, never the rating. */
@Resolver('Case')
export class CaseSatisfactionResolver {
  constructor(private readonly invitations: InvitationUseCases) {}

  @ResolveReference()
  resolveReference(ref: Ref): Ref {
    return { id: ref.id };
  }

  @ResolveField('surveyInvitation')
  async surveyInvitation(
    @CurrentIdentity() who: Identity,
    @Parent() c: Ref,
  ): Promise<SurveyInvitation | null> {
    return invitationView(await this.invitations.one(who, invitationIdFor('case_closed', c.id)));
  }
}

/** The satisfaction subgraph's part of the Procedure entity. */
@Resolver('Procedure')
export class ProcedureSatisfactionResolver {
  constructor(private readonly invitations: InvitationUseCases) {}

  @ResolveReference()
  resolveReference(ref: Ref): Ref {
    return { id: ref.id };
  }

  @ResolveField('surveyInvitation')
  async surveyInvitation(
    @CurrentIdentity() who: Identity,
    @Parent() p: Ref,
  ): Promise<SurveyInvitation | null> {
    return invitationView(await this.invitations.one(who, invitationIdFor('procedure_decided', p.id)));
  }
}
