import fc from 'fast-check';
import { formatProtocolNumber, parseProtocolNumber, protocolYear } from './protocol.rules';

describe('protocol numbers (DPR 445/2000 art. 57)', () => {
  it('has at least seven digits and the year', () => {
    expect(formatProtocolNumber(2026, 1)).toBe('2026/0000001');
    expect(formatProtocolNumber(2026, 12_345_678)).toBe('2026/12345678');
    expect(() => formatProtocolNumber(2026, 0)).toThrow(RangeError);
  });

  it('restarts each solar year in Rome (New Year’s Eve 23:30 UTC is already next year)', () => {
    expect(protocolYear(new Date('2026-12-31T22:59:59Z'))).toBe(2026);
    expect(protocolYear(new Date('2026-12-31T23:00:00Z'))).toBe(2027);
  });

  it('round-trips and orders like its sequence within a year', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99_999_999 }),
        fc.integer({ min: 1, max: 99_999_999 }),
        (a, b) => {
          const pa = formatProtocolNumber(2026, a);
          expect(parseProtocolNumber(pa)).toEqual({ year: 2026, seq: a });
          if (a < b && String(a).length <= 7 && String(b).length <= 7)
            expect(pa < formatProtocolNumber(2026, b)).toBe(true);
        },
      ),
    );
  });
});
