import { at, names, REFERENT, refusal, started, typeOf } from './procedure.fixtures';
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
    const ctx = at('2026-01-10T10:00:00Z'); // the request goes out today: the suspension starts today
    const s = suspend(
      p,
      { id: 's1', kind: 'document_request', reason: 'planimetria', start: '2026-01-10' },
      'r',
      ctx,
    );
    expect(s.state.status).toBe('suspended');
    expect(s.state.dueDate).toBeNull();
    expect(s.state.latestDueDate).toBe('2026-03-09');
    // the applicant receives the request (art. 2 c.7), in the same write
    expect(names(s)).toEqual(['ProcedureSuspended', 'ApplicantNotificationRequested']);
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

  it('a request for documents is never backdated: the applicant would lose days of their 30 (art. 2 c.7)', () => {
    const p = started();
    const later = at('2026-01-20T10:00:00Z', REFERENT);
    expect(
      refusal(() =>
        suspend(p, { id: 's1', kind: 'document_request', reason: 'x', start: '2026-01-10' }, 'r', later),
      )['input.start'],
    ).toMatch(/solo un amministratore/);
    // today, given or not, is the day
    const given = suspend(
      p,
      { id: 's1', kind: 'document_request', reason: 'x', start: '2026-01-20' },
      'r',
      later,
    );
    expect(given.state.suspensions[0].start).toBe('2026-01-20');
    expect(
      suspend(p, { id: 's1', kind: 'document_request', reason: 'x' }, 'r', later).state.suspensions[0].start,
    ).toBe('2026-01-20');
    // an administrator records a request already sent (an import's history, the demo's seed)
    const admin = { ...later, actor: { sub: 'adm-1', roles: ['admin' as const] } };
    expect(
      suspend(p, { id: 's1', kind: 'document_request', reason: 'x', start: '2026-01-10' }, 'r', admin).state
        .suspensions[0].start,
    ).toBe('2026-01-10');
    // other kinds: the office records an act today; one already done is dated by an administrator
    expect(
      refusal(() =>
        suspend(
          p,
          {
            id: 's2',
            kind: 'parere_commissione',
            reason: 'parere della commissione',
            start: '2026-01-10',
            rule: { maxDays: 20, label: 'Parere della commissione', legalBasis: 'Regolamento' },
          },
          'r',
          later,
        ),
      )['input.start'],
    ).toMatch(/solo un amministratore può registrare un atto con una data anteriore a oggi/);
    const local = suspend(
      p,
      {
        id: 's2',
        kind: 'parere_commissione',
        reason: 'parere della commissione',
        start: '2026-01-10',
        rule: { maxDays: 20, label: 'Parere della commissione', legalBasis: 'Regolamento' },
      },
      'r',
      admin,
    );
    expect(local.state.suspensions[0].start).toBe('2026-01-10');
  });

  it('resumes: the days suspended move the deadline, shown on the timeline', () => {
    const ctx = at('2026-01-20T10:00:00Z');
    const s = suspend(
      started(),
      { id: 's1', kind: 'document_request', reason: 'planimetria', start: '2026-01-10' },
      'r',
      at('2026-01-10T10:00:00Z'),
    );
    const r = resume(s.state, 's1', '2026-01-15', 'r', ctx);
    expect(r.state).toMatchObject({ status: 'started', suspendedDays: 5, dueDate: '2026-02-11' });
    // the resumption, then the notice telling the applicant
    expect(r.state.timeline.at(-1)).toMatchObject({ type: 'notice_issued' });
    expect(r.state.timeline.at(-2)).toMatchObject({
      type: 'resumed',
      dueDate: '2026-02-11',
      previousDueDate: null,
    });
    // the applicant is told the term runs again
    expect(names(r)).toEqual(['ProcedureResumed', 'ApplicantNotificationRequested']);
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

  it('a request for documents reaches the applicant, and so does the resumption: once per suspension', () => {
    const ctx = at('2026-01-20T10:00:00Z');
    const s = suspend(
      started(),
      { id: 's1', kind: 'document_request', reason: 'Planimetria catastale aggiornata', start: '2026-01-10' },
      'r',
      at('2026-01-10T10:00:00Z'),
    );
    const request = s.state.documents?.find((d) => d.kind === 'document_request_notice');
    expect(request).toMatchObject({ dueOn: '2026-02-09', notificationId: expect.stringMatching(/^ntf_/) });
    const text = (k: string) => request!.content.sections.find((x) => x.element === k)?.text;
    expect(text('missing')).toBe('Planimetria catastale aggiornata');
    expect(text('suspension')).toContain('sospeso dal 10/01/2026');
    expect(text('suspension')).toContain('art. 2, comma 7, L. 241/1990');
    expect(text('resumption')).toContain('riprende a decorrere dal ricevimento delle integrazioni');
    expect(text('resumption')).toContain('dal 09/02/2026');
    const asked = s.events.find((e) => e.type.includes('ApplicantNotificationRequested'))!;
    expect(asked.data).toMatchObject({
      template: 'procedure_document_request_notice',
      documentId: request!.id,
      requesterId: 'req_abcdef01',
    });
    // nothing of the request's text travels on an event
    expect(JSON.stringify(s.events)).not.toContain('Planimetria');

    const r = resume(s.state, 's1', '2026-01-15', 'r', ctx);
    const resumed = r.state.documents?.find((d) => d.kind === 'resumption_notice');
    expect(resumed).toMatchObject({ dueOn: '2026-02-11' });
    const said = resumed!.content.sections.map((x) => x.text).join(' ');
    expect(said).toContain(
      'ricevute le integrazioni richieste, il termine riprende a decorrere dal 15/01/2026',
    );
    expect(said).toContain('11/02/2026');
    expect(r.events.find((e) => e.type.includes('ApplicantNotificationRequested'))?.data).toMatchObject({
      template: 'procedure_resumption_notice',
      dueOn: '2026-02-11',
    });
    expect(r.state.documents).toHaveLength(3); // start, request, resumption

    // other kinds are the office's business: no notice
    const local = suspend(
      started(),
      {
        id: 's9',
        kind: 'parere_commissione',
        reason: 'parere della commissione',
        start: '2026-01-10',
        rule: { maxDays: 20, label: 'Parere della commissione', legalBasis: 'Regolamento' },
      },
      'r',
      ctx,
    );
    expect(names(local)).toEqual(['ProcedureSuspended']);
  });

  it('a request for documents unanswered in 30 days ends by law, and the applicant is told the term runs again', () => {
    const s = suspend(
      started(),
      { id: 's1', kind: 'document_request', reason: 'Planimetria', start: '2026-01-10' },
      'r',
      at('2026-01-10T10:00:00Z'),
    );
    const ctx = at('2026-02-10T10:00:00Z');
    const ended = dueTimeEvents(s.state, ctx).find((x) => x.claimId.includes('ended_by_law'));
    expect(ended).toBeDefined();
    const c = ended!.apply(s.state, ctx);
    expect(names(c)).toEqual(['ProcedureResumed', 'ApplicantNotificationRequested']);
    const notice = c.state.documents?.find((d) => d.kind === 'resumption_notice');
    expect(notice!.content.sections.map((x) => x.text).join(' ')).toContain(
      'decorsi i trenta giorni di sospensione previsti dalla legge',
    );
  });

  it("records the observations' content on the procedure, never on an event", () => {
    const ctx = at('2026-01-20T10:00:00Z');
    const n = sendRejectionNotice(started(), 'ISEE oltre la soglia', 'rn', '2026-01-15', 'r', ctx);
    const o = receiveObservations(n.state, '2026-01-18', 'r', ctx, '  Allego la nuova attestazione ISEE  ');
    expect(o.state.rejectionNotice?.observations).toBe('Allego la nuova attestazione ISEE');
    expect(JSON.stringify(o.events)).not.toContain('ISEE');
    expect(JSON.stringify(o.state.timeline)).not.toContain('attestazione ISEE');
    expect(refusal(() => receiveObservations(n.state, '2026-01-18', 'r', ctx, '   '))).toHaveProperty('text');
    expect(
      refusal(() => receiveObservations(n.state, '2026-01-18', 'r', ctx, 'x'.repeat(20_001))),
    ).toHaveProperty('text');
  });
});
