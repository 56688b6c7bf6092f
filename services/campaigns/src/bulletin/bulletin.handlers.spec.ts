import {
  CaseClosedV1,
  CaseOpenedV1,
  CaseReopenedV1,
  CaseRoutedV1,
  createEvent,
  DuplicateMarkedV1,
  type CloudEvent,
  type EventPayload,
} from '@urp/contracts';
import { InMemoryAggregateStore } from '@urp/kernel';
import type { NotificationUseCases } from '../notification/notification.use-cases';
import { BulletinHandlers } from './bulletin.handlers';
import type { BulletinViews, CaseView } from './bulletin.store';

describe('the open cases the bulletin reads', () => {
  const cases = new InMemoryAggregateStore<CaseView>('open_cases');
  // the assignment notices (notification.use-cases.spec.ts decides them): every opening and routing is handed over
  const assigned: string[] = [];
  const handlers = new BulletinHandlers(
    { cases } as unknown as BulletinViews,
    {
      fromCaseAssigned: async (e: CloudEvent) => void assigned.push(`${e.type.split('.')[3]} ${e.subject}`),
    } as unknown as NotificationUseCases,
  );
  const source = { source: '/urp/contacts' };
  const routing = { caseId: 'case_1', routedAt: '2026-12-02T09:00:00Z', routedBy: 'op-giulia' };

  it('keep the protocol number; a case routed to an office without a referent is no longer its former referent’s', async () => {
    await handlers.onCaseOpened(
      createEvent(
        CaseOpenedV1,
        'case_1',
        {
          caseId: 'case_1',
          contactId: 'c_1',
          contactType: 'complaint',
          channel: 'email',
          officeId: 'off_trib',
          referentId: 'ref-tributi-rossi',
          priority: 'normal',
          openedAt: '2026-12-01T09:00:00Z',
          dueAt: '2026-12-31T09:00:00Z',
          protocolNumber: '2026/0001234',
        },
        source,
      ),
    );
    expect(await cases.get('case_1')).toMatchObject({
      protocolNumber: '2026/0001234',
      officeId: 'off_trib',
      referentId: 'ref-tributi-rossi',
    });
    await handlers.onCaseRouted(
      createEvent(CaseRoutedV1, 'case_1', { ...routing, officeId: 'off_urp' }, source),
    );
    const routed = await cases.get('case_1');
    expect(routed).toMatchObject({ protocolNumber: '2026/0001234', officeId: 'off_urp', open: true });
    expect(routed).not.toHaveProperty('referentId');
    await handlers.onCaseRouted(
      createEvent(
        CaseRoutedV1,
        'case_1',
        { ...routing, officeId: 'off_urp', referentId: 'ref-urp-ferri' },
        source,
      ),
    );
    expect(await cases.get('case_1')).toMatchObject({ referentId: 'ref-urp-ferri' });
    expect(assigned).toEqual(['CaseOpened case_1', 'CaseRouted case_1', 'CaseRouted case_1']);
  });

  it('a merged duplicate waits no more; a reopened case waits again', async () => {
    const opened = (caseId: string) =>
      createEvent(
        CaseOpenedV1,
        caseId,
        {
          caseId,
          contactId: `c_${caseId}`,
          contactType: 'report',
          channel: 'web_form',
          officeId: 'off_trib',
          priority: 'normal',
          openedAt: '2026-12-01T09:00:00Z',
          dueAt: '2026-12-31T09:00:00Z',
          protocolNumber: `2026/${caseId}`,
        },
        source,
      );
    await handlers.onCaseOpened(opened('case_2'));
    await handlers.onCaseOpened(opened('case_3'));
    await handlers.onDuplicateMarked(
      createEvent(
        DuplicateMarkedV1,
        'case_3',
        {
          caseId: 'case_3',
          originalCaseId: 'case_2',
          markedBy: 'op-giulia',
          markedAt: '2026-12-02T09:00:00Z',
        },
        source,
      ),
    );
    expect(await cases.get('case_3')).toMatchObject({ open: false });
    expect(await cases.get('case_2')).toMatchObject({ open: true });
    // the projection reads only the case id of a closing
    const closed = { id: 'evt_closed_2', data: { caseId: 'case_2' } };
    await handlers.onCaseClosed(closed as CloudEvent<EventPayload<typeof CaseClosedV1>>);
    expect(await cases.get('case_2')).toMatchObject({ open: false });
    await handlers.onCaseReopened(
      createEvent(
        CaseReopenedV1,
        'case_2',
        {
          caseId: 'case_2',
          reopenedAt: '2026-12-03T09:00:00Z',
          reason: 'risposta incompleta',
          officeId: 'off_urp',
        },
        source,
      ),
    );
    expect(await cases.get('case_2')).toMatchObject({
      open: true,
      officeId: 'off_urp',
      protocolNumber: '2026/case_2',
    });
  });
});
