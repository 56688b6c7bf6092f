import { FixedClock } from '@urp/kernel';
import { scrubPersonalData } from '@urp/privacy';
import { applyProcedureType, ProcedureTypeInput, saveProcedureType } from './procedure-type.rules';
import { typeOf } from '../procedure/procedure.fixtures';

const ctx = {
  actor: { sub: 'mgr', roles: ['manager' as const] },
  now: new FixedClock(new Date('2026-03-01T09:00:00Z')).now(),
  source: '/urp/procedures',
  scrub: (text: string) => scrubPersonalData(text),
};

describe('catalogue rules', () => {
  it('needs recorded reasons over 90 days and refuses contradictions', () => {
    const issues = (x: Record<string, unknown>) =>
      ProcedureTypeInput.safeParse({ code: 'abc', name: 'Abc', legalBasis: 'legge', ...x }).error?.issues.map(
        (i) => i.path[0],
      );
    expect(issues({ legalTermDays: 120 })).toEqual(['termJustification']);
    expect(issues({ legalTermDays: 181, termJustification: 'x'.repeat(30) })).toEqual(['legalTermDays']);
    expect(
      issues({
        legalTermDays: 120,
        termJustification: 'Complessità istruttoria documentata nel regolamento',
      }),
    ).toBeUndefined();
    expect(issues({ kind: 'document_access', silenceRule: 'silent_assent' })).toEqual(['silenceRule']);
    expect(issues({ silenceRule: 'silent_assent', silentAssentExcluded: true })).toEqual([
      'silentAssentExcluded',
    ]);
    expect(issues({ silenceRule: 'silent_assent', initiative: 'office' })).toEqual(['silenceRule']);
    expect(issues({ formId: 'f' })).toEqual(['formVersion']);
    expect(issues({ substituteName: 'Segretario' })).toEqual(['substituteId']);
  });

  it('refuses to change the terms the law fixes (FOIA 30, riesame 20, access 30) and defaults to them', () => {
    const issues = (x: Record<string, unknown>) =>
      ProcedureTypeInput.safeParse({ code: 'abc', name: 'Abc', legalBasis: 'legge', ...x }).error?.issues;
    expect(issues({ kind: 'generalised_civic_access', legalTermDays: 90 })?.[0]).toMatchObject({
      path: ['legalTermDays'],
      message: expect.stringMatching(/fissato dalla legge in 30 giorni/),
    });
    expect(issues({ kind: 'review_request', legalTermDays: 60 })?.[0].message).toMatch(/20 giorni/);
    expect(issues({ kind: 'document_access', legalTermDays: 45 })?.[0].path).toEqual(['legalTermDays']);
    expect(issues({ kind: 'review_request' })).toBeUndefined();
    const review = applyProcedureType(
      ProcedureTypeInput.parse({
        code: 'riesame',
        name: 'Riesame',
        legalBasis: 'D.Lgs 33/2013',
        kind: 'review_request',
      }),
      null,
      new Date(),
    );
    expect(review.type.legalTermDays).toBe(20);
  });

  it('notices a term change and ignores an unchanged save', () => {
    const t = typeOf();
    const same = applyProcedureType(ProcedureTypeInput.parse({ ...t }), t, new Date());
    expect(same.changed).toBe(false);
    const longer = applyProcedureType(ProcedureTypeInput.parse({ ...t, legalTermDays: 60 }), t, new Date());
    expect(longer).toMatchObject({ changed: true, termChanged: true, type: { revision: 2 } });
  });

  it('a rejection notice is required by default for generic procedures on request (art. 10-bis)', () => {
    expect(typeOf().rejectionNoticeRequired).toBe(true);
    expect(typeOf({ kind: 'document_access' }).rejectionNoticeRequired).toBe(false);
    expect(typeOf({ initiative: 'office' }).rejectionNoticeRequired).toBe(false);
  });

  it('saving emits ProcedureTypeChanged with the previous term when it changed; an unchanged save emits nothing', () => {
    const t = typeOf();
    const created = saveProcedureType(null, ProcedureTypeInput.parse({ ...t }), ctx);
    expect(created.events[0].data).not.toHaveProperty('previousLegalTermDays');
    const longer = saveProcedureType(t, ProcedureTypeInput.parse({ ...t, legalTermDays: 60 }), ctx);
    expect(longer.events[0]).toMatchObject({
      type: 'it.urp.procedures.ProcedureTypeChanged.v1',
      subject: 'pt_contributo',
      data: {
        legalTermDays: 60,
        previousLegalTermDays: 30,
        changedAt: '2026-03-01T09:00:00.000Z',
        revision: 2,
      },
    });
    const same = saveProcedureType(t, ProcedureTypeInput.parse({ ...t }), ctx);
    expect(same).toEqual({ state: t, events: [] });
  });

  it('the catalogue texts leave the service scrubbed; the stored type keeps them', () => {
    const named = typeOf({ name: 'Contributo straordinario a Mario Rossi' });
    const c = saveProcedureType(null, ProcedureTypeInput.parse({ ...named }), ctx);
    expect(c.state.name).toBe('Contributo straordinario a Mario Rossi');
    expect(c.events[0].data).toMatchObject({ name: expect.not.stringContaining('Rossi') });
    expect(c.events[0].data).toMatchObject({ legalBasis: 'Regolamento comunale' });
  });
});
