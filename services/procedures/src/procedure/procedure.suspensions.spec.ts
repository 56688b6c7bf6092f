import { at, names, refusal, started, typeOf } from './procedure.fixtures';
import { decide } from './procedure.rules';
import {
  observationsLastDay,
  receiveObservations,
  rejectionNoticeReceived,
  resume,
  sendRejectionNotice,
  suspend,
} from './procedure.suspensions';
import { dueTimeEvents } from './procedure.time-events';

describe('suspensions', () => {
  it('suspends for documents once, and only access requests for third parties', () => {
    const p = started();
    const ctx = at('2026-01-20T10:00:00Z');
    const s = suspend(
      p,
      { id: 's1', kind: 'document_request', reason: 'planimetria', start: '2026-01-10' },
      'r',
      ctx,
    );
    expect(s.state.status).toBe('suspended');
    expect(s.state.dueDate).toBeNull();
    expect(s.state.latestDueDate).toBe('2026-03-09');
    expect(names(s)).toEqual(['ProcedureSuspended']);
    expect(
      refusal(() => suspend(s.state, { id: 's2', kind: 'document_request', reason: 'x' }, 'r', ctx))[
        'input.kind'
      ],
    ).toMatch(/una sola volta/);
    expect(
      refusal(() => suspend(p, { id: 's3', kind: 'third_party_objection', reason: 'x' }, 'r', ctx)),
    ).toHaveProperty(['input.kind']);
    expect(
      refusal(() => suspend(p, { id: 's4', kind: 'document_request', reason: ' ' }, 'r', ctx)),
    ).toHaveProperty(['input.reason']);
    expect(
      refusal(() =>
        suspend(p, { id: 's5', kind: 'document_request', reason: 'x', start: '2026-01-21' }, 'r', ctx),
      ),
    ).toHaveProperty(['input.start']);
  });

  it('resumes: the days suspended move the deadline, shown on the timeline', () => {
    const ctx = at('2026-01-20T10:00:00Z');
    const s = suspend(
      started(),
      { id: 's1', kind: 'document_request', reason: 'planimetria', start: '2026-01-10' },
      'r',
      ctx,
    );
    const r = resume(s.state, 's1', '2026-01-15', 'r', ctx);
    expect(r.state).toMatchObject({ status: 'started', suspendedDays: 5, dueDate: '2026-02-11' });
    expect(r.state.timeline.at(-1)).toMatchObject({
      type: 'resumed',
      dueDate: '2026-02-11',
      previousDueDate: null,
    });
    expect(names(r)).toEqual(['ProcedureResumed']);
    expect(refusal(() => resume(r.state, 's1', undefined, 'r', ctx))).toHaveProperty('suspensionId');
    expect(refusal(() => resume(r.state, 'nope', undefined, 'r', ctx))).toHaveProperty('suspensionId');
  });

  it('a rejection notice is closed by the observations, not by resuming', () => {
    const ctx = at('2026-01-20T10:00:00Z');
    const n = sendRejectionNotice(started(), 'ISEE oltre la soglia', 'rn', '2026-01-15', 'r', ctx);
    expect(names(n)).toEqual(['RejectionNoticeSent', 'ProcedureSuspended', 'ApplicantNotificationRequested']);
    expect(refusal(() => resume(n.state, 'rn', undefined, 'r', ctx))).toHaveProperty('suspensionId');
    expect(
      refusal(() => sendRejectionNotice(n.state, 'Altri motivi ostativi', 'rn2', undefined, 'r', ctx)),
    ).toHaveProperty('id');
    const o = receiveObservations(n.state, '2026-01-18', 'r', ctx);
    expect(names(o)).toEqual(['ObservationsReceived', 'ProcedureResumed']);
    expect(refusal(() => receiveObservations(o.state, undefined, 'r', ctx))).toHaveProperty('id');
  });

  it('refuses a rejection notice without reasons, and on procedures started by the office', () => {
    const ctx = at('2026-01-20T10:00:00Z');
    expect(refusal(() => sendRejectionNotice(started(), 'breve', 'rn', undefined, 'r', ctx))).toHaveProperty(
      'reasons',
    );
    const office = started(typeOf({ initiative: 'office' }));
    expect(
      refusal(() => sendRejectionNotice(office, 'Motivi ostativi accertati', 'rn', undefined, 'r', ctx)),
    ).toHaveProperty('id');
  });

  it('the 10 days for observations run from the applicant’s receipt of the rejection notice (art. 10-bis)', () => {
    const sent = sendRejectionNotice(
      started(),
      'ISEE oltre la soglia',
      'rn',
      '2026-01-15',
      'r',
      at('2026-01-15T10:00:00Z'),
    ).state;
    // from the sending: the tenth day is Sunday 25 January, observations on time on Monday 26
    expect(observationsLastDay(sent.rejectionNotice!, at('2026-01-15T10:00:00Z').calendar)).toBe(
      '2026-01-26',
    );
    const ctx = at('2026-01-19T10:00:00Z');
    const received = rejectionNoticeReceived(sent, '2026-01-19', ctx)!;
    const p = received.state;
    expect(p.rejectionNotice).toMatchObject({ sentOn: '2026-01-15', receivedOn: '2026-01-19' });
    expect(p.suspensions[0]).toMatchObject({ start: '2026-01-15', partyReceivedOn: '2026-01-19' });
    // from the receipt: the tenth day is Thursday 29 January; the clock looks on the 30th, not the 27th
    expect(observationsLastDay(p.rejectionNotice!, ctx.calendar)).toBe('2026-01-29');
    expect(p.nextClockCheck).toBe('2026-01-30');
    expect(p.timeline.at(-1)).toMatchObject({ type: 'rejection_notice_received' });
    expect(p.timeline.at(-1)?.summary).toContain('fino al 29/01/2026');
    expect(dueTimeEvents(p, at('2026-01-27T10:00:00Z'))).toEqual([]);
    expect(dueTimeEvents(p, at('2026-01-30T10:00:00Z')).map((e) => e.claimId)).toEqual([
      'prc_1:ended_by_law:rn',
    ]);
    // no rejection before the last day from receipt
    expect(
      refusal(() =>
        decide(
          p,
          { outcome: 'rejected', reasons: 'Requisiti assenti', on: '2026-01-28' },
          'r',
          at('2026-01-28T10:00:00Z'),
        ),
      ),
    ).toEqual({ 'input.outcome': expect.stringContaining('2026-01-29') });
    // once; and not after the observations
    expect(rejectionNoticeReceived(p, '2026-01-20', ctx)).toBeNull();
    const observed = receiveObservations(sent, '2026-01-18', 'r', at('2026-01-18T10:00:00Z')).state;
    expect(rejectionNoticeReceived(observed, '2026-01-19', ctx)).toBeNull();
  });
});
