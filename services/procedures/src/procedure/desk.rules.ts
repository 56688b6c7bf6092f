import { daysBetween, type CivilDate } from '@urp/legal-clock';
import { silentAssentEligible } from './procedure.clock';
import type { ClockPhase, Procedure, ProcedureStatus } from './procedure.state';

/** What the desk keeps of an open procedure (no requester, no form data). */
export interface DeskItem {
  id: string;
  typeCode: string;
  typeName: string;
  /** The office of the procedure (its type's, snapshot at submission): referents see their offices' only. */
  officeId?: string;
  subject: string;
  protocolNumber: string;
  status: ProcedureStatus;
  phase: ClockPhase;
  receivedOn: string;
  dueDate: string | null;
  latestDueDate: string | null;
  nextClockCheck: string | null;
  /** Notices to the applicant campaigns could not deliver (the office must tell them another way). */
  undeliveredNotices?: number;
  /** Silence at the deadline would be assent (art. 20 L. 241/1990): an eligible type, on the ordinary clock. */
  silentAssent?: boolean;
}

/** How many of the procedure's notices could not be delivered (campaigns' NotificationFailed). */
export const undeliveredNotices = (p: Procedure): number =>
  (p.deliveries ?? []).filter((d) => d.status === 'failed').length;

/** The desk of procedures nobody is responsible for yet (`procedureDesk(responsibleId: "unassigned")`). */
export const UNASSIGNED_DESK = '~unassigned';

export function deskItem(p: Procedure): DeskItem {
  return {
    id: p.id,
    typeCode: p.typeCode,
    typeName: p.typeName,
    ...(p.officeId ? { officeId: p.officeId } : {}),
    subject: p.subject,
    protocolNumber: p.protocolNumber,
    status: p.status,
    phase: p.phase,
    receivedOn: p.receivedOn,
    dueDate: p.dueDate,
    latestDueDate: p.latestDueDate ?? null,
    nextClockCheck: p.nextClockCheck,
    ...(undeliveredNotices(p) ? { undeliveredNotices: undeliveredNotices(p) } : {}),
    ...(p.phase === 'ordinary' && silentAssentEligible(p) ? { silentAssent: true } : {}),
  };
}

/**
 * The responsible person's desk: by next deadline (due soon first), overdue, suspended, silent assent forming (an
 * eligible procedure running towards its deadline: silence would grant it) and notices not delivered; each list the
 * first `first`, oldest deadline first, with its count.
 */
export function deskView(items: readonly DeskItem[], today: CivilDate, first = 50) {
  const withDays = items.map((i) => ({
    ...i,
    daysLeft: i.dueDate ? daysBetween(today, i.dueDate) : null,
    undeliveredNotices: i.undeliveredNotices ?? 0,
    silentAssent: i.silentAssent ?? false,
  }));
  const key = (i: DeskItem) => i.dueDate ?? i.latestDueDate ?? '9999-12-31';
  const byDeadline = withDays.sort((a, b) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : 1,
  );
  const upcoming = byDeadline.filter(
    (i) => i.status !== 'suspended' && (i.daysLeft === null || i.daysLeft >= 0),
  );
  const overdue = byDeadline.filter((i) => i.daysLeft !== null && i.daysLeft < 0);
  const suspended = byDeadline.filter((i) => i.status === 'suspended');
  const silentAssentForming = upcoming.filter((i) => i.silentAssent && i.daysLeft !== null);
  const undelivered = byDeadline.filter((i) => i.undeliveredNotices > 0);
  const n = Math.min(Math.max(first, 1), 1000);
  return {
    byNextDeadline: upcoming.slice(0, n),
    overdue: overdue.slice(0, n),
    suspended: suspended.slice(0, n),
    silentAssentForming: silentAssentForming.slice(0, n),
    undelivered: undelivered.slice(0, n),
    upcomingCount: upcoming.length,
    overdueCount: overdue.length,
    suspendedCount: suspended.length,
    silentAssentFormingCount: silentAssentForming.length,
    undeliveredCount: undelivered.length,
    total: items.length,
  };
}
