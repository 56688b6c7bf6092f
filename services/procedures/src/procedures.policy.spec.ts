import type { Actor } from '@urp/kernel';
import { started } from './procedure/procedure.fixtures';
import type { Procedure } from './procedure/procedure.state';
import { mayActOn, mayReadObservations, SUBSTITUTE_ACTS } from './procedures.policy';

/** The acts of a procedure are its office's, and the substitute official's once engaged (art. 2 c.9-bis/ter). */
describe('procedures policy: the substitute official', () => {
  const ordinary = started(); // servizi_sociali's, substitute 'seg'
  const engaged: Procedure = {
    ...ordinary,
    phase: 'substitute',
    substitute: {
      engagedOn: '2026-02-07',
      dueDate: '2026-02-23',
      substituteId: 'seg',
      ordinaryDueDate: '2026-02-06',
    },
  };
  const substitute: Actor = { sub: 'seg', roles: ['manager'], offices: ['segreteria'] };
  const asReferent: Actor = { sub: 'seg', roles: ['referent'], offices: ['segreteria'] };
  const colleague: Actor = { sub: 'seg-2', roles: ['manager'], offices: ['segreteria'] };
  const office: Actor = { sub: 'ref-1', roles: ['referent'], offices: [ordinary.officeId!] };

  it('acts in the substitute phase on the procedure naming them, whatever their office', () => {
    expect(engaged.officeId).not.toBe('segreteria');
    for (const action of [
      'procedure.decide',
      'procedure.assign',
      'procedure.resume',
      'procedure.read',
    ] as const) {
      expect(mayActOn(action, substitute, engaged)).toBe(true);
      expect(mayActOn(action, asReferent, engaged)).toBe(true);
      // a manager of another office reads every procedure, but acts on none of theirs
      if (action !== 'procedure.read') expect(mayActOn(action, colleague, engaged)).toBe(false);
    }
    // a referent of another office does not even read it, unless they are the substitute
    expect(mayActOn('procedure.read', { ...asReferent, sub: 'seg-2' }, engaged)).toBe(false);
    // the office keeps acting
    expect(mayActOn('procedure.decide', office, engaged)).toBe(true);
  });

  it('not before the substitute phase, not on other acts, not without a role for the act', () => {
    expect(mayActOn('procedure.decide', substitute, ordinary)).toBe(false);
    // engaged elsewhere: the id must be this procedure's substitute
    const otherSubstitute = { ...engaged, substitute: { ...engaged.substitute!, substituteId: 'seg-2' } };
    expect(mayActOn('procedure.decide', substitute, otherSubstitute)).toBe(false);
    expect(SUBSTITUTE_ACTS.has('procedure.issueAttestation')).toBe(false);
    expect(mayActOn('procedure.issueAttestation', substitute, engaged)).toBe(false);
    // an operator's role never decides, substitute or not
    expect(mayActOn('procedure.decide', { sub: 'seg', roles: ['operator'] }, engaged)).toBe(false);
    expect(mayActOn('procedure.decide', { sub: 'seg', roles: [], anonymous: true }, engaged)).toBe(false);
  });
});

/** The applicant's observations (art. 10-bis) are personal data: whoever may decide reads them, not every reader. */
describe('procedures policy: the observations', () => {
  const p = started();
  it('the office, the engaged substitute and an administrator; not analysts nor other offices', () => {
    expect(mayReadObservations({ sub: 'ref-1', roles: ['referent'], offices: [p.officeId!] }, p)).toBe(true);
    expect(mayReadObservations({ sub: 'mgr', roles: ['manager'], offices: [p.officeId!] }, p)).toBe(true);
    expect(mayReadObservations({ sub: 'adm', roles: ['admin'] }, p)).toBe(true);
    expect(mayReadObservations({ sub: 'an-1', roles: ['analyst'] }, p)).toBe(false);
    expect(mayReadObservations({ sub: 'op-1', roles: ['operator'] }, p)).toBe(false);
    expect(mayReadObservations({ sub: 'bo-1', roles: ['backoffice'], offices: ['urp'] }, p)).toBe(false);
  });
});
