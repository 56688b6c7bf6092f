/**
 * What other services tell a case after the fact, and the operator must see (issue 13 and 14): a procedure
 * start procedures refused (`ProcedureStartRefused`), and the delivery of the messages owed to the citizen
 * (`NotificationDelivered` / `NotificationFailed` from campaigns). Each is a history entry in Italian, a field
 * on the case, and an alert of the queue. Pure: the handlers apply them exactly once per event.
 */
import type { CloudEvent } from '@urp/contracts';
import type { Decision, UseCaseContext } from '@urp/kernel';
import type { CaseContact, Contact } from '../contact/contact.rules';
import type { DuePolicyRule } from './case-clock.rules';
import { caseOpened } from './case.events';
import { openCase } from './case.rules';
import type { CaseDelivery, CaseRecord, ProcedureStartRefusal } from './case.model';
import { italianDate } from './case-messages.rules';
import { logged } from './case-phases.rules';

/** The alerts of the operator's queue. */
export const CASE_ALERTS = ['procedure_start_refused', 'delivery_failed'] as const;
export type CaseAlert = (typeof CASE_ALERTS)[number];

export function alertsOf(k: Pick<CaseRecord, 'procedureStartRefusal' | 'deliveryFailed'>): CaseAlert[] {
  return [
    ...(k.procedureStartRefusal ? ['procedure_start_refused' as const] : []),
    ...(k.deliveryFailed ? ['delivery_failed' as const] : []),
  ];
}

/** By whom an entry written on another service's word is signed in the history. */
const PROCEDURES = 'servizio procedimenti';
const DELIVERY = 'servizio comunicazioni';

/**
 * Procedures refused the start: on the contact (its procedure start is `refused`, with the reason) and, when
 * the contact has a case, in its history and as an alert. A start procedures already confirmed stays so.
 */
export function refuseProcedureStart(
  state: Contact | null,
  refusal: ProcedureStartRefusal,
  opening?: { policy: DuePolicyRule; ctx: UseCaseContext },
): Decision<Contact> | null {
  if (!state || state.procedureStart?.status === 'submitted') return null;
  let next: Contact = {
    ...state,
    procedureStart: { ...state.procedureStart, status: 'refused', refusal },
  };
  const events: CloudEvent[] = [];
  // a procedure start opens no case of its own: a refused one becomes a case of the front office, so the
  // operator answers the application (L. 241/1990 art. 2 c.1: an application is concluded with an express
  // act), its term counted from the receipt, as for any case; a closed contact is left as it is
  if (!next.case && next.status === 'open' && opening) {
    const opened = openCase(
      next.id,
      { priority: 'normal', policy: opening.policy },
      { ...opening.ctx, now: new Date(next.registeredAt) },
    );
    next = { ...next, case: opened };
    events.push(caseOpened(opening.ctx, next as CaseContact));
  }
  if (next.case) {
    const type = refusal.procedureTypeCode ? ` (tipo ${refusal.procedureTypeCode})` : '';
    next = {
      ...next,
      case: logged(
        { ...next.case, procedureStartRefusal: refusal },
        {
          at: refusal.at,
          by: PROCEDURES,
          action: 'procedure_start_refused',
          detail: `Avvio del procedimento rifiutato${type}: ${refusal.reason} (codice ${refusal.code}). Verificare la richiesta e ricontattare il cittadino.`,
        },
      ),
    };
  }
  return { state: next, events };
}

const CHANNELS: Record<string, string> = {
  email: 'e-mail',
  pec: 'PEC',
  io: 'App IO',
  sms: 'SMS',
  letter: 'lettera',
  phone: 'telefono',
};
const STATES: Record<CaseDelivery['status'], string> = {
  sent: 'inviata',
  delivered: 'consegnata',
  failed: 'non inviata',
  bounced: 'respinta dal destinatario',
};
/** "via e-mail non inviata il 2 dicembre 2026 (motivo: smtp_550)": a report's channel, state, day and reason. */
const howItWent = (d: CaseDelivery): string => {
  const why = d.code && (d.status === 'failed' || d.status === 'bounced') ? ` (motivo: ${d.code})` : '';
  return `via ${CHANNELS[d.channel] ?? d.channel} ${STATES[d.status]} il ${italianDate(d.at)}${why}`;
};

/** A later state of the same message never goes back to an earlier one (a late `sent` after `delivered`). */
const RANK: Record<CaseDelivery['status'], number> = { sent: 1, delivered: 2, failed: 3, bounced: 3 };

/**
 * The delivery of a message owed to the citizen: its latest state on the case (one per notification id), a
 * history entry in Italian, and the `delivery_failed` alert while the latest state of any message is a failure.
 */
export function recordDelivery(state: Contact | null, d: CaseDelivery): Decision<Contact> | null {
  if (!state?.case) return null;
  const k = state.case;
  const deliveries = k.deliveries ?? [];
  const previous = deliveries.find((x) => x.notificationId === d.notificationId);
  // the same state again (a repeated report) or an earlier one: nothing new
  if (
    previous &&
    (previous.status === d.status || RANK[previous.status] > RANK[d.status] || previous.at > d.at)
  )
    return null;
  const list = [...deliveries.filter((x) => x.notificationId !== d.notificationId), d];
  const failed = list.some((x) => x.status === 'failed' || x.status === 'bounced');
  const base: CaseRecord = { ...k, deliveries: list };
  delete base.deliveryFailed;
  if (failed) base.deliveryFailed = true;
  const next: CaseRecord = logged(base, {
    at: d.at,
    by: DELIVERY,
    action: `notification_${d.status}`,
    detail: `Comunicazione al cittadino «${d.template}» ${howItWent(d)}.`,
  });
  return { state: { ...state, case: next }, events: [] };
}

/** The notices to a case's staff, as the timeline names them. */
const STAFF_NOTICES: Record<string, string> = {
  case_reminder: 'promemoria prima della scadenza',
  case_due: 'pratica giunta a scadenza',
  case_assigned: 'assegnazione della pratica',
};

/**
 * Campaigns' messages that a case's citizen is owed (the others naming a case go to its staff: the reminders before
 * the due date, the assignment notice to the referent or the office).
 */
const CITIZEN_MESSAGES: ReadonlySet<string> = new Set([
  'CitizenNotificationRequested',
  'SurveyLinkDeliveryRequested',
  'ApplicantNotificationRequested',
]);

/**
 * The outcome of a notice to the case's staff (a reminder, an assignment): a timeline entry only. Not the
 * citizen's delivery state, never the `delivery_failed` alert (the citizen was not the one left unreached); a
 * failure stays visible on the case with its reason.
 */
export function recordStaffNotice(state: Contact | null, d: CaseDelivery): Decision<Contact> | null {
  if (!state?.case) return null;
  const what = STAFF_NOTICES[d.template] ?? `«${d.template}»`;
  const next = logged(state.case, {
    at: d.at,
    by: DELIVERY,
    action: `staff_notice_${d.status}`,
    detail: `Comunicazione al personale (${what}) ${howItWent(d)}.`,
  });
  return { state: { ...state, case: next }, events: [] };
}

/** A report of campaigns about a notification naming the case: the citizen's message, or a notice to its staff. */
export const recordNotification = (
  state: Contact | null,
  requestedBy: string,
  d: CaseDelivery,
): Decision<Contact> | null =>
  CITIZEN_MESSAGES.has(requestedBy) ? recordDelivery(state, d) : recordStaffNotice(state, d);
