import {
  civilFromDays,
  daysFromCivil,
  fromDayNumber,
  toDayNumber,
  weekday,
  type CivilDate,
} from './civil-date';

/**
 * Italian public holidays as in force for each year (L. 27 May 1949 n. 260 art. 2 as amended):
 *
 * | day | source |
 * |---|---|
 * | 1 January (Capodanno) | L. 260/1949 |
 * | 6 January (Epifania) | abolished by L. 54/1977, restored from 1986 by DPR 28 Dec 1985 n. 792 |
 * | Easter Monday (Lunedì dell'Angelo) | L. 260/1949; Easter by the Gregorian computus |
 * | 25 April (Liberazione) | L. 260/1949 |
 * | 1 May (Festa del lavoro) | L. 260/1949 |
 * | 2 June (Festa della Repubblica) | moved to a Sunday by L. 54/1977, restored from 2001 by L. 20 Nov 2000 n. 336 |
 * | 15 August (Assunzione) | L. 260/1949 |
 * | 4 October (San Francesco d'Assisi, festa nazionale) | L. 8 Oct 2025 n. 151, in force from 1 January 2026 |
 * | 1 November (Ognissanti) | L. 260/1949 |
 * | 8 December (Immacolata) | L. 260/1949 |
 * | 25, 26 December | L. 260/1949 |
 *
 * Not holidays although still named in art. 2 L. 260/1949: 19 March, Ascension, Corpus Domini, 29 June and
 * 4 November lost their civil effects with L. 5 March 1977 n. 54 (4 November is celebrated on the first
 * Sunday of November). Sundays are always holidays. The local patron saint's day is a holiday in the
 * municipality only (a setting here).
 *
 * Supported years: 1978-2199 (before 1978 the 1977 reform was not in force and the list differed).
 */

export interface Holiday {
  date: CivilDate;
  name: string;
  source: string;
}

export interface CalendarSettings {
  /** The local patron saint's day (e.g. San Lorenzo: `{ month: 8, day: 10 }`), a holiday in the municipality. */
  patronSaint?: { month: number; day: number; name?: string };
  /**
   * Whether a deadline falling on a Saturday stands (true, the default: Saturday is not a public holiday
   * under L. 260/1949 nor art. 2963 c.c.) or moves to the next working day like a holiday (false: for an
   * administration whose offices are closed on Saturdays, by analogy with art. 155 c.5 c.p.c.).
   */
  saturdayIsWorkingDay?: boolean;
  /** Further closing days decided by law for a single year (e.g. an extraordinary national holiday). */
  extraHolidays?: CivilDate[];
}

export const FIRST_YEAR = 1978;
export const LAST_YEAR = 2199;

/** Easter Sunday of a Gregorian year (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): CivilDate {
  return fromDayNumber(easterSundayDay(year));
}

export function easterSundayDay(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return daysFromCivil(year, month, day);
}

/** The national public holidays of a year, as in force that year (Sundays aside). */
export function nationalHolidays(year: number): Holiday[] {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw new RangeError(`holidays are known for ${FIRST_YEAR}-${LAST_YEAR}, not ${year}`);
  }
  const fixed = (m: number, d: number, name: string, source: string): Holiday => ({
    date: fromDayNumber(daysFromCivil(year, m, d)),
    name,
    source,
  });
  const list: Holiday[] = [fixed(1, 1, 'Capodanno', 'L. 260/1949 art. 2')];
  if (year >= 1986) list.push(fixed(1, 6, 'Epifania', 'DPR 792/1985'));
  list.push({
    date: fromDayNumber(easterSundayDay(year) + 1),
    name: "Lunedì dell'Angelo (Pasquetta)",
    source: 'L. 260/1949 art. 2',
  });
  list.push(fixed(4, 25, 'Anniversario della Liberazione', 'L. 260/1949 art. 2'));
  list.push(fixed(5, 1, 'Festa del lavoro', 'L. 260/1949 art. 2'));
  if (year >= 2001) list.push(fixed(6, 2, 'Festa della Repubblica', 'L. 336/2000'));
  list.push(fixed(8, 15, 'Assunzione', 'L. 260/1949 art. 2'));
  if (year >= 2026) list.push(fixed(10, 4, "San Francesco d'Assisi", 'L. 151/2025'));
  list.push(fixed(11, 1, 'Ognissanti', 'L. 260/1949 art. 2'));
  list.push(fixed(12, 8, 'Immacolata Concezione', 'L. 260/1949 art. 2'));
  list.push(fixed(12, 25, 'Natale', 'L. 260/1949 art. 2'));
  list.push(fixed(12, 26, 'Santo Stefano', 'L. 260/1949 art. 2'));
  return list;
}

const UNKNOWN = 0;
const WORKING = 1;
const CLOSED = 2;

/**
 * An administration's calendar: which days are working days for the purpose of moving a deadline.
 * Day status is cached per year in a flat array (a lookup is an array read: the clock is called
 * hundreds of thousands of times per second by the desk and the scheduler).
 */
