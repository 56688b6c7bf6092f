import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ProcedureSubmittedV1, type CloudEvent, type EventPayload } from '@urp/contracts';
import { applyEvent } from '@urp/kernel';
import { confirmProcedureStart } from './contact.rules';
import { ContactStore } from './contact.store';

/**
 * Procedures' answer to a procedure start: ProcedureSubmitted naming the contact marks the start `submitted`
 * on the contact (exactly once per event). A start procedures refused never gets it and stays `requested`,
 * which the operator sees on the contact instead of it vanishing in a dead-letter topic.
 */
@Controller()
export class ProcedureHandlers {
  constructor(private readonly contacts: ContactStore) {}

  @EventPattern(ProcedureSubmittedV1.type)
  async onProcedureSubmitted(@Payload() e: CloudEvent<EventPayload<typeof ProcedureSubmittedV1>>) {
    const d = e.data;
    if (!d.contactId) return;
    await applyEvent(this.contacts, d.contactId, e.id, (c) =>
      confirmProcedureStart(c, { procedureId: d.procedureId, at: new Date(d.submittedAt) }),
    );
  }
}
