import { at, names, started, typeOf } from './procedure.fixtures';
import { receiveObservations, sendRejectionNotice } from './procedure.suspensions';
import { dueTimeEvents } from './procedure.time-events';

describe('time-driven events', () => {
  it('ends a rejection notice by law after 10 days, once', () => {
    const noticed = sendRejectionNotice(
      started(),
      'ISEE oltre la soglia',
      'rn',
      '2026-01-15',
      'r',
      at('2026-01-15T10:00:00Z'),
    );
    const ctx = at('2026-01-30T10:00:00Z');
    const [ended] = dueTimeEvents(noticed.state, ctx);
    expect(ended.claimId).toBe('prc_1:ended_by_law:rn');
    const after = ended.apply(noticed.state, ctx);
    // the tenth day is Sunday 25 January: the observations were due by Monday 26 (art. 2963 c.4 c.c.)
    expect(after.state.dueDate).toBe('2026-02-17');
    expect(names(after)).toEqual(['ProcedureResumed']);
    expect(
      dueTimeEvents({ ...after.state, fired: [ended.claimId] }, ctx).map((e) => e.claimId),
    ).not.toContain(ended.claimId);
  });

  it('schedules the legal end of an open rejection notice: the day after its 10 days (art. 10-bis)', () => {
    const noticed = sendRejectionNotice(
      started(),
      'ISEE oltre la soglia',
      'rn',
      '2026-01-15',
      'r',
      at('2026-01-15T10:00:00Z'),
    ).state;
    // the tenth day is Sunday 25 January, so observations are on time on Monday 26: the clock looks on the 27th
    expect(noticed.nextClockCheck).toBe('2026-01-27');
    expect(dueTimeEvents(noticed, at('2026-01-26T10:00:00Z'))).toEqual([]);
    expect(dueTimeEvents(noticed, at('2026-01-27T10:00:00Z')).map((e) => e.claimId)).toEqual([
      'prc_1:ended_by_law:rn',
    ]);
  });

  it('observations after the clock ended the notice are recorded, without re-dating it or resuming twice', () => {
    const noticed = sendRejectionNotice(
      started(),
      'ISEE oltre la soglia',
      'rn',
      '2026-01-15',
      'r',
      at('2026-01-15T10:00:00Z'),
    ).state;
    const ctx = at('2026-01-27T10:00:00Z');
    const [ended] = dueTimeEvents(noticed, ctx);
    const byLaw = ended.apply(noticed, ctx).state;
    const late = receiveObservations(byLaw, '2026-01-27', 'r', ctx);
    expect(names(late)).toEqual(['ObservationsReceived']);
    expect(late.state.suspensions.find((s) => s.id === 'rn')).toMatchObject({
      end: '2026-01-26',
      endedByLaw: true,
    });
    expect(late.state.dueDate).toBe(byLaw.dueDate);
    expect(late.state.rejectionNotice?.observationsOn).toBe('2026-01-27');
  });

  it('forms silent assent at the deadline for eligible types; engages the substitute otherwise', () => {
    const ctx = at('2026-02-10T10:00:00Z');
    const assent = started(typeOf({ silenceRule: 'silent_assent' }));
    const events = dueTimeEvents(assent, ctx);
    // art. 20: the silence is the assent, not a missed deadline: no DeadlineMissed, no "termine scaduto"
    expect(events.map((e) => e.claimId.split(':')[1])).toEqual(['silent_assent']);
    const formed = events[0].apply(assent, ctx);
    expect(formed.state.decision).toMatchObject({ outcome: 'silent_assent', decidedOn: '2026-02-07' });
    expect(names(formed)).toEqual(['SilentAssentFormed', 'ProcedureDecided']);
    expect(formed.state.timeline.map((t) => t.type)).not.toContain('deadline_missed');
    expect(formed.state.timeline.map((t) => t.summary).join('\n')).not.toMatch(/scaduto/);
    const plain = started();
    const sub = dueTimeEvents(plain, ctx)[1];
    const engaged = sub.apply(plain, ctx).state;
    expect(engaged).toMatchObject({ phase: 'substitute', dueDate: '2026-02-23' }); // 7 Feb + 15 = 22 Feb, a Sunday
    const fired = { ...engaged, fired: dueTimeEvents(plain, ctx).map((e) => e.claimId) };
    expect(dueTimeEvents(fired, ctx)).toEqual([]);
    expect(dueTimeEvents(fired, at('2026-02-17T10:00:00Z')).map((e) => e.claimId)).toEqual([
      'prc_1:warn:substitute:2026-02-23:7',
    ]);
  });

  it('silent refusal is recorded at the missed deadline, and no substitute is engaged', () => {
    const ctx = at('2026-02-10T10:00:00Z');
    const p = started(typeOf({ silenceRule: 'silent_refusal' }));
    const events = dueTimeEvents(p, ctx);
    expect(events.map((e) => e.claimId.split(':')[1])).toEqual(['missed']);
    const missed = events[0].apply(p, ctx);
    expect(missed.state.silentRefusalOn).toBe('2026-02-07');
    expect(names(missed)).toEqual(['DeadlineMissed']);
  });

  it('warns 7 and 2 days before, once each', () => {
    const p = started();
    expect(dueTimeEvents(p, at('2026-01-29T10:00:00Z'))).toHaveLength(0);
    expect(dueTimeEvents(p, at('2026-01-30T10:00:00Z')).map((e) => e.claimId)).toEqual([
      'prc_1:warn:ordinary:2026-02-06:7',
    ]);
    const both = dueTimeEvents(p, at('2026-02-05T10:00:00Z'));
    expect(both).toHaveLength(2);
    expect(names(both[0].apply(p, at('2026-02-05T10:00:00Z')))).toEqual(['DeadlineApproaching']);
    const fired = both.map((e) => e.claimId);
    expect(dueTimeEvents({ ...p, fired }, at('2026-02-05T10:00:00Z'))).toHaveLength(0);
  });

  it('a deadline warning names the procedure by protocol number and type name (the referent reads them)', () => {
    const p = started();
    const ctx = at('2026-02-10T10:00:00Z');
    const missed = dueTimeEvents(p, ctx).find((e) => e.claimId.split(':')[1] === 'missed');
    const warned = dueTimeEvents(p, at('2026-01-30T10:00:00Z'))[0];
    for (const [claim, when] of [
      [missed, ctx],
      [warned, at('2026-01-30T10:00:00Z')],
    ] as const) {
      const [event] = claim!.apply(p, when).events;
      expect(event.data).toMatchObject({
        protocolNumber: p.protocolNumber,
        procedureTypeName: p.typeName,
        procedureTypeCode: p.typeCode,
      });
    }
  });

  it('a decided procedure has no time-driven events', () => {
    const formed = dueTimeEvents(
      started(typeOf({ silenceRule: 'silent_assent' })),
      at('2026-02-10T10:00:00Z'),
    );
    const decided = formed[0].apply(
      started(typeOf({ silenceRule: 'silent_assent' })),
      at('2026-02-10T10:00:00Z'),
    );
    expect(dueTimeEvents(decided.state, at('2026-03-10T10:00:00Z'))).toEqual([]);
  });
});
