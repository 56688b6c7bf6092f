/**
 * What every case decision shares: the contact must hold a case, and the new state is the case with its next
 * timer recomputed, the contact's fields, the events, and the citizen's notification when the status change
 * is one she should know about. Pure.
 */
import type { CloudEvent } from '@urp/contracts';
import { DomainError, type Decision, type UseCaseContext } from '@urp/kernel';
import type { CaseContact, Contact } from '../contact/contact.rules';
import { citizenNotification, type Recipient } from './case.events';
import type { CaseRecord } from './case.model';
import { nextTimerAt } from './case-clock.rules';
import { CITIZEN_RELEVANT, type CaseStatus } from './case-phases.rules';

export type CaseDecision = Decision<Contact>;

/** Facts every case command may carry: who to tell about a status change (absent: nobody). */
export interface Notifiable {
  recipient?: Recipient;
}

export function mustHaveCase(c: Contact | null): CaseContact {
  if (!c?.case) throw DomainError.notFound('la pratica');
  return c as CaseContact;
}

/**
 * The new state of a case decision: the case (with its next timer recomputed), top-level contact fields,
 * the events, and the citizen's notification when the status change is one she should know about.
 */
export function decided(
  ctx: UseCaseContext,
  c: CaseContact,
  rec: CaseRecord,
  events: (next: CaseContact) => CloudEvent[],
  opts: {
    set?: Partial<Contact>;
    /** The status change to tell, or `message`: a public message that changes no status. */
    notify?: CaseStatus | 'message';
    recipient?: Recipient;
    /** The case's public message the notification delivers. */
    messageId?: string;
  } = {},
): CaseDecision {
  const timer = nextTimerAt(rec);
  const kase: CaseRecord = { ...rec, nextTimerAt: timer };
  const next: CaseContact = { ...c, ...opts.set, case: kase };
  const out = events(next);
  const relevant = opts.notify === 'message' || (!!opts.notify && CITIZEN_RELEVANT.includes(opts.notify));
  if (opts.notify && opts.recipient && relevant && !c.requesterIsStaff)
    out.push(citizenNotification(ctx, next, opts.recipient, opts.notify, opts.messageId));
  return { state: next, events: out };
}
