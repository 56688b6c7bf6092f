import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  awaitingObservations,
  PROCEDURE_RULES,
  procedureActions,
  type ProcedureForActions,
} from './procedure-actions';

const started: ProcedureForActions = {
  status: 'STARTED',
  phase: 'ORDINARY',
  suspensions: [],
  timeline: [{ type: 'submitted' }, { type: 'started' }],
  type: { initiative: 'PARTY' },
};

describe('the actions the procedures officer is offered', () => {
  it('a running procedure: suspend, 10-bis notice and decide for the casework roles; nothing to resume', () => {
    expect(procedureActions(started, { roles: ['backoffice'] })).toEqual({
      suspend: true,
      resume: null,
      rejectionNotice: true,
      observations: false,
      decide: true,
    });
  });

  it('an operator decides nothing and suspends nothing (procedures’ policy), an analyst does nothing', () => {
    const none = { suspend: false, resume: null, rejectionNotice: false, observations: false, decide: false };
    expect(procedureActions(started, { roles: ['operator'] })).toEqual(none);
    expect(procedureActions(started, { roles: ['analyst'] })).toEqual(none);
  });

  it('a suspension for documents is resumed, and no second suspension or notice is offered meanwhile', () => {
    const p = {
      ...started,
      status: 'SUSPENDED',
      suspensions: [{ id: 's1', kind: 'document_request', end: null }],
    };
    expect(procedureActions(p, { roles: ['manager'] })).toMatchObject({
      suspend: false,
      resume: { id: 's1', kind: 'document_request' },
      rejectionNotice: false,
      decide: true,
    });
  });

  it('a 10-bis notice is ended by the observations, which every staff role records, not by "resume"', () => {
    const p = {
      ...started,
      status: 'SUSPENDED',
      suspensions: [{ id: 'rn', kind: 'rejection_notice', end: null }],
      timeline: [...started.timeline, { type: 'rejection_notice' }],
    };
    expect(procedureActions(p, { roles: ['referent'] })).toMatchObject({ resume: null, observations: true });
    expect(procedureActions(p, { roles: ['operator'] })).toMatchObject({ observations: true, decide: false });
  });

  it('observations arriving after the 10 days ran out are still recorded; once recorded, not again', () => {
    const late = [...started.timeline, { type: 'rejection_notice' }, { type: 'resumed' }];
    expect(awaitingObservations(late)).toBe(true);
    expect(awaitingObservations([...late, { type: 'observations' }])).toBe(false);
    // a second notice after the first one's observations waits again
    expect(awaitingObservations([...late, { type: 'observations' }, { type: 'rejection_notice' }])).toBe(
      true,
    );
  });

  it('the substitute official’s term is not suspended; an office-initiated procedure gets no 10-bis notice', () => {
    expect(procedureActions({ ...started, phase: 'SUBSTITUTE' }, { roles: ['manager'] })).toMatchObject({
      suspend: false,
      rejectionNotice: false,
      decide: true,
    });
    expect(
      procedureActions({ ...started, type: { initiative: 'OFFICE' } }, { roles: ['manager'] })
        .rejectionNotice,
    ).toBe(false);
  });

  it('a decided procedure offers nothing', () => {
    expect(procedureActions({ ...started, status: 'DECIDED' }, { roles: ['manager'] })).toMatchObject({
      suspend: false,
      resume: null,
      rejectionNotice: false,
      observations: false,
      decide: false,
    });
  });

  it('the rules are procedures’ policy as exported (a change of the policy fails here until the console follows)', () => {
    const exported = JSON.parse(
      readFileSync(join(__dirname, '../../../../gateway/test/authz/policy-tables.json'), 'utf8'),
    ) as {
      procedures: Record<string, { roles: string[]; officeScoped: string[]; noAdminOverride: boolean }>;
    };
    for (const [action, rule] of Object.entries(PROCEDURE_RULES)) {
      const policy = exported.procedures[action];
      expect({ action, roles: [...rule.roles].sort(), officeScoped: [...rule.officeScoped].sort() }).toEqual({
        action,
        roles: [...policy.roles].sort(),
        officeScoped: [...policy.officeScoped].sort(),
      });
      expect(policy.noAdminOverride).toBe(false);
    }
  });

  it('the acts are the competent office’s: staff of another office read, observations are recorded by all staff', () => {
    const tributi = {
      ...started,
      officeId: 'tributi',
      timeline: [...started.timeline, { type: 'rejection_notice' }],
    };
    const none = { suspend: false, resume: null, rejectionNotice: false, decide: false };
    expect(procedureActions(tributi, { roles: ['backoffice'], offices: ['urp'] })).toEqual({
      ...none,
      observations: true,
    });
    expect(procedureActions(tributi, { roles: ['referent'], offices: ['anagrafe'] })).toEqual({
      ...none,
      observations: false,
    });
    expect(procedureActions(tributi, { roles: ['manager'], offices: ['tributi'] })).toMatchObject({
      suspend: true,
      decide: true,
      observations: true,
    });
    expect(procedureActions(tributi, { roles: ['admin'], offices: [] })).toMatchObject({ decide: true });
    // a token without offices: the forms are offered, the service decides (and its refusal is shown)
    expect(procedureActions(tributi, { roles: ['backoffice'] })).toMatchObject({ decide: true });
  });
});
