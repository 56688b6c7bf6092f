import type { LegalCalendar } from './calendar';
import { fromDayNumber, toDayNumber, type CivilDate } from './civil-date';
import { ruleOf, type ClockInput } from './clock';

/**
 * A deliberately naive reference implementation of the due date: it walks the calendar one day at a
 * time, counting the days on which the term runs. Used by the property tests (the fast computation must
 * agree with it) and by the benchmark as its baseline. Same rules as `computeDueDate`, no cleverness.
 */
export function dueDateDayByDay(input: ClockInput, calendar: LegalCalendar): CivilDate | null {
  const received = toDayNumber(input.receivedOn);
  const asOf = input.asOf === undefined ? Infinity : toDayNumber(input.asOf);
  const susp = (input.suspensions ?? []).map((x) => {
    const s = toDayNumber(x.start);
    const max = ruleOf(x.kind, input.rules)?.maxDays;
    const cap = max === undefined ? Infinity : s + max;
    let e = x.end === undefined ? Infinity : toDayNumber(x.end);
    if (e > cap && (x.end !== undefined || cap <= asOf)) e = cap;
    return { s, e, accepted: false };
  });
  let counted = 0;
  let last = received;
  let maxEnd = -Infinity;
  const nominal = () => Math.max(last, maxEnd);
  for (let d = received; ; d++) {
    for (const x of susp) {
      if (x.s === d && (counted < input.termDays || d <= calendar.nextWorkingDayNumber(nominal()))) {
        x.accepted = true;
        if (x.e > maxEnd) maxEnd = x.e;
      }
    }
    if (d > received) {
      const covering = susp.filter((x) => x.accepted && x.s < d && d <= x.e);
      if (covering.some((x) => x.e === Infinity)) return null;
      if (!covering.length && counted < input.termDays) {
        counted++;
        last = d;
      }
    }
    if (counted === input.termDays && d >= maxEnd && d >= calendar.nextWorkingDayNumber(nominal())) {
      return fromDayNumber(calendar.nextWorkingDayNumber(nominal()));
    }
  }
}
