import { awaitingObservations, procedureActions, type ProcedureForActions } from './procedure-actions';

const started: ProcedureForActions = {
  status: 'STARTED',
  phase: 'ORDINARY',
  suspensions: [],
  timeline: [{ type: 'submitted' }, { type: 'started' }],
  type: { initiative: 'PARTY' },
};

describe('the actions the procedures officer is offered', () => {
  it('a running procedure: suspend, 10-bis notice and decide for the casework roles; nothing to resume', () => {
    expect(procedureActions(started, ['backoffice'])).toEqual({
      suspend: true,
      resume: null,
      rejectionNotice: true,
      observations: false,
      decide: true,
    });
  });

  it('an operator decides nothing and suspends nothing (procedures’ policy), an analyst does nothing', () => {
    const none = { suspend: false, resume: null, rejectionNotice: false, observations: false, decide: false };
    expect(procedureActions(started, ['operator'])).toEqual(none);
    expect(procedureActions(started, ['analyst'])).toEqual(none);
  });

  it('a suspension for documents is resumed, and no second suspension or notice is offered meanwhile', () => {
    const p = {
      ...started,
      status: 'SUSPENDED',
      suspensions: [{ id: 's1', kind: 'document_request', end: null }],
    };
    expect(procedureActions(p, ['manager'])).toMatchObject({
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
    expect(procedureActions(p, ['referent'])).toMatchObject({ resume: null, observations: true });
    expect(procedureActions(p, ['operator'])).toMatchObject({ observations: true, decide: false });
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
    expect(procedureActions({ ...started, phase: 'SUBSTITUTE' }, ['manager'])).toMatchObject({
      suspend: false,
      rejectionNotice: false,
      decide: true,
    });
    expect(
      procedureActions({ ...started, type: { initiative: 'OFFICE' } }, ['manager']).rejectionNotice,
    ).toBe(false);
  });

  it('a decided procedure offers nothing', () => {
    expect(procedureActions({ ...started, status: 'DECIDED' }, ['manager'])).toMatchObject({
      suspend: false,
      resume: null,
      rejectionNotice: false,
      observations: false,
      decide: false,
    });
  });
});
