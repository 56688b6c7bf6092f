import { Injectable } from '@nestjs/common';
import {
  compareQueue,
  unheldIn,
  type QueuePage,
  type QueuePlan,
  type QueueRow,
} from '../case/case-queue.rules';
import { OPEN_STATUSES } from '../case/case-phases.rules';
import { tokens as textTokens } from '../case/duplicate.rules';
import type { Contact } from './contact.rules';
import { QueueIndex, SortedRows } from './contact.read-model.queue';

/**
 * A contact as the hot reads need it (issue 17): ids, codes, dates and flags; no subject, text, address,
 * history, notes or messages. The one derived trace of free text is `tokens` (the accent-folded stems of the
 * subject and text of an open case, what duplicate scoring compares), kept only while the case is open and
 * only in this service, which holds the texts anyway. Dates are epoch milliseconds.
 */
export interface ContactRow extends QueueRow {
  readonly revision: number;
  readonly open: boolean;
  readonly registeredAt: number;
  /** The contact's own office (routing without a case). */
  readonly officeId?: string;
  readonly level2?: string;
  readonly lat?: number;
  readonly lon?: number;
  readonly caseId?: string;
  readonly openedAt?: number;
  readonly nextTimerAt?: number;
  readonly tokens?: readonly string[];
}

/** The stems of all rows share one string each (tens of thousands of cases use a few thousand words). */
const vocabulary = new Map<string, string>();
const intern = (t: string): string => {
  const held = vocabulary.get(t);
  if (held !== undefined) return held;
  if (vocabulary.size < 200_000) vocabulary.set(t, t);
  return t;
};

const ms = (d: Date | string | undefined): number | undefined =>
  d === undefined ? undefined : new Date(d).getTime();

/** The lean row of a stored contact. */
export function toRow(c: Contact): ContactRow {
  const k = c.case;
  const open = !!k && OPEN_STATUSES.includes(k.status);
  return {
    id: c.id,
    revision: c.revision,
    type: c.type,
    open: c.status === 'open',
    operatorId: c.operatorId,
    registeredAt: new Date(c.registeredAt).getTime(),
    ...(c.requesterId ? { requesterId: c.requesterId } : {}),
    ...(c.protocolNumber ? { protocolNumber: c.protocolNumber } : {}),
    ...(c.officeId ? { officeId: c.officeId } : {}),
    ...(c.category?.level1 ? { level1: c.category.level1 } : {}),
    ...(c.category?.level2 ? { level2: c.category.level2 } : {}),
    ...(c.place?.lat !== undefined ? { lat: c.place.lat } : {}),
    ...(c.place?.lon !== undefined ? { lon: c.place.lon } : {}),
    ...(k
      ? {
          caseId: k.id,
          caseStatus: k.status,
          priority: k.priority,
          dueAt: ms(k.dueAt),
          openedAt: ms(k.openedAt),
          ...(k.officeId ? { caseOfficeId: k.officeId } : {}),
          ...(k.referentId ? { referentId: k.referentId } : {}),
          ...(k.mentioned?.length ? { mentioned: k.mentioned } : {}),
          ...((k.suspensions ?? []).some((s) => !s.to) ? { suspended: true } : {}),
          ...(k.procedureStartRefusal ? { procedureStartRefused: true } : {}),
          ...(k.deliveryFailed ? { deliveryFailed: true } : {}),
          ...(k.nextTimerAt ? { nextTimerAt: ms(k.nextTimerAt) } : {}),
          ...(open ? { tokens: [...textTokens(`${c.subject} ${c.text ?? ''}`)].map(intern) } : {}),
        }
      : {}),
  };
}

/**
 * Oldest registration first, then the smaller id: the order the registration lists are stored in, and read
 * backwards (newest first). A new contact is the newest, so it is appended: inserted at the front of a
 * newest-first array, every registration moved every row (at 135,000 contacts, 13 % of the service's CPU
 * under registrations, `insert` in the profile).
 */
const byRegistration = (a: ContactRow, b: ContactRow): number =>
  a.registeredAt - b.registeredAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Rows of a registration list newest first, from those registered at or before `at` (all without it). */
