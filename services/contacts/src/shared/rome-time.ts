/** Calendar arithmetic in the administration's time zone (Europe/Rome), on @urp/legal-clock's civil dates. */
import { romeCivilDate, romeDayNumber } from '@urp/legal-clock';

const DAY_MS = 86_400_000;

export function romeYear(at: Date): number {
  return Number(romeCivilDate(at).slice(0, 4));
}

/** Calendar days between two instants' Rome dates (0 when both fall on the same day). */
export function calendarDaysBetween(from: Date, to: Date): number {
  return romeDayNumber(to) - romeDayNumber(from);
}

export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}
