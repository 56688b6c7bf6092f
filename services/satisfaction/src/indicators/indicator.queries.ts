/**
 * The indicators, read from the projection (pure). Every comparison of offices, services, channels or
 * referents withholds its figures below the minimum sample size (`belowMinimumSample`, values null):
 * a ranking on three answers says nothing and exposes the few people behind them. Front-office
 * operators never appear: the projection does not even keep their ids.
 */
import { ACCESS_KINDS, SV, SV_MEASURES, type IndicatorProjection } from './projection';

export interface IndicatorFilter {
  /** First month, `YYYY-MM` (inclusive). */
  from?: string;
  /** Last month, `YYYY-MM` (inclusive). */
  to?: string;
  officeId?: string;
  serviceCode?: string;
  channel?: string;
  trigger?: string;
}

export type SatisfactionGroupBy = 'none' | 'month' | 'service' | 'office' | 'channel' | 'trigger';
export type TimesGroupBy = 'none' | 'month' | 'office';

const inPeriod = (month: string, f: IndicatorFilter) =>
  (!f.from || month >= f.from) && (!f.to || month <= f.to);
const eq = (want: string | undefined, got: string) => want === undefined || want === got;
const share = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const days = (hours: number | null) => (hours === null ? null : round(hours / 24, 1));

/** Nearest-rank percentile of a histogram (value → count). */
export function percentile(hist: Map<number, number>, p: number): number | null {
  let n = 0;
  for (const c of hist.values()) n += c;
  if (!n) return null;
  const rank = Math.max(1, Math.ceil(p * n));
  let seen = 0;
  for (const [v, c] of [...hist].sort((a, b) => a[0] - b[0])) {
    seen += c;
    if (seen >= rank) return v;
  }
  return null;
}

function mergeInto(target: Map<number, number>, source: Map<number, number>) {
  for (const [v, c] of source) target.set(v, (target.get(v) ?? 0) + c);
}

const sortBy = <R>(rows: R[], key: (r: R) => string) =>
  rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

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
  closed: number;
  resolvedAtFirstContact: number;
  rate: number | null;
}

