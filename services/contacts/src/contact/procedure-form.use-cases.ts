import { Injectable } from '@nestjs/common';
import { parseInput, ServiceKernel, type Actor } from '@urp/kernel';
import { contactsPolicy } from '../contacts.policy';
import { Purpose } from '../requester/requester.rules';
import { PersonalDataAudit, RequesterStore } from '../requester/requester.store';
import { procedureFormOf, type ProcedureForm } from './contact.rules';
import { ContactStore } from './contact.store';

/**
 * The application form of a procedure start (personal data: name, fiscal code, addresses as the citizen wrote
 * them) handed to procedures when it starts the procedure: never on an event. Service identities only; each
 * hand-over is audited on the requester (who, when, why, which fields: names of fields, never values).
 */
@Injectable()
export class ProcedureFormUseCases {
  constructor(
    private readonly store: ContactStore,
    private readonly requesters: RequesterStore,
    private readonly audit: PersonalDataAudit,
    private readonly kernel: ServiceKernel,
  ) {}

  async formOf(actor: Actor, contactId: string, purposeIn: string): Promise<ProcedureForm> {
    contactsPolicy.authorize('contact.procedureForm', actor);
    const purpose = parseInput(Purpose, purposeIn, 'purpose');
    const contact = await this.store.get(contactId);
    // the requester is anonymised before their contacts are scrubbed: erased from that moment on
    const requester = contact?.requesterId ? await this.requesters.get(contact.requesterId) : null;
    const form = procedureFormOf(contact?.type === 'procedure_start' ? contact : null, {
      requesterAnonymised: !!requester?.anonymisedAt,
    });
    if (form.status === 'ok' && form.requesterId)
      await this.audit.record([
        {
          requesterId: form.requesterId,
          at: this.kernel.clock.now(),
          who: actor.sub,
          action: 'procedure_form',
          purpose,
          fields: Object.keys(form.formData).map((k) => `formData.${k}`),
        },
      ]);
    return form;
  }
}
