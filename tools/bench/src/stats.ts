/**
 * Small statistics helpers for the benchmark. Percentiles use the nearest-rank method: the p-th
 * percentile of n values is the smallest value such that at least p% of the values are ≤ it
 * (rank ⌈p/100 · n⌉ in ascending order). It always returns one of the measured values.
 */

/** The p-th percentile (0 ≤ p ≤ 100) of `values`, nearest-rank; NaN for no values. Does not mutate `values`. */
export function percentile(values: readonly number[], p: number): number {
  if (!Number.isFinite(p) || p < 0 || p > 100)
    throw new RangeError(`percentile must be within [0, 100]: ${p}`);
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sortedPercentile(sorted, p);
}

/** Same as `percentile`, for values already sorted in ascending order (no copy). */
export function sortedPercentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  // rounded to 12 significant digits first: 99.9 / 100 * 1000 is 999.0000000000001 in floating point
  const rank = Math.max(1, Math.ceil(Number(((p * sorted.length) / 100).toPrecision(12))));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export interface Summary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { count: 0, min: NaN, mean: NaN, p50: NaN, p90: NaN, p99: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    min: sorted[0],
    mean: sum / sorted.length,
    p50: sortedPercentile(sorted, 50),
    p90: sortedPercentile(sorted, 90),
    p99: sortedPercentile(sorted, 99),
    max: sorted[sorted.length - 1],
  };
}

/** Events per second for `count` events over `ms` milliseconds (NaN if no time elapsed). */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : Number.NaN;
}

/** Wall-clock time in milliseconds with sub-millisecond resolution (comparable across the process). */
export const now = (): number => performance.timeOrigin + performance.now();
