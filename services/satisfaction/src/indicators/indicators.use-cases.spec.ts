import { CaseOpenedV1, createEvent, type CloudEvent } from '@urp/contracts';
import { FixedClock, ServiceKernel, type Actor } from '@urp/kernel';
import { scrubPersonalData } from '@urp/privacy';
import type { SatisfactionConfig } from '../config';
import { IndicatorProjection } from './projection';
import type { IndicatorsRuntime } from './indicators.runtime';
import { IndicatorsUseCases } from './indicators.use-cases';

/** Issue 12: the backlog by office is open to referents, for their own offices only. */
describe('indicators by office', () => {
  const opened = (caseId: string, officeId: string, referentId: string) =>
    createEvent(
      CaseOpenedV1,
      'x',
      {
        caseId,
        contactId: `c-${caseId}`,
        contactType: 'report',
        channel: 'web_form',
        officeId,
        referentId,
        priority: 'normal',
        openedAt: '2026-11-02T10:00:00+01:00',
        dueAt: '2026-12-02T23:59:59+01:00',
        protocolNumber: '0001234',
      },
      { source: '/test' },
    ) as CloudEvent;

  function setup() {
    const projection = new IndicatorProjection();
    for (const e of [
      opened('a', 'tributi', 'ref-t'),
      opened('b', 'istruzione', 'ref-i'),
      opened('c', 'tributi', 'ref-t'),
    ])
      projection.apply(e);
    const kernel = new ServiceKernel(
      { source: '/urp/satisfaction', scrub: (t) => scrubPersonalData(t) },
      new FixedClock(new Date('2026-11-20T10:00:00Z')),
    );
    return new IndicatorsUseCases({ projection } as unknown as IndicatorsRuntime, kernel, {
      INDICATORS_MIN_SAMPLE: 10,
    } as SatisfactionConfig);
  }
  const tributi: Actor = { sub: 'ref-t', roles: ['referent'], offices: ['tributi'] };

  it("a referent sees only their offices' backlog, whatever office they ask for, in rows and CSV", () => {
    const indicators = setup();
    expect(indicators.rows(tributi, 'backlog', {})).toEqual([
      { officeId: 'tributi', referentId: 'ref-t', open: 2, overdue: 0, suspended: 0 },
    ]);
    expect(indicators.rows(tributi, 'backlog', { officeId: 'istruzione' })).toEqual([]);
    expect(indicators.rows({ sub: 'r0', roles: ['referent'] }, 'backlog', {})).toEqual([]);
    const csv = indicators.csv(tributi, 'backlog', {});
    expect(csv).toContain('tributi');
    expect(csv).not.toContain('istruzione');
    expect(indicators.csv(tributi, 'backlog', { officeId: 'istruzione' })).not.toContain('ref-i');
    // the roles that are not office-scoped see every office
    expect(indicators.rows({ sub: 'm', roles: ['manager'] }, 'backlog', {}).map((r) => r.officeId)).toEqual([
      'istruzione',
      'tributi',
    ]);
  });

  it('a refused caller gets FORBIDDEN before the filter is validated', () => {
    const indicators = setup();
    const bad = { from: 'ieri' };
    expect(() => indicators.rows(tributi, 'contacts', bad)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(() => indicators.csv(tributi, 'satisfaction', bad)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(() => indicators.rows({ sub: 'm', roles: ['manager'] }, 'contacts', bad)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
  });
});
