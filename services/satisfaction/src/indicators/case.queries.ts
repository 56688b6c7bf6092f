/** Contacts and cases: volumes, first-contact resolution, times net of suspensions, backlog, reminders, complaints (pure). */
import { type IndicatorProjection } from './projection';
import {
  days,
  eq,
  inPeriod,
  mergeInto,
  percentile,
  round,
  share,
  sortBy,
  type IndicatorFilter,
  type TimesGroupBy,
} from './indicator.common';
import { DisclosureCheck, type CellQuery, type Fact } from './disclosure.rules';

// ---------------------------------------------------------------- contacts

export interface ContactsRow {
  month: string;
  channel: string;
  contactType: string;
  contacts: number;
}

export function contactsByChannelAndType(p: IndicatorProjection, f: IndicatorFilter): ContactsRow[] {
  const rows: ContactsRow[] = [];
  for (const [[month, channel, contactType], contacts] of p.rows('ct')) {
    if (inPeriod(month, f) && eq(f.channel, channel)) rows.push({ month, channel, contactType, contacts });
  }
  return sortBy(rows, (r) => `${r.month}|${r.channel}|${r.contactType}`);
}

export interface FirstContactRow {
  month: string;
  channel: string;
  closed: number | null;
  resolvedAtFirstContact: number | null;
  rate: number | null;
}

export function firstContactResolution(
  p: IndicatorProjection,
  f: IndicatorFilter,
  minSample: number,
): FirstContactRow[] {
  const rows = new Map<string, FirstContactRow>();
  for (const [[month, channel, what], n] of p.rows('fcr')) {
    if (!inPeriod(month, f) || !eq(f.channel, channel)) continue;
    const key = `${month}|${channel}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { month, channel, closed: 0, resolvedAtFirstContact: 0, rate: null }));
    if (what === 'closed') r.closed = (r.closed ?? 0) + n;
    else r.resolvedAtFirstContact = (r.resolvedAtFirstContact ?? 0) + n;
  }
  // each month × channel is a cell of contacts closed: withheld with its counts below the minimum, with
  // secondary suppression in the tables of months and of channels (disclosure.rules.ts)
  const facts: Fact<'closed'>[] = [];
  for (const [[month, channel, what], n] of p.rows('fcr'))
    if (what === 'closed') facts.push({ dims: { month, channel }, n: { closed: n } });
  const base: CellQuery = {
    eq: f.channel !== undefined ? { channel: f.channel } : {},
    from: f.from,
    to: f.to,
  };
  const check = new DisclosureCheck(facts, minSample);
  const out = [...rows.values()].map((r): FirstContactRow => {
    const cell = { ...base, eq: { ...base.eq, month: r.month, channel: r.channel } };
    if (check.isWithheld(cell, 'closed'))
      return { ...r, closed: null, resolvedAtFirstContact: null, rate: null };
    return { ...r, rate: share(r.resolvedAtFirstContact ?? 0, r.closed ?? 0) };
  });
  return sortBy(out, (r) => `${r.month}|${r.channel}`);
}

// ---------------------------------------------------------------- cases: times, term, backlog

export interface CaseTimesRow {
  key: string;
  closed: number | null;
  withinTerm: number | null;
  withinTermShare: number | null;
  closureMedianDays: number | null;
  closureP90Days: number | null;
  firstResponses: number | null;
  firstResponseMedianDays: number | null;
  firstResponseP90Days: number | null;
  sampleSize: number | null;
  belowMinimumSample: boolean;
}

/** The populations of the case-time figures: cases closed (times, term) and first responses. */
export const CASE_MEASURES = ['closed', 'firstResponses'] as const;
export type CaseMeasure = (typeof CASE_MEASURES)[number];

/** Closed cases and first responses per month and office, as disclosure facts. */
export function caseFacts(p: IndicatorProjection): Fact<CaseMeasure>[] {
  const facts: Fact<CaseMeasure>[] = [];
  for (const [[month, office, , what], n] of p.rows('cl'))
    if (what === 'n') facts.push({ dims: { month, office }, n: { closed: n } });
  for (const [[month, office], n] of p.rows('frn'))
    facts.push({ dims: { month, office }, n: { firstResponses: n } });
  return facts;
}

export function caseTimes(
  p: IndicatorProjection,
  f: IndicatorFilter,
  groupBy: TimesGroupBy,
  minSample: number,
): CaseTimesRow[] {
  const acc = new Map<
    string,
    { closed: number; within: number; cl: Map<number, number>; fr: Map<number, number>; frn: number }
  >();
  const bucket = (month: string, office: string) => {
    const key = groupBy === 'month' ? month : groupBy === 'office' ? office : 'all';
    let a = acc.get(key);
    if (!a) acc.set(key, (a = { closed: 0, within: 0, cl: new Map(), fr: new Map(), frn: 0 }));
    return a;
  };
  for (const [[month, office, , what], n] of p.rows('cl')) {
    if (!inPeriod(month, f) || !eq(f.officeId, office)) continue;
    const a = bucket(month, office);
    if (what === 'n') a.closed += n;
    else a.within += n;
  }
  for (const [[kind, month, office], h] of p.histRows()) {
    if ((kind !== 'cl' && kind !== 'fr') || !inPeriod(month, f) || !eq(f.officeId, office)) continue;
    const a = bucket(month, office);
    mergeInto(kind === 'cl' ? a.cl : a.fr, h);
    if (kind === 'fr') for (const c of h.values()) a.frn += c;
  }
  // every figure is withheld below the minimum on its own population (closed cases, first responses),
  // the whole body's and a month's too, with secondary suppression (disclosure.rules.ts)
  const facts = caseFacts(p);
  const base: CellQuery = {
    eq: f.officeId !== undefined ? { office: f.officeId } : {},
    from: f.from,
    to: f.to,
  };
  const dimension = groupBy === 'none' ? undefined : groupBy;
  const check = new DisclosureCheck(facts, minSample);
  const rows = [...acc].map(([key, a]): CaseTimesRow => {
    const cell = dimension ? { ...base, eq: { ...base.eq, [dimension]: key } } : base;
    const hidden = check.withheldMeasures(cell, CASE_MEASURES);
    // a withheld row shows no count at all; first responses also stand on their own population
    const v = <X>(x: X) => (hidden.has('closed') ? null : x);
    const r = <X>(x: X) => (hidden.has('closed') || hidden.has('firstResponses') ? null : x);
    return {
      key,
      closed: v(a.closed),
      withinTerm: v(a.within),
      withinTermShare: v(share(a.within, a.closed)),
      closureMedianDays: v(days(percentile(a.cl, 0.5))),
      closureP90Days: v(days(percentile(a.cl, 0.9))),
      firstResponses: r(a.frn),
      firstResponseMedianDays: r(days(percentile(a.fr, 0.5))),
      firstResponseP90Days: r(days(percentile(a.fr, 0.9))),
      sampleSize: v(a.closed),
      belowMinimumSample: hidden.has('closed'),
    };
  });
  return sortBy(rows, (r) => r.key);
}

export interface BacklogRow {
  officeId: string;
  referentId: string;
  open: number;
  overdue: number;
  suspended: number;
}

/** Open cases by office and internal referent now; overdue = past due and not suspended. */
export function backlog(p: IndicatorProjection, f: IndicatorFilter, now: Date): BacklogRow[] {
  const rows = new Map<string, BacklogRow>();
  const nowIso = now.getTime();
  for (const c of p.openCases.values()) {
    if (!eq(f.officeId, c.officeId)) continue;
    const key = `${c.officeId}|${c.referentId}`;
    let r = rows.get(key);
    if (!r)
      rows.set(
        key,
        (r = { officeId: c.officeId, referentId: c.referentId, open: 0, overdue: 0, suspended: 0 }),
      );
    r.open++;
    if (c.suspended) r.suspended++;
    else if (c.dueAt && Date.parse(c.dueAt) < nowIso) r.overdue++;
  }
  return sortBy([...rows.values()], (r) => `${r.officeId}|${r.referentId}`);
}

export interface ReminderRow {
  month: string;
  officeId: string;
  reminders: number;
  dueReached: number;
}

export function reminders(p: IndicatorProjection, f: IndicatorFilter): ReminderRow[] {
  const rows = new Map<string, ReminderRow>();
  for (const [[month, officeId, kind], n] of p.rows('rem')) {
    if (!inPeriod(month, f) || !eq(f.officeId, officeId)) continue;
    const key = `${month}|${officeId}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { month, officeId, reminders: 0, dueReached: 0 }));
    if (kind === 'reminder') r.reminders += n;
    else r.dueReached += n;
  }
  return sortBy([...rows.values()], (r) => `${r.month}|${r.officeId}`);
}

