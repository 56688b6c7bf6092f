import { percentile, perSecond, sortedPercentile, summarize } from './stats';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const shuffled = (values: number[]) => {
  // deterministic shuffle (LCG): the helpers must not rely on input order
  const out = [...values];
  let seed = 42;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
};

describe('percentile (nearest rank)', () => {
  it('gives the textbook values for 1..100', () => {
    const values = shuffled(range(1, 100));
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 90)).toBe(90);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile(values, 0)).toBe(1);
  });

  it('p99 of 1..1000 is 990 and p99.9 is 999', () => {
    const values = shuffled(range(1, 1000));
    expect(percentile(values, 99)).toBe(990);
    expect(percentile(values, 99.9)).toBe(999);
  });

  it('rounds the rank up: with two values p50 is the lower one, anything above is the upper one', () => {
    expect(percentile([20, 10], 50)).toBe(10);
    expect(percentile([20, 10], 50.1)).toBe(20);
  });

  it('a single tail outlier shows in p99 only when it is more than 1% of the values', () => {
    const fast = Array.from({ length: 99 }, () => 2);
    expect(percentile([...fast, 500], 99)).toBe(2); // 1 of 100: beyond p99
    expect(percentile([...fast.slice(0, 49), 500], 99)).toBe(500); // 1 of 50: it is the p99
  });

  it('returns one of the values, does not mutate its input, handles duplicates and negatives', () => {
    const values = [5, -3, 5, 0, 12.5];
    const copy = [...values];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 20)).toBe(-3);
    expect(values).toEqual(copy);
  });

  it('is NaN without values and rejects p outside [0, 100]', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it('sortedPercentile agrees with percentile on sorted input', () => {
    const sorted = range(1, 37).map((v) => v * 3);
    for (const p of [0, 1, 25, 50, 75, 99, 100])
      expect(sortedPercentile(sorted, p)).toBe(percentile(sorted, p));
  });
});

describe('summarize', () => {
  it('summarises a known distribution', () => {
    expect(summarize(shuffled(range(1, 200)))).toEqual({
      count: 200,
      min: 1,
      mean: 100.5,
      p50: 100,
      p90: 180,
      p99: 198,
      max: 200,
    });
  });

  it('is all NaN for no values', () => {
    const s = summarize([]);
    expect(s.count).toBe(0);
    expect(s.p99).toBeNaN();
    expect(s.mean).toBeNaN();
  });
});

describe('perSecond', () => {
  it('converts a count over milliseconds to a rate', () => {
    expect(perSecond(10_000, 2_000)).toBe(5_000);
    expect(perSecond(1, 0)).toBeNaN();
  });
});
