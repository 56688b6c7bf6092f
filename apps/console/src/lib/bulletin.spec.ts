import { bulletinPeriodEnd } from './bulletin';

describe('bulletinPeriodEnd', () => {
  it('is today in Rome at 07:00 UTC, the date the Monday schedule gives the bulletin', () => {
    expect(bulletinPeriodEnd(new Date('2026-03-09T10:00:00Z'))).toBe('2026-03-09T07:00:00Z');
  });
  it('follows Rome’s date, not UTC’s, around midnight', () => {
    // 23:30 UTC on Sunday is already Monday in Rome (CET, +1)
    expect(bulletinPeriodEnd(new Date('2026-03-08T23:30:00Z'))).toBe('2026-03-09T07:00:00Z');
    // 22:30 UTC in summer is 00:30 in Rome (CEST, +2)
    expect(bulletinPeriodEnd(new Date('2026-07-05T22:30:00Z'))).toBe('2026-07-06T07:00:00Z');
  });
});
