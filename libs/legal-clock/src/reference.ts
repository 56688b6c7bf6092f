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
    const rule = ruleOf(x.kind, input.rules);
    // a party's term (observations, objection) ends on a working day: walk to it
    // the maximum counts from the party's receipt when known (art. 10-bis), never before the start
    const from = x.partyReceivedOn === undefined ? s : Math.max(s, toDayNumber(x.partyReceivedOn));
    let cap = rule?.maxDays === undefined ? Infinity : from + rule.maxDays;
    if (rule?.partyTerm) while (!calendar.isWorkingDayNumber(cap)) cap++;
    const delay = rule?.resumesAfterDays ?? 0;
    let e = Infinity;
    if (x.end === undefined) {
      // no act: still waiting while the days for it last (an act may come on the last one when it delays)
      if (cap !== Infinity && (delay ? asOf > cap : asOf >= cap)) e = cap;
    } else {
      const act = toDayNumber(x.end);
      if (x.endedByLaw || act > cap) e = Math.min(act, cap);
      else e = act + delay; // art. 10-bis: the term runs again ten days after the observations
    }
    return { s, e, accepted: false };
  });
  let counted = 0;
  let last = received;
  let maxEnd = -Infinity;
  // while an accepted suspension is open there is no nominal day (the walk returns null the next day)
  const nominal = () => Math.max(last, maxEnd);
  const lastDay = () => (maxEnd === Infinity ? Infinity : calendar.nextWorkingDayNumber(nominal()));
  for (let d = received; ; d++) {
    for (const x of susp) {
      if (x.s === d && (counted < input.termDays || d <= lastDay())) {
        x.accepted = true;
        if (x.e > maxEnd) maxEnd = x.e;
      }
    }
    if (d > received) {
      const covering = susp.filter((x) => x.accepted && x.s < d && d <= x.e);
      if (covering.some((x) => x.e === Infinity)) return null;
      const counts = !input.workingDays || calendar.isWorkingDayNumber(d);
      if (!covering.length && counted < input.termDays && counts) {
        counted++;
        last = d;
      }
    }
    if (counted === input.termDays && d >= maxEnd && d >= calendar.nextWorkingDayNumber(nominal())) {
      return fromDayNumber(calendar.nextWorkingDayNumber(nominal()));
    }
  }
}
