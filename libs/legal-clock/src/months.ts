import type { LegalCalendar } from './calendar';
import {
  civilFromDays,
  daysFromCivil,
  isLeapYear,
  toDayNumber,
  type CivilDate,
  fromDayNumber,
} from './civil-date';

/**
 * Terms in months (art. 2963 c.5 c.c.; art. 155 c.2 c.p.c.: "si osserva il calendario comune"): the term
 * ends in the month of expiry on the day corresponding to the starting day; when that month has no such day
 * (31 January + 1 month), on its last day.
 */
export function addMonths(date: CivilDate, months: number): CivilDate {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer: ${months}`);
  const [y, m, d] = civilFromDays(toDayNumber(date));
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const last = month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return fromDayNumber(daysFromCivil(year, month, Math.min(d, last)));
}

/**
 * A term of `months` from an event day, moved off closed days like every other term (art. 2963 c.4 c.c.):
 * e.g. a service sheet's review date, 12 months after its publication.
 */
export function monthTermFrom(startOn: CivilDate, months: number, calendar: LegalCalendar): CivilDate {
  return fromDayNumber(calendar.nextWorkingDayNumber(toDayNumber(addMonths(startOn, months))));
}
