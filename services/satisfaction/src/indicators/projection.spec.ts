import {
  CaseAnsweredV1,
  CaseClosedV1,
  CaseOpenedV1,
  CaseResumedV1,
  CaseRoutedV1,
  CaseSuspendedV1,
  ClarityFeedbackReceivedV1,
  ContactClosedV1,
  ContactRegisteredV1,
  createEvent,
  ProcedureDecidedV1,
  ProcedureSubmittedV1,
  ReminderDueV1,
  ReviewRequestedV1,
  SheetPublishedV1,
  SurveyAnsweredV1,
  SurveyAnsweredV2,
  SurveyExpiredV1,
  SurveyInvitationIssuedV1,
  type CloudEvent,
  type EventDefinition,
  type EventPayload,
} from '@urp/contracts';
import {
  accessRegister,
  backlog,
  caseTimes,
  complaints,
  contactsByChannelAndType,
  firstContactResolution,
  knowledgeBase,
  percentile,
  performanceEvaluation,
  procedureTimes,
  reminders,
  satisfaction,
} from './indicator.queries';
import { IndicatorProjection, INDICATOR_EVENTS, INDICATOR_TOPICS } from './projection';
import { indicatorHandlers } from './projection.handlers';

const ev = <D extends EventDefinition>(def: D, data: Parameters<typeof createEvent<D>>[2]) =>
  createEvent(def, 'x', data, { source: '/test' }) as CloudEvent;

const registered = (i: number, over: Partial<EventPayload<typeof ContactRegisteredV1>> = {}) =>
  ev(ContactRegisteredV1, {
    contactId: `c${i}`,
    channel: 'desk',
    contactType: 'information',
    operatorId: 'op-1',
    registeredAt: '2026-11-10T09:00:00+01:00',
    ...over,
  });

const caseOpened = (id: string, over: Partial<EventPayload<typeof CaseOpenedV1>> = {}) =>
  ev(CaseOpenedV1, {
    caseId: id,
    contactId: `c-${id}`,
    contactType: 'report',
    channel: 'web_form',
    officeId: 'lavori_pubblici',
    referentId: 'ref-1',
    priority: 'normal',
    openedAt: '2026-11-02T10:00:00+01:00',
    dueAt: '2026-12-02T23:59:59+01:00',
    protocolNumber: '0001234',
    ...over,
  });

const caseClosed = (id: string, hours: number, over: Partial<EventPayload<typeof CaseClosedV1>> = {}) =>
  ev(CaseClosedV1, {
    caseId: id,
    contactId: `c-${id}`,
    contactType: 'report',
    channel: 'web_form',
    operatorId: 'op-1',
    officeId: 'lavori_pubblici',
    outcome: 'accepted',
    openedAt: '2026-11-02T10:00:00+01:00',
    closedAt: new Date(Date.parse('2026-11-02T10:00:00+01:00') + hours * 3_600_000).toISOString(),
    dueAt: '2026-12-02T23:59:59+01:00',
    suspendedDays: 0,
    withinTerm: true,
    ...over,
  });

const survey = {
  surveyId: 'mettiamoci-la-faccia',
  surveyKind: 'emoticons' as const,
  trigger: 'case_closed' as const,
  serviceCode: 'strade_viabilita',
  officeId: 'lavori_pubblici',
  channel: 'web_form' as const,
};
const issued = (i: number, at = '2026-11-03T10:00:00+01:00') =>
  ev(SurveyInvitationIssuedV1, {
    ...survey,
    invitationId: `inv${i}`,
    issuedAt: at,
    expiresAt: '2026-11-17T10:00:00+01:00',
  });
const answered = (
  i: number,
  extra: Partial<EventPayload<typeof SurveyAnsweredV1>>,
  at = '2026-11-04T10:00:00+01:00',
) =>
  ev(SurveyAnsweredV1, {
    ...survey,
    invitationId: `inv${i}`,
    issuedAt: '2026-11-03T10:00:00+01:00',
    answeredAt: at,
    ...extra,
  });

const apply = (p: IndicatorProjection, events: CloudEvent[]) => events.forEach((e) => p.apply(e));

