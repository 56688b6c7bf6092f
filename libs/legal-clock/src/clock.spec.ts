import fc from 'fast-check';
import { LegalCalendar } from './calendar';
import { addDays, daysFromCivil, fromDayNumber, toDayNumber } from './civil-date';
import {
  attestationDueDate,
  ClockError,
  computeDueDate,
  endsByLawOn,
  legalMaxDay,
  SUSPENSION_RULES,
  releaseNotBefore,
  substituteDueDate,
  substituteTermDays,
  suspensionProblems,
  warningDates,
  type Suspension,
} from './clock';
import { dueDateDayByDay } from './reference';

const cal = new LegalCalendar({ patronSaint: { month: 8, day: 10, name: 'San Lorenzo' } });
const due = (receivedOn: string, termDays: number, suspensions: Suspension[] = [], asOf?: string) =>
  computeDueDate({ receivedOn, termDays, suspensions, ...(asOf ? { asOf } : {}) }, cal);

describe('the term (art. 2 L. 241/1990; art. 2963 c.c.)', () => {
  it('does not count the day of receipt and ends on the last day', () => {
    expect(due('2026-01-07', 30).dueDate).toBe('2026-02-06');
    expect(due('2026-01-07', 1).dueDate).toBe('2026-01-08');
  });

  it('moves a deadline on a Sunday or holiday to the next working day', () => {
    expect(due('2026-11-27', 30)).toMatchObject({ dueDate: '2026-12-28', movedFrom: '2026-12-27' });
    expect(due('2026-11-25', 30).dueDate).toBe('2026-12-28'); // Natale, Santo Stefano, Sunday
    expect(due('2026-03-06', 30).dueDate).toBe('2026-04-07'); // Easter Sunday, Easter Monday
    expect(due('2027-09-04', 30).dueDate).toBe('2027-10-05'); // San Francesco 2027 (L. 151/2025)
    expect(due('2025-09-04', 30).dueDate).toBe('2025-10-04'); // a Saturday, before the law
    expect(due('2027-07-11', 30).dueDate).toBe('2027-08-11'); // patron saint San Lorenzo
    const closedSaturdays = new LegalCalendar({ saturdayIsWorkingDay: false });
    expect(computeDueDate({ receivedOn: '2025-09-04', termDays: 30 }, closedSaturdays).dueDate).toBe(
      '2025-10-06',
    );
  });

  it('crosses year boundaries and leap days', () => {
    expect(due('2026-12-20', 30).dueDate).toBe('2027-01-19');
    expect(due('2028-01-30', 30).dueDate).toBe('2028-02-29');
    expect(due('2027-01-30', 30).dueDate).toBe('2027-03-01');
    expect(due('2026-12-01', 180).dueDate).toBe('2027-05-31');
  });

  it('refuses nonsense', () => {
    expect(() => due('2026-01-07', 0)).toThrow(ClockError);
    expect(() => due('2026-02-30', 30)).toThrow(ClockError);
    expect(() =>
      due('2026-01-07', 30, [{ id: 's', kind: 'document_request', start: '2026-01-10', end: '2026-01-09' }]),
    ).toThrow(/before it starts/);
  });
});