function* newestFirstIn(list: SortedRows<ContactRow>, at?: Date): Generator<ContactRow> {
  const rows = list.rows;
  const t = at?.getTime();
  const end = t === undefined ? rows.length : list.firstWhere((r) => r.registeredAt > t);
  for (let i = end - 1; i >= 0; i--) yield rows[i];
}

/**
 * The contacts service's read model, in memory (issue 17): the operator's queue, the duplicate suggestions at
 * registration, the contact list, Open311's list, the status page's protocol numbers, a requester's contacts
 * and the timers are answered from here; the store is asked only for documents by `_id` (FerretDB 1.24 scans
 * the collection for any other filter or sort). Rebuilt from the collection at start; kept current by this
 * instance's writes at once (the stores' commit) and by the other instances' writes through their
 * `ContactChanged` events (each re-read by `_id`). A row older than the one held (by the store's `revision`)
 * never replaces it.
 */
@Injectable()
export class ContactReadModel {
  private readonly byId = new Map<string, ContactRow>();
  /** Cases by (due date, id): every case, and the open ones (what the queue reads by default). */
  private readonly cases = new SortedRows<ContactRow>(compareQueue);
  private readonly openCases = new SortedRows<ContactRow>(compareQueue);
  /** The queue's lists of open cases: per office and facet, each by (due date, id). */
  private readonly queue = new QueueIndex<ContactRow>();
  /** Every contact, oldest registration first (`byRegistration`: read backwards, newest first). */
  private readonly registered = new SortedRows<ContactRow>(byRegistration);
  /** The reports with a case (Open311's service requests), in the same order. */
  private readonly reports = new SortedRows<ContactRow>(byRegistration);
  private readonly byRequester = new Map<string, Set<string>>();
  private readonly byProtocol = new Map<string, string>();
  /**
   * The open cases with text stems (what duplicate suggestions score) per level-1 category, in the order of
   * `registered` (without a category, the newest open cases come first among all contacts: no list is needed).
   */
  private readonly scored = new Map<string, SortedRows<ContactRow>>();
  /** Open cases by each person they may be "mine" for (referent, mentioned, registering operator). */
  private readonly openByPerson = new Map<string, Set<ContactRow>>();

  get size(): number {
    return this.byId.size;
  }

  get(id: string): ContactRow | undefined {
    return this.byId.get(id);
  }

  /** Takes a contact as written (or read by `_id`); false when the row held is newer. */
  upsert(c: Contact): boolean {
    const held = this.byId.get(c.id);
    if (held && held.revision > c.revision) return false;
    if (held) this.unindex(held);
    const row = toRow(c);
    this.byId.set(row.id, row);
    this.index(row);
    return true;
  }

  /** The rebuild at start: every stored contact (rows held with a newer revision stay). */
  replaceAll(contacts: Iterable<Contact>): number {
    for (const c of contacts) this.load(c);
    return this.reindex();
  }

  /** The same, streamed from the store (the documents are not all held at once). */
  async rebuildFrom(contacts: AsyncIterable<Contact>): Promise<number> {
    for await (const c of contacts) this.load(c);
    return this.reindex();
  }

  /** Loads rows as a snapshot kept them (rows held with a newer revision stay). */
  replaceRows(rows: Iterable<ContactRow>): number {
    for (const r of rows) {
      const held = this.byId.get(r.id);
      if (!held || held.revision <= r.revision) this.byId.set(r.id, r);
    }
    return this.reindex();
  }

  /** Every row (the snapshot). */
  rows(): ContactRow[] {
    return [...this.byId.values()];
  }

  /** Open cases registered since `since` whose text stems are not held (after a snapshot's load). */
  missingTokens(since: Date): string[] {
    const t = since.getTime();
    return this.openCases.rows.filter((r) => !r.tokens && r.registeredAt >= t).map((r) => r.id);
  }

  private load(c: Contact): void {
    const held = this.byId.get(c.id);
    if (!held || held.revision <= c.revision) this.byId.set(c.id, toRow(c));
  }

