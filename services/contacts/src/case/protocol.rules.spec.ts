import fc from 'fast-check';
import {
  formatProtocolNumber,
  parseProtocolNumber,
  protocolCandidates,
  protocolYear,
  readTypedProtocolNumber,
} from './protocol.rules';

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

describe('a protocol number as a citizen types it from the receipt', () => {
  it.each([
    ['2026/0000123', { year: 2026, seq: 123 }],
    ['  2026 / 0000123 ', { year: 2026, seq: 123 }],
    ['2026/123', { year: 2026, seq: 123 }],
    ['2026-123', { year: 2026, seq: 123 }],
    ['2026 123', { year: 2026, seq: 123 }],
    ['123/2026', { year: 2026, seq: 123 }],
    ['n. 123/2026', { year: 2026, seq: 123 }],
    ['Prot. n. 2026/0000123', { year: 2026, seq: 123 }],
    ['101', { seq: 101 }],
    ['0000101', { seq: 101 }],
    [' 101 ', { seq: 101 }],
    ['N° 101', { seq: 101 }],
  ])('%s', (typed, read) => {
    expect(readTypedProtocolNumber(typed)).toEqual(read);
  });

  it.each(['', '0', '0000000', '12/4', 'abc', '2026/', '/123', '2026/12/3', '1e3', '-5'])(
    'refuses %p',
    (typed) => {
      expect(readTypedProtocolNumber(typed)).toBeUndefined();
    },
  );

  it('reads back every number it prints', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2199 }), fc.integer({ min: 1, max: 99_999_999 }), (y, n) => {
        expect(readTypedProtocolNumber(formatProtocolNumber(y, n))).toEqual({ year: y, seq: n });
      }),
    );
  });

  it('a number without its year may be that number of any year kept, newest first', () => {
    expect(protocolCandidates({ year: 2025, seq: 7 }, 2026)).toEqual(['2025/0000007']);
    const any = protocolCandidates({ seq: 101 }, 2026);
    expect(any[0]).toBe('2026/0000101');
    expect(any.at(-1)).toBe('2016/0000101');
    expect(any).toHaveLength(11);
  });
});
