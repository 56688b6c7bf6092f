// The due date of a case before it is saved, counted by the same library the contacts service counts it with
// (@urp/legal-clock): the day of registration in Rome + the term of the due-date policy, moved past the
// holidays the procedures service's calendar lists (national, patron saint, extraordinary). The service's own
// date, shown after saving, is the one that binds.
import { computeDueDate, LegalCalendar, romeCivilDate, type CivilDate } from '@urp/legal-clock';

export function previewDueOn(
  now: Date,
  termDays: number,
  workingDays: boolean,
  holidays: CivilDate[],
): CivilDate | undefined {
  try {
    const calendar = new LegalCalendar({ extraHolidays: holidays });
    return (
      computeDueDate(
        { receivedOn: romeCivilDate(now), termDays, ...(workingDays ? { workingDays: true } : {}) },
        calendar,
      ).dueDate ?? undefined
    );
  } catch {
    return undefined;
  }
}

/** `2026-12-28` as `28/12/2026`. */
export const civilIt = (d: CivilDate): string => d.split('-').reverse().join('/');