  private reindex(): number {
    this.byRequester.clear();
    this.byProtocol.clear();
    this.openByPerson.clear();
    const all = [...this.byId.values()];
    for (const r of all) this.indexKeys(r);
    this.registered.reset([...all]);
    this.reports.reset(all.filter(isReportCase));
    const cases = all.filter((r) => r.caseStatus);
    this.cases.reset([...cases]);
    this.openCases.reset(cases.filter(isOpenCase));
    this.queue.reset(this.openCases.rows);
    this.scored.clear();
    const scored = new Map<string, ContactRow[]>();
    for (const r of all)
      for (const key of scoredKeys(r)) {
        const rows = scored.get(key);
        if (rows) rows.push(r);
        else scored.set(key, [r]);
      }
    for (const [key, rows] of scored) {
      const list = new SortedRows<ContactRow>(byRegistration);
      list.reset(rows);
      this.scored.set(key, list);
    }
    for (const r of this.openCases.rows) this.indexPeople(r);
    return this.byId.size;
  }

  private index(row: ContactRow): void {
    this.indexKeys(row);
    this.registered.insert(row);
    if (isReportCase(row)) this.reports.insert(row);
    for (const key of scoredKeys(row)) {
      let list = this.scored.get(key);
      if (!list) this.scored.set(key, (list = new SortedRows<ContactRow>(byRegistration)));
      list.insert(row);
    }
    if (row.caseStatus) this.cases.insert(row);
    if (isOpenCase(row)) {
      this.openCases.insert(row);
      this.queue.add(row);
      this.indexPeople(row);
    }
  }

  private indexPeople(row: ContactRow): void {
    for (const person of peopleOf(row)) {
      const rows = this.openByPerson.get(person) ?? new Set<ContactRow>();
      rows.add(row);
      this.openByPerson.set(person, rows);
    }
  }

  private indexKeys(row: ContactRow): void {
    if (row.requesterId) {
      const ids = this.byRequester.get(row.requesterId) ?? new Set<string>();
      ids.add(row.id);
      this.byRequester.set(row.requesterId, ids);
    }
    if (row.protocolNumber) this.byProtocol.set(row.protocolNumber, row.id);
  }

  private unindex(row: ContactRow): void {
    this.registered.remove(row);
    if (isReportCase(row)) this.reports.remove(row);
    for (const key of scoredKeys(row)) {
      const list = this.scored.get(key);
      list?.remove(row);
      if (list && !list.rows.length) this.scored.delete(key);
    }
    if (row.caseStatus) this.cases.remove(row);
    if (isOpenCase(row)) {
      this.openCases.remove(row);
      this.queue.remove(row);
      for (const person of peopleOf(row)) {
        const rows = this.openByPerson.get(person);
        rows?.delete(row);
        if (rows && !rows.size) this.openByPerson.delete(person);
      }
    }
    if (row.requesterId) this.byRequester.get(row.requesterId)?.delete(row.id);
    if (row.protocolNumber && this.byProtocol.get(row.protocolNumber) === row.id)
      this.byProtocol.delete(row.protocolNumber);
  }

  /** Cases in the queue's order (open only unless `closedToo`). */
  casesInOrder(closedToo: boolean): readonly ContactRow[] {
    return (closedToo ? this.cases : this.openCases).rows;
  }

  /**
   * A page of open cases from the queue's lists (`QueueIndex.page`): counts from the lists' lengths, the page
   * merged from the cursor, never a pass over every open case.
   */
  queuePage(
    plan: QueuePlan,
    visible: (sample: ContactRow) => boolean,
    keep: (r: ContactRow) => boolean,
    cursor: { dueAt: Date; id: string } | undefined,
    limit: number,
  ): QueuePage<ContactRow> {
    return this.queue.page(plan, visible, keep, cursor, limit);
  }

  /** How many open cases the queue's lists hold per office (tests, the bench). */
  queueCounts(): Map<string, number> {
    return this.queue.counts();
  }

  /**
   * The open cases that name any of `people` as referent, mention or registering operator, in the queue's order
   * (a superset of a "mine" queue: the queue's predicate still decides each row), or undefined when they are so
   * many that one pass over every open case is cheaper than sorting them.
   */
  openCasesOf(people: readonly string[]): readonly ContactRow[] | undefined {
    const found = new Set<ContactRow>();
    for (const p of new Set(people)) for (const r of this.openByPerson.get(p) ?? []) found.add(r);
    if (found.size > this.openCases.rows.length / 4) return undefined;
    return [...found].sort(compareQueue);
  }

