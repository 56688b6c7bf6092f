import {
  actDay,
  missedClaim,
  nextClockCheck,
  refreshClock,
  silentAssentEligible,
  warnClaim,
} from './procedure.clock';
import { at, refusal, started, typeOf } from './procedure.fixtures';

describe('the procedure clock', () => {
  it('recomputes the deadline from the history, never from a stored one', () => {
    const p = started();
    const ctx = at('2026-01-20T10:00:00Z');
    expect(refreshClock({ ...p, dueDate: '2099-01-01' }, ctx).dueDate).toBe('2026-02-06');
    const suspended = refreshClock(
      { ...p, suspensions: [{ id: 's', kind: 'document_request', reason: 'x', start: '2026-01-10' }] },
      ctx,
    );
    expect(suspended).toMatchObject({ status: 'suspended', dueDate: null, latestDueDate: '2026-03-09' });
  });

  it('the substitute phase runs on the substitute official’s deadline', () => {
    const p = {
      ...started(),
      phase: 'substitute' as const,
      substitute: {
        engagedOn: '2026-02-07',
        dueDate: '2026-02-23',
        substituteId: 'seg',
        ordinaryDueDate: '2026-02-06',
      },
    };
    expect(refreshClock(p, at('2026-02-10T10:00:00Z'))).toMatchObject({
      dueDate: '2026-02-23',
      latestDueDate: undefined,
    });
  });

  it('looks next at the first warning, then the day after the deadline; never once decided', () => {
    const p = started();
    const ctx = at('2026-01-08T10:00:00Z');
    expect(nextClockCheck(p, ctx)).toBe('2026-01-30');
    const warned = { ...p, fired: [warnClaim(p, '2026-02-06', 7), warnClaim(p, '2026-02-06', 2)] };
    expect(nextClockCheck(warned, ctx)).toBe('2026-02-07');
    expect(
      nextClockCheck({ ...warned, fired: [...warned.fired, missedClaim(p, '2026-02-06')] }, ctx),
    ).toBeNull();
    expect(nextClockCheck({ ...p, status: 'decided' }, ctx)).toBeNull();
  });

  it('past the deadline, warnings that never fired are no reason to look again', () => {
    // imported after its deadline: the warnings never fired, the missed deadline did
    const p = { ...started(), fired: [missedClaim(started(), '2026-02-06')] };
    const after = at('2026-02-20T10:00:00Z');
    expect(nextClockCheck(p, after)).toBeNull();
    // before the deadline the same procedure is still looked at on its warning days
    expect(nextClockCheck(p, at('2026-01-08T10:00:00Z'))).toBe('2026-01-30');
  });

  it('silent assent only for generic procedures on request of a type not excluded', () => {
    expect(silentAssentEligible(started(typeOf({ silenceRule: 'silent_assent' })))).toBe(true);
    expect(silentAssentEligible(started())).toBe(false);
    expect(
      silentAssentEligible({ ...started(typeOf({ silenceRule: 'silent_assent' })), initiative: 'office' }),
    ).toBe(false);
  });

  it('the day of an act: a date, not in the future, not before receipt', () => {
    const p = started();
    const ctx = at('2026-01-20T10:00:00Z');
    expect(actDay('on', undefined, p, ctx)).toBe('2026-01-20');
    expect(refusal(() => actDay('on', '2026-13-01', p, ctx))).toHaveProperty('on');
    expect(refusal(() => actDay('on', '2026-01-21', p, ctx)).on).toMatch(/futuro/);
    expect(refusal(() => actDay('input.start', '2026-01-06', p, ctx))).toHaveProperty(['input.start']);
  });
});
