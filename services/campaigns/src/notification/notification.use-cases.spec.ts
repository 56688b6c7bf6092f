import {
  CaseOpenedV1,
  CaseRoutedV1,
  createEvent,
  SheetReviewDueV1,
  SubstituteEngagedV1,
  SurveyLinkDeliveryRequestedV1,
} from '@urp/contracts';
import { FixedClock, ServiceKernel } from '@urp/kernel';
import type { BulletinViews } from '../bulletin/bulletin.store';
import type { CampaignsConfig } from '../config';
import { aNotification } from './notification.fixtures';
import { notificationIdFor, type Notification } from './notification.rules';
import type { NotificationStore } from './notification.store';
import { NotificationUseCases } from './notification.use-cases';

/** The store as the use case uses it, in memory: `_id` reads, and inserts that collide with an existing id. */
function setup(cases: Record<string, { protocolNumber?: string; dueAt?: Date }> = {}) {
  const docs = new Map<string, Notification>();
  const store = {
    get: async (id: string) => docs.get(id) ?? null,
    insertMany: async (changes: readonly { next: Notification }[]) => {
      const fresh = changes.map((c) => c.next).filter((n) => !docs.has(n.id));
      for (const n of fresh) docs.set(n.id, n);
      return fresh;
    },
  };
  const kicked: Notification[] = [];
  const useCases = new NotificationUseCases(
    store as unknown as NotificationStore,
    new ServiceKernel({ source: '/urp/campaigns' }, new FixedClock(new Date('2026-12-07T08:00:00Z'))),
    { NOTIFICATION_MAX_AGE_MS: 7 * 86_400_000 } as CampaignsConfig,
    { kick: (n?: readonly Notification[]) => void kicked.push(...(n ?? [])) },
    { cases: { get: async (id: string) => cases[id] ?? null } } as unknown as BulletinViews,
  );
  return { docs, useCases, kicked };
}

const reviewDue = (reviewDueAt: string) =>
  createEvent(
    SheetReviewDueV1,
    'sheet_1',
    {
      sheetId: 'sheet_1',
      ownerReferentId: 'ref_1',
      officeIds: ['off_anagrafe'],
      reviewDueAt,
      title: 'Carta di identità elettronica',
    },
    { source: '/urp/knowledge-base', time: new Date('2026-12-07T07:00:00Z') },
  );

describe('review notices across the change of their id (a3763cc: the UTC day, then the instant)', () => {
  it('a review event redelivered after the deploy does not tell the owner a second time', async () => {
    const { docs, useCases, kicked } = setup();
    const at = '2026-12-06T23:00:00.000Z';
    // queued before the deploy, under the day's id
    const before = notificationIdFor.reviewByDay('sheet_1', at);
    expect(before).toBe('ntf_rev_sheet_1_2026-12-06');
    docs.set(
      before,
      aNotification(before, {
        requestedBy: 'SheetReviewDue',
        sheetId: 'sheet_1',
        template: 'sheet_review_due',
        facts: { dueAt: at },
      }),
    );
    await useCases.fromSheetReviewDue(reviewDue(at));
    expect([...docs.keys()]).toEqual([before]);
    expect(kicked).toEqual([]);
  });

  it('another review date of the same day, or a sheet never told, is queued under the new id', async () => {
    const { docs, useCases, kicked } = setup();
    const before = notificationIdFor.reviewByDay('sheet_1', '2026-12-06T10:00:00Z');
    docs.set(
      before,
      aNotification(before, {
        requestedBy: 'SheetReviewDue',
        sheetId: 'sheet_1',
        template: 'sheet_review_due',
        facts: { dueAt: '2026-12-06T10:00:00Z' },
      }),
    );
    const later = '2026-12-06T15:30:00.000Z';
    await useCases.fromSheetReviewDue(reviewDue(later));
    const id = notificationIdFor.review('sheet_1', later);
    expect(docs.get(id)).toMatchObject({ status: 'queued', recipientId: 'ref_1', facts: { dueAt: later } });
    expect(kicked.map((n) => n.id)).toEqual([id]);
    // a redelivery of the new event queues nothing more
    await useCases.fromSheetReviewDue(reviewDue(later));
    expect(kicked.map((n) => n.id)).toEqual([id]);
    expect(docs.size).toBe(2);
  });
});

describe('the survey link: on the channel the citizen used, else the other of e-mail and SMS', () => {
  const request = (channel: 'email' | 'sms') =>
    createEvent(
      SurveyLinkDeliveryRequestedV1,
      'inv_1',
      {
        notificationId: `srv_inv_${channel}`,
        invitationId: `inv_${channel}`,
        requesterId: 'req_survey1',
        channel,
        expiresOn: '2026-12-21',
        requestedAt: '2026-12-07T07:00:00Z',
      },
      { source: '/urp/satisfaction', time: new Date('2026-12-07T07:00:00Z') },
    );

  it('a caller gets it by SMS, by e-mail if contacts has no phone for them; a web user the other way round', async () => {
    const { useCases, kicked } = setup();
    await useCases.fromSurveyLink(request('sms'));
    await useCases.fromSurveyLink(request('email'));
    expect(kicked.map((n) => [n.channel, n.fallbackChannels, n.recipientType])).toEqual([
      ['sms', ['email'], 'requester'],
      ['email', ['sms'], 'requester'],
    ]);
  });
});