  /**
   * The open cases duplicate suggestions score (a case, its text stems held), of one level-1 category or of
   * any, newest registration first from those registered at or before `at`: what a pass over `newestFirst()`
   * from `registeredAtOrBefore(at)` keeping these rows yields; for a category, without visiting the closed
   * cases and the other categories (without one, that pass: the newest open cases come first anyway).
   */
  *scoredNewestFirst(at: Date, level1?: string | null): Generator<ContactRow> {
    if (!level1) {
      for (const r of newestFirstIn(this.registered, at)) if (isScored(r)) yield r;
      return;
    }
    const list = this.scored.get(level1);
    if (list) yield* newestFirstIn(list, at);
  }

  /** Contacts, newest registration first; from those registered at or before `at` when given. */
  newestFirst(at?: Date): Iterable<ContactRow> {
    return newestFirstIn(this.registered, at);
  }

  /**
   * The reports with a case (Open311's service requests), newest registration first, from `at` as `newestFirst`:
   * a list page visits reports only, not every information contact of the period.
   */
  reportsNewestFirst(at?: Date): Iterable<ContactRow> {
    return newestFirstIn(this.reports, at);
  }

  byProtocolNumber(protocolNumber: string): ContactRow | undefined {
    const id = this.byProtocol.get(protocolNumber);
    return id === undefined ? undefined : this.byId.get(id);
  }

  ofRequester(requesterId: string): ContactRow[] {
    return [...(this.byRequester.get(requesterId) ?? [])].flatMap((id) => this.byId.get(id) ?? []);
  }

  /** The offices, among `among`, that a case of this requester is assigned or routed to. */
  caseOfficesOf(requesterId: string, among: readonly string[]): string[] {
    const offices = new Set<string>();
    for (const r of this.ofRequester(requesterId))
      if (r.caseOfficeId && among.includes(r.caseOfficeId)) offices.add(r.caseOfficeId);
    return [...offices];
  }

  lastActivityOf(requesterId: string): Date | undefined {
    let last: number | undefined;
    for (const r of this.ofRequester(requesterId))
      if (last === undefined || r.registeredAt > last) last = r.registeredAt;
    return last === undefined ? undefined : new Date(last);
  }

  /** Contacts with a time-driven event due at or before `now`, the earliest first. */
  timersDue(now: Date, limit: number): ContactRow[] {
    const t = now.getTime();
    const due: ContactRow[] = [];
    for (const r of this.cases.rows) if (r.nextTimerAt !== undefined && r.nextTimerAt <= t) due.push(r);
    return due.sort((a, b) => (a.nextTimerAt ?? 0) - (b.nextTimerAt ?? 0)).slice(0, limit);
  }
}

/**
 * A row as the policy table reads its office (`officeOfContact`: the case's office, else the contact's): the
 * office scope of the lists is decided on rows exactly as on documents.
 */
export const scopeOf = (r: ContactRow): Contact =>
  ({ officeId: r.officeId, ...(r.caseStatus ? { case: { officeId: r.caseOfficeId } } : {}) }) as Contact;

/** The one office the policy table reads of a row (`scopeOf`): what a per-office decision may be keyed by. */
export const officeOfRow = (r: ContactRow): string | undefined =>
  r.caseStatus ? (r.caseOfficeId ?? r.officeId) : r.officeId;

/** Whom an open case may be "mine" for. */
const peopleOf = (r: ContactRow): string[] => [
  ...(r.referentId ? [r.referentId] : r.caseOfficeId ? [unheldIn(r.caseOfficeId)] : []),
  ...(r.mentioned ?? []),
  r.operatorId,
];

/** Whether duplicate suggestions score a row: a case with its text stems held (an open one). */
const isScored = (r: ContactRow): boolean => !!r.caseId && !!r.tokens;

/** The list of scored open cases a row is in (`scoredNewestFirst`): its category's, if it is scored. */
const scoredKeys = (r: ContactRow): string[] => (isScored(r) && r.level1 ? [r.level1] : []);

const isReportCase = (r: ContactRow): boolean => r.type === 'report' && !!r.caseStatus;

const isOpenCase = (r: ContactRow): boolean => !!r.caseStatus && OPEN_STATUSES.includes(r.caseStatus);
