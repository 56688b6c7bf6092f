import { currentTraceparent, parseTraceparent, randomHex } from './trace-context';

describe('the traceparent every event carries', () => {
  it('is a new valid W3C traceparent when no trace is active (tracing off)', () => {
    const a = currentTraceparent();
    const b = currentTraceparent();
    expect(a).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    expect(parseTraceparent(a)).toBeDefined();
    expect(a).not.toBe(b);
  });

  it("keeps the causing event's when it is valid, and ignores one that is not", () => {
    const cause = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(currentTraceparent(cause)).toBe(cause);
    expect(currentTraceparent('00-abc-def-01')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    expect(parseTraceparent('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeUndefined();
  });
});

describe('randomHex (the pooled random bytes of ids)', () => {
  it('hands out each byte once, across refills of the pool', () => {
    // 3 × 4096 bytes drawn in uneven sizes: the pool is refilled twice and never hands out a slice twice
    const seen = new Set<string>();
    let drawn = 0;
    for (let i = 0; drawn < 3 * 4096; i++) {
      const n = [16, 8, 7, 33][i % 4];
      const hex = randomHex(n);
      expect(hex).toMatch(new RegExp(`^[0-9a-f]{${2 * n}}$`));
      expect(seen.has(hex)).toBe(false);
      seen.add(hex);
      drawn += n;
    }
  });

  it('looks random: every byte value appears, none far more often than the others', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 4096; i++) {
      const hex = randomHex(16);
      for (let j = 0; j < 32; j += 2) counts[parseInt(hex.slice(j, j + 2), 16)]++;
    }
    // 65,536 bytes: 256 expected per value; a fixed or stuck pool would put them all in a few values
    expect(Math.min(...counts)).toBeGreaterThan(150);
    expect(Math.max(...counts)).toBeLessThan(370);
  });

  it('refuses sizes the pool cannot give', () => {
    expect(() => randomHex(0)).toThrow(RangeError);
    expect(() => randomHex(4097)).toThrow(RangeError);
  });
});
