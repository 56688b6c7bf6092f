/**
 * Calendar day and month in Europe/Rome (the administration's civil time), computed from the EU rule
 * (CET UTC+1; CEST UTC+2 from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
 * October, Directive 2000/84/EC) instead of Intl: the projection calls this for every event.
 */
const HOUR = 3_600_000;
const bounds = new Map<number, [number, number]>();

/** 01:00 UTC on the last Sunday of `month` (0-based) of `year`. */
function lastSunday(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1);
}

export function romeOffsetMs(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  let b = bounds.get(year);
  if (!b) bounds.set(year, (b = [lastSunday(year, 2), lastSunday(year, 9)]));
  return ms >= b[0] && ms < b[1] ? 2 * HOUR : HOUR;
}

/** `YYYY-MM-DD` in Europe/Rome of an instant (ISO-8601 with offset, or epoch ms). */
export function romeDay(at: string | number): string {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  return new Date(ms + romeOffsetMs(ms)).toISOString().slice(0, 10);
}

export const romeMonth = (at: string | number): string => romeDay(at).slice(0, 7);
