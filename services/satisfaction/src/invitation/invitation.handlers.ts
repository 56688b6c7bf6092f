import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  CaseClosedV1,
  ContactClosedV1,
  ProcedureDecidedV1,
  type CloudEvent,
  type EventPayload,
} from '@urp/contracts';
import type { UrpEventContext } from '@urp/messaging';
import type { SurveyDueFacts } from './invitation.rules';
import { InvitationUseCases } from './invitation.use-cases';

/**
 * The services that end for a citizen make a survey due: a contact closed at the first contact (a desk
 * visit, a call), a case closed, a procedure decided. Idempotent: one invitation per rated subject.
 */
@Controller()
export class SurveyDueHandler {
  constructor(private readonly invitations: InvitationUseCases) {}

  private issue(facts: SurveyDueFacts, event: CloudEvent): Promise<void> {
    return this.invitations.issueOnEvent(facts, event);
  }

  @EventPattern(ContactClosedV1.type)
  onContactClosed(
    @Payload() e: CloudEvent<EventPayload<typeof ContactClosedV1>>,
    @Ctx() _ctx: UrpEventContext,
  ) {
    const d = e.data;
    return this.issue(
      {
        trigger: 'contact_closed',
        subjectId: d.contactId,
        sourceEventId: e.id,
        endedAt: d.closedAt,
        requesterId: d.requesterId,
        requesterIsStaff: d.requesterIsStaff,
        resolvedAtFirstContact: d.resolvedAtFirstContact,
        channel: d.channel,
        officeId: d.officeId,
        serviceCode: d.category?.level1 ?? d.contactType,
        contactId: d.contactId,
      },
      e,
    );
  }

  @EventPattern(CaseClosedV1.type)
  onCaseClosed(@Payload() e: CloudEvent<EventPayload<typeof CaseClosedV1>>, @Ctx() _ctx: UrpEventContext) {
    const d = e.data;
    return this.issue(
      {
        trigger: 'case_closed',
        subjectId: d.caseId,
        sourceEventId: e.id,
        endedAt: d.closedAt,
        requesterId: d.requesterId,
        requesterIsStaff: d.requesterIsStaff,
        channel: d.channel,
        officeId: d.officeId,
        serviceCode: d.category?.level1 ?? d.contactType,
        contactId: d.contactId,
        caseId: d.caseId,
      },
      e,
    );
  }

  @EventPattern(ProcedureDecidedV1.type)
  onProcedureDecided(
    @Payload() e: CloudEvent<EventPayload<typeof ProcedureDecidedV1>>,
    @Ctx() _ctx: UrpEventContext,
  ) {
    const d = e.data;
    return this.issue(
      {
        trigger: 'procedure_decided',
        subjectId: d.procedureId,
        sourceEventId: e.id,
        endedAt: d.decidedAt,
        requesterId: d.requesterId,
        requesterIsStaff: d.requesterIsStaff,
        officeId: d.officeId,
        serviceCode: d.procedureTypeCode,
        procedureId: d.procedureId,
        contactId: d.contactId,
      },
      e,
    );
  }
}
