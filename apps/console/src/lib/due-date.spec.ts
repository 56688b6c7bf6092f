import { civilIt, previewDueOn } from './due-date';

describe('due date shown before saving', () => {
  it('counts the term from the day of registration in Rome and moves a holiday to the next working day', () => {
    // registered on 28 Nov 2026 (Rome): 30 days end on 28 Dec 2026, a Monday
    expect(previewDueOn(new Date('2026-11-28T10:00:00+01:00'), 30, false, [])).toBe('2026-12-28');
    // 25 Nov + 30 = 25 Dec (Christmas) → 26 Dec (Santo Stefano) → 27 Dec (Sunday) → 28 Dec
    expect(previewDueOn(new Date('2026-11-25T10:00:00+01:00'), 30, false, [])).toBe('2026-12-28');
    // a local holiday from the calendar service moves it too
    expect(previewDueOn(new Date('2026-11-28T10:00:00+01:00'), 30, false, ['2026-12-28'])).toBe('2026-12-29');
    expect(civilIt('2026-12-28')).toBe('28/12/2026');
  });

  it('late in the evening in Rome is already the next day', () => {
    expect(previewDueOn(new Date('2026-11-27T23:30:00Z'), 30, false, [])).toBe('2026-12-28');
  });
});
