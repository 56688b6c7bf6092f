import { at, started, typeOf } from './procedure.fixtures';
import { decide, submit } from './procedure.rules';
import { facts } from './procedure.fixtures';
import { suspend } from './procedure.suspensions';

describe('procedure events', () => {
  it('carry no personal data and no free text: subject, reasons and third parties stay in the service', () => {
    const ctx = at('2026-01-20T10:00:00Z');
    const p = started(typeOf({ code: 'foia', name: 'FOIA', kind: 'generalised_civic_access' }));
    const s = suspend(
      { ...p, thirdParties: [{ ref: 'req_third0001' }] },
      { id: 's1', kind: 'third_party_objection', reason: 'Notificato a Mario Bianchi', start: '2026-01-10' },
      'r',
      ctx,
    );
    const d = decide(s.state, { outcome: 'rejected', reasons: 'Dati sanitari di Mario Bianchi' }, 'r', ctx);
    const all = JSON.stringify([...s.events, ...d.events].map((e) => e.data));
    for (const secret of ['Bianchi', 'famiglia Rossi', 'req_third0001', 'sanitari'])
      expect(all).not.toContain(secret);
    expect(s.events[0].data).toMatchObject({ kind: 'third_party_objection', reason: expect.any(String) });
  });

  it('are stamped by the context: source, time, correlation', () => {
    const ctx = { ...at('2026-01-08T10:00:00Z'), correlationId: 'corr-1', causationId: 'evt-1' };
    const c = submit(typeOf(), facts('2026-01-07T10:00:00+01:00'), ctx);
    for (const e of c.events)
      expect(e).toMatchObject({
        source: '/urp/procedures',
        subject: 'prc_1',
        time: '2026-01-08T10:00:00.000Z',
        correlationid: 'corr-1',
        causationid: 'evt-1',
      });
    expect(c.events[1].data).toMatchObject({
      responsibleId: 'ref-1',
      dueDate: '2026-02-06',
      dueAt: '2026-02-06T23:59:59.999+01:00',
      legalTermDays: 30,
    });
  });

  it('say when the applicant is staff, so satisfaction surveys no employee (ProcedureDecided.requesterIsStaff)', () => {
    const ctx = at('2026-01-20T10:00:00Z');
    const staff = submit(typeOf(), facts('2026-01-07T10:00:00+01:00', { requesterIsStaff: true }), ctx).state;
    const decided = (p: typeof staff) =>
      decide(p, { outcome: 'accepted', reasons: 'Requisiti presenti' }, 'r', ctx).events.find((e) =>
        e.type.endsWith('ProcedureDecided.v1'),
      )!.data as Record<string, unknown>;
    expect(decided(staff)).toMatchObject({ requesterIsStaff: true });
    expect(decided(started())).not.toHaveProperty('requesterIsStaff');
  });
});
