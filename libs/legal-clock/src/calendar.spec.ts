import fc from 'fast-check';
import { easterSunday, LegalCalendar, nationalHolidays } from './calendar';
import {
  addDays,
  daysFromCivil,
  endOfRomeDay,
  fromDayNumber,
  romeCivilDate,
  startOfRomeDay,
  toDayNumber,
  weekday,
} from './civil-date';

describe('civil dates', () => {
  it('round-trips day numbers and agrees with the JavaScript calendar', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2920, max: 84000 }), (n) => {
        const date = fromDayNumber(n);
        expect(toDayNumber(date)).toBe(n);
        expect(new Date(n * 86_400_000).toISOString().slice(0, 10)).toBe(date);
        expect(weekday(n)).toBe(new Date(n * 86_400_000).getUTCDay());
      }),
    );
  });

  it('refuses dates that do not exist', () => {
    expect(() => toDayNumber('2026-02-29')).toThrow(RangeError);
    expect(() => toDayNumber('2026-13-01')).toThrow(RangeError);
    expect(() => toDayNumber('26-1-1')).toThrow(RangeError);
    expect(toDayNumber('2028-02-29')).toBe(daysFromCivil(2028, 2, 29));
  });

  it('handles leap years and year boundaries', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01'); // not a leap year
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29'); // a leap year
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('takes the Italian civil date of an instant, across daylight-saving changes', () => {
    expect(romeCivilDate('2026-03-28T23:30:00Z')).toBe('2026-03-29'); // 00:30 CET
    expect(romeCivilDate('2026-07-01T21:59:00Z')).toBe('2026-07-01'); // 23:59 CEST
    expect(romeCivilDate('2026-07-01T22:00:00Z')).toBe('2026-07-02'); // 00:00 CEST
    expect(romeCivilDate('2026-12-31T23:00:00Z')).toBe('2027-01-01');
    const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1996, 0, 1), max: Date.UTC(2100, 0, 1) }), (t) => {
        expect(romeCivilDate(t)).toBe(fmt.format(new Date(t)));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes the end and the start of an Italian day with the offset in force then', () => {
    expect(endOfRomeDay('2026-12-14')).toBe('2026-12-14T23:59:59.999+01:00');
    expect(endOfRomeDay('2026-07-14')).toBe('2026-07-14T23:59:59.999+02:00');
    expect(endOfRomeDay('2026-03-29')).toBe('2026-03-29T23:59:59.999+02:00'); // DST started that night
    expect(endOfRomeDay('2026-10-25')).toBe('2026-10-25T23:59:59.999+01:00');
    expect(startOfRomeDay('2026-03-29')).toBe('2026-03-29T00:00:00.000+01:00');
    expect(romeCivilDate(endOfRomeDay('2026-03-29'))).toBe('2026-03-29');
  });
});

describe('Italian public holidays', () => {
  it('computes Easter by the Gregorian computus', () => {
    const known: Record<number, string> = {
      1981: '1981-04-19',
      2000: '2000-04-23',
      2008: '2008-03-23',
      2011: '2011-04-24',
      2019: '2019-04-21',
      2024: '2024-03-31',
      2025: '2025-04-20',
      2026: '2026-04-05',
      2027: '2027-03-28',
      2038: '2038-04-25',
      2049: '2049-04-18',
    };
    for (const [y, d] of Object.entries(known)) expect(easterSunday(Number(y))).toBe(d);
    fc.assert(
      fc.property(fc.integer({ min: 1978, max: 2199 }), (y) => {
        const e = easterSunday(y);
        expect(weekday(toDayNumber(e))).toBe(0);
        expect(e >= `${y}-03-22` && e <= `${y}-04-25`).toBe(true);
      }),
    );
  });

  it('lists the holidays in force each year (L. 260/1949 as amended)', () => {
    const dates = (y: number) => nationalHolidays(y).map((h) => h.date.slice(5));
    expect(dates(2026)).toEqual([
      '01-01',
      '01-06',
      '04-06',
      '04-25',
      '05-01',
      '06-02',
      '08-15',
      '10-04',
      '11-01',
      '12-08',
      '12-25',
      '12-26',
    ]);
    expect(dates(2025)).not.toContain('10-04'); // L. 151/2025 in force from 1 January 2026
    expect(dates(2000)).not.toContain('06-02'); // restored from 2001 by L. 336/2000
    expect(dates(1985)).not.toContain('01-06'); // restored from 1986 by DPR 792/1985
    expect(dates(2026)).not.toContain('11-04'); // L. 54/1977
    expect(() => nationalHolidays(1970)).toThrow(RangeError);
  });

  it('knows Sundays, the patron saint and the Saturday setting', () => {
    const cal = new LegalCalendar({ patronSaint: { month: 8, day: 10, name: 'San Lorenzo' } });
    expect(cal.isWorkingDay('2027-08-10')).toBe(false);
    expect(cal.closedBecause('2027-08-10')).toBe('San Lorenzo');
    expect(new LegalCalendar().isWorkingDay('2027-08-10')).toBe(true);
    expect(cal.isWorkingDay('2026-11-29')).toBe(false); // Sunday
    expect(cal.isWorkingDay('2026-11-28')).toBe(true); // Saturday counts by default
    expect(new LegalCalendar({ saturdayIsWorkingDay: false }).isWorkingDay('2026-11-28')).toBe(false);
    expect(cal.isWorkingDay('2027-10-04')).toBe(false); // San Francesco, a Monday
    expect(cal.isWorkingDay('2025-10-03')).toBe(true);
    expect(cal.nextWorkingDay('2026-12-25')).toBe('2026-12-28'); // Natale, Santo Stefano (Sat), Sunday
    expect(cal.nextWorkingDay('2026-04-05')).toBe('2026-04-07'); // Easter, Easter Monday
    expect(new LegalCalendar({ extraHolidays: ['2026-03-17'] }).isWorkingDay('2026-03-17')).toBe(false);
    expect(() => new LegalCalendar({ patronSaint: { month: 13, day: 1 } })).toThrow(RangeError);
  });

  it('never returns a closed day as the next working day', () => {
    const cal = new LegalCalendar({ patronSaint: { month: 8, day: 10 }, saturdayIsWorkingDay: false });
    fc.assert(
      fc.property(fc.integer({ min: daysFromCivil(1978, 1, 1), max: daysFromCivil(2199, 12, 20) }), (n) => {
        const next = cal.nextWorkingDayNumber(n);
        expect(next).toBeGreaterThanOrEqual(n);
        expect(next - n).toBeLessThan(6);
        expect(cal.isWorkingDayNumber(next)).toBe(true);
        expect([0, 6]).not.toContain(weekday(next));
        for (let d = n; d < next; d++) expect(cal.isWorkingDayNumber(d)).toBe(false);
      }),
    );
  });
});
