/** Procedures and the access register (L. 241/1990, D.Lgs 33/2013), read from the projection (pure). */
import { ACCESS_KINDS, type IndicatorProjection } from './projection';
import {
  days,
  eq,
  inPeriod,
  mergeInto,
  percentile,
  share,
  sortBy,
  type IndicatorFilter,
} from './indicator.common';
import { DisclosureCheck, type Fact } from './disclosure.rules';

// ---------------------------------------------------------------- procedures and the access register

export interface ProcedureRow {
  kind: string;
  procedureTypeCode: string;
  submitted: number;
  decided: number | null;
  withinTerm: number | null;
  withinTermShare: number | null;
  medianDays: number | null;
  p90Days: number | null;
  outcomes: { outcome: string; count: number }[];
  reviewsRequested: number;
  deadlinesMissed: number;
}

function procedureRows(
  p: IndicatorProjection,
  f: IndicatorFilter,
  onlyAccess: boolean,
  byType: boolean,
  minSample: number,
) {
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
          decided: 0 as number | null,
          withinTerm: 0 as number | null,
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
    if (what === 'n') r.decided = (r.decided ?? 0) + n;
    else r.withinTerm = (r.withinTerm ?? 0) + n;
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
  // the decided procedures of a row are a cell: withheld with their counts below the minimum, with
  // secondary suppression across kinds, types, offices and months (disclosure.rules.ts)
  const facts: Fact<'decided'>[] = [];
  for (const [[month, kind, type, office, what], n] of p.rows('pd'))
    if (what === 'n') facts.push({ dims: { month, kind, service: type, office }, n: { decided: n } });
  const fixed: Record<string, string> = {};
  if (f.officeId !== undefined) fixed.office = f.officeId;
  if (f.serviceCode !== undefined) fixed.service = f.serviceCode;
  const check = new DisclosureCheck(facts, minSample);
  return sortBy(
    [...rows.values()].map(({ hist, outcomeMap, ...r }) => {
      const cell = {
        eq: { ...fixed, kind: r.kind, ...(byType ? { service: r.procedureTypeCode } : {}) },
        from: f.from,
        to: f.to,
      };
      const hidden = check.isWithheld(cell, 'decided');
      const v = <X>(x: X) => (hidden ? null : x);
      return {
        ...r,
        decided: v(r.decided),
        withinTerm: v(r.withinTerm),
        withinTermShare: v(share(r.withinTerm ?? 0, r.decided ?? 0)),
        medianDays: v(days(percentile(hist, 0.5))),
        p90Days: v(days(percentile(hist, 0.9))),
        outcomes: [...outcomeMap].sort().map(([outcome, count]) => ({ outcome, count })),
      };
    }),
    (r) => `${r.kind}|${r.procedureTypeCode}`,
  );
}

/** Procedures decided per kind and type: within the legal term, median and p90 net of suspensions. */
export const procedureTimes = (p: IndicatorProjection, f: IndicatorFilter, minSample: number) =>
  procedureRows(p, f, false, true, minSample);

/** The register of access requests (documentale, civico semplice e generalizzato, riesame): no personal data. */
export const accessRegister = (p: IndicatorProjection, f: IndicatorFilter, minSample: number) =>
  procedureRows(p, f, true, false, minSample);
