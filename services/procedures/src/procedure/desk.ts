import { daysBetween, type CivilDate } from '@urp/legal-clock';
import type { DeskItem } from '../repositories';

/** The responsible person's desk from their desk document: by next deadline, overdue, suspended. */
export function deskView(items: DeskItem[], today: CivilDate, first = 50) {
  const withDays = items.map((i) => ({ ...i, daysLeft: i.dueDate ? daysBetween(today, i.dueDate) : null }));
  const key = (i: DeskItem) => i.dueDate ?? i.latestDueDate ?? '9999-12-31';
  const byDeadline = withDays.sort((a, b) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : 1,
  );
  const upcoming = byDeadline.filter(
    (i) => i.status !== 'suspended' && (i.daysLeft === null || i.daysLeft >= 0),
  );
  const overdue = byDeadline.filter((i) => i.daysLeft !== null && i.daysLeft < 0);
  const suspended = byDeadline.filter((i) => i.status === 'suspended');
  const n = Math.min(Math.max(first, 1), 1000);
  return {
    byNextDeadline: upcoming.slice(0, n),
    overdue: overdue.slice(0, n),
    suspended: suspended.slice(0, n),
    upcomingCount: upcoming.length,
    overdueCount: overdue.length,
    suspendedCount: suspended.length,
    total: items.length,
  };
}
