import { Args, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { Roles } from '@urp/auth';
import { RequesterId } from '@urp/contracts';
import { invalidInput } from '@urp/platform';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { InvitationRepository } from './invitation.repository';
import { invitationIdFor } from './invitation.rules';
import { InvitationService } from './invitation.service';
import { invitationView, ratingView } from './invitation.view';

const READERS = ['operator', 'backoffice', 'referent', 'manager', 'analyst'] as const;

const OnlineServiceInput = z.object({
  sessionId: z.string().min(1).max(128),
  serviceCode: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'lowercase snake_case code'),
  requesterId: RequesterId.optional(),
  officeId: z.string().min(1).max(64).optional(),
  requesterIsStaff: z.boolean().optional(),
});

const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

@Resolver('SurveyInvitation')
export class SurveyInvitationResolver {
  constructor(
    private readonly invitations: InvitationRepository,
    private readonly service: InvitationService,
  ) {}

  @Query('surveyInvitation')
  @Roles(...READERS)
  async invitation(@Args('id') id: string) {
    return invitationView(await this.invitations.findById(id));
  }

  @Query('surveyInvitations')
  @Roles('backoffice', 'manager', 'analyst')
  async list(
    @Args('status') status?: string,
    @Args('trigger') trigger?: string,
    @Args('first') first?: number,
  ) {
    const docs = await this.invitations.list(
      defined({ status, trigger }) as never,
      Math.min(Math.max(first ?? 50, 1), 500),
    );
    return docs.map(invitationView);
  }

  /** The portal or app calls this when a citizen completes an online service (AgID: rate it at the end). */
  @Mutation('completeOnlineService')
  @Roles('service', 'operator', 'backoffice')
  async completeOnlineService(@Args('input') raw: Record<string, unknown>) {
    const parsed = OnlineServiceInput.safeParse(defined(raw));
    if (!parsed.success) throw invalidInput(parsed.error);
    const input = parsed.data;
    const now = new Date();
    const r = await this.service.issue(
      {
        trigger: 'online_service',
        subjectId: input.sessionId,
        sourceEventId: `online-service:${input.sessionId}`,
        endedAt: now.toISOString(),
        requesterId: input.requesterId,
        requesterIsStaff: input.requesterIsStaff,
        channel: 'web_form',
        officeId: input.officeId,
        serviceCode: input.serviceCode,
      },
      { source: '/urp/satisfaction', correlationId: uuidv7() },
      now,
    );
    if (!r.issued) return { issued: false, reason: r.reason, link: null };
    const inv = await this.invitations.findById(r.invitationId);
    return {
      issued: true,
      reason: null,
      link: {
        invitationId: r.invitationId,
        url: this.service.linkFor(r.token!),
        expiresAt: inv!.expiresAt.toISOString(),
      },
    };
  }

  @Mutation('surveyLink')
  @Roles('operator', 'backoffice')
  async surveyLink(@Args('invitationId') invitationId: string) {
    const url = await this.service.linkOf(invitationId);
    if (!url) return null;
    const inv = await this.invitations.findById(invitationId);
    return { invitationId, url, expiresAt: inv!.expiresAt.toISOString() };
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
  @Roles(...READERS)
  async surveyInvitation(@Parent() contact: { id: string }) {
    const own = await this.invitations.findById(invitationIdFor('contact_closed', contact.id));
    return invitationView(own ?? (await this.invitations.findByContact(contact.id)));
  }
}

/** The satisfaction subgraph's part of the Case entity: a case shows its rating. */
@Resolver('Case')
export class CaseSatisfactionResolver {
  constructor(private readonly invitations: InvitationRepository) {}

  @ResolveReference()
  resolveReference(ref: { id: string }) {
    return { id: ref.id };
  }

  @ResolveField('surveyInvitation')
  @Roles(...READERS)
  async surveyInvitation(@Parent() c: { id: string }) {
    return invitationView(await this.invitations.findById(invitationIdFor('case_closed', c.id)));
  }

  @ResolveField('rating')
  @Roles(...READERS)
  async rating(@Parent() c: { id: string }) {
    return ratingView(await this.invitations.findById(invitationIdFor('case_closed', c.id)));
  }
}

/** The satisfaction subgraph's part of the Procedure entity. */
@Resolver('Procedure')
export class ProcedureSatisfactionResolver {
  constructor(private readonly invitations: InvitationRepository) {}

  @ResolveReference()
  resolveReference(ref: { id: string }) {
    return { id: ref.id };
  }

  @ResolveField('surveyInvitation')
  @Roles(...READERS)
  async surveyInvitation(@Parent() p: { id: string }) {
    return invitationView(await this.invitations.findById(invitationIdFor('procedure_decided', p.id)));
  }

  @ResolveField('rating')
  @Roles(...READERS)
  async rating(@Parent() p: { id: string }) {
    return ratingView(await this.invitations.findById(invitationIdFor('procedure_decided', p.id)));
  }
}
