import {
  checkOutcome,
  computeDueAt,
  computeReminderAt,
  DEFAULT_DUE_POLICY,
  nextTimerAt,
  pendingTimers,
  policyFor,
  resume,
  suspend,
  suspendedDays,
  timerClaimId,
  withinTerm,
  type CaseClock,
} from './case-clock.rules';
import { parseMentions } from './case-messages.rules';

const d = (s: string) => new Date(s);
const clock = (over: Partial<CaseClock> = {}): CaseClock => ({
  openedAt: d('2026-03-02T09:00:00+01:00'),
  termDays: 30,
  reminderAfterDays: 10,
  maxSuspensionDays: 30,
  suspensions: [],
  ...over,
});

describe('due-date policy', () => {
  it('complaints: 30 days, reminder after 10; the most specific rule wins', () => {
    expect(policyFor(DEFAULT_DUE_POLICY, 'complaint')).toMatchObject({ days: 30, reminderAfterDays: 10 });
    const rules = [
      ...DEFAULT_DUE_POLICY,
      { contactType: 'complaint' as const, categoryLevel1: 'tributi', days: 20, reminderAfterDays: 5 },
      { categoryLevel1: 'tributi', days: 45 },
    ];
    expect(policyFor(rules, 'complaint', { level1: 'tributi' })).toMatchObject({
      days: 20,
      reminderAfterDays: 5,
    });
    expect(policyFor(rules, 'complaint', { level1: 'anagrafe_stato_civile' }).days).toBe(30);
    expect(policyFor(rules, 'report', { level1: 'tributi' }).days).toBe(30); // type beats category
    expect(policyFor(rules, 'suggestion', { level1: 'tributi' }).days).toBe(45);
    expect(policyFor(rules, 'suggestion').days).toBe(30); // default
  });

  it('due date and reminder run from the opening, on Rome civil days (due by the end of the day)', () => {
    expect(computeDueAt(clock()).toISOString()).toBe('2026-04-01T21:59:59.999Z');
    expect(computeReminderAt(clock())!.toISOString()).toBe('2026-03-11T23:00:00.000Z');
    expect(computeReminderAt(clock({ reminderAfterDays: undefined }))).toBeUndefined();
  });
});

