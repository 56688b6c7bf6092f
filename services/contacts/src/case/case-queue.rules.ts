/**
 * The operator's queue: cases by due date (earliest first), filtered, paged with an opaque cursor on
 * (dueAt, id). Pure: the filter as a predicate over the read model's lean rows, the order and the cursors.
 */
import { decodePageCursor, DomainError, encodePageCursor } from '@urp/kernel';
import type { CaseAlert } from './case-alerts.rules';
import { CASE_STATUSES, OPEN_STATUSES, type CaseStatus } from './case-phases.rules';

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
  /** "2026/0000123", or "123" / "0000123": that number in any year. */
  protocolNumber?: string | null;
  requesterId?: string | null;
  /** Only cases whose clock is stopped (an open suspension). */
  suspended?: boolean | null;
  /** Only cases not yet overdue that fall due within this many days. */
  dueWithinDays?: number | null;
}

/** What the queue reads of a case: the read model's lean row (no free text, no history). */
export interface QueueRow {
  readonly id: string;
  readonly type: string;
  readonly operatorId: string;
  readonly requesterId?: string;
  readonly protocolNumber?: string;
  readonly level1?: string;
  readonly caseStatus?: CaseStatus;
  readonly caseOfficeId?: string;
  readonly referentId?: string;
  readonly priority?: string;
  /** Epoch milliseconds. */
  readonly dueAt?: number;
  readonly mentioned?: readonly string[];
  readonly suspended?: boolean;
  readonly procedureStartRefused?: boolean;
  readonly deliveryFailed?: boolean;
}

/** A protocol number as typed in the search box: the year when given, and the number. */
export interface ProtocolQuery {
  year?: number;
  seq: number;
}

/**
 * Reads a protocol number as an operator types it: "2026/0000123" (that one), "123" or "0000123" (that number
 * in any year); spaces around the slash are allowed. Anything else is a field error on `path`.
 */
export function parseProtocolQuery(s: string, path = 'filter.protocolNumber'): ProtocolQuery {
  const m = /^\s*(?:(\d{4})\s*\/\s*)?(\d{1,10})\s*$/.exec(s);
  const seq = m ? Number(m[2]) : 0;
  if (!m || seq < 1)
    throw DomainError.invalid(path, 'un numero di protocollo (per esempio 2026/0000123, oppure 123)');
  return m[1] ? { year: Number(m[1]), seq } : { seq };
}

/** The year and number of a stored protocol number (`YYYY/NNNNNNN`). */
export function protocolParts(protocolNumber: string | undefined): ProtocolQuery | undefined {
  const m = protocolNumber ? /^(\d{4})\/(\d+)$/.exec(protocolNumber) : null;
  return m ? { year: Number(m[1]), seq: Number(m[2]) } : undefined;
}

export function matchesProtocol(protocolNumber: string | undefined, q: ProtocolQuery): boolean {
  const p = protocolParts(protocolNumber);
  return !!p && p.seq === q.seq && (q.year === undefined || p.year === q.year);
}

const DAY_MS = 86_400_000;

/** Whether the queue asks for closed and merged cases too (then it reads every case, not only open ones). */
export function needsClosed(filter: QueueFilter): boolean {
  const statuses = filter.status?.length ? filter.status : undefined;
  return statuses ? statuses.some((s) => !OPEN_STATUSES.includes(s as CaseStatus)) : !!filter.includeClosed;
}

/** The key under which an open case nobody holds is found for the head of its office (`mine`). */
export const unheldIn = (officeId: string): string => `unheld@${officeId}`;

/**
 * The filter of a queue as a predicate on rows. `me`: the ids that are "me" (the staff id and the referents it
 * is) and the offices I head, for `mine` (assigned to me, mentioning me, registered by me, or held by nobody in
 * an office I head). Office scope is not here: the policy
 * table decides it on each row.
 */
export function queuePredicate(
  filter: QueueFilter,
  now: Date,
  me: { staffId: string; ids: readonly string[]; heads?: readonly string[] },
): (r: QueueRow) => boolean {
  const statuses = new Set<string>(
    filter.status?.length ? filter.status : filter.includeClosed ? CASE_STATUSES : OPEN_STATUSES,
  );
  const t = now.getTime();
  const protocol = filter.protocolNumber ? parseProtocolQuery(filter.protocolNumber) : undefined;
  const soon = filter.dueWithinDays != null ? t + Math.max(0, filter.dueWithinDays) * DAY_MS : undefined;
  const ids = new Set(me.ids);
  const heads = new Set(me.heads ?? []);
  return (r) => {
    if (!r.caseStatus || !statuses.has(r.caseStatus) || r.dueAt === undefined) return false;
    if (filter.overdue && !(r.dueAt < t)) return false;
    if (soon !== undefined && (r.dueAt < t || r.dueAt > soon)) return false;
    if (filter.suspended && !r.suspended) return false;
    if (filter.officeId && r.caseOfficeId !== filter.officeId) return false;
    if (filter.referentId && r.referentId !== filter.referentId) return false;
    if (filter.type && r.type !== filter.type) return false;
    if (filter.categoryLevel1 && r.level1 !== filter.categoryLevel1) return false;
    if (filter.priority && r.priority !== filter.priority) return false;
    if (filter.requesterId && r.requesterId !== filter.requesterId) return false;
    if (protocol && !matchesProtocol(r.protocolNumber, protocol)) return false;
    if (filter.alert === 'procedure_start_refused' && !r.procedureStartRefused) return false;
    if (filter.alert === 'delivery_failed' && !r.deliveryFailed) return false;
    if (
      filter.mine &&
      !(
        (r.referentId !== undefined && ids.has(r.referentId)) ||
        r.mentioned?.some((m) => ids.has(m)) ||
        r.operatorId === me.staffId ||
        // nobody holds it: the office's head answers for it (as reminders and the bulletin say)
        (r.referentId === undefined && r.caseOfficeId !== undefined && heads.has(r.caseOfficeId))
      )
    )
      return false;
    return true;
  };
}

