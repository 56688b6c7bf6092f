import { CaseOpenedV1, CaseRoutedV1, createEvent } from '@urp/contracts';
import { InMemoryAggregateStore } from '@urp/kernel';
import type { NotificationUseCases } from '../notification/notification.use-cases';
import { BulletinHandlers } from './bulletin.handlers';
import type { BulletinViews, CaseView } from './bulletin.store';

describe('the open cases the bulletin reads', () => {
  const cases = new InMemoryAggregateStore<CaseView>('open_cases');
  const handlers = new BulletinHandlers(
    { cases } as unknown as BulletinViews,
    {} as unknown as NotificationUseCases,
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
  });
});
