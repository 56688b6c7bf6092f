import { closeContact, needsCase, needsProtocol, newContact, RegisterContactInput } from './contact.rules';

const t0 = new Date('2026-03-02T09:00:00Z');

describe('contact rules', () => {
  it('opens a case for complaints, reports and access requests unless answered at once; never for procedure starts', () => {
    expect(needsCase({ type: 'complaint' })).toBe(true);
    expect(needsCase({ type: 'complaint', resolvedAtFirstContact: true })).toBe(false);
    expect(needsCase({ type: 'information' })).toBe(false);
    expect(needsCase({ type: 'information', openCase: true })).toBe(true);
    expect(needsCase({ type: 'procedure_start', openCase: true })).toBe(false);
    expect(needsProtocol(false, 'procedure_start')).toBe(true);
    expect(needsProtocol(false, 'information')).toBe(false);
  });

  it('a procedure start needs its procedure type', () => {
    const r = RegisterContactInput.safeParse({ channel: 'desk', type: 'procedure_start', subject: 'x' });
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['procedureTypeCode']);
  });

  it('registers an open contact with a trimmed subject', () => {
    const input = RegisterContactInput.parse({
      channel: 'desk',
      type: 'information',
      subject: '  TARI scadenza  ',
    });
    expect(newContact(input, 'op-1', 'c-1', t0)).toEqual({
      id: 'c-1',
      revision: 0,
      channel: 'desk',
      type: 'information',
      direction: 'inbound',
      sheetIds: [],
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
    expect(() => closeContact({ ...c, status: 'closed' }, true, later)).toThrow(/già chiuso/);
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