// ---------------------------------------------------------------- complaints

export interface ComplaintsRow {
  month: string;
  contacts: number;
  complaints: number;
  complaintsPer1000Contacts: number | null;
  categories: { category: string; count: number }[];
}

export function complaints(p: IndicatorProjection, f: IndicatorFilter): ComplaintsRow[] {
  const rows = new Map<string, ComplaintsRow>();
  const row = (month: string): ComplaintsRow => {
    let r = rows.get(month);
    if (!r)
      rows.set(
        month,
        (r = { month, contacts: 0, complaints: 0, complaintsPer1000Contacts: null, categories: [] }),
      );
    return r;
  };
  for (const [[month, , type], n] of p.rows('ct')) {
    if (!inPeriod(month, f)) continue;
    const r = row(month);
    r.contacts += n;
    if (type === 'complaint') r.complaints += n;
  }
  for (const [[month, category], count] of p.rows('cc')) {
    if (inPeriod(month, f)) row(month).categories.push({ category, count });
  }
  for (const r of rows.values()) {
    r.complaintsPer1000Contacts = r.contacts ? round((r.complaints / r.contacts) * 1000, 2) : null;
    r.categories.sort((a, b) => b.count - a.count || (a.category < b.category ? -1 : 1));
  }
  return sortBy([...rows.values()], (r) => r.month);
}
