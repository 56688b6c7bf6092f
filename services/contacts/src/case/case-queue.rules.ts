/**
 * The operator's queue: open cases by due date (earliest first), filtered, paged with an opaque cursor on
 * (dueAt, id). Pure: builds the store filter and the cursors.
 */
import { DomainError } from '@urp/kernel';
import type { Filter } from 'mongodb';
import type { StoredDocument } from '@urp/kernel';
import { alertFilter, type CaseAlert } from './case-alerts.rules';
import { CASE_STATUSES, OPEN_STATUSES } from './case-phases.rules';

/** The GraphQL filter (absent fields may come as null). */
export interface QueueFilter {
  mine?: boolean | null;
  overdue?: boolean | null;
  officeId?: string | null;
  referentId?: string | null;
  status?: readonly string[] | null;
  type?: string | null;
  categoryLevel1?: string | null;
  priority?: string | null;
  includeClosed?: boolean | null;
  alert?: CaseAlert | null;
}

export const encodeCursor = (dueAt: Date, id: string): string =>
  Buffer.from(JSON.stringify([dueAt.toISOString(), id])).toString('base64url');

export function decodeCursor(s: string): { dueAt: Date; id: string } {
  try {
    const [d, id] = JSON.parse(Buffer.from(s, 'base64url').toString()) as [string, string];
    const dueAt = new Date(d);
    if (!Number.isNaN(dueAt.getTime()) && typeof id === 'string') return { dueAt, id };
  } catch {
    // not ours: refused below
  }
  throw DomainError.invalid('after', 'non è un cursore di questa coda');
}

/**
 * The filter of a queue page. `me`: the ids that are "me" (the staff id and the referents it is), for
 * `mine` (assigned to me, mentioning me, or registered by me).
 */
export function queueFilter(
  filter: QueueFilter,
  now: Date,
  me: { staffId: string; ids: readonly string[] },
): Filter<StoredDocument> {
  const statuses = filter.status?.length
    ? filter.status
    : filter.includeClosed
      ? [...CASE_STATUSES]
      : [...OPEN_STATUSES];
  const q: Filter<StoredDocument> = { case: { $exists: true }, 'case.status': { $in: [...statuses] } };
  if (filter.overdue) q['case.dueAt'] = { $lt: now };
  if (filter.officeId) q['case.officeId'] = filter.officeId;
  if (filter.referentId) q['case.referentId'] = filter.referentId;
  if (filter.type) q.type = filter.type;
  if (filter.categoryLevel1) q['category.level1'] = filter.categoryLevel1;
  if (filter.priority) q['case.priority'] = filter.priority;
  if (filter.alert) Object.assign(q, alertFilter(filter.alert));
  if (filter.mine)
    q.$or = [
      { 'case.referentId': { $in: [...me.ids] } },
      { 'case.mentioned': { $in: [...me.ids] } },
      { operatorId: me.staffId },
    ];
  return q;
}

/** The page after `cursor`: later due dates, or the same due date and a later id. */
export function afterCursor(q: Filter<StoredDocument>, cursor: { dueAt: Date; id: string }) {
  const page: Filter<StoredDocument> = {
    $or: [{ 'case.dueAt': { $gt: cursor.dueAt } }, { 'case.dueAt': cursor.dueAt, _id: { $gt: cursor.id } }],
  };
  return { $and: [q, page] };
}
