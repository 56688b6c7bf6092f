/**
 * Registering a contact: one decision that builds the contact, its case if it needs one, and every event of
 * the moment (ContactRegistered, ContactClosed, CaseOpened, CaseRouted, CitizenNotificationRequested,
 * ProcedureRequested), written in ONE document write. Away from the desk, CitizenNotificationRequested is the
 * citizen's receipt (its `messageId` names it). Pure: the protocol number, the office, the requester's
 * facts and the due-date policy were looked up by the use case.
 */
import type { CloudEvent } from '@urp/contracts';
import { DomainError, type Decision, type UseCaseContext } from '@urp/kernel';
import { caseOpened, caseRouted, citizenNotification, type Recipient } from '../case/case.events';
import type { DuePolicyRule } from '../case/case-clock.rules';
import { openCase } from '../case/case.rules';
import { receiptMessageId } from '../status/receipt-code.rules';
import { contactClosed, contactRegistered, procedureRequested } from './contact.events';
import {
  closeContact,
  needsCase,
  newContact,
  type CaseContact,
  type Contact,
  type RegisterContactData,
} from './contact.rules';

export interface RegisterContact {
  id: string;
  data: RegisterContactData;
  /** The office resolved from the directory (by id or code). */
  officeId?: string;
  protocolNumber?: string;
  requester?: { isStaff: boolean; anonymised: boolean; recipient?: Recipient };
  policy: DuePolicyRule;
  /** The hash of the receipt's secret (public status page), for a registration that opens a case. */
  receiptHash?: string;
}

export function registerContact(
  state: Contact | null,
  cmd: RegisterContact,
  ctx: UseCaseContext,
): Decision<Contact> {
  if (state) throw DomainError.conflict(`Il contatto ${cmd.id} esiste già`);
  const { data } = cmd;
  if (data.requesterId && cmd.requester?.anonymised)
    throw DomainError.invalid('input.requesterId', 'questo richiedente è stato anonimizzato');
  let contact: Contact = {
    ...newContact({ ...data, officeId: cmd.officeId }, ctx.actor.sub, cmd.id, ctx.now),
    ...(cmd.requester?.isStaff ? { requesterIsStaff: true } : {}),
    ...(cmd.protocolNumber ? { protocolNumber: cmd.protocolNumber } : {}),
    ...(data.type === 'procedure_start' ? { procedureStart: { status: 'requested' as const } } : {}),
    // the form stays here, in this same write; the event only says there is one
    ...(data.type === 'procedure_start' && data.formData ? { formData: data.formData } : {}),
    ...(cmd.receiptHash && cmd.protocolNumber && needsCase(data) ? { receiptHash: cmd.receiptHash } : {}),
  };
  if (needsCase(data))
    contact = {
      ...contact,
      case: openCase(
        contact.id,
        { priority: data.priority, officeId: cmd.officeId, referentId: data.referentId, policy: cmd.policy },
        ctx,
      ),
    };
  if (data.resolvedAtFirstContact) contact = { ...contact, ...closeContact(contact, true, ctx.now) };

  const events: CloudEvent[] = [contactRegistered(ctx, contact, data.resolvedAtFirstContact)];
  if (contact.status === 'closed') events.push(contactClosed(ctx, contact));
  if (contact.case) {
    const c = contact as CaseContact;
    events.push(caseOpened(ctx, c));
    if (c.case.officeId) events.push(caseRouted(ctx, c));
    const recipient = cmd.requester?.recipient;
    // away from the desk the message that tells the citizen the case is registered is their receipt: it names
    // the receipt, whose text (protocol number, code, status page) the sender fetches from contacts
    const receipt = c.receiptHash && c.channel !== 'desk' ? receiptMessageId(c.id) : undefined;
    if (recipient && !cmd.requester?.isStaff && !data.registeredAt)
      events.push(citizenNotification(ctx, c, recipient, 'received', receipt));
  }
  if (data.type === 'procedure_start') events.push(procedureRequested(ctx, contact, data));
  return { state: contact, events };
}