describe('suspensions: the clock pauses and the due date is recomputed from the history', () => {
  it('one suspension of 7 calendar days moves the due date by 7 days', () => {
    const s = suspend(clock(), 'documenti mancanti', d('2026-03-05T10:00:00+01:00'), 2);
    const r = resume(clock({ suspensions: s }), d('2026-03-12T16:00:00+01:00'));
    expect(r.suspendedDays).toBe(7);
    expect(r.dueAt.toISOString()).toBe('2026-04-08T21:59:59.999Z');
  });

  it('several suspensions add up; a same-day suspension costs nothing', () => {
    const c = clock({
      suspensions: [
        { reason: 'a', from: d('2026-03-03T09:00:00Z'), to: d('2026-03-06T09:00:00Z') },
        { reason: 'b', from: d('2026-03-10T09:00:00Z'), to: d('2026-03-10T15:00:00Z') },
        { reason: 'c', from: d('2026-03-20T09:00:00Z'), to: d('2026-03-22T09:00:00Z') },
      ],
    });
    expect(suspendedDays(c)).toBe(5);
    // 6 April 2026 is Easter Monday: the due date moves to Tuesday 7 April
    expect(computeDueAt(c).toISOString()).toBe('2026-04-07T21:59:59.999Z');
  });

  it('counts Rome calendar days, not UTC ones', () => {
    // 11 Mar 00:10 → 11 Mar 23:50 in Rome: the same day, although it spans midnight UTC
    const sameRomeDay = clock({
      suspensions: [{ reason: 'x', from: d('2026-03-10T23:10:00Z'), to: d('2026-03-11T22:50:00Z') }],
    });
    expect(suspendedDays(sameRomeDay)).toBe(0);
    // 10 Mar 23:50 → 11 Mar 00:10 in Rome: twenty minutes, but across a Rome midnight
    const acrossRomeMidnight = clock({
      suspensions: [{ reason: 'x', from: d('2026-03-10T22:50:00Z'), to: d('2026-03-10T23:10:00Z') }],
    });
    expect(suspendedDays(acrossRomeMidnight)).toBe(1);
  });

  it('a suspension counts at most maxSuspensionDays', () => {
    const c = clock({
      maxSuspensionDays: 10,
      suspensions: [{ reason: 'x', from: d('2026-03-03T09:00:00Z'), to: d('2026-04-03T09:00:00Z') }],
    });
    expect(suspendedDays(c)).toBe(10);
  });

  it('refuses a second open suspension, more than the allowed number, a resume without suspension, an empty reason', () => {
    const s = suspend(clock(), 'x', d('2026-03-03T09:00:00Z'), 1);
    expect(() => suspend(clock({ suspensions: s }), 'y', d('2026-03-04T09:00:00Z'), 5)).toThrow(
      'già sospesa',
    );
    const ended = resume(clock({ suspensions: s }), d('2026-03-04T09:00:00Z')).suspensions;
    expect(() => suspend(clock({ suspensions: ended }), 'y', d('2026-03-05T09:00:00Z'), 1)).toThrow(
      'al massimo 1',
    );
    expect(() => resume(clock(), d('2026-03-05T09:00:00Z'))).toThrow('non è sospesa');
    expect(() => suspend(clock(), '  ', d('2026-03-05T09:00:00Z'), 1)).toThrow('motivo');
  });

  it('a resume before the suspension started (clock skew) ends it at its start', () => {
    const s = suspend(clock(), 'x', d('2026-03-05T09:00:00Z'), 1);
    const r = resume(clock({ suspensions: s }), d('2026-03-05T08:00:00Z'));
    expect(r.suspensions[0].to).toEqual(d('2026-03-05T09:00:00Z'));
    expect(r.suspendedDays).toBe(0);
  });

  it('within term compares with the recomputed due date', () => {
    const due = computeDueAt(clock());
    expect(withinTerm(due, d('2026-04-01T23:59:00+02:00'))).toBe(true);
    expect(withinTerm(due, d('2026-04-02T00:00:00+02:00'))).toBe(false);
  });
});

describe('time-driven events', () => {
  const base = {
    status: 'assigned' as const,
    dueAt: d('2026-04-01T08:00:00Z'),
    reminderAt: d('2026-03-12T08:00:00Z'),
    suspensions: [],
  };
  it('reminder first, then the due date; nothing once fired, closed or suspended', () => {
    expect(pendingTimers(base).map((t) => t.kind)).toEqual(['reminder', 'due']);
    expect(nextTimerAt(base)).toEqual(base.reminderAt);
    expect(nextTimerAt({ ...base, reminderFiredFor: base.reminderAt })).toEqual(base.dueAt);
    expect(
      nextTimerAt({ ...base, reminderFiredFor: base.reminderAt, dueFiredFor: base.dueAt }),
    ).toBeUndefined();
    expect(pendingTimers({ ...base, status: 'closed' })).toEqual([]);
    expect(
      pendingTimers({ ...base, suspensions: [{ reason: 'x', from: d('2026-03-05T00:00:00Z') }] }),
    ).toEqual([]);
  });
  it('a moved due date (after a suspension) fires again, under a new claim id', () => {
    const moved = {
      ...base,
      reminderFiredFor: base.reminderAt,
      dueFiredFor: base.dueAt,
      dueAt: d('2026-04-08T08:00:00Z'),
    };
    expect(pendingTimers(moved)).toEqual([{ kind: 'due', at: moved.dueAt }]);
    expect(timerClaimId('case_1', 'due', moved.dueAt)).not.toBe(timerClaimId('case_1', 'due', base.dueAt));
  });
});
describe('outcomes and mentions', () => {
  it('forwarded needs the receiving body', () => {
    expect(() => checkOutcome('forwarded')).toThrow('ente');
    expect(() => checkOutcome('forwarded', 'ASL Roma 6')).not.toThrow();
    expect(() => checkOutcome('accepted')).not.toThrow();
  });
  it('parses @mentions once each, not e-mail addresses', () => {
    expect(
      parseMentions('@ref_rossi vedi anche @ref_bianchi e @ref_rossi; scrivere a mario@example.it'),
    ).toEqual(['ref_rossi', 'ref_bianchi']);
  });
});