export function firstContactResolution(p: IndicatorProjection, f: IndicatorFilter): FirstContactRow[] {
  const rows = new Map<string, FirstContactRow>();
  for (const [[month, channel, what], n] of p.rows('fcr')) {
    if (!inPeriod(month, f) || !eq(f.channel, channel)) continue;
    const key = `${month}|${channel}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { month, channel, closed: 0, resolvedAtFirstContact: 0, rate: null }));
    if (what === 'closed') r.closed += n;
    else r.resolvedAtFirstContact += n;
  }
  for (const r of rows.values()) r.rate = share(r.resolvedAtFirstContact, r.closed);
  return sortBy([...rows.values()], (r) => `${r.month}|${r.channel}`);
}

// ---------------------------------------------------------------- cases: times, term, backlog

export interface CaseTimesRow {
  key: string;
  closed: number;
  withinTerm: number;
  withinTermShare: number | null;
  closureMedianDays: number | null;
  closureP90Days: number | null;
  firstResponses: number;
  firstResponseMedianDays: number | null;
  firstResponseP90Days: number | null;
  sampleSize: number;
  belowMinimumSample: boolean;
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
  // comparisons (by office) need the minimum sample; a month's or the whole figure is one body's own
  const guard = groupBy === 'office';
  const rows = [...acc].map(([key, a]): CaseTimesRow => {
    const sampleSize = a.closed;
    const below = guard && sampleSize < minSample;
    const v = <X>(x: X) => (below ? null : x);
    return {
      key,
      closed: a.closed,
      withinTerm: a.within,
      withinTermShare: v(share(a.within, a.closed)),
      closureMedianDays: v(days(percentile(a.cl, 0.5))),
      closureP90Days: v(days(percentile(a.cl, 0.9))),
      firstResponses: a.frn,
      firstResponseMedianDays: v(days(percentile(a.fr, 0.5))),
      firstResponseP90Days: v(days(percentile(a.fr, 0.9))),
      sampleSize,
      belowMinimumSample: below,
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

// ---------------------------------------------------------------- procedures and the access register

export interface ProcedureRow {
  kind: string;
  procedureTypeCode: string;
  submitted: number;
  decided: number;
  withinTerm: number;
  withinTermShare: number | null;
  medianDays: number | null;
  p90Days: number | null;
  outcomes: { outcome: string; count: number }[];
  reviewsRequested: number;
  deadlinesMissed: number;
}

function procedureRows(p: IndicatorProjection, f: IndicatorFilter, onlyAccess: boolean, byType: boolean) {
  const rows = new Map<
    string,
    ProcedureRow & { hist: Map<number, number>; outcomeMap: Map<string, number> }
  >();
  const row = (kind: string, type: string) => {
    const key = `${kind}|${byType ? type : '*'}`;
    let r = rows.get(key);
    if (!r)
      rows.set(
        key,
        (r = {
          kind,
          procedureTypeCode: byType ? type : '*',
          submitted: 0,
          decided: 0,
          withinTerm: 0,
          withinTermShare: null,
          medianDays: null,
          p90Days: null,
          outcomes: [],
          reviewsRequested: 0,
          deadlinesMissed: 0,
          hist: new Map(),
          outcomeMap: new Map(),
        }),
      );
    return r;
  };
  const keep = (month: string, kind: string) => inPeriod(month, f) && (!onlyAccess || ACCESS_KINDS.has(kind));
  for (const [[month, kind, type, office, what], n] of p.rows('pd')) {
    if (!keep(month, kind) || !eq(f.officeId, office) || !eq(f.serviceCode, type)) continue;
    const r = row(kind, type);
    if (what === 'n') r.decided += n;
    else r.withinTerm += n;
  }
  for (const [[prefix, month, kind, type, office], h] of p.histRows()) {
    if (prefix !== 'pd') continue;
    if (!keep(month, kind) || !eq(f.officeId, office) || !eq(f.serviceCode, type)) continue;
    mergeInto(row(kind, type).hist, h);
  }
  if (!byType && f.serviceCode === undefined && f.officeId === undefined) {
    for (const [prefix, field] of [
      ['ps', 'submitted'],
      ['pr', 'reviewsRequested'],
      ['pm', 'deadlinesMissed'],
    ] as const)
      for (const [[month, kind], n] of p.rows(prefix)) {
        if (keep(month, kind)) row(kind, '*')[field] += n;
      }
    for (const [[month, kind, outcome], n] of p.rows('pdo')) {
      if (!keep(month, kind)) continue;
      const r = row(kind, '*');
      r.outcomeMap.set(outcome, (r.outcomeMap.get(outcome) ?? 0) + n);
    }
  }
  return sortBy(
    [...rows.values()].map(({ hist, outcomeMap, ...r }) => ({
      ...r,
      withinTermShare: share(r.withinTerm, r.decided),
      medianDays: days(percentile(hist, 0.5)),
      p90Days: days(percentile(hist, 0.9)),
      outcomes: [...outcomeMap].sort().map(([outcome, count]) => ({ outcome, count })),
    })),
    (r) => `${r.kind}|${r.procedureTypeCode}`,
  );
}

/** Procedures decided per kind and type: within the legal term, median and p90 net of suspensions. */
export const procedureTimes = (p: IndicatorProjection, f: IndicatorFilter) =>
  procedureRows(p, f, false, true);

/** The register of access requests (documentale, civico semplice e generalizzato, riesame): no personal data. */
export const accessRegister = (p: IndicatorProjection, f: IndicatorFilter) =>
  procedureRows(p, f, true, false);

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

// ---------------------------------------------------------------- knowledge base

export interface KnowledgeRow {
  sheetId: string;
  slug: string | null;
  title: string | null;
  active: boolean;
  contactsAnswered: number;
  clear: number;
  unclear: number;
  clearShare: number | null;
  pastReviewDate: boolean;
  reasons: { reason: string; count: number }[];
}

/** Knowledge-base effectiveness: contacts answered per sheet, "was this clear?", sheets past their review. */
export function knowledgeBase(p: IndicatorProjection, now: Date): KnowledgeRow[] {
  const ids = new Set<string>(p.sheets.keys());
  for (const k of p.group('su').keys()) ids.add(k);
  for (const [[sheetId]] of p.rows('sf')) ids.add(sheetId);
  const reasons = new Map<string, { reason: string; count: number }[]>();
  for (const [[sheetId, reason], count] of p.rows('sfr')) {
    let list = reasons.get(sheetId);
    if (!list) reasons.set(sheetId, (list = []));
    list.push({ reason, count });
  }
  const rows = [...ids].map((sheetId): KnowledgeRow => {
    const s = p.sheets.get(sheetId);
    const clear = p.count(`sf|${sheetId}|clear`);
    const unclear = p.count(`sf|${sheetId}|unclear`);
    return {
      sheetId,
      slug: s?.slug ?? null,
      title: s?.title ?? null,
      active: s?.active ?? false,
      contactsAnswered: p.count(`su|${sheetId}`),
      clear,
      unclear,
      clearShare: share(clear, clear + unclear),
      pastReviewDate: !!s?.active && Date.parse(s.reviewDueAt) < now.getTime(),
      reasons: (reasons.get(sheetId) ?? []).sort((a, b) => b.count - a.count),
    };
  });
  return sortBy(rows, (r) => r.slug ?? r.sheetId);
}

// ---------------------------------------------------------------- satisfaction

export interface SatisfactionRow {
  key: string;
  invited: number;
  answered: number;
  expired: number;
  responseRate: number | null;
  /** Judgements given in the period (the sample). */
  sampleSize: number;
  belowMinimumSample: boolean;
  satisfiedShare: number | null;
  neutralShare: number | null;
  dissatisfiedShare: number | null;
  meanStars: number | null;
  starsDistribution: number[] | null;
  meanCsat: number | null;
  nps: number | null;
  reasons: { reason: string; count: number }[] | null;
}

export function satisfaction(
  p: IndicatorProjection,
  f: IndicatorFilter,
  groupBy: SatisfactionGroupBy,
  minSample: number,
): SatisfactionRow[] {
  const acc = new Map<string, number[]>();
  for (const [[month, trigger, service, office, channel], vec] of p.satisfactionRows()) {
    if (
      !inPeriod(month, f) ||
      !eq(f.trigger, trigger) ||
      !eq(f.serviceCode, service) ||
      !eq(f.officeId, office) ||
      !eq(f.channel, channel)
    )
      continue;
    const key =
      groupBy === 'month'
        ? month
        : groupBy === 'service'
          ? service
          : groupBy === 'office'
            ? office
            : groupBy === 'channel'
              ? channel
              : groupBy === 'trigger'
                ? trigger
                : 'all';
    let m = acc.get(key);
    if (!m) acc.set(key, (m = new Array<number>(SV_MEASURES.length).fill(0)));
    for (let i = 0; i < vec.length; i++) m[i] += vec[i];
  }
  // a comparison (by service, office, channel) or one office's, service's or channel's own figure needs the
  // minimum sample; the whole administration's figure, or its monthly trend, does not
  const guarded =
    groupBy !== 'none' && groupBy !== 'month' ? true : !!(f.officeId || f.serviceCode || f.channel);
  const rows = [...acc].map(([key, m]): SatisfactionRow => {
    const g = (x: keyof typeof SV) => m[SV[x]];
    const sampleSize = g('judged');
    const below = guarded && sampleSize < minSample;
    const v = <X>(x: X) => (below ? null : x);
    const emoticons = g('e_satisfied') + g('e_neutral') + g('e_dissatisfied');
    const reasonList = SV_MEASURES.filter((k) => k.startsWith('r_') && m[SV[k]] > 0)
      .map((k) => ({ reason: k.slice(2), count: m[SV[k]] }))
      .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
    return {
      key,
      invited: g('issued'),
      answered: g('answered'),
      expired: g('expired'),
      responseRate: share(g('answered'), g('issued')),
      sampleSize,
      belowMinimumSample: below,
      satisfiedShare: v(share(g('e_satisfied'), emoticons)),
      neutralShare: v(share(g('e_neutral'), emoticons)),
      dissatisfiedShare: v(share(g('e_dissatisfied'), emoticons)),
      meanStars: v(g('stars_n') ? round(g('stars_sum') / g('stars_n')) : null),
      starsDistribution: v(g('stars_n') ? [g('s1'), g('s2'), g('s3'), g('s4'), g('s5')] : null),
      meanCsat: v(g('csat_n') ? round(g('csat_sum') / g('csat_n')) : null),
      // NPS = % promoters (9-10) − % detractors (0-6)
      nps: v(g('nps_n') ? Math.round(((g('nps_prom') - g('nps_det')) / g('nps_n')) * 100) : null),
      reasons: v(reasonList),
    };
  });
  return sortBy(rows, (r) => r.key);
}

// ---------------------------------------------------------------- performance evaluation export

export interface PerformanceRow {
  officeId: string;
  serviceCode: string;
  surveysInvited: number;
  surveysAnswered: number;
  responseRate: number | null;
  satisfiedShare: number | null;
  dissatisfiedShare: number | null;
  meanStars: number | null;
  proceduresDecided: number;
  proceduresWithinTermShare: number | null;
  procedureMedianDays: number | null;
  casesClosed: number;
  casesWithinTermShare: number | null;
  caseClosureMedianDays: number | null;
  belowMinimumSample: boolean;
}

/**
 * Per office and service, for the performance cycle (Linee guida 4/2019 on participatory evaluation): one
 * row per office and service rated or decided, plus one `*` row per office with its cases.
 */
export function performanceEvaluation(
  p: IndicatorProjection,
  f: IndicatorFilter,
  minSample: number,
): PerformanceRow[] {
  type Acc = { sat: number[]; decided: number; within: number; hist: Map<number, number> };
  const acc = new Map<string, Acc>();
  const at = (officeId: string, serviceCode: string) => {
    const key = `${officeId}|${serviceCode}`;
    let a = acc.get(key);
    if (!a)
      acc.set(
        key,
        (a = { sat: new Array<number>(SV_MEASURES.length).fill(0), decided: 0, within: 0, hist: new Map() }),
      );
    return a;
  };
  // one pass over each indicator (a per-pair query would scan everything once per pair)
  for (const [[month, trigger, service, office], vec] of p.satisfactionRows()) {
    if (
      !inPeriod(month, f) ||
      !eq(f.officeId, office) ||
      !eq(f.serviceCode, service) ||
      !eq(f.trigger, trigger)
    )
      continue;
    const m = at(office, service).sat;
    for (let i = 0; i < vec.length; i++) m[i] += vec[i];
  }
  for (const [[month, , type, office, what], n] of p.rows('pd')) {
    if (!inPeriod(month, f) || !eq(f.officeId, office) || !eq(f.serviceCode, type)) continue;
    const a = at(office, type);
    if (what === 'n') a.decided += n;
    else a.within += n;
  }
  for (const [[prefix, month, , type, office], h] of p.histRows()) {
    if (prefix !== 'pd' || !inPeriod(month, f) || !eq(f.officeId, office) || !eq(f.serviceCode, type))
      continue;
    mergeInto(at(office, type).hist, h);
  }
  const rows: PerformanceRow[] = [];
  for (const [key, a] of acc) {
    const [officeId, serviceCode] = key.split('|');
    const g = (x: keyof typeof SV) => a.sat[SV[x]];
    const judged = g('judged');
    const emoticons = g('e_satisfied') + g('e_neutral') + g('e_dissatisfied');
    const below = judged > 0 ? judged < minSample : a.decided < minSample;
    const v = <X>(x: X) => (below ? null : x);
    rows.push({
      officeId,
      serviceCode,
      surveysInvited: g('issued'),
      surveysAnswered: g('answered'),
      responseRate: share(g('answered'), g('issued')),
      satisfiedShare: v(share(g('e_satisfied'), emoticons)),
      dissatisfiedShare: v(share(g('e_dissatisfied'), emoticons)),
      meanStars: v(g('stars_n') ? round(g('stars_sum') / g('stars_n')) : null),
      proceduresDecided: a.decided,
      proceduresWithinTermShare: v(share(a.within, a.decided)),
      procedureMedianDays: v(days(percentile(a.hist, 0.5))),
      casesClosed: 0,
      casesWithinTermShare: null,
      caseClosureMedianDays: null,
      belowMinimumSample: below,
    });
  }
  // one row per office with its cases (cases are per office, not per service)
  if (f.serviceCode === undefined)
    for (const c of caseTimes(p, f, 'office', minSample))
      rows.push({
        officeId: c.key,
        serviceCode: '*',
        surveysInvited: 0,
        surveysAnswered: 0,
        responseRate: null,
        satisfiedShare: null,
        dissatisfiedShare: null,
        meanStars: null,
        proceduresDecided: 0,
        proceduresWithinTermShare: null,
        procedureMedianDays: null,
        casesClosed: c.closed,
        casesWithinTermShare: c.withinTermShare,
        caseClosureMedianDays: c.closureMedianDays,
        belowMinimumSample: c.belowMinimumSample,
      });
  return sortBy(rows, (r) => `${r.officeId}|${r.serviceCode}`);
}
