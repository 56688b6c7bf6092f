import { afterCursor, decodeCursor, encodeCursor, queueFilter } from './case-queue.rules';

const now = new Date('2026-03-02T08:00:00Z');
const me = { staffId: 'staff-verdi', ids: ['staff-verdi', 'ref_verdi'] };

describe('the operator’s queue', () => {
  it('open cases by default, all with includeClosed, the given statuses when asked', () => {
    expect(queueFilter({}, now, me)['case.status']).toEqual({
      $in: expect.not.arrayContaining(['closed', 'merged']),
    });
    expect(queueFilter({ includeClosed: true }, now, me)['case.status']).toEqual({
      $in: expect.arrayContaining(['closed', 'merged']),
    });
    expect(queueFilter({ status: ['answered'] }, now, me)['case.status']).toEqual({ $in: ['answered'] });
  });

  it('filters, overdue by the clock, and "mine": assigned to me, mentioning me, or registered by me', () => {
    const q = queueFilter(
      { overdue: true, officeId: 'off_1', mine: true, priority: 'high', referentId: null },
      now,
      me,
    );
    expect(q).toMatchObject({
      'case.dueAt': { $lt: now },
      'case.officeId': 'off_1',
      'case.priority': 'high',
      $or: [
        { 'case.referentId': { $in: me.ids } },
        { 'case.mentioned': { $in: me.ids } },
        { operatorId: 'staff-verdi' },
      ],
    });
    expect(queueFilter({ officeId: null, mine: null }, now, me)).not.toHaveProperty('$or');
  });

  it('cursors round-trip; a foreign cursor is a field error on `after`', () => {
    const c = decodeCursor(encodeCursor(now, 'c1'));
    expect(c).toEqual({ dueAt: now, id: 'c1' });
    expect(() => decodeCursor('nonsense')).toThrow(
      expect.objectContaining({ fields: { after: expect.any(String) } }),
    );
    expect(afterCursor({ type: 'report' }, c).$and[1]).toEqual({
      $or: [{ 'case.dueAt': { $gt: now } }, { 'case.dueAt': now, _id: { $gt: 'c1' } }],
    });
  });
});