/** The queue's order: due date, then id (a total order, so a cursor is stable under concurrent writes). */
export function compareQueue(a: QueueRow, b: QueueRow): number {
  const d = (a.dueAt ?? 0) - (b.dueAt ?? 0);
  return d !== 0 ? d : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export const encodeCursor = (dueAt: Date, id: string): string => encodePageCursor(dueAt.toISOString(), id);

export function decodeCursor(s: string): { dueAt: Date; id: string } {
  const [d, id] = decodePageCursor(s, NOT_THIS_QUEUE);
  const dueAt = new Date(d);
  if (Number.isNaN(dueAt.getTime())) throw DomainError.invalid('after', NOT_THIS_QUEUE);
  return { dueAt, id };
}

const NOT_THIS_QUEUE = 'non è un cursore di questa coda';

/** Whether a row comes after the cursor in the queue's order. */
export function isAfterCursor(r: QueueRow, cursor: { dueAt: Date; id: string }): boolean {
  return compareQueue(r, { id: cursor.id, type: '', operatorId: '', dueAt: cursor.dueAt.getTime() }) > 0;
}

/**
 * The facets the queue's index keeps each open case under (besides its office): every case under `''`, and under
 * its status, its type, `suspended` and each of its alerts. A filter on one of them reads that list only.
 */
export function facetsOf(r: QueueRow): string[] {
  return [
    '',
    `status:${r.caseStatus}`,
    `type:${r.type}`,
    ...(r.suspended ? ['suspended'] : []),
    ...(r.procedureStartRefused ? ['alert:procedure_start_refused'] : []),
    ...(r.deliveryFailed ? ['alert:delivery_failed'] : []),
  ];
}

/** Whether an open case is in the queue's index: open, with a due date (the predicate's own first check). */
export const isQueued = (r: QueueRow): boolean =>
  r.dueAt !== undefined && !!r.caseStatus && OPEN_STATUSES.includes(r.caseStatus);

/**
 * How the index answers a filter of open cases: the office asked for (`officeId`), the facets a case must have
 * (any one of them may be the list read), the due-date range [from, to) in epoch ms, and whether office + facet +
 * range are the whole filter (`exact`: then the count is the lists' lengths, with no pass over their rows).
 */
export interface QueuePlan {
  officeId?: string;
  facets: string[];
  from: number;
  to: number;
  exact: boolean;
}

/**
 * The plan of a filter on open cases, or undefined when the index cannot answer it (closed cases asked for,
 * or `mine`, which reads the cases that name the caller). The predicate still decides each row read.
 */
export function queuePlan(filter: QueueFilter, now: Date): QueuePlan | undefined {
  if (needsClosed(filter) || filter.mine) return undefined;
  const t = now.getTime();
  const facets: string[] = [];
  let rest = false;
  const statuses = new Set(filter.status ?? []);
  if (statuses.size === 1) facets.push(`status:${[...statuses][0]}`);
  else if (statuses.size && OPEN_STATUSES.some((s) => !statuses.has(s))) rest = true;
  if (filter.type) facets.push(`type:${filter.type}`);
  if (filter.suspended) facets.push('suspended');
  if (filter.alert === 'procedure_start_refused' || filter.alert === 'delivery_failed')
    facets.push(`alert:${filter.alert}`);
  if (filter.referentId || filter.categoryLevel1 || filter.priority || filter.requesterId) rest = true;
  if (filter.protocolNumber) rest = true;
  let from = -Infinity;
  let to = Infinity;
  if (filter.overdue) to = t;
  if (filter.dueWithinDays != null) {
    from = Math.max(from, t);
    to = Math.min(to, t + Math.max(0, filter.dueWithinDays) * DAY_MS + 1);
  }
  return {
    ...(filter.officeId ? { officeId: filter.officeId } : {}),
    facets,
    from,
    to,
    exact: !rest && facets.length <= 1,
  };
}

/** A page of the queue: the count of every row kept, the page's rows, and whether more follow. */
export interface QueuePage<R> {
  total: number;
  page: R[];
  hasNextPage: boolean;
}

/**
 * The queue by one pass over rows in the queue's order: every row is decided (`keep`) and counted. The answer
 * of the filters the index cannot plan (closed cases, `mine` among the cases that name me, a requester's cases),
 * where the rows given are the few that may match; over every open case it is what the index replaces.
 */
export function walkQueue<R extends QueueRow>(
  rows: Iterable<R>,
  keep: (r: R) => boolean,
  cursor: { dueAt: Date; id: string } | undefined,
  limit: number,
): QueuePage<R> {
  let total = 0;
  let hasNextPage = false;
  const page: R[] = [];
  for (const r of rows) {
    if (!keep(r)) continue;
    total++;
    if (cursor && !isAfterCursor(r, cursor)) continue;
    if (page.length < limit) page.push(r);
    else hasNextPage = true;
  }
  return { total, page, hasNextPage };
}
