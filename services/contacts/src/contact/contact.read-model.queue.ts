import {
  compareQueue,
  facetsOf,
  isAfterCursor,
  isQueued,
  type QueuePage,
  type QueuePlan,
  type QueueRow,
} from '../case/case-queue.rules';

/** An array kept in order by binary insertion: a write moves one row, never re-sorts. */
export class SortedRows<R> {
  rows: R[] = [];
  constructor(private readonly compare: (a: R, b: R) => number) {}

  /** The index of the first row not before `probe`. */
  lowerBound(probe: R): number {
    return this.firstWhere((r) => this.compare(r, probe) >= 0);
  }

  /** The index of the first row for which `atOrAfter` holds (it must hold for a suffix of the rows). */
  firstWhere(atOrAfter: (r: R) => boolean): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (atOrAfter(this.rows[mid])) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  insert(row: R): void {
    this.rows.splice(this.lowerBound(row), 0, row);
  }

  remove(row: R): void {
    const i = this.lowerBound(row);
    if (this.rows[i] === row) this.rows.splice(i, 1);
    else {
      const j = this.rows.indexOf(row); // the key moved under us: never expected, but never leave a ghost
      if (j >= 0) this.rows.splice(j, 1);
    }
  }

  reset(rows: R[]): void {
    this.rows = rows.sort(this.compare);
  }
}

/**
 * The office a queued case is listed under: the case's office, else (no office on the case) the contact's,
 * kept apart, since a filter on the office reads the case's. Every row of one list has the same office for the
 * policy table (`officeOfRow`), so one row of a list decides the whole list.
 */
const NO_OFFICE = '\u0000';
const listKey = (r: QueueRow & { officeId?: string }): string =>
  r.caseOfficeId ?? `${NO_OFFICE}${r.officeId ?? ''}`;

/**
 * The operator's queue as the read model keeps it (issue 17): the open cases with a due date, per office and
 * per facet (`facetsOf`: all, status, type, suspended, alerts), each list in the queue's order (due date, id).
 * Kept by the read model's own upserts (this instance's writes and the other instances' change events alike),
 * so counts are list lengths and a page is a merge of the caller's offices' lists from the cursor: O(offices ×
 * (log n + page)), not a pass over every open case.
 */
export class QueueIndex<R extends QueueRow & { officeId?: string }> {
  private readonly lists = new Map<string, Map<string, SortedRows<R>>>();

  add(r: R): void {
    if (!isQueued(r)) return;
    const key = listKey(r);
    let facets = this.lists.get(key);
    if (!facets) this.lists.set(key, (facets = new Map()));
    for (const f of facetsOf(r)) {
      let list = facets.get(f);
      if (!list) facets.set(f, (list = new SortedRows<R>(compareQueue)));
      list.insert(r);
    }
  }

  remove(r: R): void {
    if (!isQueued(r)) return;
    const key = listKey(r);
    const facets = this.lists.get(key);
    if (!facets) return;
    for (const f of facetsOf(r)) {
      const list = facets.get(f);
      list?.remove(r);
      if (list && !list.rows.length) facets.delete(f);
    }
    if (!facets.size) this.lists.delete(key);
  }

  reset(rows: Iterable<R>): void {
    this.lists.clear();
    const grouped = new Map<string, Map<string, R[]>>();
    for (const r of rows) {
      if (!isQueued(r)) continue;
      const key = listKey(r);
      let facets = grouped.get(key);
      if (!facets) grouped.set(key, (facets = new Map()));
      for (const f of facetsOf(r)) {
        const list = facets.get(f);
        if (list) list.push(r);
        else facets.set(f, [r]);
      }
    }
    for (const [key, facets] of grouped) {
      const lists = new Map<string, SortedRows<R>>();
      for (const [f, list] of facets) {
        const sorted = new SortedRows<R>(compareQueue);
        sorted.reset(list);
        lists.set(f, sorted);
      }
      this.lists.set(key, lists);
    }
  }

  /** How many cases each office's list holds (all facets: the `''` list), for tests and the bench. */
  counts(): Map<string, number> {
    return new Map([...this.lists].map(([k, f]) => [k, f.get('')?.rows.length ?? 0]));
  }

  /**
   * A page of the queue: the lists of the offices the caller sees (`visible`, asked with one row of each list),
   * of the plan's office and of its most selective facet, within its due-date range. `keep` (the filter's
   * predicate) decides every row put on the page, and every row counted when the plan is not exact.
   */
  page(
    plan: QueuePlan,
    visible: (sample: R) => boolean,
    keep: (r: R) => boolean,
    cursor: { dueAt: Date; id: string } | undefined,
    limit: number,
  ): QueuePage<R> {
    const offices = [...this.lists].filter(
      ([key, facets]) => (plan.officeId === undefined || key === plan.officeId) && seen(facets, visible),
    );
    // the facet whose lists, over the offices read, are the shortest
    let facet = '';
    let best = Infinity;
    for (const f of plan.facets.length ? plan.facets : ['']) {
      let size = 0;
      for (const [, facets] of offices) size += facets.get(f)?.rows.length ?? 0;
      if (size < best) [facet, best] = [f, size];
    }
    let total = 0;
    const heads: { rows: R[]; at: number; end: number }[] = [];
    for (const [, facets] of offices) {
      const list = facets.get(facet);
      if (!list) continue;
      const lo = list.firstWhere((r) => (r.dueAt ?? 0) >= plan.from);
      const end = list.firstWhere((r) => (r.dueAt ?? 0) >= plan.to);
      if (plan.exact) total += end - lo;
      else for (let i = lo; i < end; i++) if (keep(list.rows[i])) total++;
      const at = cursor
        ? Math.max(
            lo,
            list.firstWhere((r) => isAfterCursor(r, cursor)),
          )
        : lo;
      if (at < end) heads.push({ rows: list.rows, at, end });
    }
    const page: R[] = [];
    let hasNextPage = false;
    while (heads.length) {
      let min = 0;
      for (let h = 1; h < heads.length; h++)
        if (compareQueue(heads[h].rows[heads[h].at], heads[min].rows[heads[min].at]) < 0) min = h;
      const head = heads[min];
      const r = head.rows[head.at++];
      if (head.at >= head.end) heads.splice(min, 1);
      if (!keep(r)) continue;
      if (page.length < limit) page.push(r);
      else {
        hasNextPage = true;
        break;
      }
    }
    return { total, page, hasNextPage };
  }
}

/** Whether the caller sees an office's lists: asked of one of its rows (every row is in the `''` list). */
function seen<R>(facets: Map<string, SortedRows<R>>, visible: (sample: R) => boolean): boolean {
  const rows = facets.get('')?.rows;
  return !!rows?.length && visible(rows[0]);
}
