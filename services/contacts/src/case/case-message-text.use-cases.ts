import { Injectable } from '@nestjs/common';
import { parseInput, ServiceKernel, type Actor } from '@urp/kernel';
import { z } from 'zod';
import { ContactStore } from '../contact/contact.store';
import { contactsPolicy } from '../contacts.policy';
import { Purpose } from '../requester/requester.rules';
import { PersonalDataAudit, RequesterStore } from '../requester/requester.store';
import { contactIdOfCase } from './case-phases.rules';
import type { Contact } from '../contact/contact.rules';
import {
  isReceiptMessageId,
  receiptCodeMatches,
  receiptMessageId,
  receiptText,
} from '../status/receipt-code.rules';
import { ReceiptCodes } from '../status/receipts';
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
 * The text of a case's public message, or of the receipt of a contact registered away from the desk, handed to the service that delivers it to the citizen (campaigns, on
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
    private readonly receipts: ReceiptCodes,
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
      const anonymised = !!r?.anonymisedAt;
      return isReceiptMessageId(ask.messageId)
        ? { ...this.receipt(c, ask, anonymised), field: 'receiptCode' }
        : { ...caseMessageText(c, ask, anonymised), field: 'messageText' };
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
                fields: [m.field],
              },
            ]
          : [],
      ),
    );
    return found.map(({ requesterId: _r, field: _f, ...m }) => m);
  }

  /**
   * The receipt of a contact registered away from the desk (its `messageId` is `receipt_<contactId>`): the protocol
   * number, the code derived again from the contact id, the status page. Only when the derived code is the one whose
   * hash the contact keeps (a desk receipt's random code, or a key changed since, cannot be given: `unknown`).
   */
  private receipt(
    c: Contact | undefined,
    ask: { caseId: string; messageId: string },
    anonymised: boolean,
  ): CaseMessageText {
    if (!c?.case || c.case.id !== ask.caseId || ask.messageId !== receiptMessageId(c.id) || !c.protocolNumber)
      return { ...ask, status: 'unknown' };
    const code = this.receipts.derive(c.id);
    if (!receiptCodeMatches(code, c.receiptHash)) return { ...ask, status: 'unknown' };
    const requester = c.requesterId ? { requesterId: c.requesterId } : {};
    if (anonymised) return { ...ask, status: 'erased', ...requester };
    const text = receiptText(c.protocolNumber, code, this.receipts.statusPageUrl);
    return { ...ask, status: 'ok', text, ...requester };
  }
}
