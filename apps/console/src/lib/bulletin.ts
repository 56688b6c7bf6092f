/**
 * The end of the weekly bulletin's week when a person sends it now: today (Rome's date) at 07:00 UTC, as
 * campaigns' own Monday schedule counts it. The bulletin's ids carry that date, so a bulletin sent from the
 * console and the scheduled one never reach the same person twice in a day.
 */
export function bulletinPeriodEnd(now: Date): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(now);
  return `${day}T07:00:00Z`;
}