describe('suspensions', () => {
  const docs = (start: string, end?: string): Suspension => ({
    id: `d-${start}`,
    kind: 'document_request',
    start,
    ...(end ? { end } : {}),
  });

  it('adds the days of a document request (art. 2 c.7) to the term', () => {
    expect(due('2026-01-07', 30, [docs('2026-01-17', '2026-01-27')])).toMatchObject({
      dueDate: '2026-02-16',
      suspendedDays: 10,
    });
  });

  it('caps a document request at 30 days', () => {
    const r = due('2026-01-07', 30, [docs('2026-01-17', '2026-03-01')]);
    expect(r.suspendedDays).toBe(30);
    expect(r.dueDate).toBe('2026-03-09'); // 8 March is a Sunday
    expect(r.suspensions[0]).toMatchObject({ endedByLaw: true, end: '2026-02-16' });
  });

  it('has no deadline while a suspension is open, and says the latest one', () => {
    const r = due('2026-01-07', 30, [docs('2026-01-17')], '2026-01-20');
    expect(r.dueDate).toBeNull();
    expect(r.openSuspension?.id).toBe('d-2026-01-17');
    expect(r.latestDueDate).toBe('2026-03-09');
  });

  it('ends a rejection notice by law after 10 days without observations (art. 10-bis)', () => {
    const notice: Suspension = { id: 'r', kind: 'rejection_notice', start: '2026-02-01' };
    expect(due('2026-01-07', 30, [notice], '2026-02-05').dueDate).toBeNull();
    // observations may still come on the tenth day: the notice is still open then
    expect(due('2026-01-07', 30, [notice], '2026-02-11').dueDate).toBeNull();
    expect(due('2026-01-07', 30, [notice], '2026-02-12')).toMatchObject({
      dueDate: '2026-02-16',
      suspendedDays: 10,
    });
    const r = due('2026-01-07', 30, [notice], '2026-02-20');
    expect(r).toMatchObject({ dueDate: '2026-02-16', suspendedDays: 10 });
    expect(r.suspensions[0]).toMatchObject({ end: '2026-02-11', endedByLaw: true });
  });

  it('the 10 days for observations run from the applicant’s receipt of the notice, the suspension from its sending', () => {
    const sent: Suspension = { id: 'r', kind: 'rejection_notice', start: '2026-02-01' };
    const received: Suspension = { ...sent, partyReceivedOn: '2026-02-04' };
    // ends by law when a notice sent on the day of receipt would: the day after the tenth day from receipt
    const byLaw = endsByLawOn(received, cal);
    expect(byLaw).toBe(endsByLawOn({ ...sent, start: '2026-02-04' }, cal));
    expect(byLaw! > endsByLawOn(sent, cal)!).toBe(true);
    // still open on the last day for observations; ended by law the day after, on that last day
    expect(due('2026-01-07', 30, [received], addDays(byLaw!, -1)).dueDate).toBeNull();
    const r = due('2026-01-07', 30, [received], byLaw!);
    const fromReceipt = due('2026-01-07', 30, [{ ...sent, start: '2026-02-04' }], byLaw!);
    expect(r.suspensions[0]).toMatchObject({ end: fromReceipt.suspensions[0].end, endedByLaw: true });
    // the term stopped from the sending: three more days suspended than a notice sent on the day of receipt
    expect(r.suspendedDays).toBe(fromReceipt.suspendedDays + 3);
    // due 6 February; suspended 1-14 February (13 days) instead of 4-14 (10): 19 instead of 16 February
    expect([r.dueDate, fromReceipt.dueDate]).toEqual(['2026-02-19', '2026-02-16']);
    // while open, the latest deadline assumes observations on the tenth day from receipt (14 February): the term
    // runs again from 24 February with the 5 days left (2-6 February), to 1 March, a Sunday
    expect(due('2026-01-07', 30, [received], '2026-02-05').latestDueDate).toBe('2026-03-02');
    // a receipt dated before the sending cannot shorten the 10 days
    expect(endsByLawOn({ ...sent, partyReceivedOn: '2026-01-20' }, cal)).toBe(endsByLawOn(sent, cal));
    expect(
      dueDateDayByDay(
        { receivedOn: '2026-01-07', termDays: 30, suspensions: [received], asOf: '2026-03-01' },
        cal,
      ),
    ).toBe(due('2026-01-07', 30, [received], '2026-03-01').dueDate);
  });

  it('restarts the term ten days after the observations (art. 10-bis, DL 76/2020)', () => {
    // the example: notice sent on 20 October, observations on 23 October: the term runs again from
    // 2 November (as from receipt: counted from the day after)
    const notice: Suspension = { id: 'r', kind: 'rejection_notice', start: '2026-10-20', end: '2026-10-23' };
    const r = due('2026-10-01', 30, [notice]);
    expect(r.suspensions[0]).toMatchObject({ end: '2026-11-02', addedDays: 13, endedByLaw: false });
    // 2-20 October: 19 days counted; the other 11 from 3 November
    expect(r).toMatchObject({ dueDate: '2026-11-13', suspendedDays: 13 });
    // observations on the tenth day still count; late ones do not move the restart set by law
    expect(due('2026-10-01', 30, [{ ...notice, end: '2026-10-30' }]).suspensions[0].end).toBe('2026-11-09');
    const late = due('2026-10-01', 30, [{ ...notice, end: '2026-11-05' }]);
    expect(late.suspensions[0]).toMatchObject({ end: '2026-10-30', endedByLaw: true });
    expect(late.dueDate).toBe(
      due('2026-10-01', 30, [{ id: 'r', kind: 'rejection_notice', start: '2026-10-20' }], '2026-12-01')
        .dueDate,
    );
    // an end the clock recorded by law is taken as it is, never pushed ten days
    const recorded = due('2026-10-01', 30, [{ ...notice, end: '2026-10-30', endedByLaw: true }]);
    expect(recorded.suspensions[0]).toMatchObject({ end: '2026-10-30', endedByLaw: true });
    expect(recorded.dueDate).toBe(late.dueDate);
  });

  it('while a rejection notice is open the latest deadline assumes observations on the tenth day', () => {
    const r = due(
      '2026-10-01',
      30,
      [{ id: 'r', kind: 'rejection_notice', start: '2026-10-20' }],
      '2026-10-25',
    );
    expect(r.dueDate).toBeNull();
    expect(r.latestDueDate).toBe(
      due('2026-10-01', 30, [{ id: 'r', kind: 'rejection_notice', start: '2026-10-20', end: '2026-10-30' }])
        .dueDate,
    );
    expect(endsByLawOn({ kind: 'rejection_notice', start: '2026-10-20' }, cal)).toBe('2026-10-31');
    expect(endsByLawOn({ kind: 'document_request', start: '2026-10-20' }, cal)).toBe('2026-11-19');
    expect(endsByLawOn({ kind: 'local_opinion', start: '2026-10-20' }, cal)).toBeNull();
  });

  it('the ten days for observations end on a working day (art. 2963 c.4 c.c.)', () => {
    // notice on 22 October 2026: the tenth day is Sunday 1 November (also Ognissanti): observations are on
    // time on Monday 2 November, and without them the term runs again from 2 November
    const notice: Suspension = { id: 'r', kind: 'rejection_notice', start: '2026-10-22' };
    expect(endsByLawOn(notice, cal)).toBe('2026-11-03');
    expect(due('2026-10-01', 30, [notice], '2026-11-02').dueDate).toBeNull();
    expect(due('2026-10-01', 30, [notice], '2026-11-03').suspensions[0]).toMatchObject({
      end: '2026-11-02',
      endedByLaw: true,
    });
    const onMonday = due('2026-10-01', 30, [{ ...notice, end: '2026-11-02' }]);
    expect(onMonday.suspensions[0]).toMatchObject({ end: '2026-11-12', endedByLaw: false });
  });

  it('counts overlapping suspensions once and stacked ones each', () => {
    const objection: Suspension = {
      id: 'o',
      kind: 'third_party_objection',
      start: '2026-01-20',
      end: '2026-01-30',
    };
    const overlap = due('2026-01-07', 30, [docs('2026-01-17', '2026-01-27'), objection]);
    expect(overlap).toMatchObject({ suspendedDays: 13, dueDate: '2026-02-19' });
    const stacked = due('2026-01-07', 30, [
      docs('2026-01-10', '2026-01-15'),
      { id: 'r', kind: 'third_party_objection', start: '2026-02-10', end: '2026-02-14' },
    ]);
    expect(stacked).toMatchObject({ suspendedDays: 9, dueDate: '2026-02-16' }); // 2026-02-15 is a Sunday
  });

  it('ignores a suspension that starts after the term expired', () => {
    const r = due('2026-01-07', 30, [docs('2026-02-10', '2026-02-20')]);
    expect(r.dueDate).toBe('2026-02-06');
    expect(r.suspensions[0].ignored).toBe(true);
  });

  it('lets a suspension start on the grace days of a moved deadline', () => {
    // nominal 2026-12-27 (Sunday) moved to 2026-12-28; suspended on the 28th: zero days left, due at its end
    const r = due('2026-11-27', 30, [
      { id: 'x', kind: 'document_request', start: '2026-12-28', end: '2027-01-04' },
    ]);
    expect(r.dueDate).toBe('2027-01-04');
  });

  it('explains why a suspension may not be recorded', () => {
    const input = { receivedOn: '2026-01-07', termDays: 30, suspensions: [docs('2026-01-10', '2026-01-12')] };
    expect(suspensionProblems(input, docs('2026-01-20'), cal)[0].message).toMatch(/una sola volta/);
    expect(suspensionProblems(input, { id: 'z', kind: 'nope', start: '2026-01-20' }, cal)[0].field).toBe(
      'kind',
    );
    expect(
      suspensionProblems(input, { id: 'z', kind: 'rejection_notice', start: '2026-03-20' }, cal)[0].message,
    ).toMatch(/scaduto il 2026-02-09/);
    expect(
      suspensionProblems(input, { id: 'z', kind: 'rejection_notice', start: '2026-02-01' }, cal),
    ).toEqual([]);
  });
});

