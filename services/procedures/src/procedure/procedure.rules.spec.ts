import {
  requestAttestation,
  issueAttestation,
  submit,
  decide,
  assign,
  reviewAllowed,
  markReviewRequested,
} from './procedure.rules';
import { sendRejectionNotice, receiveObservations, suspend } from './procedure.suspensions';
import { dueTimeEvents } from './procedure.time-events';
import { at, facts, names, refusal, started, typeOf } from './procedure.fixtures';

describe('procedure rules: submission and start', () => {
  it('starts with the responsible person and the deadline from receipt', () => {
    const c = submit(typeOf(), facts('2026-01-07T23:30:00+01:00'), at('2026-01-08T10:00:00Z'));
    expect(c.state).toMatchObject({ status: 'started', dueDate: '2026-02-06', responsibleId: 'ref-1' });
    expect(names(c)).toEqual(['ProcedureSubmitted', 'ProcedureStarted', 'ApplicantNotificationRequested']);
    // received late in the evening of 31 December in Italy (already 1 January in no time zone that matters)
    const nye = submit(typeOf(), facts('2026-12-31T22:30:00Z'), at('2027-01-02T10:00:00Z')).state;
    expect(nye.receivedOn).toBe('2026-12-31');
    expect(
      refusal(() => submit(typeOf(), facts('2026-03-01T10:00:00Z'), at('2026-02-01T10:00:00Z'))),
    ).toHaveProperty(['input.receivedAt']);
  });

  it('without a responsible person the procedure is only submitted; assigning starts it', () => {
    const type = typeOf({ responsibleId: undefined, responsibleName: undefined });
    const c = submit(type, facts('2026-01-07T10:00:00+01:00'), at('2026-01-08T10:00:00Z'));
    expect(c.state.status).toBe('submitted');
    expect(names(c)).toEqual(['ProcedureSubmitted']);
    const a = assign(c.state, 'ref-2', 'Luca Neri', 'mgr', at('2026-01-09T10:00:00Z'));
    expect(a.state).toMatchObject({ status: 'started', responsibleId: 'ref-2' });
    expect(names(a)).toEqual(['ProcedureStarted', 'ApplicantNotificationRequested']);
    const again = assign(a.state, 'ref-3', undefined, 'mgr', at('2026-01-10T10:00:00Z'));
    expect(names(again)).toEqual([]); // a reassignment is no new start
    expect(again.state.timeline.at(-1)?.type).toBe('reassigned');
  });

  it('refuses an inactive type, a blank subject and a missing protocol number', () => {
    const ctx = at('2026-01-08T10:00:00Z');
    expect(
      refusal(() => submit(typeOf({ active: false }), facts('2026-01-07T10:00:00Z'), ctx)),
    ).toHaveProperty(['input.procedureTypeCode']);
    expect(
      refusal(() => submit(typeOf(), facts('2026-01-07T10:00:00Z', { subject: ' ' }), ctx)),
    ).toHaveProperty(['input.subject']);
    expect(
      refusal(() => submit(typeOf(), facts('2026-01-07T10:00:00Z', { protocolNumber: '' }), ctx)),
    ).toHaveProperty(['input.protocolNumber']);
  });
});

