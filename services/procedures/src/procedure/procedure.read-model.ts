import { Injectable } from '@nestjs/common';
import type { CivilDate } from '@urp/legal-clock';
import { deskItem, UNASSIGNED_DESK, type DeskItem } from './desk.rules';
import { DeskIndex, type DeskCursor, type DeskListName, type DeskPage } from './procedure.read-model.desk';
import type { Procedure } from './procedure.state';

/**
 * What the hot reads need of a procedure: its desk item (no requester, no form data, no timeline, no notices), whose
 * desk it is on, when it was created (the lists' order) and the store's write counter (`revision`).
 */
export interface ProcedureSummary extends DeskItem {
  responsibleId?: string;
  createdAt: string;
  updatedAt: string;
  revision: number;
}

/** The fields of a stored procedure the summary is made of: the rebuild reads only these. */
export const SUMMARY_FIELDS = [
  'typeCode',
  'typeName',
  'kind',
  'initiative',
  'silenceRule',
  'silentAssentExcluded',
  'officeId',
  'responsibleId',
  'subject',
  'protocolNumber',
  'status',
  'phase',
  'receivedOn',
  'dueDate',
  'latestDueDate',
  'nextClockCheck',
  'deliveries',
  'createdAt',
  'updatedAt',
  'revision',
] as const;

/**
 * One copy of each value that many procedures share (types, offices, people, phases, days): strings decoded from the
 * store are new copies each, and at 100,000 procedures they are most of the model's memory. Bounded by what an
 * administration has of them (a few thousand days, types and people).
 */
const shared = new Map<string, string>();
const one = <T extends string | null | undefined>(v: T): T => {
  if (typeof v !== 'string') return v;
  const held = shared.get(v);
  if (held !== undefined) return held as T;
  if (shared.size < 50_000) shared.set(v, v);
  return v;
};

/**
 * A summary with every field present, in one order (absent ones undefined): objects of one shape, which V8 reads
 * fast wherever the desk touches them (objects built by conditional spreads took many shapes, and every desk row
 * read them slowly). Its shared values are shared (`one`).
 */
function summary(
  i: DeskItem,
  held: Pick<ProcedureSummary, 'responsibleId' | 'createdAt' | 'updatedAt' | 'revision'>,
): ProcedureSummary {
  return {
    id: i.id,
    typeCode: one(i.typeCode),
    typeName: one(i.typeName),
    officeId: one(i.officeId || undefined),
    subject: i.subject,
    protocolNumber: i.protocolNumber,
    status: one(i.status),
    phase: one(i.phase),
    receivedOn: one(i.receivedOn),
    dueDate: one(i.dueDate),
    latestDueDate: one(i.latestDueDate),
    nextClockCheck: one(i.nextClockCheck),
    undeliveredNotices: i.undeliveredNotices || undefined,
    silentAssent: i.silentAssent || undefined,
    responsibleId: one(held.responsibleId || undefined),
    createdAt: held.createdAt,
    updatedAt: held.updatedAt,
    revision: held.revision,
  };
}

export function toSummary(p: Procedure): ProcedureSummary {
  return summary(deskItem(p), p);
}

/** A summary as read back from a snapshot, its shared values shared again. */
export function fromSnapshot(s: ProcedureSummary): ProcedureSummary {
  return summary({ ...s, latestDueDate: s.latestDueDate ?? null }, s);
}

/** Newest first (creation instant, then id): the order of the management lists. */
const newestFirst = (a: ProcedureSummary, b: ProcedureSummary): number =>
  a.createdAt > b.createdAt ? -1 : a.createdAt < b.createdAt ? 1 : a.id > b.id ? -1 : a.id < b.id ? 1 : 0;

/** The desk a procedure is on while it is open (none once decided). */
const deskOf = (s: ProcedureSummary): string | undefined =>
  s.status === 'decided' ? undefined : (s.responsibleId ?? UNASSIGNED_DESK);

/**
 * The procedures service's read model, in memory (issue 17): the desks (open procedures by responsible person), the
 * management lists (newest first, by type) and the legal clock's worklist are answered from here, never by a query
 * on `procedures` (FerretDB 1.24 answers only `{_id: value}` without scanning the collection). Rebuilt from the
 * collection at start; kept current by this instance's writes at once and by the other instances' writes through
 * their `ProcedureChanged` events (each procedure re-read by `_id`). A write older than the one held (by the store's
 * write counter, `revision`) never replaces it.
 */
@Injectable()
export class ProcedureReadModel {
  private readonly byId = new Map<string, ProcedureSummary>();
  private readonly desks = new Map<string, Set<string>>();
  /** The desks in the order they are shown, by office: a page without sorting the desk. */
  private readonly deskIndex = new DeskIndex<ProcedureSummary>();
  /** Every procedure, newest first; a new one is inserted in place (procedures arrive mostly newest). */
  private newest: ProcedureSummary[] = [];
  private latestUpdate = '';

  get size(): number {
    return this.byId.size;
  }

  /** The newest `updatedAt` held: the catch-up after joining asks only for what changed after it. */
  get watermark(): string {
    return this.latestUpdate;
  }