describe('terms in working days ("giorni lavorativi")', () => {
  const fiveDays = new LegalCalendar({ saturdayIsWorkingDay: false });
  const wdue = (receivedOn: string, termDays: number, suspensions: Suspension[] = [], c = cal) =>
    computeDueDate({ receivedOn, termDays, suspensions, workingDays: true }, c);

  it('counts only working days: Sundays, holidays and (if so configured) Saturdays are skipped', () => {
    // Friday 18 December 2026: 19 (Sat), 21, 22, 23, 24; Christmas, Santo Stefano and Sunday skipped
    expect(wdue('2026-12-18', 5).dueDate).toBe('2026-12-24');
    expect(wdue('2026-12-18', 6).dueDate).toBe('2026-12-28');
    expect(wdue('2026-12-18', 5, [], fiveDays).dueDate).toBe('2026-12-28');
    expect(fiveDays.addWorkingDays('2026-12-18', 0)).toBe('2026-12-18');
    // the patron saint is not a working day either (San Lorenzo, 10 August 2026 a Monday)
    expect(wdue('2026-08-07', 1, [], cal).dueDate).toBe('2026-08-08');
    expect(
      wdue(
        '2026-08-07',
        1,
        [],
        new LegalCalendar({ patronSaint: { month: 8, day: 10 }, saturdayIsWorkingDay: false }),
      ).dueDate,
    ).toBe('2026-08-11');
  });

  it('a suspension leaves the working days still due after it ends', () => {
    const docs = (start: string, end: string): Suspension => ({
      id: 'd',
      kind: 'document_request',
      start,
      end,
    });
    // 5 working days from Monday 2 March 2026 (Mon-Fri): suspended on Wednesday 4 (2 days counted) to Monday 9:
    // 3 left from Tuesday 10 → Thursday 12
    const r = wdue('2026-03-02', 5, [docs('2026-03-04', '2026-03-09')], fiveDays);
    expect(r.dueDate).toBe('2026-03-12');
    expect(r.dueDate).toBe(
      dueDateDayByDay(
        {
          receivedOn: '2026-03-02',
          termDays: 5,
          suspensions: [docs('2026-03-04', '2026-03-09')],
          workingDays: true,
        },
        fiveDays,
      ),
    );
  });
});