describe('procedure rules: decision', () => {
  it('rejects only after a rejection notice and the observations or 10 days (art. 10-bis)', () => {
    const p = started();
    const ctx = at('2026-01-20T10:00:00Z');
    expect(
      refusal(() => decide(p, { outcome: 'rejected', reasons: 'Requisiti assenti' }, 'r', ctx))[
        'input.outcome'
      ],
    ).toMatch(/10-bis/);
    expect(refusal(() => decide(p, { outcome: 'accepted', reasons: ' ' }, 'r', ctx))).toHaveProperty([
      'input.reasons',
    ]);
    const noticed = sendRejectionNotice(p, 'ISEE oltre la soglia', 'rn', '2026-01-15', 'r', ctx).state;
    expect(noticed.status).toBe('suspended');
    expect(
      refusal(() => decide(noticed, { outcome: 'rejected', reasons: 'ISEE oltre la soglia' }, 'r', ctx))[
        'input.outcome'
      ],
    ).toMatch(/2026-01-26/); // the tenth day is a Sunday
    const observed = receiveObservations(noticed, '2026-01-18', 'r', ctx);
    // observations on 18 January: the term runs again from 28 January (art. 10-bis, DL 76/2020)
    expect(observed.state.suspendedDays).toBe(13);
    expect(observed.state.dueDate).toBe('2026-02-19');
    // after observations, a rejection says why they are not accepted (art. 10-bis)
    expect(
      refusal(() =>
        decide(observed.state, { outcome: 'rejected', reasons: 'ISEE oltre la soglia' }, 'r', ctx),
      )['input.observationsAnswer'],
    ).toMatch(/osservazioni presentate il 18\/01\/2026 non sono accolte/);
    expect(
      refusal(() =>
        decide(
          observed.state,
          { outcome: 'partly_accepted', reasons: 'ISEE oltre la soglia', observationsAnswer: ' breve ' },
          'r',
          ctx,
        ),
      ),
    ).toHaveProperty(['input.observationsAnswer']);
    const d = decide(
      observed.state,
      {
        outcome: 'rejected',
        reasons: 'Osservazioni non accolte',
        observationsAnswer: 'La nuova attestazione ISEE supera comunque la soglia del bando',
      },
      'r',
      ctx,
    );
    expect(d.state.decision).toMatchObject({
      outcome: 'rejected',
      withinTerm: true,
      observationsAnswer: 'La nuova attestazione ISEE supera comunque la soglia del bando',
    });
    // printed in the decision notice the applicant receives
    const notice = d.state.documents?.find((x) => x.kind === 'decision_notice');
    expect(notice!.content.sections.find((x) => x.element === 'observations')?.text).toBe(
      'Le osservazioni presentate il 18/01/2026 al preavviso di rigetto del 15/01/2026 non sono accolte per i seguenti motivi: La nuova attestazione ISEE supera comunque la soglia del bando',
    );
    // and never on an event
    expect(JSON.stringify(d.events)).not.toContain('soglia del bando');
    // an acceptance needs no answer to the observations
    expect(
      decide(observed.state, { outcome: 'accepted', reasons: 'Osservazioni accolte' }, 'r', ctx).state
        .decision,
    ).not.toHaveProperty('observationsAnswer');
    // the applicant is told the decision (provvedimento finale), in the same write
    expect(names(d)).toEqual(['ProcedureDecided', 'ApplicantNotificationRequested']);
    expect(
      refusal(() => decide(d.state, { outcome: 'accepted', reasons: 'ripensamento' }, 'r', ctx)),
    ).toHaveProperty('id');
  });

  it('a second rejection notice keeps the observations on the first, and the decision answers them (art. 10-bis)', () => {
    const ctx = at('2026-02-20T10:00:00Z');
    const first = sendRejectionNotice(started(), 'ISEE oltre la soglia', 'rn1', '2026-01-15', 'r', ctx).state;
    const observed = receiveObservations(
      first,
      '2026-01-18',
      'r',
      ctx,
      'Allego la nuova attestazione ISEE',
    ).state;
    const second = sendRejectionNotice(
      observed,
      'Manca la firma digitale',
      'rn2',
      '2026-02-02',
      'r',
      ctx,
    ).state;
    expect(second.rejectionNotice).toMatchObject({ sentOn: '2026-02-02', suspensionId: 'rn2' });
    expect(second.rejectionNotice?.observationsOn).toBeUndefined();
    expect(second.earlierRejectionNotices).toEqual([
      expect.objectContaining({
        sentOn: '2026-01-15',
        observationsOn: '2026-01-18',
        observations: 'Allego la nuova attestazione ISEE',
      }),
    ]);
    // no observations on the second notice (its 10 days passed): the first one's still need an answer
    expect(
      refusal(() => decide(second, { outcome: 'rejected', reasons: 'Firma digitale assente' }, 'r', ctx))[
        'input.observationsAnswer'
      ],
    ).toMatch(/osservazioni presentate il 18\/01\/2026 non sono accolte/);
    const answer = 'La nuova attestazione ISEE supera comunque la soglia del bando';
    const d = decide(
      second,
      { outcome: 'rejected', reasons: 'Firma digitale assente', observationsAnswer: answer },
      'r',
      ctx,
    );
    expect(d.state.decision?.observationsAnswer).toBe(answer);
    const notice = d.state.documents?.find((x) => x.kind === 'decision_notice');
    expect(notice!.content.sections.find((x) => x.element === 'observations')?.text).toBe(
      `Le osservazioni presentate il 18/01/2026 al preavviso di rigetto del 15/01/2026 non sono accolte per i seguenti motivi: ${answer}`,
    );
    // observations on both notices: the answer names both
    const both = receiveObservations(second, '2026-02-05', 'r', ctx, 'Firmo ora').state;
    expect(
      refusal(() => decide(both, { outcome: 'rejected', reasons: 'Firma digitale assente' }, 'r', ctx))[
        'input.observationsAnswer'
      ],
    ).toMatch(/presentate il 18\/01\/2026 e il 05\/02\/2026 non sono accolte/);
    const twice = decide(
      both,
      { outcome: 'rejected', reasons: 'Firma digitale assente', observationsAnswer: answer },
      'r',
      ctx,
    );
    expect(
      twice.state.documents
        ?.find((x) => x.kind === 'decision_notice')!
        .content.sections.find((x) => x.element === 'observations')?.text,
    ).toBe(
      `Le osservazioni presentate il 18/01/2026 al preavviso di rigetto del 15/01/2026 e il 05/02/2026 al preavviso di rigetto del 02/02/2026 non sono accolte per i seguenti motivi: ${answer}`,
    );
  });

  it('never decides silent assent by hand, nor on a day in the future', () => {
    const p = started();
    const ctx = at('2026-01-20T10:00:00Z');
    expect(
      refusal(() => decide(p, { outcome: 'silent_assent', reasons: 'Per silenzio della PA' }, 'r', ctx)),
    ).toHaveProperty(['input.outcome']);
    expect(
      refusal(() =>
        decide(p, { outcome: 'accepted', reasons: 'Requisiti presenti', on: '2026-01-21' }, 'r', ctx),
      ),
    ).toHaveProperty(['input.on']);
  });

  it('a decision after the deadline is not within the term', () => {
    const d = decide(
      started(),
      { outcome: 'accepted', reasons: 'Requisiti presenti' },
      'r',
      at('2026-02-10T10:00:00Z'),
    );
    expect(d.state.decision).toMatchObject({ withinTerm: false, decidedOn: '2026-02-10' });
  });
});

