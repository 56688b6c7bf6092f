import { ProcedureDecidedV1, SurveyAnsweredV2, type CloudEvent, type EventPayload } from '@urp/contracts';
import type { UrpEventContext } from '@urp/messaging';
import { emit, FixedClock, InMemoryAggregateStore, ServiceKernel, type PeriodicTasks } from '@urp/kernel';
import { scrubPersonalData } from '@urp/privacy';
import { satisfactionEnv } from '../config';
import { BUILT_IN_SURVEYS, type CustomSurvey, type SurveyDefinition } from '../survey/survey.rules';
import type { SurveyRepository } from '../survey/survey.store';
import { SurveyDueHandler } from './invitation.handlers';
import type { Invitation, SurveyDueFacts } from './invitation.rules';
import type { InvitationRepository } from './invitation.store';
import { InvitationUseCases } from './invitation.use-cases';
import type { RequesterDirectory, RequesterStatus } from './requester-directory';

/** The invitation store's contract in memory: tokens and quiet-period claims beside the aggregates. */
class MemoryInvitations extends InMemoryAggregateStore<Invitation> implements InvitationRepository {
  readonly tokens = new Map<string, string>();
  readonly claims = new Map<string, { at: Date; invitationId: string }>();
  async claimRequester(requesterId: string, invitationId: string, now: Date, blockedSince: Date) {
    const c = this.claims.get(requesterId);
    if (c && c.at >= blockedSince) return c.invitationId === invitationId;
    this.claims.set(requesterId, { at: now, invitationId });
    return true;
  }
  async saveToken(hash: string, id: string) {
    this.tokens.set(hash, id);
  }
  async dropToken(hash: string) {
    this.tokens.delete(hash);
  }
  async invitationIdOfToken(hash: string) {
    return this.tokens.get(hash);
  }
  async expired(now: Date) {
    return this.all().filter((i) => i.status === 'pending' && i.expiresAt < now);
  }
  async latestOfContact(contactId: string) {
    return this.all().find((i) => i.contactId === contactId);
  }
  async list() {
    return this.all();
  }
  async pendingSeals() {
    return this.all().filter((i) => i.status === 'pending');
  }
}

class BuiltInSurveys extends InMemoryAggregateStore<CustomSurvey> implements SurveyRepository {
  async definition(id: string): Promise<SurveyDefinition | undefined> {
    return BUILT_IN_SURVEYS.find((s) => s.id === id);
  }
  async definitions() {
    return BUILT_IN_SURVEYS;
  }
}

const config = satisfactionEnv.parse({
  PORT: '4002',
  MONGO_URL: 'mongodb://127.0.0.1:1',
  MONGO_DB: 'unit',
  KAFKA_BROKERS: '127.0.0.1:1',
  IDENTITY_SECRET: 'x'.repeat(32),
  SURVEY_PUBLIC_BASE_URL: 'https://servizi.comune.example/',
});
const tasks: Pick<PeriodicTasks, 'every'> = { every: () => undefined };

/** Contacts' requesters as the directory answers them: known ones, one anonymised, anything else unknown. */
const directory: RequesterDirectory & { asked: string[] } = {
  asked: [],
  async statusOf(requesterId: string): Promise<RequesterStatus> {
    this.asked.push(requesterId);
    if (requesterId === 'req_erased0001') return 'anonymised';
    return ['req_online0001', 'req_online0002'].includes(requesterId) ? 'known' : 'unknown';
  },
};
const SERVICE = { sub: 'svc-portale', roles: ['service' as const] };

function setup() {
  const clock = new FixedClock(new Date('2026-11-30T10:00:00Z'));
  const invitations = new MemoryInvitations('survey_invitations');
  const kernel = new ServiceKernel(
    { source: '/urp/satisfaction', scrub: (t) => scrubPersonalData(t) },
    clock,
  );
  const useCases = new InvitationUseCases(
    invitations,
    new BuiltInSurveys(),
    kernel,
    tasks as PeriodicTasks,
    config,
    directory,
  );
  const ctx = () => kernel.context({ sub: 'satisfaction', roles: ['service'] });
  return { clock, invitations, useCases, ctx, kernel };
}

const caseClosed = (caseId: string, over: Partial<SurveyDueFacts> = {}): SurveyDueFacts => ({
  trigger: 'case_closed',
  subjectId: caseId,
  sourceEventId: `ev-${caseId}`,
  endedAt: '2026-11-30T08:00:00Z',
  requesterId: 'req_citizen001',
  channel: 'web_form',
  officeId: 'lavori_pubblici',
  serviceCode: 'strade_viabilita',
  caseId,
  contactId: `c-${caseId}`,
  ...over,
});

const tokenOf = (url: string) => url.split('/s/')[1];

