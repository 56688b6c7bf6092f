import { Injectable } from '@nestjs/common';
import { parseInput, ServiceKernel, type Actor } from '@urp/kernel';
import { z } from 'zod';
import { ContactStore } from '../contact/contact.store';
import { contactsPolicy } from '../contacts.policy';
import { Purpose } from '../requester/requester.rules';
import { PersonalDataAudit, RequesterStore } from '../requester/requester.store';
import { contactIdOfCase } from './case-phases.rules';
import { caseMessageText, type CaseMessageText } from './case-messages.rules';

const Id = z.string().trim().min(1).max(80);
export const CaseMessagesRequest = z.object({
  purpose: Purpose,
  items: z
    .array(z.object({ caseId: Id, messageId: Id }))
    .min(1)
    .max(100),
});
export type CaseMessagesRequest = z.output<typeof CaseMessagesRequest>;

/**
 * The text of a case's public message, handed to the service that delivers it to the citizen (campaigns, on
 * `CitizenNotificationRequested` with a `messageId`): the text never travels on an event. Service identities
 * only; every text handed over is audited on its requester (one entry per request: who, when, why, the field
 * `messageText`). Contacts and requesters are read by `_id` only.
 */
@Injectable()
export class CaseMessageTextUseCases {
  constructor(
    private readonly store: ContactStore,
    private readonly requesters: RequesterStore,
    private readonly audit: PersonalDataAudit,
    private readonly kernel: ServiceKernel,
  ) {}

  async texts(actor: Actor, body: unknown): Promise<Array<Omit<CaseMessageText, 'requesterId'>>> {
    contactsPolicy.authorize('case.messageText', actor);
    const req = parseInput(CaseMessagesRequest, body, '');
    const contactIds = [
      ...new Set(req.items.map((i) => contactIdOfCase(i.caseId)).filter((id): id is string => !!id)),
    ];
    const contacts = await this.store.getMany(contactIds);
    const requesterIds = [...new Set([...contacts.values()].flatMap((c) => c.requesterId ?? []))];
    const requesters = await this.requesters.getMany(requesterIds);
    const found = req.items.map((ask) => {
      const contactId = contactIdOfCase(ask.caseId);
      const c = contactId ? contacts.get(contactId) : undefined;
      const r = c?.requesterId ? requesters.get(c.requesterId) : undefined;
      return caseMessageText(c, ask, !!r?.anonymisedAt);
    });
    const at = this.kernel.clock.now();
    await this.audit.record(
      found.flatMap((m) =>
        m.status === 'ok' && m.requesterId
          ? [
              {
                requesterId: m.requesterId,
                at,
                who: actor.sub,
                action: 'message' as const,
                purpose: req.purpose,
                fields: ['messageText'],
              },
            ]
          : [],
      ),
    );
    return found.map(({ requesterId: _r, ...m }) => m);
  }
}