export class LegalCalendar {
  readonly settings: Required<Pick<CalendarSettings, 'saturdayIsWorkingDay'>> & CalendarSettings;
  private readonly base = daysFromCivil(FIRST_YEAR, 1, 1);
  private readonly status = new Uint8Array(
    daysFromCivil(LAST_YEAR + 1, 1, 1) - daysFromCivil(FIRST_YEAR, 1, 1),
  );
  private readonly extra: Set<number>;

  constructor(settings: CalendarSettings = {}) {
    this.settings = { saturdayIsWorkingDay: true, ...settings };
    const p = settings.patronSaint;
    if (p && (!Number.isInteger(p.month) || p.month < 1 || p.month > 12 || p.day < 1 || p.day > 31)) {
      throw new RangeError(`patron saint day is not a calendar day: ${p.month}/${p.day}`);
    }
    this.extra = new Set((settings.extraHolidays ?? []).map(toDayNumber));
  }

  /** Public holidays of a year in this municipality (national + patron saint + extra), sorted. */
  holidays(year: number): Holiday[] {
    const list = nationalHolidays(year);
    const p = this.settings.patronSaint;
    if (p) {
      const date = fromDayNumber(daysFromCivil(year, p.month, p.day));
      if (!list.some((h) => h.date === date))
        list.push({
          date,
          name: p.name ?? 'Santo patrono',
          source: 'local patron saint (DPR 792/1985 art. 1)',
        });
    }
    for (const d of this.extra) {
      const date = fromDayNumber(d);
      if (date.startsWith(`${year}-`) && !list.some((h) => h.date === date))
        list.push({ date, name: 'Festività straordinaria', source: 'configured' });
    }
    return list.sort((a, b) => (a.date < b.date ? -1 : 1));
  }

  private fillYear(year: number): void {
    const first = daysFromCivil(year, 1, 1);
    const last = daysFromCivil(year + 1, 1, 1);
    for (let d = first; d < last; d++) {
      const wd = weekday(d);
      this.status[d - this.base] =
        wd === 0 || (wd === 6 && !this.settings.saturdayIsWorkingDay) || this.extra.has(d) ? CLOSED : WORKING;
    }
    for (const h of this.holidays(year)) this.status[toDayNumber(h.date) - this.base] = CLOSED;
  }

  /** Day number form of `isWorkingDay` (the hot path). */
  isWorkingDayNumber(day: number): boolean {
    const i = day - this.base;
    if (i < 0 || i >= this.status.length) {
      throw new RangeError(`${fromDayNumber(day)} is outside the supported years ${FIRST_YEAR}-${LAST_YEAR}`);
    }
    let s = this.status[i];
    if (s === UNKNOWN) {
      this.fillYear(civilFromDays(day)[0]);
      s = this.status[i];
    }
    return s === WORKING;
  }

  isWorkingDay(date: CivilDate): boolean {
    return this.isWorkingDayNumber(toDayNumber(date));
  }

  /** A Sunday, a public holiday (national or patron saint) or — if so configured — a Saturday. */
  isHoliday(date: CivilDate): boolean {
    return !this.isWorkingDay(date);
  }

  /** The day itself if it is a working day, otherwise the first working day after it (art. 2963 c.c.). */
  nextWorkingDayNumber(day: number): number {
    while (!this.isWorkingDayNumber(day)) day++;
    return day;
  }

  /** Working days in (from, to]: the days a term in working days counts between them (0 when to ≤ from). */
  workingDaysBetweenNumbers(from: number, to: number): number {
    let n = 0;
    for (let d = from + 1; d <= to; d++) if (this.isWorkingDayNumber(d)) n++;
    return n;
  }

  /** The day on which `n` working days after `day` have elapsed (`day` itself not counted; n = 0: `day`). */
  addWorkingDaysNumber(day: number, n: number): number {
    while (n > 0) {
      day++;
      if (this.isWorkingDayNumber(day)) n--;
    }
    return day;
  }

  /** A term of `n` working days from `date` (the day itself not counted): its last day, a working day. */
  addWorkingDays(date: CivilDate, n: number): CivilDate {
    return fromDayNumber(this.addWorkingDaysNumber(toDayNumber(date), n));
  }

  nextWorkingDay(date: CivilDate): CivilDate {
    return fromDayNumber(this.nextWorkingDayNumber(toDayNumber(date)));
  }

  /** Why a day is not a working day (for timelines and notices), or undefined if it is one. */
  closedBecause(date: CivilDate): string | undefined {
    if (this.isWorkingDay(date)) return undefined;
    const day = toDayNumber(date);
    const h = this.holidays(civilFromDays(day)[0]).find((x) => x.date === date);
    if (h) return h.name;
    return weekday(day) === 0 ? 'domenica' : 'sabato';
  }
}
