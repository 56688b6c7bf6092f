import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  NotificationDeliveredV1,
  NotificationFailedV1,
  ProcedureStartRefusedV1,
  ProcedureSubmittedV1,
  type CloudEvent,
  type EventPayload,
} from '@urp/contracts';
import { applyEvent, ServiceKernel, type Actor } from '@urp/kernel';
import { recordNotification, refuseProcedureStart } from '../case/case-alerts.rules';
import { policyFor } from '../case/case-clock.rules';
import { SettingsUseCases } from '../settings/settings.use-cases';
import { contactIdOfCase } from '../case/case-phases.rules';
import { confirmProcedureStart } from './contact.rules';
import { ContactStore } from './contact.store';

/** Who opens the case of a refused procedure start (its history says so). */
const PROCEDURES_ACTOR: Actor = { sub: 'servizio procedimenti', roles: ['operator'] };

/** The contact of a case id, or the id itself when it names a contact (a procedure start opens no case). */
const contactOf = (id: string): string => contactIdOfCase(id) ?? id;

/**
 * Other services' answers about a contact or its case, each applied exactly once per event:
 * - procedures' ProcedureSubmitted naming the contact marks the start `submitted`;
 * - procedures' ProcedureStartRefused marks it `refused` with the reason, and puts the refusal on the case
 *   (history, field, queue alert), never only in a dead-letter topic (issue 13, agreement 1);
 * - campaigns' NotificationDelivered / NotificationFailed with a `caseId` put the delivery state of the
 *   message owed to the citizen on the case (timeline, field, queue alert when it failed; agreement 4); those of a
 *   notice to the case's staff (a reminder, an assignment) a timeline entry only.
 */
@Controller()
export class ProcedureHandlers {
  constructor(
    private readonly contacts: ContactStore,
    private readonly settings: SettingsUseCases,
    private readonly kernel: ServiceKernel,
  ) {}

  @EventPattern(ProcedureSubmittedV1.type)
  async onProcedureSubmitted(@Payload() e: CloudEvent<EventPayload<typeof ProcedureSubmittedV1>>) {
    const d = e.data;
    if (!d.contactId) return;
    await applyEvent(this.contacts, d.contactId, e.id, (c) =>
      confirmProcedureStart(c, { procedureId: d.procedureId, at: new Date(d.submittedAt) }),
    );
  }

  @EventPattern(ProcedureStartRefusedV1.type)
  async onProcedureStartRefused(@Payload() e: CloudEvent<EventPayload<typeof ProcedureStartRefusedV1>>) {
    const d = e.data;
    const ctx = this.kernel.reaction(e, PROCEDURES_ACTOR);
    const rules = await this.settings.policy();
    await applyEvent(this.contacts, d.contactId ?? contactOf(d.caseId), e.id, (c) =>
      refuseProcedureStart(
        c,
        {
          code: d.code,
          reason: d.reason,
          ...(d.procedureTypeCode ? { procedureTypeCode: d.procedureTypeCode } : {}),
          at: new Date(d.refusedAt),
        },
        c ? { policy: policyFor(rules, c.type, c.category), ctx } : undefined,
      ),
    );
  }

  @EventPattern(NotificationDeliveredV1.type)
  async onNotificationDelivered(@Payload() e: CloudEvent<EventPayload<typeof NotificationDeliveredV1>>) {
    const d = e.data;
    if (!d.caseId) return;
    await applyEvent(this.contacts, contactOf(d.caseId), e.id, (c) =>
      recordNotification(c, d.requestedBy, {
        notificationId: d.notificationId,
        channel: d.channel,
        template: d.template,
        status: d.status,
        attempts: d.attempts,
        at: new Date(d.at),
      }),
    );
  }

  @EventPattern(NotificationFailedV1.type)
  async onNotificationFailed(@Payload() e: CloudEvent<EventPayload<typeof NotificationFailedV1>>) {
    const d = e.data;
    if (!d.caseId) return;
    await applyEvent(this.contacts, contactOf(d.caseId), e.id, (c) =>
      recordNotification(c, d.requestedBy, {
        notificationId: d.notificationId,
        channel: d.channel,
        template: d.template,
        status: d.outcome,
        code: d.code,
        attempts: d.attempts,
        at: new Date(d.failedAt),
      }),
    );
  }
}
