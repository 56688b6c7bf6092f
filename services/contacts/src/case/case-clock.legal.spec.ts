/**
 * One clock: a case's due date is `@urp/legal-clock`'s for the same inputs (civil dates in Europe/Rome, the
 * administration's calendar), never millisecond arithmetic on instants. The issue's examples, then a property
 * against the legal clock and its naive day-by-day reference.
 */
import {
  computeDueDate,
  dueDateDayByDay,
  LegalCalendar,
  romeCivilDate,
  romeDayStartMs,
  type CivilDate,
} from '@urp/legal-clock';
import fc from 'fast-check';
import { computeDueAt, computeReminderAt, type CaseClock } from './case-clock.rules';
import { cannedReplies } from './case-messages.rules';

const national = new LegalCalendar();
const openedOn = (date: CivilDate, hour = 10) => new Date(romeDayStartMs(date) + hour * 3_600_000);
const clock = (date: CivilDate, termDays: number, over: Partial<CaseClock> = {}): CaseClock => ({
  openedAt: openedOn(date),
  termDays,
  suspensions: [],
  ...over,
});
const dueOn = (c: CaseClock, cal = national) => romeCivilDate(computeDueAt(c, cal));

describe('case due dates on the administration calendar (the issue’s examples)', () => {
  it('never on Sunday 3 January 2027: moved to Monday 4', () => {
    expect(dueOn(clock('2026-12-04', 30))).toBe('2027-01-04');
  });

  it('never on Christmas: 25, 26 December and Sunday 27 are skipped', () => {
    expect(dueOn(clock('2026-11-25', 30))).toBe('2026-12-28');
  });

  it('a 4-day rule never ends on 8 December (Immacolata)', () => {
    expect(dueOn(clock('2026-12-04', 4))).toBe('2026-12-09');
  });

  it('the patron saint from the configuration is a holiday; a closed Saturday moves the date too', () => {
    const borgoAurelio = new LegalCalendar({ patronSaint: { month: 8, day: 10, name: 'San Lorenzo' } });
    expect(dueOn(clock('2026-07-11', 30))).toBe('2026-08-10');
    expect(dueOn(clock('2026-07-11', 30), borgoAurelio)).toBe('2026-08-11');
    const closedSaturdays = new LegalCalendar({ saturdayIsWorkingDay: false });
    expect(dueOn(clock('2026-03-05', 30))).toBe('2026-04-04'); // a Saturday stands by default
    expect(dueOn(clock('2026-03-05', 30), closedSaturdays)).toBe('2026-04-07'); // Sun 5, Easter Monday 6
  });

  it('working-day terms ("giorni lavorativi") skip Sundays and holidays (and closed Saturdays)', () => {
    // from Friday 4 December 2026: Sat 5, Mon 7, (Tue 8 Immacolata), Wed 9, Thu 10, Fri 11
    expect(dueOn(clock('2026-12-04', 5, { workingDays: true }))).toBe('2026-12-11');
    const closedSaturdays = new LegalCalendar({ saturdayIsWorkingDay: false });
    expect(dueOn(clock('2026-12-04', 5, { workingDays: true }), closedSaturdays)).toBe('2026-12-14');
  });

  it('the due instant is the last instant of the due day in Italy; the reminder the first', () => {
    const c = clock('2026-12-04', 30, { reminderAfterDays: 10 });
    expect(computeDueAt(c, national).toISOString()).toBe('2027-01-04T22:59:59.999Z');
    expect(computeReminderAt(c, national)!.toISOString()).toBe('2026-12-13T23:00:00.000Z'); // 14 Dec, Rome
  });

  it('a canned reply promises the same working day', () => {
    const [reply] = cannedReplies(
      [{ id: 't', code: 'c', title: 'T', body: 'Entro il {{due_date}}', audience: 'public' }],
      { status: 'assigned', dueAt: computeDueAt(clock('2026-12-04', 30), national), termDays: 30 },
      false,
    );
    expect(reply.text).toBe('Entro il 04/01/2027');
  });
});

describe('contacts agree with @urp/legal-clock for the same inputs', () => {
  const day = fc
    .integer({ min: 0, max: 3 * 365 })
    .map((n) => romeCivilDate(Date.UTC(2026, 0, 1) + n * 86_400_000));
  const calendars = fc.constantFrom(
    national,
    new LegalCalendar({ patronSaint: { month: 8, day: 10 } }),
    new LegalCalendar({ saturdayIsWorkingDay: false, patronSaint: { month: 6, day: 29 } }),
  );

  it('due dates (with suspensions and caps) equal computeDueDate and the day-by-day reference', () => {
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 1, max: 120 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 })), {
          maxLength: 3,
        }),
        fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
        fc.boolean(),
        calendars,
        (opened, termDays, gaps, maxSuspensionDays, workingDays, cal) => {
          // consecutive, non-overlapping suspensions after the opening (as the case rules allow them)
          let at = openedOn(opened).getTime();
          const suspensions = gaps.map(([wait, length]) => {
            const from = at + wait * 86_400_000;
            at = from + length * 86_400_000;
            return { reason: 'x', from: new Date(from), to: new Date(at) };
          });
          const c = clock(opened, termDays, { suspensions, maxSuspensionDays, workingDays });
          const input = {
            receivedOn: opened,
            termDays,
            workingDays,
            suspensions: suspensions.map((s, i) => ({
              id: String(i),
              kind: 'capped',
              start: romeCivilDate(s.from),
              end: romeCivilDate(s.to),
            })),
            rules: {
              capped: {
                label: 'x',
                legalBasis: 'x',
                ...(maxSuspensionDays ? { maxDays: maxSuspensionDays } : {}),
              },
            },
          };
          const expected = computeDueDate(input, cal).dueDate;
          expect(dueOn(c, cal)).toBe(expected);
          expect(dueOn(c, cal)).toBe(dueDateDayByDay(input, cal));
          expect(cal.isWorkingDay(dueOn(c, cal))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