describe('indicator projection', () => {
  it('counts contacts by channel and type per month (Europe/Rome months)', () => {
    const p = new IndicatorProjection();
    apply(p, [
      registered(1),
      registered(2, { channel: 'phone' }),
      registered(3),
      // 23:30 UTC on 31 October is 1 November in Rome
      registered(4, { registeredAt: '2026-10-31T23:30:00Z' }),
    ]);
    expect(contactsByChannelAndType(p, {})).toEqual([
      { month: '2026-11', channel: 'desk', contactType: 'information', contacts: 3 },
      { month: '2026-11', channel: 'phone', contactType: 'information', contacts: 1 },
    ]);
    expect(contactsByChannelAndType(p, { channel: 'phone' })).toHaveLength(1);
    expect(contactsByChannelAndType(p, { from: '2026-12' })).toEqual([]);
  });

  it('ignores a republished event (same id) and events it does not know', () => {
    const p = new IndicatorProjection();
    const e = registered(1);
    expect(p.apply(e)).toBe(true);
    expect(p.apply(e)).toBe(false);
    expect(p.apply({ ...e, id: 'other', type: 'it.urp.other.Thing.v1' })).toBe(false);
    expect(contactsByChannelAndType(p, {})[0].contacts).toBe(1);
  });

  it('computes the first-contact resolution rate', () => {
    const p = new IndicatorProjection();
    const closed = (i: number, first: boolean) =>
      ev(ContactClosedV1, {
        contactId: `c${i}`,
        channel: 'desk',
        contactType: 'information',
        operatorId: 'op',
        resolvedAtFirstContact: first,
        registeredAt: '2026-11-10T09:00:00+01:00',
        closedAt: '2026-11-10T09:10:00+01:00',
      });
    apply(p, [closed(1, true), closed(2, true), closed(3, true), closed(4, false)]);
    expect(firstContactResolution(p, {}, 1)).toEqual([
      { month: '2026-11', channel: 'desk', closed: 4, resolvedAtFirstContact: 3, rate: 0.75 },
    ]);
  });

  it('computes closure and first-response median and p90 net of suspensions, and the share within term', () => {
    const p = new IndicatorProjection();
    // ten cases closed after 1..10 days; the tenth was suspended 5 days (net 5 days) and late
    for (let i = 1; i <= 10; i++) {
      apply(p, [caseOpened(`k${i}`)]);
      if (i === 1)
        apply(p, [
          ev(CaseAnsweredV1, {
            caseId: 'k1',
            answeredAt: '2026-11-02T22:00:00+01:00',
            officeId: 'lavori_pubblici',
            firstResponse: true,
          }),
        ]);
      apply(p, [caseClosed(`k${i}`, i * 24, i === 10 ? { suspendedDays: 5, withinTerm: false } : {})]);
    }
    const [all] = caseTimes(p, {}, 'none', 5);
    // net days: 1,2,3,4,5,5,6,7,8,9 → median (rank 5) 5, p90 (rank 9) 8
    expect(all).toMatchObject({
      key: 'all',
      closed: 10,
      withinTerm: 9,
      withinTermShare: 0.9,
      closureMedianDays: 5,
      closureP90Days: 8,
      // one first response is a figure about one person: withheld with its count (per measure, not per row)
      firstResponses: null,
      firstResponseMedianDays: null,
      belowMinimumSample: false,
    });
    expect(caseTimes(p, {}, 'none', 1)[0]).toMatchObject({ firstResponses: 1, firstResponseMedianDays: 0.5 });
    // comparisons between offices need the minimum sample
    const [office] = caseTimes(p, {}, 'office', 20);
    expect(office).toMatchObject({
      key: 'lavori_pubblici',
      belowMinimumSample: true,
      closureMedianDays: null,
    });
    expect(caseTimes(p, {}, 'office', 10)[0].closureMedianDays).toBe(5);
  });

  it('percentile is nearest-rank over the histogram', () => {
    const h = new Map([
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
    ]);
    expect(percentile(h, 0.5)).toBe(2);
    expect(percentile(h, 0.9)).toBe(4);
    expect(percentile(new Map(), 0.5)).toBeNull();
  });

  it('keeps the backlog by office and referent, overdue at query time, suspended cases not overdue', () => {
    const p = new IndicatorProjection();
    apply(p, [
      caseOpened('a'),
      caseOpened('b', { dueAt: '2026-11-05T23:59:59+01:00' }),
      caseOpened('c', { dueAt: '2026-11-05T23:59:59+01:00' }),
      caseOpened('d'),
      ev(CaseSuspendedV1, { caseId: 'c', reason: 'documenti', suspendedAt: '2026-11-03T10:00:00+01:00' }),
      ev(CaseRoutedV1, {
        caseId: 'd',
        officeId: 'ambiente',
        referentId: 'ref-9',
        routedAt: '2026-11-03T10:00:00+01:00',
        routedBy: 'bo-1',
      }),
      caseClosed('a', 10),
    ]);
    expect(backlog(p, {}, new Date('2026-11-20T00:00:00Z'))).toEqual([
      { officeId: 'ambiente', referentId: 'ref-9', open: 1, overdue: 0, suspended: 0 },
      { officeId: 'lavori_pubblici', referentId: 'ref-1', open: 2, overdue: 1, suspended: 1 },
    ]);
    apply(p, [
      ev(CaseResumedV1, {
        caseId: 'c',
        resumedAt: '2026-11-10T10:00:00+01:00',
        dueAt: '2026-12-30T23:59:59+01:00',
        suspendedDays: 7,
      }),
    ]);
    expect(backlog(p, { officeId: 'lavori_pubblici' }, new Date('2026-11-20T00:00:00Z'))[0]).toMatchObject({
      open: 2,
      overdue: 1,
      suspended: 0,
    });
  });

  it('counts reminders and due dates reached', () => {
    const p = new IndicatorProjection();
    const r = (kind: 'reminder' | 'due') =>
      ev(ReminderDueV1, {
        caseId: 'a',
        kind,
        officeId: 'urp',
        dueAt: '2026-11-30T23:59:59+01:00',
        firedAt: '2026-11-12T08:00:00+01:00',
      });
    apply(p, [r('reminder'), r('reminder'), r('due')]);
    expect(reminders(p, {})).toEqual([{ month: '2026-11', officeId: 'urp', reminders: 2, dueReached: 1 }]);
  });

  it('computes complaints per 1,000 contacts and their categories', () => {
    const p = new IndicatorProjection();
    for (let i = 0; i < 1996; i++) p.inc('ct|2026-11|desk|information');
    apply(p, [
      registered(1, { contactType: 'complaint', category: { level1: 'tributi' } }),
      registered(2, { contactType: 'complaint', category: { level1: 'tributi' } }),
      registered(3, { contactType: 'complaint', category: { level1: 'ambiente_rifiuti' } }),
      registered(4, { contactType: 'complaint' }),
    ]);
    expect(complaints(p, {})).toEqual([
      {
        month: '2026-11',
        contacts: 2000,
        complaints: 4,
        complaintsPer1000Contacts: 2,
        categories: [
          { category: 'tributi', count: 2 },
          { category: '-', count: 1 },
          { category: 'ambiente_rifiuti', count: 1 },
        ],
      },
    ]);
  });

  it('measures knowledge-base effectiveness', () => {
    const p = new IndicatorProjection();
    apply(p, [
      ev(SheetPublishedV1, {
        sheetId: 's1',
        revision: 1,
        slug: 'tari-tassa-rifiuti',
        title: 'TARI',
        category: 'tributi',
        topics: [],
        lifeEvents: [],
        officeIds: ['tributi'],
        audience: 'public',
        publishedAt: '2026-01-01T00:00:00+01:00',
        reviewDueAt: '2026-07-01T00:00:00+02:00',
      }),
      registered(1, { sheetIds: ['s1'] }),
      registered(2, { sheetIds: ['s1', 's1'] }),
      ...[true, true, true, false].map((clear, i) =>
        ev(ClarityFeedbackReceivedV1, {
          feedbackId: `f${i}`,
          sheetId: 's1',
          clear,
          ...(clear ? {} : { reason: 'incomplete' }),
          receivedAt: '2026-11-01T10:00:00+01:00',
        }),
      ),
    ]);
    expect(knowledgeBase(p, new Date('2026-11-20T00:00:00Z'))).toEqual([
      {
        sheetId: 's1',
        slug: 'tari-tassa-rifiuti',
        title: 'TARI',
        active: true,
        contactsAnswered: 2,
        clear: 3,
        unclear: 1,
        clearShare: 0.75,
        pastReviewDate: true,
        reasons: [{ reason: 'incomplete', count: 1 }],
      },
    ]);
  });

  it('keeps the access register statistics and procedure times', () => {
    const p = new IndicatorProjection();
    const decided = (
      i: number,
      kind: EventPayload<typeof ProcedureDecidedV1>['kind'],
      outcome: EventPayload<typeof ProcedureDecidedV1>['outcome'],
      days: number,
      withinTerm: boolean,
    ) =>
      ev(ProcedureDecidedV1, {
        procedureId: `p${i}`,
        procedureTypeCode: kind === 'generic' ? 'permesso_ztl' : 'accesso_documentale',
        kind,
        officeId: 'segreteria_generale',
        outcome,
        submittedAt: '2026-10-01T10:00:00+02:00',
        decidedAt: new Date(Date.parse('2026-10-01T10:00:00+02:00') + days * 86_400_000).toISOString(),
        dueAt: '2026-10-31T23:59:59+01:00',
        withinTerm,
        suspendedDays: 0,
      });
    apply(p, [
      ev(ProcedureSubmittedV1, {
        procedureId: 'p1',
        procedureTypeCode: 'accesso_documentale',
        kind: 'document_access',
        protocolNumber: '0000001',
        submittedAt: '2026-10-01T10:00:00+02:00',
      }),
      decided(1, 'document_access', 'accepted', 10, true),
      decided(2, 'document_access', 'rejected', 40, false),
      decided(3, 'generic', 'accepted', 20, true),
      ev(ReviewRequestedV1, {
        procedureId: 'p2',
        procedureTypeCode: 'accesso_documentale',
        kind: 'document_access',
        requestedAt: '2026-11-12T10:00:00+01:00',
      }),
    ]);
    const [reg] = accessRegister(p, {}, 1);
    expect(reg).toMatchObject({
      kind: 'document_access',
      submitted: 1,
      decided: 2,
      withinTerm: 1,
      withinTermShare: 0.5,
      medianDays: 10,
      p90Days: 40,
      outcomes: [
        { outcome: 'accepted', count: 1 },
        { outcome: 'rejected', count: 1 },
      ],
      reviewsRequested: 1,
    });
    expect(accessRegister(p, {}, 1).map((r) => r.kind)).toEqual(['document_access']);
    expect(procedureTimes(p, { serviceCode: 'permesso_ztl' }, 1)).toMatchObject([
      { kind: 'generic', procedureTypeCode: 'permesso_ztl', decided: 1, medianDays: 20 },
    ]);
  });

  it('computes satisfaction: share per emoticon, mean stars, response rate, reasons, NPS', () => {
    const p = new IndicatorProjection();
    apply(p, [
      ...[1, 2, 3, 4, 5].map((i) => issued(i)),
      answered(1, { emoticon: 'satisfied' }),
      answered(2, { emoticon: 'satisfied' }),
      answered(3, { emoticon: 'dissatisfied', reasons: ['waiting_time', 'need_to_come_back'] }),
      answered(4, { emoticon: 'neutral', reasons: ['waiting_time'] }),
      ev(SurveyExpiredV1, {
        ...survey,
        invitationId: 'inv5',
        issuedAt: '2026-11-03T10:00:00+01:00',
        expiredAt: '2026-11-17T10:00:00+01:00',
      }),
    ]);
    expect(satisfaction(p, {}, 'none', 1)).toEqual([
      {
        key: 'all',
        invited: 5,
        answered: 4,
        expired: 1,
        responseRate: 0.8,
        sampleSize: 4,
        belowMinimumSample: false,
        satisfiedShare: 0.5,
        neutralShare: 0.25,
        dissatisfiedShare: 0.25,
        meanStars: null,
        starsDistribution: null,
        meanCsat: null,
        nps: null,
        reasons: [
          { reason: 'waiting_time', count: 2 },
          { reason: 'need_to_come_back', count: 1 },
        ],
      },
    ]);
    // below the minimum sample nothing is shown, no count either (it would say how few answered)
    expect(satisfaction(p, {}, 'office', 5)[0]).toMatchObject({
      key: 'lavori_pubblici',
      invited: null,
      answered: null,
      sampleSize: null,
      belowMinimumSample: true,
      satisfiedShare: null,
      reasons: null,
    });

    const q = new IndicatorProjection();
    apply(q, [
      answered(1, { surveyKind: 'stars', stars: 5 }),
      answered(2, { surveyKind: 'stars', stars: 4 }),
      answered(3, { surveyKind: 'stars', stars: 2 }),
      answered(4, { surveyKind: 'nps', nps: 10 }),
      answered(5, { surveyKind: 'nps', nps: 9 }),
      answered(6, { surveyKind: 'nps', nps: 7 }),
      answered(7, { surveyKind: 'nps', nps: 3 }),
      answered(8, { surveyKind: 'csat', csat: 4 }),
      answered(9, { surveyKind: 'csat', csat: 5 }),
    ]);
    expect(satisfaction(q, { serviceCode: 'strade_viabilita' }, 'month', 1)[0]).toMatchObject({
      key: '2026-11',
      meanStars: 3.67,
      starsDistribution: [0, 1, 0, 1, 1],
      nps: 25,
      meanCsat: 4.5,
    });
  });

  it('exports per office and service for the performance evaluation', () => {
    const p = new IndicatorProjection();
    apply(p, [issued(1), answered(1, { emoticon: 'satisfied' }), caseOpened('k1'), caseClosed('k1', 48)]);
    expect(performanceEvaluation(p, {}, 1)).toMatchObject([
      { officeId: 'lavori_pubblici', serviceCode: '*', casesClosed: 1, caseClosureMedianDays: 2 },
      {
        officeId: 'lavori_pubblici',
        serviceCode: 'strade_viabilita',
        surveysAnswered: 1,
        satisfiedShare: 1,
        responseRate: 1,
      },
    ]);
  });

  it('counts an anonymous answer (v2: month of issue, no invitation) exactly as the answer it replaces (v1)', () => {
    const v1 = new IndicatorProjection();
    apply(v1, [issued(1), answered(1, { emoticon: 'satisfied', reasons: ['courtesy'] })]);
    const v2 = new IndicatorProjection();
    apply(v2, [
      issued(1),
      ev(SurveyAnsweredV2, {
        ...survey,
        answerId: 'ans_8d0f',
        issuedMonth: '2026-11',
        answeredAt: '2026-11-04T10:00:00+01:00',
        emoticon: 'satisfied',
        reasons: ['courtesy'],
      }),
    ]);
    expect(v2.checksum()).toBe(v1.checksum());
    expect(satisfaction(v2, {}, 'none', 1)).toEqual(satisfaction(v1, {}, 'none', 1));
  });

  it('survives a snapshot round trip and gives the same checksum for any interleaving', () => {
    const events = [
      registered(1),
      caseOpened('k1'),
      caseClosed('k1', 30),
      issued(1),
      answered(1, { emoticon: 'satisfied' }),
      ev(SheetPublishedV1, {
        sheetId: 's1',
        revision: 1,
        slug: 'x',
        title: 'X',
        category: 'tributi',
        topics: [],
        lifeEvents: [],
        officeIds: [],
        audience: 'public',
        publishedAt: '2026-01-01T00:00:00+01:00',
        reviewDueAt: '2027-01-01T00:00:00+01:00',
      }),
    ];
    const a = new IndicatorProjection();
    apply(a, events);
    const b = new IndicatorProjection();
    // another interleaving of topics (order within an aggregate kept)
    apply(b, [events[5], events[3], events[0], events[4], events[1], events[2]]);
    expect(b.checksum()).toBe(a.checksum());
    const restored = IndicatorProjection.fromSnapshot(JSON.parse(JSON.stringify(a.toSnapshot())));
    expect(restored.checksum()).toBe(a.checksum());
    expect(restored.apply(events[0])).toBe(false); // the dedup window survives too
    expect(satisfaction(restored, {}, 'none', 1)).toEqual(satisfaction(a, {}, 'none', 1));
  });
});

describe('what the projection reads', () => {
  it('handles exactly the contract events it lists, from exactly their topics', () => {
    const handled = Object.keys(indicatorHandlers(new IndicatorProjection())).sort();
    expect(handled).toEqual(INDICATOR_EVENTS.map((e) => e.type).sort());
    expect(INDICATOR_TOPICS).toEqual([
      'urp.contacts.contact.v1',
      'urp.contacts.case.v1',
      'urp.procedures.procedure.v1',
      'urp.knowledge-base.sheet.v1',
      'urp.knowledge-base.feedback.v1',
      'urp.satisfaction.survey.v1',
    ]);
  });

  it('skips a payload that breaks its contract, counting nothing', () => {
    const p = new IndicatorProjection();
    const e = registered(1);
    expect(() => p.apply({ ...e, id: 'bad', data: { contactId: 'c1' } })).toThrow(/invalid/);
    expect(p.eventsApplied).toBe(0);
    expect(p.count('ct|2026-11|desk|information')).toBe(0);
  });
});
