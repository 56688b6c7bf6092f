/**
 * Civil dates in Europe/Rome, without time of day.
 *
 * Administrative terms are counted in whole calendar days (art. 2963 c.c., art. 155 c.p.c.): a term that
 * ends on day D ends at the last instant of D in Italy, whatever the server's time zone. We therefore
 * never do date arithmetic on instants (a `Date` plus 30 × 24 h drifts by an hour across a DST change and
 * by a day near midnight); we convert an instant to its Italian civil date once, then count integer days.
 *
 * Internally a civil date is a day number: days since 1970-01-01 (so 0 = Thursday 1 January 1970).
 */

/** `YYYY-MM-DD`. */
export type CivilDate = string;

const CIVIL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The [year, month (1-12), day] of a day number (H. Hinnant's civil_from_days). */
export function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isValidCivilDate(s: string): boolean {
  const m = CIVIL_DATE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= (mo === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[mo - 1]);
}

const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
};

/** `YYYY-MM-DD` → day number. Throws on anything that is not a real calendar date (e.g. 2026-02-29). */
export function toDayNumber(date: CivilDate): number {
  // hand-rolled parse: this runs several times per due-date computation (no regex, no allocation)
  if (
    typeof date === 'string' &&
    date.length === 10 &&
    date.charCodeAt(4) === 45 &&
    date.charCodeAt(7) === 45
  ) {
    const y = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
    const m = digit(date, 5) * 10 + digit(date, 6);
    const d = digit(date, 8) * 10 + digit(date, 9);
    if (m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1])) {
      return daysFromCivil(y, m, d);
    }
  }
  throw new RangeError(`not a civil date (YYYY-MM-DD): ${date}`);
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Formatted dates of 1970-2199, filled lazily (formatting is the costly part of a computation's output). */
const DAY_STRINGS: (string | undefined)[] = new Array(84_000);

export function fromDayNumber(n: number): CivilDate {
  const cached = n >= 0 && n < 84_000 ? DAY_STRINGS[n] : undefined;
  if (cached !== undefined) return cached;
  const [y, m, d] = civilFromDays(n);
  const s = `${y}-${pad2(m)}-${pad2(d)}`;
  if (n >= 0 && n < 84_000) DAY_STRINGS[n] = s;
  return s;
}

export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function addDays(date: CivilDate, days: number): CivilDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: CivilDate, to: CivilDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

// ------------------------------------------------------------------ Europe/Rome time zone

const HOUR = 3_600_000;
const DAY_MS = 86_400_000;

/** Last Sunday of a month, as a day number. */
function lastSunday(year: number, month: number): number {
  const last = daysFromCivil(year, month + 1, 1) - 1;
  return last - weekday(last);
}

const dstCache = new Map<number, [number, number]>();
/** EU summer time (Directive 2000/84/EC, in Italy since 1996 in this form): 01:00 UTC last Sunday of March → last Sunday of October. */
function dstBounds(year: number): [number, number] {
  let b = dstCache.get(year);
  if (!b) {
    b = [lastSunday(year, 3) * DAY_MS + HOUR, lastSunday(year, 10) * DAY_MS + HOUR];
    dstCache.set(year, b);
  }
  return b;
}

const romeFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The offset of Italian civil time from UTC at an instant, in minutes (60 or 120). */
export function romeOffsetMinutes(instant: Date | number): number {
  const t = typeof instant === 'number' ? instant : instant.getTime();
  const year = new Date(t).getUTCFullYear();
  if (year >= 1996 && year < 2200) {
    const [start, end] = dstBounds(year);
    return t >= start && t < end ? 120 : 60;
  }
  // outside the EU rule's years: ask the time-zone database (slow, exact)
  const parts = Object.fromEntries(romeFormatter.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  const local = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute);
  return Math.round((local - Math.floor(t / 60000) * 60000) / 60000);
}

/** The Italian civil date of an instant (what the protocol stamp of a request received then says). */
export function romeCivilDate(instant: Date | string | number): CivilDate {
  return fromDayNumber(romeDayNumber(instant));
}

export function romeDayNumber(instant: Date | string | number): number {
  const t = typeof instant === 'number' ? instant : new Date(instant).getTime();
  if (Number.isNaN(t)) throw new RangeError(`not an instant: ${String(instant)}`);
  return Math.floor((t + romeOffsetMinutes(t) * 60000) / DAY_MS);
}

function formatOffset(minutes: number): string {
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** The instant of a local Italian wall-clock time on a civil date (ms since epoch). */
function romeLocalToInstant(day: number, msOfDay: number): number {
  const local = day * DAY_MS + msOfDay;
  let offset = romeOffsetMinutes(local - HOUR);
  offset = romeOffsetMinutes(local - offset * 60000);
  return local - offset * 60000;
}

/** ISO-8601 with the Italian offset, e.g. `2026-12-14T23:59:59.999+01:00`: the last instant of a due day. */
export function endOfRomeDay(date: CivilDate | number): string {
  const day = typeof date === 'number' ? date : toDayNumber(date);
  const instant = romeLocalToInstant(day, DAY_MS - 1);
  return `${fromDayNumber(day)}T23:59:59.999${formatOffset(romeOffsetMinutes(instant))}`;
}

/** ISO-8601 with the Italian offset of midnight at the start of a civil date, e.g. `2026-12-15T00:00:00.000+01:00`. */
export function startOfRomeDay(date: CivilDate | number): string {
  const day = typeof date === 'number' ? date : toDayNumber(date);
  const instant = romeLocalToInstant(day, 0);
  return `${fromDayNumber(day)}T00:00:00.000${formatOffset(romeOffsetMinutes(instant))}`;
}

/** The instant (ms) at which a civil date starts in Italy. */
export function romeDayStartMs(date: CivilDate | number): number {
  const day = typeof date === 'number' ? date : toDayNumber(date);
  return romeLocalToInstant(day, 0);
}
