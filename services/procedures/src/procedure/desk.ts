import { daysBetween, type CivilDate } from '@urp/legal-clock';
import type { DeskItem } from '../repositories';

/** The responsible person's desk from their desk document: by next deadline, overdue, suspended. */
export function deskView(items: DeskItem[], today: CivilDate) {
  const withDays = items.map((i) => ({ ...i, daysLeft: i.dueDate ? daysBetween(today, i.dueDate) : null }));
  const key = (i: DeskItem) => i.dueDate ?? i.latestDueDate ?? '9999-12-31';
  const byDeadline = withDays.sort((a, b) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : 1,
  );
  return {
    byNextDeadline: byDeadline.filter(
      (i) => i.status !== 'suspended' && (i.daysLeft === null || i.daysLeft >= 0),
    ),
    overdue: byDeadline.filter((i) => i.daysLeft !== null && i.daysLeft < 0),
    suspended: byDeadline.filter((i) => i.status === 'suspended'),
    total: items.length,
  };
}
