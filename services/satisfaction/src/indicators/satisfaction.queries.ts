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
import { DisclosureCheck, type CellQuery, type Fact } from './disclosure.rules';

/** The populations of the satisfaction figures: each figure is withheld on its own population. */
export const SATISFACTION_MEASURES = [
  'invited',
  'answered',
  'expired',
  'judged',
  'emoticons',
  'stars',
  'csat',
  'nps',
] as const;
export type SatisfactionMeasure = (typeof SATISFACTION_MEASURES)[number];

/** The satisfaction vectors as disclosure facts (dimensions and the population of each measure). */
export function satisfactionFacts(p: IndicatorProjection): Fact<SatisfactionMeasure>[] {
  const facts: Fact<SatisfactionMeasure>[] = [];
  for (const [[month, trigger, service, office, channel], v] of p.satisfactionRows())
    facts.push({
      dims: { month, trigger, service, office, channel },
      n: {
        invited: v[SV.issued],
        answered: v[SV.answered],
        expired: v[SV.expired],
        judged: v[SV.judged],
        emoticons: v[SV.e_satisfied] + v[SV.e_neutral] + v[SV.e_dissatisfied],
        stars: v[SV.stars_n],
        csat: v[SV.csat_n],
        nps: v[SV.nps_n],
      },
    });
  return facts;
}

/** The fixed dimensions of a filter (`officeId` → `office`…), as a disclosure cell. */
export function filterCell(f: IndicatorFilter): CellQuery {
  const eq: Record<string, string> = {};
  if (f.officeId !== undefined) eq.office = f.officeId;
  if (f.serviceCode !== undefined) eq.service = f.serviceCode;
  if (f.channel !== undefined) eq.channel = f.channel;
  if (f.trigger !== undefined) eq.trigger = f.trigger;
  return { eq, from: f.from, to: f.to };
}

/** The cell of one row of a grouping: the filter plus the row's own dimension. */
export const rowCell = (base: CellQuery, dimension: string | undefined, key: string): CellQuery =>
  dimension ? { ...base, eq: { ...base.eq, [dimension]: key } } : base;

// ---------------------------------------------------------------- satisfaction

export interface SatisfactionRow {
  key: string;
  invited: number | null;
  answered: number | null;
  expired: number | null;
  responseRate: number | null;
  /** Judgements given in the period (the sample). */
  sampleSize: number | null;
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
  // every figure, the whole administration's too, is withheld below the minimum on its own population,
  // with secondary suppression and filters treated as cells (disclosure.rules.ts)
  const facts = satisfactionFacts(p);
  const base = filterCell(f);
  const dimension = groupBy === 'none' ? undefined : groupBy;
  const check = new DisclosureCheck(facts, minSample);
  const rows = [...acc].map(([key, m]): SatisfactionRow => {
    const g = (x: keyof typeof SV) => m[SV[x]];
    const hidden = check.withheldMeasures(rowCell(base, dimension, key), SATISFACTION_MEASURES);
    // a withheld row shows no count at all; otherwise each figure stands on its own population
    const below = hidden.has('judged');
    const by =
      (measure: SatisfactionMeasure) =>
      <X>(x: X) =>
        below || hidden.has(measure) ? null : x;
    const judged = by('judged');
    // participation: invited = answered + expired + pending, so one of them withheld hides them all
    const participationHidden =
      below || ['invited', 'answered', 'expired'].some((m) => hidden.has(m as SatisfactionMeasure));
    const participation = <X>(x: X) => (participationHidden ? null : x);
    const emoticons = g('e_satisfied') + g('e_neutral') + g('e_dissatisfied');
    const reasonList = SV_MEASURES.filter((k) => k.startsWith('r_') && m[SV[k]] > 0)
      .map((k) => ({ reason: k.slice(2), count: m[SV[k]] }))
      .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
    return {
      key,
      invited: participation(g('issued')),
      answered: participation(g('answered')),
      expired: participation(g('expired')),
      responseRate: participation(share(g('answered'), g('issued'))),
      sampleSize: judged(g('judged')),
      belowMinimumSample: below,
      satisfiedShare: by('emoticons')(share(g('e_satisfied'), emoticons)),
      neutralShare: by('emoticons')(share(g('e_neutral'), emoticons)),
      dissatisfiedShare: by('emoticons')(share(g('e_dissatisfied'), emoticons)),
      meanStars: by('stars')(g('stars_n') ? round(g('stars_sum') / g('stars_n')) : null),
      starsDistribution: by('stars')(g('stars_n') ? [g('s1'), g('s2'), g('s3'), g('s4'), g('s5')] : null),
      meanCsat: by('csat')(g('csat_n') ? round(g('csat_sum') / g('csat_n')) : null),
      // NPS = % promoters (9-10) − % detractors (0-6)
      nps: by('nps')(g('nps_n') ? Math.round(((g('nps_prom') - g('nps_det')) / g('nps_n')) * 100) : null),
      reasons: judged(reasonList),
    };
  });
  return sortBy(rows, (r) => r.key);
}

