import { endsByLawOn, type CivilDate } from '@urp/legal-clock';
import {
  DECISION_OUTCOME_TEXT,
  decisionNoticeDocument,
  documentRequestNoticeDocument,
  notificationIdOf,
  rejectionNoticeDocument,
  resumptionNoticeDocument,
  startNoticeDocument,
  type NoticeResult,
  type ProcedureDocument,
} from '../document/notice.document';
import * as events from './procedure.events';
import { noted, type Change, type ClockContext } from './procedure.state';

/**
 * The applicant's notices, issued in the same decision (and the same write) as the act they announce: the start
 * notice when the procedure starts (art. 8), the preavviso di rigetto when it is sent (art. 10-bis), the request for
 * documents when the term is suspended for them (art. 2 c.7) and the term's resumption after it, the decision. The document's
 * content is frozen on the procedure; `ApplicantNotificationRequested` asks campaigns to deliver it, only when the
 * procedure names its applicant (a pseudonymous `requesterId`). A notice the administration's data cannot complete
 * is not issued: the timeline says what is missing.
 */

function attach(c: Change, r: NoticeResult, ctx: ClockContext, what: string): Change {
  const p = c.state;
  const at = ctx.now.toISOString();
  if (!r.ok)
    return {
      state: noted(p, {
        at,
        type: 'notice_not_issued',
        summary: `${what} non emessa: manca ${r.missing.join('; ')}`,
        by: ctx.actor.sub,
      }),
      events: c.events,
    };
  if ((p.documents ?? []).some((d) => d.id === r.document.id)) return c;
  const requesterId = p.requesterId;
  const doc: ProcedureDocument = requesterId
    ? { ...r.document, notificationId: notificationIdOf(r.document.id) }
    : r.document;
  const state = noted(
    { ...p, documents: [...(p.documents ?? []), doc] },
    {
      at,
      type: 'notice_issued',
      summary: `${doc.title}: documento ${doc.id}${requesterId ? ', da inviare al richiedente' : ' (nessun richiedente da avvisare)'}`,
      by: ctx.actor.sub,
    },
  );
  const notify =
    requesterId && doc.notificationId
      ? [
          events.applicantNotificationRequested(
            ctx,
            state,
            { ...doc, notificationId: doc.notificationId },
            requesterId,
          ),
        ]
      : [];
  return { state, events: [...c.events, ...notify] };
}

/** After a start: the comunicazione di avvio, once per procedure. */
export function withStartNotice(c: Change, ctx: ClockContext): Change {
  if (c.state.documents?.some((d) => d.kind === 'start_notice')) return c;
  const r = startNoticeDocument(c.state, ctx.notices ?? {}, ctx.today, ctx.now.toISOString());
  return attach(c, r, ctx, 'Comunicazione di avvio');
}

/** After a preavviso di rigetto: its document, once per notice (keyed by its suspension). */
export function withRejectionNotice(
  c: Change,
  notice: { suspensionId: string; sentOn: CivilDate; reasons: string },
  ctx: ClockContext,
): Change {
  const r = rejectionNoticeDocument(c.state, ctx.notices ?? {}, notice, ctx.calendar, ctx.now.toISOString());
  return attach(c, r, ctx, 'Comunicazione dei motivi ostativi (art. 10-bis)');
}

/**
 * After an express decision of a generic procedure: the communication of the provvedimento finale to the applicant
 * (outcome, date, reasons, means of redress), once per procedure. Access requests have other remedies: none here.
 */
export function withDecisionNotice(c: Change, ctx: ClockContext): Change {
  const p = c.state;
  // silent assent is no act to communicate; a deferral is an access request's outcome
  if (p.kind !== 'generic' || !p.decision || !(p.decision.outcome in DECISION_OUTCOME_TEXT)) return c;
  if (p.documents?.some((d) => d.kind === 'decision_notice')) return c;
  const r = decisionNoticeDocument(p, ctx.notices ?? {}, ctx.now.toISOString());
  return attach(c, r, ctx, 'Comunicazione del provvedimento finale');
}

/** The suspension kind whose act is a request to the applicant (art. 2 c.7 L. 241/1990): they are told, both ways. */
export const DOCUMENT_REQUEST = 'document_request';

/**
 * After a suspension for documents (art. 2 c.7): the request to the applicant (what is missing, the suspension, the
 * term running again on receipt), once per suspension (its document id derives from the suspension's).
 */
export function withDocumentRequestNotice(
  c: Change,
  s: { id: string; kind: string; start: CivilDate; reason: string },
  ctx: ClockContext,
): Change {
  if (s.kind !== DOCUMENT_REQUEST) return c;
  const r = documentRequestNoticeDocument(
    c.state,
    ctx.notices ?? {},
    {
      suspensionId: s.id,
      start: s.start,
      reason: s.reason,
      resumesByLawOn: endsByLawOn({ kind: s.kind, start: s.start }, ctx.calendar),
    },
    ctx.now.toISOString(),
  );
  return attach(c, r, ctx, 'Richiesta di integrazione documentale');
}

/**
 * After the end of a suspension for documents (the office resumed, or the 30 days ended by law): the applicant is told
 * the term runs again and the new closing date, once per suspension.
 */
export function withResumptionNotice(
  c: Change,
  s: { id: string; kind: string; start: CivilDate },
  resumed: { end: CivilDate; byLaw: boolean; addedDays: number },
  ctx: ClockContext,
): Change {
  if (s.kind !== DOCUMENT_REQUEST) return c;
  const r = resumptionNoticeDocument(
    c.state,
    ctx.notices ?? {},
    { suspensionId: s.id, start: s.start, ...resumed },
    ctx.now.toISOString(),
  );
  return attach(c, r, ctx, 'Comunicazione della ripresa del termine');
}
