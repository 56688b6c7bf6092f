import type { UseCaseContext } from '@urp/kernel';
import type { CaseContact } from '../contact/contact.rules';
import { contactsScrubber } from '../shared/scrub.rules';
import { DEFAULT_DUE_POLICY } from './case-clock.rules';
import { decided, mustHaveCase } from './case-decision.rules';
import { openCase } from './case.rules';

const t0 = new Date('2026-03-02T08:00:00Z');
const ctx: UseCaseContext = {
  actor: { sub: 'op-1', roles: ['operator'] },
  now: t0,
  source: '/urp/contacts',
  scrub: contactsScrubber,
};
const recipient = { requesterId: 'req_maria00001', channel: 'email' as const };
const c: CaseContact = {
  id: 'c1',
  revision: 1,
  channel: 'desk',
  type: 'complaint',
  direction: 'inbound',
  subject: 'x',
  status: 'open',
  operatorId: 'op-1',
  registeredAt: t0,
  sheetIds: [],
  case: openCase('c1', { priority: 'normal', policy: DEFAULT_DUE_POLICY[1] }, ctx),
};

describe('what every case decision shares', () => {
  it('a contact without a case is NOT_FOUND', () => {
    expect(() => mustHaveCase({ ...c, case: undefined })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    expect(mustHaveCase(c)).toBe(c);
  });

  it('recomputes the next timer and applies the contact fields', () => {
    const d = decided(ctx, c, { ...c.case, reminderFiredFor: c.case.reminderAt }, () => [], {
      set: { officeId: 'off_1' },
    });
    expect(d.state).toMatchObject({ officeId: 'off_1', case: { nextTimerAt: c.case.dueAt } });
  });

  it('tells the citizen only of relevant changes, with a recipient, and never a staff requester', () => {
    const n = (opts: Parameters<typeof decided>[4], contact = c) =>
      decided(ctx, contact, contact.case, () => [], opts).events.map((e) => e.type.split('.')[3]);
    expect(n({ notify: 'assigned', recipient })).toEqual(['CitizenNotificationRequested']);
    expect(n({ notify: 'assigned' })).toEqual([]);
    expect(n({ notify: 'triaged', recipient })).toEqual([]);
    expect(n({ notify: 'assigned', recipient }, { ...c, requesterIsStaff: true })).toEqual([]);
  });
});