describe('invitation use cases (in memory)', () => {
  it('issue one invitation per closed case, whose link is the only place the token appears', async () => {
    const { useCases, invitations, ctx } = setup();
    const first = await useCases.issue(caseClosed('k1'), ctx());
    expect(first).toMatchObject({
      issued: true,
      invitation: { status: 'pending', surveyId: 'mettiamoci-la-faccia' },
    });
    expect(await useCases.issue(caseClosed('k1'), ctx())).toMatchObject({
      issued: false,
      reason: 'already issued',
    });
    expect(invitations.tokens.size).toBe(1); // the second token was dropped
    const link = await useCases.link(SERVICE, first.issued ? first.invitation.id : '');
    expect(link?.url).toMatch(/^https:\/\/servizi\.comune\.example\/s\/[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(invitations.events)).not.toContain(tokenOf(link!.url));
    // the closure asks for the link's delivery once, with the invitation (a redelivery asks nothing more)
    expect(invitations.events.map((e) => e.type)).toEqual([
      'it.urp.satisfaction.SurveyInvitationIssued.v1',
      'it.urp.satisfaction.SurveyLinkDeliveryRequested.v1',
    ]);
  });

  it('give the link to the delivering service only, until it is answered or expired', async () => {
    const { useCases, invitations, clock, ctx } = setup();
    const service = { sub: 'svc-campaigns', roles: ['service' as const] };
    const a = await useCases.issue(caseClosed('k1', { requesterId: 'req_citizen001' }), ctx());
    const b = await useCases.issue(caseClosed('k2', { requesterId: 'req_citizen002' }), ctx());
    if (!a.issued || !b.issued) throw new Error('expected invitations');
    // a person never, not even an administrator (the admin override does not open this door)
    for (const roles of [['operator'], ['admin'], ['backoffice']] as const)
      await expect(
        useCases.deliveryLink({ sub: 'x', roles: [...roles] }, a.invitation.id),
      ).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    expect(await useCases.deliveryLink(service, a.invitation.id)).toEqual({
      state: 'open',
      link: {
        invitationId: a.invitation.id,
        url: `https://servizi.comune.example/s/${a.token}`,
        // closed on 30 November (Rome): 14 days, through the whole of 14 December
        expiresAt: '2026-12-14T22:59:59.999Z',
        expiresOn: '2026-12-14',
      },
    });
    expect(await useCases.deliveryLink(service, 'inv_unknown')).toEqual({ state: 'unknown' });
    await useCases.answer(a.token, { emoticon: 'satisfied' });
    expect(await useCases.deliveryLink(service, a.invitation.id)).toEqual({ state: 'answered' });
    // the last instant of the last day still works; the next one closes the invitation (SurveyExpired)
    clock.set(new Date('2026-12-14T22:59:59.999Z'));
    expect(await useCases.deliveryLink(service, b.invitation.id)).toMatchObject({ state: 'open' });
    clock.set(new Date('2026-12-14T23:00:00Z'));
    expect(await useCases.deliveryLink(service, b.invitation.id)).toEqual({ state: 'expired' });
    expect(invitations.events.filter((e) => e.type.endsWith('SurveyExpired.v1'))).toHaveLength(1);
  });

  it('never show the link to staff (who could answer in the citizen’s place), not even an admin', async () => {
    const { useCases, ctx } = setup();
    const a = await useCases.issue(caseClosed('k1'), ctx());
    if (!a.issued) throw new Error('expected an invitation');
    for (const roles of [['operator'], ['backoffice'], ['referent'], ['manager'], ['admin']] as const)
      await expect(
        useCases.link({ sub: 'x', roles: [...roles], offices: ['lavori_pubblici'] }, a.invitation.id),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await useCases.link(SERVICE, a.invitation.id))?.url).toBe(
      `https://servizi.comune.example/s/${a.token}`,
    );
  });

  it('issue an online service’s survey only to its integration, for a requester contacts knows', async () => {
    const { useCases, invitations } = setup();
    const input = { sessionId: 'sess-1', serviceCode: 'cie_rilascio', officeId: 'anagrafe' };
    // no person makes an invitation (and so a link to answer), whatever the office
    for (const roles of [['operator'], ['backoffice'], ['manager'], ['admin']] as const)
      await expect(
        useCases.completeOnlineService(
          { sub: 'x', roles: [...roles], offices: ['anagrafe'] },
          { ...input, requesterId: 'req_online0001' },
        ),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // the requester is required, and must exist and not be anonymised (Italian field errors)
    await expect(useCases.completeOnlineService(SERVICE, input)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: {
        fields: { 'input.requesterId': 'indicare il richiedente che ha completato il servizio' },
      },
    });
    await expect(
      useCases.completeOnlineService(SERVICE, { ...input, requesterId: 'req_madeup0001' }),
    ).rejects.toMatchObject({
      extensions: {
        fields: { 'input.requesterId': 'richiedente sconosciuto: registrarlo prima tra i richiedenti' },
      },
    });
    await expect(
      useCases.completeOnlineService(SERVICE, { ...input, requesterId: 'req_erased0001' }),
    ).rejects.toMatchObject({
      extensions: {
        fields: { 'input.requesterId': 'il richiedente è stato anonimizzato: nessun questionario' },
      },
    });
    expect(invitations.all()).toEqual([]);
    const ok = await useCases.completeOnlineService(SERVICE, { ...input, requesterId: 'req_online0001' });
    expect(ok).toMatchObject({ issued: true, link: { url: expect.stringMatching(/\/s\//) } });
    expect(invitations.all()).toMatchObject([{ trigger: 'online_service', officeId: 'anagrafe' }]);
  });

  it('ask no staff member, and nobody twice within the quiet period', async () => {
    const { useCases, ctx } = setup();
    expect(await useCases.issue(caseClosed('k1', { requesterIsStaff: true }), ctx())).toMatchObject({
      issued: false,
      reason: 'requester is staff',
    });
    expect((await useCases.issue(caseClosed('k2'), ctx())).issued).toBe(true);
    expect(await useCases.issue(caseClosed('k3'), ctx())).toMatchObject({
      issued: false,
      reason: 'requester surveyed recently',
    });
  });

  it('survey the applicant of a decided procedure, never a staff member (ProcedureDecided.requesterIsStaff)', async () => {
    const { useCases, invitations, ctx } = setup();
    const handler = new SurveyDueHandler(useCases);
    const decided = (procedureId: string, requesterId: string, requesterIsStaff?: boolean) =>
      emit(ctx(), ProcedureDecidedV1, procedureId, {
        procedureId,
        procedureTypeCode: 'accesso_atti',
        kind: 'document_access',
        requesterId,
        officeId: 'tributi',
        outcome: 'accepted',
        submittedAt: '2026-11-02T09:00:00Z',
        decidedAt: '2026-11-30T08:00:00Z',
        dueAt: '2026-12-02T22:59:59.999Z',
        withinTerm: true,
        suspendedDays: 0,
        ...(requesterIsStaff === undefined ? {} : { requesterIsStaff }),
      }) as CloudEvent<EventPayload<typeof ProcedureDecidedV1>>;
    const eventCtx = {} as UrpEventContext;
    await handler.onProcedureDecided(decided('prc_staff', 'req_employee01', true), eventCtx);
    expect(invitations.all()).toEqual([]);
    await handler.onProcedureDecided(decided('prc_citizen', 'req_citizen001', false), eventCtx);
    await handler.onProcedureDecided(decided('prc_older', 'req_citizen002'), eventCtx); // before the field
    expect(invitations.all().map((i) => i.procedureId)).toEqual(['prc_citizen', 'prc_older']);
  });

  it('accept the answer once by the link, scrubbed and without the requester', async () => {
    const { useCases, invitations, ctx } = setup();
    const issued = await useCases.issue(caseClosed('k1'), ctx());
    if (!issued.issued) throw new Error('expected an invitation');
    expect(await useCases.answer(issued.token, { comment: 'niente' })).toMatchObject({
      state: 'errors',
      errors: [{ field: 'emoticon', message: 'Scelga una risposta.' }],
    });
    const thanks = await useCases.answer(issued.token, {
      emoticon: 'satisfied',
      reasons: ['courtesy'],
      comment: 'Grazie, scrivete a mario.rossi@example.it',
    });
    expect(thanks).toMatchObject({ state: 'thanks', invitation: { status: 'answered' } });
    expect(thanks.state === 'thanks' && thanks.invitation.tokenSealed).toBeFalsy();
    expect(await useCases.answer(issued.token, { emoticon: 'dissatisfied' })).toMatchObject({
      state: 'answered',
    });
    const answered = invitations.events.filter((e) => e.type === SurveyAnsweredV2.type);
    expect(answered).toHaveLength(1);
    expect(answered[0].data).toMatchObject({ emoticon: 'satisfied', comment: 'Grazie, scrivete a [email]' });
    // nothing in the answer leads back to the invitation, the case or the person
    for (const field of ['requesterId', 'invitationId', 'caseId', 'contactId', 'procedureId', 'issuedAt'])
      expect(answered[0].data).not.toHaveProperty(field);
    expect(answered[0].subject).not.toBe(issued.invitation.id);
    expect(answered[0].subject).toBe((answered[0].data as { answerId: string }).answerId);
    // and the invitation keeps only that it was answered
    const stored = await invitations.get(issued.invitation.id);
    expect(stored).toMatchObject({ status: 'answered' });
    expect(JSON.stringify(stored)).not.toMatch(/satisfied|courtesy|Grazie/);
    expect(await useCases.link(SERVICE, issued.invitation.id)).toBeNull();
  });

  it('close an invitation past its expiry, once, when its link is opened or by the sweep', async () => {
    const { useCases, invitations, clock, ctx } = setup();
    const a = await useCases.issue(caseClosed('k1', { requesterId: 'req_citizen001' }), ctx());
    await useCases.issue(caseClosed('k2', { requesterId: 'req_citizen002' }), ctx());
    if (!a.issued) throw new Error('expected an invitation');
    clock.set(new Date('2026-12-20T10:00:00Z'));
    expect(await useCases.open(a.token)).toMatchObject({ state: 'expired' });
    expect(await useCases.answer(a.token, { emoticon: 'satisfied' })).toMatchObject({ state: 'expired' });
    expect(await useCases.expireDue()).toBe(1);
    expect(await useCases.expireDue()).toBe(0);
    expect(invitations.events.filter((e) => e.type.endsWith('SurveyExpired.v1'))).toHaveLength(2);
    expect(await useCases.open('not-a-token')).toEqual({ state: 'invalid' });
  });

  it('close the invitations its index holds past their end by id, without reading the collection', async () => {
    const { useCases, invitations, clock, ctx } = setup();
    const a = await useCases.issue(caseClosed('k1', { requesterId: 'req_citizen001' }), ctx());
    const b = await useCases.issue(caseClosed('k2', { requesterId: 'req_citizen002' }), ctx());
    if (!a.issued || !b.issued) throw new Error('expected invitations');
    const scans = jest.spyOn(invitations, 'expired');
    expect(await useCases.expireKnown()).toBe(0);
    clock.set(new Date('2026-12-20T10:00:00Z'));
    expect(await useCases.expireKnown()).toBe(2);
    expect(await useCases.expireKnown()).toBe(0);
    expect(scans).not.toHaveBeenCalled();
    expect(invitations.events.filter((e) => e.type.endsWith('SurveyExpired.v1'))).toHaveLength(2);
    expect(await useCases.open(a.token)).toEqual({ state: 'expired', invitationId: a.invitation.id });
    // the store's scan (the safety net) finds nothing left
    expect(await useCases.expireDue()).toBe(0);
  });

  it('serve the page from memory for a token it holds, from the store once for one it does not', async () => {
    const { useCases, invitations, ctx, kernel } = setup();
    const a = await useCases.issue(caseClosed('k1', { requesterId: 'req_citizen001' }), ctx());
    if (!a.issued) throw new Error('expected an invitation');
    const reads = jest.spyOn(invitations, 'get');
    const tokenReads = jest.spyOn(invitations, 'invitationIdOfToken');
    expect(await useCases.open(a.token)).toMatchObject({ state: 'pending', invitationId: a.invitation.id });
    expect(reads).not.toHaveBeenCalled();
    expect(tokenReads).not.toHaveBeenCalled();

    // another instance starts from the pending invitations' seals, and reads nothing per page either
    const other = new InvitationUseCases(
      invitations,
      new BuiltInSurveys(),
      kernel,
      tasks as PeriodicTasks,
      config,
      directory,
    );
    expect(await other.loadPages()).toBe(1);
    expect(await other.open(a.token)).toMatchObject({ state: 'pending', invitationId: a.invitation.id });
    expect(tokenReads).not.toHaveBeenCalled();

    // answered here: this instance says so at once, without asking the store
    expect(await useCases.answer(a.token, { emoticon: 'satisfied' })).toMatchObject({ state: 'thanks' });
    reads.mockClear();
    expect(await useCases.open(a.token)).toEqual({ state: 'answered', invitationId: a.invitation.id });
    expect(reads).not.toHaveBeenCalled();
    // the other instance cannot know before a submit (no event names the answered invitation), and the
    // store refuses the second answer there: the page says it was already answered, then and after
    expect(await other.answer(a.token, { emoticon: 'dissatisfied' })).toMatchObject({ state: 'answered' });
    expect(await other.open(a.token)).toMatchObject({ state: 'answered' });
    expect(invitations.events.filter((e) => e.type === SurveyAnsweredV2.type)).toHaveLength(1);

    // a link issued by the other instance after this one started: the store once, then memory
    const b = await other.issue(caseClosed('k2', { requesterId: 'req_citizen002' }), ctx());
    if (!b.issued) throw new Error('expected an invitation');
    tokenReads.mockClear();
    expect(await useCases.open(b.token)).toMatchObject({ state: 'pending' });
    expect(await useCases.open(b.token)).toMatchObject({ state: 'pending' });
    expect(tokenReads).toHaveBeenCalledTimes(1);
    expect(await useCases.open(tokenOf(`/s/${'x'.repeat(43)}`))).toEqual({ state: 'invalid' });
  });
});
