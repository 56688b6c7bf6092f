import { awaitingObservations, procedureActions, type ProcedureForActions } from './procedure-actions';

/** What procedures permits a casework role of the procedure's office (`Procedure.permittedActs`). */
const CASEWORK = ['ASSIGN', 'SUSPEND', 'RESUME', 'SEND_REJECTION_NOTICE', 'RECEIVE_OBSERVATIONS', 'DECIDE'];

const started: ProcedureForActions = {
  status: 'STARTED',
  phase: 'ORDINARY',
  suspensions: [],
  timeline: [{ type: 'submitted' }, { type: 'started' }],
  type: { initiative: 'PARTY' },
  permittedActs: CASEWORK,
};
const none = { suspend: false, resume: null, rejectionNotice: false, observations: false, decide: false };

describe('the actions the procedures officer is offered', () => {
  it('a running procedure: suspend, 10-bis notice and decide when permitted; nothing to resume', () => {
    expect(procedureActions(started)).toEqual({
      suspend: true,
      resume: null,
      rejectionNotice: true,
      observations: false,
      decide: true,
    });
  });

  it('only what procedures permits the user: nothing for an analyst, only observations for the front office', () => {
    expect(procedureActions({ ...started, permittedActs: [] })).toEqual(none);
    const noticed = { ...started, timeline: [...started.timeline, { type: 'rejection_notice' }] };
    expect(procedureActions({ ...noticed, permittedActs: ['RECEIVE_OBSERVATIONS'] })).toEqual({
      ...none,
      observations: true,
    });
  });

  it('a suspension for documents is resumed, and no second suspension or notice is offered meanwhile', () => {
    const p = {
      ...started,
      status: 'SUSPENDED',
      suspensions: [{ id: 's1', kind: 'document_request', end: null }],
    };
    expect(procedureActions(p)).toMatchObject({
      suspend: false,
      resume: { id: 's1', kind: 'document_request' },
      rejectionNotice: false,
      decide: true,
    });
  });

  it('a 10-bis notice is ended by the observations, not by "resume"', () => {
    const p = {
      ...started,
      status: 'SUSPENDED',
      suspensions: [{ id: 'rn', kind: 'rejection_notice', end: null }],
      timeline: [...started.timeline, { type: 'rejection_notice' }],
    };
    expect(procedureActions(p)).toMatchObject({ resume: null, observations: true });
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

  it('the substitute official decides and sends the 10-bis notice (when procedures permits it), no other suspension', () => {
    // the engaged substitute of another office: procedures permits them these acts in the substitute phase
    const engaged = {
      ...started,
      phase: 'SUBSTITUTE',
      permittedActs: [
        'ASSIGN',
        'SUSPEND',
        'RESUME',
        'SEND_REJECTION_NOTICE',
        'RECEIVE_OBSERVATIONS',
        'DECIDE',
      ],
    };
    expect(procedureActions(engaged)).toMatchObject({ suspend: false, rejectionNotice: true, decide: true });
    // whoever procedures does not permit it (the late office, in this phase) is not offered it
    expect(procedureActions({ ...engaged, permittedActs: [] }).rejectionNotice).toBe(false);
    expect(procedureActions({ ...started, type: { initiative: 'OFFICE' } }).rejectionNotice).toBe(false);
  });

  it('a decided procedure offers nothing', () => {
    expect(procedureActions({ ...started, status: 'DECIDED' })).toEqual(none);
  });
});
