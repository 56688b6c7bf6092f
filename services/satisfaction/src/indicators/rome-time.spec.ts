import { romeDay, romeMonth } from './rome-time';

describe('Europe/Rome calendar', () => {
  it('agrees with the IANA time zone database hour by hour over three years', () => {
    const fmt = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Rome',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    const wrong: string[] = [];
    for (let ms = Date.UTC(2025, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 3_600_000)
      if (romeDay(ms) !== fmt.format(new Date(ms))) wrong.push(new Date(ms).toISOString());
    expect(wrong).toEqual([]);
  });
  it('puts the last evening of a month in the next one when Rome is already there', () => {
    expect(romeMonth('2026-10-31T23:30:00Z')).toBe('2026-11');
    expect(romeMonth('2026-03-31T22:30:00Z')).toBe('2026-04');
    expect(romeDay('2026-11-10T09:00:00+01:00')).toBe('2026-11-10');
  });
});
