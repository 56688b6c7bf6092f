/** Calendar arithmetic in the administration's time zone (Europe/Rome): days and years are Italian ones. */
const DAY_MS = 86_400_000;
const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** `YYYY-MM-DD` of the instant in Rome. */
export function romeDate(at: Date): string {
  return parts.format(at);
}

export function romeYear(at: Date): number {
  return Number(romeDate(at).slice(0, 4));
}

/** A day number (days since 1970-01-01) of the Rome calendar date of the instant. */
export function romeDayNumber(at: Date): number {
  return Math.round(Date.parse(`${romeDate(at)}T00:00:00Z`) / DAY_MS);
}

/** Calendar days between two instants' Rome dates (0 when both fall on the same day). */
export function calendarDaysBetween(from: Date, to: Date): number {
  return romeDayNumber(to) - romeDayNumber(from);
}

export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

export { DAY_MS };
