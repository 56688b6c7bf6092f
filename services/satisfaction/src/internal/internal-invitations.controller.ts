import {
  Controller,
  ForbiddenException,
  Get,
  GoneException,
  Header,
  Inject,
  NotFoundException,
  Param,
  Req,
} from '@nestjs/common';
import { IDENTITY_SECRET, internalCaller } from '@urp/auth';
import { isDomainError } from '@urp/kernel';
import type { Request } from 'express';
import { InvitationUseCases } from '../invitation/invitation.use-cases';

/**
 * The survey link for the service that delivers it (campaigns, after `SurveyLinkDeliveryRequested`): the
 * event carries no token nor link, so the deliverer asks here at send time. Only a `service` identity signed
 * with the shared secret is accepted, like contacts' `/internal/requesters/addresses` (user tokens never carry
 * that role, and an administrator is no service). REST, so the statuses are the contract: 401 no or bad
 * identity, 403 not a service, 404 unknown invitation, 410 answered or expired (the notification fails as
 * `survey_closed`), 200 `{ invitationId, url, expiresAt, expiresOn }`.
 */
@Controller('internal/invitations')
export class InternalInvitationsController {
  constructor(
    private readonly invitations: InvitationUseCases,
    @Inject(IDENTITY_SECRET) private readonly secret: string,
  ) {}

  @Get(':invitationId/link')
  // the answer holds a bearer link: no cache anywhere on the way
  @Header('Cache-Control', 'no-store')
  async link(@Param('invitationId') invitationId: string, @Req() req: Request) {
    const who = await internalCaller(req, this.secret, { servicesOnly: true });
    try {
      const r = await this.invitations.deliveryLink(who, invitationId);
      if (r.state === 'open') return r.link;
      if (r.state === 'unknown') throw new NotFoundException(`invitation ${invitationId} does not exist`);
      throw new GoneException({ message: `survey ${r.state}`, code: 'survey_closed', state: r.state });
    } catch (e) {
      if (isDomainError(e, 'FORBIDDEN')) throw new ForbiddenException(e.message);
      throw e;
    }
  }
}
