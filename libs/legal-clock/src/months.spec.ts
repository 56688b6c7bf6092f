import fc from 'fast-check';
import { LegalCalendar } from './calendar';
import { daysFromCivil, fromDayNumber, isLeapYear, toDayNumber } from './civil-date';
import { addMonths, monthTermFrom } from './months';

const cal = new LegalCalendar({ patronSaint: { month: 8, day: 10, name: 'San Lorenzo' } });

/** The naive reference: walk one month at a time on [year, month], then clamp the day. */
function addMonthsNaive(date: string, months: number): string {
  let y = Number(date.slice(0, 4));
  let m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  for (let i = 0; i < Math.abs(months); i++) {
    m += months > 0 ? 1 : -1;
    if (m === 13) [y, m] = [y + 1, 1];
    if (m === 0) [y, m] = [y - 1, 12];
  }
  const days = [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return fromDayNumber(daysFromCivil(y, m, Math.min(d, days)));
}

const day = fc
  .integer({ min: daysFromCivil(1990, 1, 1), max: daysFromCivil(2100, 12, 31) })
  .map(fromDayNumber);

describe('terms in months (art. 2963 c.5 c.c.)', () => {
  it('ends on the corresponding day, or the last day of a shorter month', () => {
    expect(addMonths('2026-03-15', 12)).toBe('2027-03-15');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(() => addMonths('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addMonths('2026-02-01', 1.5)).toThrow(RangeError);
  });

  it('moves a month term ending on a closed day to the next working day', () => {
    // 3 January 2027 is a Sunday; 25-26 December are holidays; 10 August is the patron saint here
    expect(monthTermFrom('2026-01-03', 12, cal)).toBe('2027-01-04');
    expect(monthTermFrom('2025-12-25', 12, cal)).toBe('2026-12-28');
    expect(monthTermFrom('2026-02-10', 6, cal)).toBe('2026-08-11');
    expect(monthTermFrom('2026-03-16', 12, cal)).toBe('2027-03-16');
  });

  it('agrees with a month-by-month walk', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -60, max: 60 }), (d, n) => {
        fc.pre(Number(d.slice(0, 4)) + Math.ceil(Math.abs(n) / 12) <= 2199);
        expect(addMonths(d, n)).toBe(addMonthsNaive(d, n));
      }),
      { numRuns: 2000 },
    );
  });

  it('is monotonic, keeps the day when it exists and never runs past the month', () => {
    fc.assert(
      fc.property(day, day, fc.integer({ min: 1, max: 36 }), (a, b, n) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(addMonths(lo, n) <= addMonths(hi, n)).toBe(true);
        const r = addMonths(a, n);
        expect(Number(r.slice(8, 10))).toBeLessThanOrEqual(Number(a.slice(8, 10)));
        const months =
          (Number(r.slice(0, 4)) - Number(a.slice(0, 4))) * 12 +
          Number(r.slice(5, 7)) -
          Number(a.slice(5, 7));
        expect(months).toBe(n);
        const t = monthTermFrom(a, n, cal);
        expect(toDayNumber(t)).toBeGreaterThanOrEqual(toDayNumber(r));
        expect(cal.isWorkingDay(t)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