describe('procedure rules: FOIA with third parties', () => {
  it('suspends up to 10 days for their objection and releases no earlier than 15 days after the decision', () => {
    const foia = started(typeOf({ code: 'foia', name: 'FOIA', kind: 'generalised_civic_access' }));
    const ctx = at('2026-01-30T10:00:00Z');
    const told = suspend(
      foia,
      { id: 'tp', kind: 'third_party_objection', reason: 'controinteressato', start: '2026-01-10' },
      'r',
      ctx,
    );
    expect(told.state).toMatchObject({ status: 'started', suspendedDays: 10, dueDate: '2026-02-16' }); // ended by law
    const d = decide(
      told.state,
      { outcome: 'accepted', reasons: 'Nessun pregiudizio concreto', on: '2026-01-30' },
      'r',
      ctx,
    );
    expect(d.state.decision?.releaseNotBefore).toBe('2026-02-14');
  });
});

describe('procedure rules: attestation of silent assent and review', () => {
  it('attests silent assent once, within 10 days of the request', () => {
    const ctx = at('2026-02-10T10:00:00Z');
    const assent = started(typeOf({ silenceRule: 'silent_assent' }));
    expect(refusal(() => requestAttestation(assent, 'op', ctx))).toHaveProperty('id');
    const formed = dueTimeEvents(assent, ctx)[0].apply(assent, ctx).state;
    const requested = requestAttestation(formed, 'op', ctx);
    expect(requested.events).toHaveLength(0);
    expect(requested.state.attestation).toMatchObject({ requestedOn: '2026-02-10' });
    expect(refusal(() => requestAttestation(requested.state, 'op', ctx))).toHaveProperty('id');
    const issued = issueAttestation(requested.state, 'r', at('2026-02-12T10:00:00Z'));
    expect(names(issued)).toEqual(['SilentAssentAttested']);
    expect(refusal(() => issueAttestation(issued.state, 'r', ctx))).toHaveProperty('id');
  });

  it('a review follows a refusal of civic access, once', () => {
    const foia = started(typeOf({ code: 'foia', name: 'FOIA', kind: 'generalised_civic_access' }));
    const ctx = at('2026-01-20T10:00:00Z');
    expect(reviewAllowed(foia, ctx)).toMatch(/rigetto/);
    const refused = decide(foia, { outcome: 'rejected', reasons: 'Pregiudizio concreto' }, 'r', ctx).state;
    expect(reviewAllowed(refused, ctx)).toBeNull();
    const linked = markReviewRequested(refused, 'prc_rev', '2026-02-09', 'op', ctx);
    expect(names(linked)).toEqual(['ReviewRequested']);
    expect(markReviewRequested(linked.state, 'prc_rev', '2026-02-09', 'op', ctx).events).toHaveLength(0);
    expect(refusal(() => markReviewRequested(linked.state, 'prc_other', null, 'op', ctx))).toHaveProperty(
      'id',
    );
    expect(reviewAllowed(started(), ctx)).toMatch(/accesso civico/);
  });
});
