import { closeContact, ContactRuleViolation, newContact, RegisterContactInput } from './contact.rules';

const t0 = new Date('2026-03-02T09:00:00Z');

describe('contact rules', () => {
  it('registers an open contact with a trimmed subject', () => {
    const input = RegisterContactInput.parse({
      channel: 'desk',
      type: 'information',
      subject: '  TARI scadenza  ',
    });
    expect(newContact(input, 'op-1', 'c-1', t0)).toEqual({
      id: 'c-1',
      channel: 'desk',
      type: 'information',
      subject: 'TARI scadenza',
      status: 'open',
      operatorId: 'op-1',
      registeredAt: t0,
    });
  });

  it('names each invalid field', () => {
    const r = RegisterContactInput.safeParse({
      channel: 'fax',
      type: 'information',
      subject: ' ',
      requesterId: 'Mario Rossi',
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'channel',
      'requesterId',
      'subject',
    ]);
  });

  it('closes an open contact once', () => {
    const c = newContact(
      RegisterContactInput.parse({ channel: 'phone', type: 'complaint', subject: 'x' }),
      'op',
      'c',
      t0,
    );
    const later = new Date('2026-03-02T09:05:00Z');
    expect(closeContact(c, false, later)).toEqual({
      status: 'closed',
      closedAt: later,
      resolvedAtFirstContact: false,
    });
    expect(() => closeContact({ ...c, status: 'closed' }, true, later)).toThrow(ContactRuleViolation);
  });

  it('never closes before registration (clock skew between operators’ machines)', () => {
    const c = newContact(
      RegisterContactInput.parse({ channel: 'phone', type: 'complaint', subject: 'x' }),
      'op',
      'c',
      t0,
    );
    expect(closeContact(c, true, new Date('2026-03-02T08:59:00Z')).closedAt).toEqual(t0);
  });
});