  /** Takes a procedure as written (or read by `_id`); false when the one held is newer. */
  upsert(p: Procedure): boolean {
    const s = toSummary(p);
    const held = this.byId.get(s.id);
    if (held && held.revision > s.revision) return false;
    this.byId.set(s.id, s);
    const before = held && deskOf(held);
    const after = deskOf(s);
    if (before !== after) {
      if (before) this.desks.get(before)?.delete(s.id);
      if (after) this.deskSet(after).add(s.id);
    }
    if (held && before) this.deskIndex.remove(before, held);
    if (after) this.deskIndex.add(after, s);
    if (held) this.newest[this.indexOf(held)] = s;
    else this.newest.splice(this.insertionPoint(s), 0, s);
    if (s.updatedAt > this.latestUpdate) this.latestUpdate = s.updatedAt;
    return true;
  }

  /**
   * The rebuild at start: every summary read from the collection. A procedure this instance wrote meanwhile (held
   * with a newer revision) is kept.
   */
  replaceAll(items: readonly ProcedureSummary[]): void {
    for (const s of items) {
      const held = this.byId.get(s.id);
      if (!held || held.revision <= s.revision) this.byId.set(s.id, s);
    }
    this.desks.clear();
    this.latestUpdate = '';
    for (const s of this.byId.values()) {
      const desk = deskOf(s);
      if (desk) this.deskSet(desk).add(s.id);
      if (s.updatedAt > this.latestUpdate) this.latestUpdate = s.updatedAt;
    }
    this.newest = [...this.byId.values()].sort(newestFirst);
    this.deskIndex.replaceAll(
      (function* (all: Iterable<ProcedureSummary>) {
        for (const item of all) {
          const desk = deskOf(item);
          if (desk) yield { desk, item };
        }
      })(this.byId.values()),
    );
  }

  /** Every summary, newest first (the snapshot). */
  all(): readonly ProcedureSummary[] {
    return this.newest;
  }

  get(id: string): ProcedureSummary | undefined {
    return this.byId.get(id);
  }

  /** The open procedures of a desk (a responsible person's id, or UNASSIGNED_DESK). */
  desk(deskId: string): ProcedureSummary[] {
    const ids = this.desks.get(deskId);
    if (!ids) return [];
    const out: ProcedureSummary[] = [];
    for (const id of ids) {
      const s = this.byId.get(id);
      if (s) out.push(s);
    }
    return out;
  }

  /**
   * A desk as it is shown (`deskView` of desk.rules.ts, the reference): each list the first `first` (1-1000) in the
   * desk's order, with its count, of the items of the offices `mayShow` accepts (the caller's office scope; `undefined`:
   * an item of no office). O(offices × log n + page) per list: nothing is sorted, days left only for the page.
   */
  deskView(deskId: string, mayShow: (officeId: string | undefined) => boolean, today: CivilDate, first = 50) {
    const offices = this.deskIndex.officesOf(deskId).filter((o) => mayShow(o || undefined));
    const n = Math.min(Math.max(first, 1), 1000);
    const list = (name: DeskListName) => this.deskIndex.page(deskId, offices, name, today, n);
    const upcoming = list('byNextDeadline');
    const overdue = list('overdue');
    const suspended = list('suspended');
    const silentAssentForming = list('silentAssentForming');
    const undelivered = list('undelivered');
    return {
      byNextDeadline: upcoming.items,
      overdue: overdue.items,
      suspended: suspended.items,
      silentAssentForming: silentAssentForming.items,
      undelivered: undelivered.items,
      upcomingCount: upcoming.count,
      overdueCount: overdue.count,
      suspendedCount: suspended.count,
      silentAssentFormingCount: silentAssentForming.count,
      undeliveredCount: undelivered.count,
      total: this.deskIndex.total(deskId, offices),
    };
  }

  /**
   * One page of one list of a desk after a cursor (the `next` of the page before): a write between two pages neither
   * repeats nor skips an item. The GraphQL desk asks only for first pages today.
   */
  deskPage(
    deskId: string,
    mayShow: (officeId: string | undefined) => boolean,
    list: DeskListName,
    today: CivilDate,
    first: number,
    after?: DeskCursor,
  ): DeskPage {
    const offices = this.deskIndex.officesOf(deskId).filter((o) => mayShow(o || undefined));
    return this.deskIndex.page(deskId, offices, list, today, Math.min(Math.max(first, 1), 1000), after);
  }

  /** The newest procedures that pass `keep`, at most `limit`. */
  latest(keep: (s: ProcedureSummary) => boolean, limit: number): ProcedureSummary[] {
    const out: ProcedureSummary[] = [];
    for (const s of this.newest) {
      if (out.length >= limit) break;
      if (keep(s)) out.push(s);
    }
    return out;
  }

  /** The open procedures whose next clock check has come (the legal clock's worklist). */
  dueForClock(today: CivilDate): ProcedureSummary[] {
    const out: ProcedureSummary[] = [];
    for (const ids of this.desks.values())
      for (const id of ids) {
        const s = this.byId.get(id);
        if (s?.nextClockCheck && s.nextClockCheck <= today) out.push(s);
      }
    return out;
  }

  private deskSet(desk: string): Set<string> {
    let set = this.desks.get(desk);
    if (!set) this.desks.set(desk, (set = new Set()));
    return set;
  }

  /** Where `s` goes in `newest` (binary search on the creation order). */
  private insertionPoint(s: ProcedureSummary): number {
    let lo = 0;
    let hi = this.newest.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (newestFirst(this.newest[mid], s) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The position of a held summary (its creation instant does not change). */
  private indexOf(held: ProcedureSummary): number {
    const i = this.insertionPoint(held);
    if (this.newest[i] === held) return i;
    const j = this.newest.indexOf(held);
    if (j < 0) throw new Error(`read model: ${held.id} missing from the list`);
    return j;
  }
}
