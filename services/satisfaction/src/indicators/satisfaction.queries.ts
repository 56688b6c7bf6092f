/** Satisfaction and the performance-evaluation export, read from the projection (pure). */
import { SV, SV_MEASURES, type IndicatorProjection } from './projection';
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
  type SatisfactionGroupBy,
} from './indicator.common';
import { caseTimes } from './case.queries';

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
