import {
  compareQueue,
  decodeCursor,
  encodeCursor,
  isAfterCursor,
  matchesProtocol,
  needsClosed,
  parseProtocolQuery,
  queuePredicate,
  type QueueRow,
} from './case-queue.rules';

const now = new Date('2026-03-02T08:00:00Z');
const DAY = 86_400_000;
const me = { staffId: 'staff-verdi', ids: ['staff-verdi', 'ref_verdi'] };
const row = (over: Partial<QueueRow> = {}): QueueRow => ({
  id: 'c1',
  type: 'complaint',
  operatorId: 'staff-rossi',
  caseStatus: 'received',
  dueAt: now.getTime() + 10 * DAY,
  priority: 'normal',
  ...over,
});

describe('the operator’s queue', () => {
  it('open cases by default, all with includeClosed, the given statuses when asked', () => {
    const closed = row({ caseStatus: 'closed' });
    expect(queuePredicate({}, now, me)(row())).toBe(true);
    expect(queuePredicate({}, now, me)(closed)).toBe(false);
    expect(queuePredicate({ includeClosed: true }, now, me)(closed)).toBe(true);
    expect(queuePredicate({ status: ['answered'] }, now, me)(row())).toBe(false);
    expect(queuePredicate({ status: ['answered'] }, now, me)(row({ caseStatus: 'answered' }))).toBe(true);
    // a contact without a case is never in the queue
    expect(queuePredicate({}, now, me)(row({ caseStatus: undefined }))).toBe(false);
    expect(needsClosed({})).toBe(false);
    expect(needsClosed({ includeClosed: true })).toBe(true);
    expect(needsClosed({ status: ['received'] })).toBe(false);
    expect(needsClosed({ status: ['merged'] })).toBe(true);
  });

  it('filters, overdue by the clock, and "mine": assigned to me, mentioning me, or registered by me', () => {
    const q = queuePredicate(
      { overdue: true, officeId: 'off_1', priority: 'high', referentId: null },
      now,
      me,
    );
    const late = row({ dueAt: now.getTime() - 1, caseOfficeId: 'off_1', priority: 'high' });
    expect(q(late)).toBe(true);
    expect(q({ ...late, dueAt: now.getTime() + 1 })).toBe(false);
    expect(q({ ...late, caseOfficeId: 'off_2' })).toBe(false);
    expect(q({ ...late, priority: 'low' })).toBe(false);
    const mine = queuePredicate({ mine: true }, now, me);
    expect(mine(row())).toBe(false);
    expect(mine(row({ referentId: 'ref_verdi' }))).toBe(true);
    expect(mine(row({ mentioned: ['ref_bianchi', 'ref_verdi'] }))).toBe(true);
    expect(mine(row({ operatorId: 'staff-verdi' }))).toBe(true);
    expect(queuePredicate({ officeId: null, mine: null }, now, me)(row())).toBe(true);
  });

  it('"mine" for the head of an office: its open cases nobody holds, not those a referent holds', () => {
    const mine = queuePredicate({ mine: true }, now, { ...me, heads: ['off_1'] });
    expect(mine(row({ caseOfficeId: 'off_1' }))).toBe(true);
    expect(mine(row({ caseOfficeId: 'off_1', referentId: 'ref_bianchi' }))).toBe(false);
    expect(mine(row({ caseOfficeId: 'off_2' }))).toBe(false);
    expect(queuePredicate({ mine: true }, now, me)(row({ caseOfficeId: 'off_1' }))).toBe(false);
  });

  it('type, category, requester, suspended and due within some days', () => {
    expect(queuePredicate({ type: 'report' }, now, me)(row())).toBe(false);
    expect(queuePredicate({ categoryLevel1: 'tributi' }, now, me)(row({ level1: 'tributi' }))).toBe(true);
    expect(queuePredicate({ categoryLevel1: 'tributi' }, now, me)(row())).toBe(false);
    expect(queuePredicate({ requesterId: 'req_a' }, now, me)(row({ requesterId: 'req_a' }))).toBe(true);
    expect(queuePredicate({ requesterId: 'req_a' }, now, me)(row({ requesterId: 'req_b' }))).toBe(false);
    expect(queuePredicate({ suspended: true }, now, me)(row({ suspended: true }))).toBe(true);
    expect(queuePredicate({ suspended: true }, now, me)(row())).toBe(false);
    const soon = queuePredicate({ dueWithinDays: 3 }, now, me);
    expect(soon(row({ dueAt: now.getTime() + 2 * DAY }))).toBe(true);
    expect(soon(row({ dueAt: now.getTime() + 4 * DAY }))).toBe(false);
    expect(soon(row({ dueAt: now.getTime() - 1 }))).toBe(false); // already overdue: not "due soon"
  });

  it('protocol numbers as typed: the full number, or the number in any year', () => {
    expect(parseProtocolQuery('2026/0000123')).toEqual({ year: 2026, seq: 123 });
    expect(parseProtocolQuery(' 2026 / 123 ')).toEqual({ year: 2026, seq: 123 });
    expect(parseProtocolQuery('0000123')).toEqual({ seq: 123 });
    expect(parseProtocolQuery('123')).toEqual({ seq: 123 });
    for (const bad of ['', 'abc', '2026/', '0', '26/12', 'Rossi'])
      expect(() => parseProtocolQuery(bad)).toThrow(
        expect.objectContaining({ fields: { 'filter.protocolNumber': expect.any(String) } }),
      );
    expect(matchesProtocol('2026/0000123', { seq: 123 })).toBe(true);
    expect(matchesProtocol('2025/0000123', { seq: 123 })).toBe(true);
    expect(matchesProtocol('2025/0000123', { year: 2026, seq: 123 })).toBe(false);
    expect(matchesProtocol('2026/0001123', { seq: 123 })).toBe(false);
    expect(matchesProtocol(undefined, { seq: 123 })).toBe(false);
    const q = queuePredicate({ protocolNumber: '123' }, now, me);
    expect(q(row({ protocolNumber: '2025/0000123' }))).toBe(true);
    expect(q(row({ protocolNumber: '2025/0000124' }))).toBe(false);
  });

  it('orders by due date then id; cursors round-trip; a foreign cursor is a field error on `after`', () => {
    const a = row({ id: 'a', dueAt: 1 });
    const b = row({ id: 'b', dueAt: 1 });
    const c = row({ id: 'a', dueAt: 2 });
    expect([c, b, a].sort(compareQueue)).toEqual([a, b, c]);
    const cur = decodeCursor(encodeCursor(now, 'c1'));
    expect(cur).toEqual({ dueAt: now, id: 'c1' });
    expect(isAfterCursor(row({ id: 'c2', dueAt: now.getTime() }), cur)).toBe(true);
    expect(isAfterCursor(row({ id: 'c1', dueAt: now.getTime() }), cur)).toBe(false);
    expect(isAfterCursor(row({ id: 'c0', dueAt: now.getTime() + 1 }), cur)).toBe(true);
    expect(() => decodeCursor('nonsense')).toThrow(
      expect.objectContaining({ fields: { after: expect.any(String) } }),
    );
  });
});