describe('the assignment notice: a case handed to a referent, else to an office (issue 14)', () => {
  const at = new Date('2026-12-07T07:30:00Z');
  const routed = (data: { officeId: string; referentId?: string; routedBy: string }) =>
    createEvent(
      CaseRoutedV1,
      'case_9',
      { caseId: 'case_9', routedAt: at.toISOString(), ...data },
      { source: '/urp/contacts', time: at },
    );
  const opened = (data: { officeId?: string; referentId?: string }) =>
    createEvent(
      CaseOpenedV1,
      'case_8',
      {
        caseId: 'case_8',
        contactId: 'con_8',
        contactType: 'report',
        channel: 'web_form',
        priority: 'normal',
        openedAt: at.toISOString(),
        dueAt: '2027-01-06T07:30:00.000Z',
        protocolNumber: '2026/0000008',
        ...data,
      },
      { source: '/urp/contacts', time: at },
    );
  const known = { case_9: { protocolNumber: '2026/0000009', dueAt: new Date('2027-01-05T23:00:00Z') } };

  it('routed by the URP to a referent: to the referent (the office if they have no e-mail), with the case’s number and due date, once', async () => {
    const { useCases, kicked } = setup(known);
    const e = routed({ officeId: 'off_tributi', referentId: 'ref_rossi', routedBy: 'op_bianchi' });
    await useCases.fromCaseAssigned(e);
    await useCases.fromCaseAssigned(e); // redelivered
    expect(kicked).toHaveLength(1);
    expect(kicked[0]).toMatchObject({
      id: notificationIdFor.assigned(e.id),
      requestedBy: 'CaseRouted',
      caseId: 'case_9',
      recipientType: 'referent',
      recipientId: 'ref_rossi',
      fallbackOfficeId: 'off_tributi',
      officeId: 'off_tributi',
      channel: 'email',
      template: 'case_assigned',
      facts: { protocolNumber: '2026/0000009', dueAt: '2027-01-05T23:00:00.000Z', officeId: 'off_tributi' },
    });
  });

  it('routed to an office alone: to the office; routed again: told again', async () => {
    const { useCases, kicked } = setup(known);
    await useCases.fromCaseAssigned(routed({ officeId: 'off_tributi', routedBy: 'op_bianchi' }));
    await useCases.fromCaseAssigned(routed({ officeId: 'off_anagrafe', routedBy: 'op_bianchi' }));
    expect(kicked.map((n) => [n.recipientType, n.recipientId, n.fallbackOfficeId])).toEqual([
      ['office', 'off_tributi', undefined],
      ['office', 'off_anagrafe', undefined],
    ]);
  });

  it('nobody is told of a case they took themself, nor an office of each report opened for it', async () => {
    const { useCases, kicked } = setup(known);
    await useCases.fromCaseAssigned(
      routed({ officeId: 'off_tributi', referentId: 'ref_rossi', routedBy: 'ref_rossi' }),
    );
    await useCases.fromCaseAssigned(opened({ officeId: 'off_strade' }));
    await useCases.fromCaseAssigned(opened({}));
    expect(kicked).toEqual([]);
  });

  it('a routing replayed from the history (older than the notices’ maximum age) tells nobody', async () => {
    const { useCases, kicked, docs } = setup(known);
    const old = createEvent(
      CaseRoutedV1,
      'case_9',
      { caseId: 'case_9', routedAt: '2025-10-01T08:00:00Z', officeId: 'off_tributi', routedBy: 'op_bianchi' },
      { source: '/urp/contacts', time: new Date('2025-10-01T08:00:00Z') },
    );
    await useCases.fromCaseAssigned(old);
    expect(kicked).toEqual([]);
    expect(docs.size).toBe(0);
  });

  it('opened for a referent: to the referent, with what the opening says', async () => {
    const { useCases, kicked } = setup();
    await useCases.fromCaseAssigned(opened({ officeId: 'off_strade', referentId: 'ref_verdi' }));
    expect(kicked.map((n) => [n.requestedBy, n.recipientId, n.facts])).toEqual([
      [
        'CaseOpened',
        'ref_verdi',
        { protocolNumber: '2026/0000008', dueAt: '2027-01-06T07:30:00.000Z', officeId: 'off_strade' },
      ],
    ]);
  });
});

describe('the substitute official: told when the clock engages them on a procedure past its term', () => {
  it('to the substitute (the office if they have no e-mail), with both dates, once per event', async () => {
    const { useCases, kicked } = setup();
    const e = createEvent(
      SubstituteEngagedV1,
      'prc_1',
      {
        procedureId: 'prc_1',
        procedureTypeCode: 'accesso_civico',
        kind: 'simple_civic_access',
        substituteId: 'ref-seg-moretti',
        engagedAt: '2026-12-03T23:00:00.000Z',
        dueAt: '2026-12-22T22:59:59.999Z',
        originalDueAt: '2026-12-03T22:59:59.999Z',
        officeId: 'off_tributi',
      },
      { source: '/urp/procedures', time: new Date('2026-12-07T07:00:00Z') },
    );
    await useCases.fromSubstituteEngaged(e);
    await useCases.fromSubstituteEngaged(e);
    expect(kicked).toHaveLength(1);
    expect(kicked[0]).toMatchObject({
      id: notificationIdFor.substitute(e.id),
      requestedBy: 'SubstituteEngaged',
      procedureId: 'prc_1',
      recipientType: 'referent',
      recipientId: 'ref-seg-moretti',
      fallbackOfficeId: 'off_tributi',
      template: 'procedure_substitute',
      facts: {
        dueAt: '2026-12-22T22:59:59.999Z',
        originalDueAt: '2026-12-03T22:59:59.999Z',
        procedureTypeCode: 'accesso_civico',
      },
    });
  });
});
