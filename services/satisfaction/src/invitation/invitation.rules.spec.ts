import { isDomainError, type UseCaseContext } from '@urp/kernel';
import fc from 'fast-check';
import { addDays, romeCivilDate, toDayNumber } from '@urp/legal-clock';
import { BUILT_IN_SURVEYS } from '../survey/survey.rules';
import {
  answerInvitation,
  DEFAULT_POLICY,
  decideInvitation,
  expireInvitation,
  invitationIdFor,
  expiresOnOf,
  isInQuietPeriod,
  isOpen,
  isSampled,
  issueInvitation,
  quietPeriodStart,
  surveyExpiry,
  type Invitation,
  type IssueInvitation,
  type SurveyDueFacts,
} from './invitation.rules';
import { hashSurveyToken, looksLikeToken, newSurveyToken, sealToken, unsealToken } from './survey-token';

const DAY = 86_400_000;
const facts: SurveyDueFacts = {
  trigger: 'case_closed',
  subjectId: 'case-1',
  sourceEventId: 'e1',
  endedAt: '2026-03-02T09:00:00Z',
  requesterId: 'req_abc123',
  caseId: 'case-1',
};
const ended = new Date(facts.endedAt).getTime();
const now = new Date(ended + 1000);

describe('survey invitation rules', () => {
  it('invites the requester of a closed case, valid for two weeks from the closing', () => {
    expect(decideInvitation(facts, DEFAULT_POLICY, now)).toEqual({
      invite: true,
      invitationId: invitationIdFor('case_closed', 'case-1'),
      surveyId: 'mettiamoci-la-faccia',
      // closed on 2 March (Rome): 14 days, the 2nd not counted, through the whole of the 16th
      expiresOn: '2026-03-16',
      expiresAt: new Date('2026-03-16T23:59:59.999+01:00'),
      deliverBy: 'email',
    });
  });

  it('sends the link after a closure, by SMS to who phoned and by email otherwise, never online', () => {
    expect(decideInvitation({ ...facts, channel: 'phone' }, DEFAULT_POLICY, now)).toMatchObject({
      deliverBy: 'sms',
    });
    for (const channel of ['desk', 'email', 'web_form', 'pec'] as const)
      expect(decideInvitation({ ...facts, channel }, DEFAULT_POLICY, now)).toMatchObject({
        deliverBy: 'email',
      });
    for (const trigger of ['contact_closed', 'procedure_decided'] as const)
      expect(
        decideInvitation({ ...facts, trigger, resolvedAtFirstContact: true }, DEFAULT_POLICY, now),
      ).toMatchObject({ deliverBy: 'email' });
    // the end of an online service shows the link at once, on the page
    const online = decideInvitation({ ...facts, trigger: 'online_service' }, DEFAULT_POLICY, now);
    expect(online).toMatchObject({ invite: true });
    expect(online).not.toHaveProperty('deliverBy');
  });

  it('counts the validity on Italian civil dates, across summer time and midnight', () => {
    // 23:30 UTC on 20 March is 00:30 on the 21st in Rome; 14 days later is summer time
    expect(surveyExpiry('2026-03-20T23:30:00Z', 14)).toEqual({
      expiresOn: '2026-04-04',
      expiresAt: new Date('2026-04-04T23:59:59.999+02:00'),
    });
    // 14 × 24 h on instants would have ended at 01:30 on 4 April (Rome), most of the last day lost
    expect(new Date('2026-03-20T23:30:00Z').getTime() + 14 * DAY).toBeLessThan(
      surveyExpiry('2026-03-20T23:30:00Z', 14).expiresAt.getTime(),
    );
  });

  it('agrees with the legal clock and the IANA time zone for any instant and validity (property)', () => {
    const rome = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Rome',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2031-12-31T00:00:00Z') }),
        fc.integer({ min: 1, max: 90 }),
        (t, days) => {
          const endedAt = new Date(t).toISOString();
          const { expiresOn, expiresAt } = surveyExpiry(endedAt, days);
          // the clock's reading: the Italian day of the end, plus the days
          expect(expiresOn).toBe(addDays(romeCivilDate(endedAt), days));
          // an independent reading: Intl's Italian date of the end, then whole days on a UTC calendar
          const endedOn = rome.format(new Date(t));
          expect(expiresOn).toBe(
            new Date(Date.parse(`${endedOn}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10),
          );
          // the link works through the last instant of that Italian day, and not an instant more
          expect(rome.format(expiresAt)).toBe(expiresOn);
          expect(rome.format(new Date(expiresAt.getTime() + 1))).not.toBe(expiresOn);
          const inv = { status: 'pending', expiresAt } as Invitation;
          expect(isOpen(inv, expiresAt)).toBe(true);
          expect(isOpen(inv, new Date(expiresAt.getTime() + 1))).toBe(false);
          expect(expiresOnOf(inv)).toBe(expiresOn);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('uses the AgID stars for decided procedures and online services', () => {
    for (const trigger of ['procedure_decided', 'online_service'] as const)
      expect(decideInvitation({ ...facts, trigger }, DEFAULT_POLICY, now)).toMatchObject({
        surveyId: 'agid-stelle',
      });
  });

  it('never surveys when the requester is staff (the operator is the requester)', () => {
    expect(decideInvitation({ ...facts, requesterIsStaff: true }, DEFAULT_POLICY, now)).toEqual({
      invite: false,
      reason: 'requester is staff',
    });
  });

  it('does not invite when there is nobody to ask', () => {
    expect(decideInvitation({ ...facts, requesterId: undefined }, DEFAULT_POLICY, now)).toEqual({
      invite: false,
      reason: 'anonymous requester',
    });
  });

  it('rates a contact that opened a case when the case closes, not twice', () => {
    const contact = { ...facts, trigger: 'contact_closed' as const, resolvedAtFirstContact: false };
    expect(decideInvitation(contact, DEFAULT_POLICY, now)).toMatchObject({ invite: false });
    expect(decideInvitation({ ...contact, resolvedAtFirstContact: true }, DEFAULT_POLICY, now)).toMatchObject(
      {
        invite: true,
      },
    );
  });

  it('invites nobody about a service ended too long ago (a replay of old events)', () => {
    expect(decideInvitation(facts, DEFAULT_POLICY, new Date(ended + 15 * DAY))).toEqual({
      invite: false,
      reason: 'ended too long ago',
    });
  });

  it('switches a trigger off when it has no survey', () => {
    const policy = { ...DEFAULT_POLICY, surveyByTrigger: { case_closed: 'x' } };
    expect(decideInvitation({ ...facts, trigger: 'online_service' }, policy, now)).toMatchObject({
      invite: false,
    });
  });

  it('samples deterministically, converging to the rate', () => {
    expect(isSampled('case_closed', 'a', 1)).toBe(true);
    expect(isSampled('case_closed', 'a', 0)).toBe(false);
    const ids = Array.from({ length: 10_000 }, (_, i) => `case-${i}`);
    const sampled = ids.filter((id) => isSampled('case_closed', id, 0.2)).length;
    expect(sampled / ids.length).toBeGreaterThan(0.18);
    expect(sampled / ids.length).toBeLessThan(0.22);
    // the same subject always gets the same answer (redelivery, replay)
    expect(ids.map((id) => isSampled('case_closed', id, 0.2))).toEqual(
      ids.map((id) => isSampled('case_closed', id, 0.2)),
    );
    const policy = { ...DEFAULT_POLICY, samplingRate: 0.2 };
    const decisions = ids.map((id) => decideInvitation({ ...facts, subjectId: id }, policy, now));
    expect(decisions.filter((d) => d.invite)).toHaveLength(sampled);
  });

  it('keeps a quiet period between two surveys to the same requester, in Italian civil days', () => {
    const last = new Date('2026-03-01T10:00:00Z');
    expect(isInQuietPeriod(undefined, now, 30)).toBe(false);
    // invited on 1 March: left alone through 31 March (Rome, summer time by then), asked again from 1 April
    expect(isInQuietPeriod(last, new Date('2026-03-31T21:59:59.999Z'), 30)).toBe(true);
    expect(isInQuietPeriod(last, new Date('2026-03-31T22:00:00Z'), 30)).toBe(false);
    expect(isInQuietPeriod(last, new Date(last.getTime() + DAY), 0)).toBe(false);
    expect(isInQuietPeriod(last, last, 0)).toBe(false);
    // the start the store compares with is midnight in Rome of the first day still blocked
    expect(quietPeriodStart(new Date('2026-03-31T22:00:00Z'), 30)).toEqual(
      new Date('2026-03-02T00:00:00+01:00'),
    );
  });

  it('agrees with a day-by-day count of Italian days for the quiet period (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2030-12-31T00:00:00Z') }),
        fc.integer({ min: 0, max: 200 * DAY }),
        fc.integer({ min: 1, max: 90 }),
        (t, gap, days) => {
          const last = new Date(t);
          const at = new Date(t + gap);
          // blocked while the Italian day of `at` is at most `days` after the Italian day of the invitation
          const elapsed = toDayNumber(romeCivilDate(at)) - toDayNumber(romeCivilDate(last));
          expect(isInQuietPeriod(last, at, days)).toBe(elapsed <= days);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('derives one opaque invitation id per subject', () => {
    const id = invitationIdFor('case_closed', 'case-1');
    expect(id).toMatch(/^inv_[0-9a-f]{24}$/);
    expect(id).not.toContain('case');
    expect(invitationIdFor('case_closed', 'case-1')).toBe(id);
    expect(invitationIdFor('contact_closed', 'case-1')).not.toBe(id);
  });
});

describe('survey tokens', () => {
  it('are random, 256-bit, url-safe and reveal nothing', () => {
    const tokens = new Set(Array.from({ length: 1000 }, newSurveyToken));
    expect(tokens.size).toBe(1000);
    for (const t of [...tokens].slice(0, 20)) {
      expect(looksLikeToken(t)).toBe(true);
      expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    }
    expect(looksLikeToken('../etc/passwd')).toBe(false);
    expect(looksLikeToken('abc')).toBe(false);
  });

  it('are stored as a SHA-256 digest only', () => {
    const t = newSurveyToken();
    expect(hashSurveyToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSurveyToken(t)).toBe(hashSurveyToken(t));
    expect(hashSurveyToken(t)).not.toContain(t);
  });

  it('can be sealed for delivery and opened only with the secret', () => {
    const t = newSurveyToken();
    const sealed = sealToken(t, 's'.repeat(32));
    expect(sealed).not.toContain(t);
    expect(unsealToken(sealed, 's'.repeat(32))).toBe(t);
    expect(() => unsealToken(sealed, 'x'.repeat(32))).toThrow();
  });
});

describe("an invitation's life", () => {
  const at = (ms: number): UseCaseContext => ({
    actor: { sub: 'satisfaction', roles: ['service'] },
    now: new Date(ended + ms),
    source: '/urp/satisfaction',
    scrub: (t) => t,
  });
  const issued = (): Invitation =>
    issueInvitation(
      null,
      {
        facts,
        invitationId: invitationIdFor('case_closed', 'case-1'),
        survey: BUILT_IN_SURVEYS[0],
        expiresAt: new Date(ended + 14 * DAY),
        tokenSealed: 'sealed',
      },
      at(1000),
    ).state;

  it('is issued pending, with the sealed token kept only in the state, never in the event', () => {
    const { state, events } = issueInvitation(
      null,
      {
        facts,
        invitationId: 'inv_1',
        survey: BUILT_IN_SURVEYS[0],
        expiresAt: new Date(ended + 14 * DAY),
        tokenSealed: 'sealed',
      },
      at(1000),
    );
    expect(state).toMatchObject({ status: 'pending', tokenSealed: 'sealed', surveyKind: 'emoticons' });
    expect(JSON.stringify(events)).not.toContain('sealed');
    expect(events[0].data).toMatchObject({
      invitationId: 'inv_1',
      requesterId: 'req_abc123',
      caseId: 'case-1',
    });
  });

  it('asks campaigns once, with the issue, to deliver the link: ids and channel, no token, no link', () => {
    const { state, events } = issueInvitation(
      null,
      {
        facts,
        invitationId: 'inv_0123456789abcdef01234567',
        survey: BUILT_IN_SURVEYS[0],
        expiresAt: new Date('2026-03-16T23:59:59.999+01:00'),
        tokenSealed: 'sealed',
        deliverBy: 'sms',
      },
      at(1000),
    );
    expect(events.map((e) => e.type)).toEqual([
      'it.urp.satisfaction.SurveyInvitationIssued.v1',
      'it.urp.satisfaction.SurveyLinkDeliveryRequested.v1',
    ]);
    expect(events[1].subject).toBe('inv_0123456789abcdef01234567');
    expect(events[1].data).toEqual({
      notificationId: 'ntf_survey_0123456789abcdef01234567',
      invitationId: 'inv_0123456789abcdef01234567',
      requesterId: 'req_abc123',
      channel: 'sms',
      expiresOn: '2026-03-16',
      requestedAt: at(1000).now.toISOString(),
    });
    expect(state.delivery).toMatchObject({ channel: 'sms' });
    expect(JSON.stringify(events)).not.toMatch(/sealed|\/s\//);
    // nothing to deliver without a decision to deliver (online service) or a requester
    const quiet = (over: Partial<IssueInvitation>) =>
      issueInvitation(
        null,
        {
          facts,
          invitationId: 'inv_2',
          survey: BUILT_IN_SURVEYS[0],
          expiresAt: new Date(ended + 14 * DAY),
          tokenSealed: 'sealed',
          ...over,
        },
        at(1000),
      ).events.map((e) => e.type);
    expect(quiet({})).toEqual(['it.urp.satisfaction.SurveyInvitationIssued.v1']);
    expect(quiet({ deliverBy: 'email', facts: { ...facts, requesterId: undefined } })).toEqual([
      'it.urp.satisfaction.SurveyInvitationIssued.v1',
    ]);
  });

  it('ends answered or expired, once, whatever is tried in whatever order (property)', () => {
    const attempt = fc.record({
      kind: fc.constantFrom('answer', 'expire'),
      afterMs: fc.integer({ min: 0, max: 30 * DAY }),
    });
    fc.assert(
      fc.property(fc.array(attempt, { maxLength: 10 }), (attempts) => {
        let inv = issued();
        const closing: string[] = [];
        for (const a of attempts) {
          const ctx = at(a.afterMs);
          try {
            const d =
              a.kind === 'answer'
                ? answerInvitation(inv, { answer: { emoticon: 'satisfied' }, answerId: 'ans_1' }, ctx)
                : expireInvitation(inv, undefined, ctx);
            closing.push(...d.events.map((e) => e.type));
            inv = d.state;
          } catch (e) {
            if (!isDomainError(e, 'CONFLICT')) throw e;
            expect(a.kind).toBe('answer');
          }
        }
        expect(closing.length).toBeLessThanOrEqual(1);
        if (inv.status === 'pending') expect(closing).toEqual([]);
        else {
          expect(inv.tokenSealed).toBeUndefined();
          expect(closing).toEqual([
            inv.status === 'answered'
              ? 'it.urp.satisfaction.SurveyAnswered.v2'
              : 'it.urp.satisfaction.SurveyExpired.v1',
          ]);
        }
        // the invitation knows the person: it keeps that it was answered, not the answer nor when
        if (inv.status === 'answered')
          expect(Object.keys(inv)).not.toEqual(expect.arrayContaining(['answer']));
      }),
    );
  });
});