describe('other terms', () => {
  it('gives the substitute official half the original term, rounded up (art. 2 c.9-ter)', () => {
    expect(substituteTermDays(30)).toBe(15);
    expect(substituteTermDays(45)).toBe(23);
    expect(substituteDueDate('2026-02-07', 30, cal)).toBe('2026-02-23'); // 22 Feb is a Sunday
  });

  it('dates the attestation of silent assent, the FOIA release and the warnings', () => {
    expect(attestationDueDate('2026-12-15', cal)).toBe('2026-12-28');
    expect(releaseNotBefore('2026-01-10')).toBe('2026-01-25');
    expect(warningDates('2026-02-16', [3, 7, 7, 0])).toEqual([
      { daysBefore: 7, on: '2026-02-09' },
      { daysBefore: 3, on: '2026-02-13' },
    ]);
  });
});

// ------------------------------------------------------------------ properties

const KINDS = ['document_request', 'rejection_notice', 'third_party_objection', 'local_opinion'];
const receivedArb = fc
  .integer({ min: daysFromCivil(1990, 1, 1), max: daysFromCivil(2190, 1, 1) })
  .map(fromDayNumber);
/** Art. 10-bis observations: early (within the 10 days), late (after them) or missing. */
const observationsArb = fc.oneof(
  fc.record({ when: fc.constant('early' as const), after: fc.integer({ min: 0, max: 10 }) }),
  fc.record({ when: fc.constant('late' as const), after: fc.integer({ min: 11, max: 40 }) }),
  fc.record({ when: fc.constant('missing' as const), after: fc.constant(0) }),
  fc.record({ when: fc.constant('recordedByLaw' as const), after: fc.constant(10) }),
);
const suspensionsArb = (received: string) =>
  fc
    .array(
      fc.record({
        offset: fc.integer({ min: 0, max: 200 }),
        length: fc.integer({ min: 0, max: 45 }),
        kind: fc.constantFrom(...KINDS, 'rejection_notice'),
        open: fc.boolean(),
        observations: observationsArb,
      }),
      { maxLength: 5 },
    )
    .map((list) =>
      list.map((x, i): Suspension => {
        const base = { id: `s${i}`, kind: x.kind, start: addDays(received, x.offset) };
        if (x.kind === 'rejection_notice') {
          const o = x.observations;
          if (o.when === 'missing') return base;
          const end = addDays(received, x.offset + o.after);
          return o.when === 'recordedByLaw' ? { ...base, end, endedByLaw: true } : { ...base, end };
        }
        return x.open && i === list.length - 1
          ? base
          : { ...base, end: addDays(received, x.offset + x.length) };
      }),
    );