// ---------------------------------------------------------------- performance evaluation export

export interface PerformanceRow {
  officeId: string;
  serviceCode: string;
  surveysInvited: number | null;
  surveysAnswered: number | null;
  responseRate: number | null;
  satisfiedShare: number | null;
  dissatisfiedShare: number | null;
  meanStars: number | null;
  proceduresDecided: number | null;
  proceduresWithinTermShare: number | null;
  procedureMedianDays: number | null;
  casesClosed: number | null;
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
  const satFacts = satisfactionFacts(p);
  const procFacts: Fact<'decided'>[] = [];
  for (const [[month, , type, office, what], n] of p.rows('pd'))
    if (what === 'n') procFacts.push({ dims: { month, service: type, office }, n: { decided: n } });
  const base = filterCell({ ...f, channel: undefined });
  const satCheck = new DisclosureCheck(satFacts, minSample);
  const procCheck = new DisclosureCheck(procFacts, minSample);
  for (const [key, a] of acc) {
    const [officeId, serviceCode] = key.split('|');
    const cell = { ...base, eq: { ...base.eq, office: officeId, service: serviceCode } };
    const hidden = satCheck.withheldMeasures(cell, SATISFACTION_MEASURES);
    const procCell = { ...cell, eq: { office: officeId, service: serviceCode } };
    const procHidden = procCheck.isWithheld(procCell, 'decided');
    // a withheld row (its judgements or its procedures) shows no count at all
    const below = hidden.has('judged') || procHidden;
    const by =
      (measure: SatisfactionMeasure) =>
      <X>(x: X) =>
        below || hidden.has(measure) ? null : x;
    const participationHidden = ['invited', 'answered', 'expired'].some((m) =>
      hidden.has(m as SatisfactionMeasure),
    );
    const pp = <X>(x: X) => (below || participationHidden ? null : x);
    const pv = <X>(x: X) => (below ? null : x);
    const g = (x: keyof typeof SV) => a.sat[SV[x]];
    const emoticons = g('e_satisfied') + g('e_neutral') + g('e_dissatisfied');
    rows.push({
      officeId,
      serviceCode,
      surveysInvited: pp(g('issued')),
      surveysAnswered: pp(g('answered')),
      responseRate: pp(share(g('answered'), g('issued'))),
      satisfiedShare: by('emoticons')(share(g('e_satisfied'), emoticons)),
      dissatisfiedShare: by('emoticons')(share(g('e_dissatisfied'), emoticons)),
      meanStars: by('stars')(g('stars_n') ? round(g('stars_sum') / g('stars_n')) : null),
      proceduresDecided: pv(a.decided),
      proceduresWithinTermShare: pv(share(a.within, a.decided)),
      procedureMedianDays: pv(days(percentile(a.hist, 0.5))),
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
