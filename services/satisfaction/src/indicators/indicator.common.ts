/** The filters of the indicators and the arithmetic they share (pure). */
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

export const inPeriod = (month: string, f: IndicatorFilter) =>
  (!f.from || month >= f.from) && (!f.to || month <= f.to);
export const eq = (want: string | undefined, got: string) => want === undefined || want === got;
export const share = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
export const days = (hours: number | null) => (hours === null ? null : round(hours / 24, 1));

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

export function mergeInto(target: Map<number, number>, source: Map<number, number>) {
  for (const [v, c] of source) target.set(v, (target.get(v) ?? 0) + c);
}

export const sortBy = <R>(rows: R[], key: (r: R) => string) =>
  rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