const caseArb = receivedArb.chain((receivedOn) =>
  fc.record({
    receivedOn: fc.constant(receivedOn),
    termDays: fc.integer({ min: 1, max: 180 }),
    suspensions: suspensionsArb(receivedOn),
    saturday: fc.boolean(),
    asOf: fc.integer({ min: 0, max: 400 }).map((d) => addDays(receivedOn, d)),
    workingDays: fc.boolean(),
  }),
);
const calendars = {
  true: new LegalCalendar({ patronSaint: { month: 8, day: 10 } }),
  false: new LegalCalendar({ patronSaint: { month: 6, day: 24 }, saturdayIsWorkingDay: false }),
};
const local = { local_opinion: { label: 'Parere obbligatorio', legalBasis: 'regolamento comunale' } };

describe('properties of the legal clock', () => {
  it('never falls on a Sunday or holiday, and never before the unsuspended term', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const calendar = calendars[String(c.saturday) as 'true' | 'false'];
        const r = computeDueDate({ ...c, rules: local }, calendar);
        if (r.dueDate === null) return;
        expect(calendar.isWorkingDay(r.dueDate)).toBe(true);
        expect(toDayNumber(r.dueDate)).toBeGreaterThanOrEqual(toDayNumber(c.receivedOn) + c.termDays);
      }),
      { numRuns: 3000 },
    );
  });

  it('a suspension never shortens the term', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const calendar = calendars[String(c.saturday) as 'true' | 'false'];
        const closed = c.suspensions.filter((s) => s.end !== undefined);
        delete (c as { asOf?: string }).asOf;
        let previous = -Infinity;
        for (let i = 0; i <= closed.length; i++) {
          const r = computeDueDate({ ...c, suspensions: closed.slice(0, i), rules: local }, calendar);
          const d = toDayNumber(r.dueDate!);
          expect(d).toBeGreaterThanOrEqual(previous);
          previous = d;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('replaying the same history, in any order, gives the same date', () => {
    fc.assert(
      fc.property(caseArb, fc.integer(), (c, seed) => {
        const calendar = calendars[String(c.saturday) as 'true' | 'false'];
        const shuffled = [...c.suspensions].sort(
          (a, b) =>
            ((Number(a.id.slice(1)) * 7919 + seed) % 13) - ((Number(b.id.slice(1)) * 7919 + seed) % 13),
        );
        const a = computeDueDate({ ...c, rules: local }, calendar);
        const b = computeDueDate({ ...c, suspensions: shuffled, rules: local }, calendar);
        expect(b.dueDate).toBe(a.dueDate);
        expect(b.suspendedDays).toBe(a.suspendedDays);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with a naive day-by-day count', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const calendar = calendars[String(c.saturday) as 'true' | 'false'];
        const input = { ...c, rules: local };
        expect(computeDueDate(input, calendar).dueDate).toBe(dueDateDayByDay(input, calendar));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('properties of art. 10-bis (preavviso di rigetto)', () => {
  const noticeCase = receivedArb.chain((receivedOn) =>
    fc.record({
      receivedOn: fc.constant(receivedOn),
      termDays: fc.integer({ min: 1, max: 180 }),
      sentAfter: fc.integer({ min: 0, max: 200 }),
      observedAfter: fc.integer({ min: 0, max: 40 }),
      saturday: fc.boolean(),
    }),
  );

  it('observations on day D restart the term on D + 10, never before the tenth day', () => {
    fc.assert(
      fc.property(noticeCase, (c) => {
        const calendar = calendars[String(c.saturday) as 'true' | 'false'];
        const start = addDays(c.receivedOn, c.sentAfter);
        const notice = (end?: string): Suspension => ({
          id: 'r',
          kind: 'rejection_notice',
          start,
          ...(end ? { end } : {}),
        });
        const input = (s: Suspension, asOf?: string) => ({
          receivedOn: c.receivedOn,
          termDays: c.termDays,
          suspensions: [s],
          ...(asOf ? { asOf } : {}),
        });
        const observed = addDays(start, c.observedAfter);
        // the last day for observations: the tenth, or the next working day (art. 2963 c.4 c.c.)
        const lastDay = fromDayNumber(
          legalMaxDay(SUSPENSION_RULES.rejection_notice, toDayNumber(start), calendar),
        );
        const withObs = computeDueDate(input(notice(observed)), calendar);
        const without = computeDueDate(input(notice(), addDays(lastDay, 1)), calendar);
        const later = computeDueDate(input(notice(addDays(observed, 1))), calendar);
        expect(withObs.dueDate).toBe(dueDateDayByDay(input(notice(observed)), calendar));
        expect(without.dueDate).toBe(dueDateDayByDay(input(notice(), addDays(lastDay, 1)), calendar));
        if (withObs.suspensions[0].ignored) return;
        const expectedEnd = observed <= lastDay ? addDays(observed, 10) : lastDay;
        expect(withObs.suspensions[0].end).toBe(expectedEnd);
        // timely observations never restart the term before the tenth day (they may before the moved last day)
        expect(expectedEnd >= addDays(start, 10)).toBe(true);
        if (addDays(start, 10) === lastDay)
          expect(toDayNumber(withObs.dueDate!)).toBeGreaterThanOrEqual(toDayNumber(without.dueDate!));
        // within the 10 days, later observations restart later (late ones are ignored: the law already restarted it)
        if (observed < lastDay)
          expect(toDayNumber(later.dueDate!)).toBeGreaterThanOrEqual(toDayNumber(withObs.dueDate!));
        // still open through the tenth day, ended by law the day after
        expect(computeDueDate(input(notice(), lastDay), calendar).dueDate).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });
});
