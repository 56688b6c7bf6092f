import { deskItem, deskView } from './desk.rules';
import { started } from './procedure.fixtures';

describe('desk view', () => {
  const item = (id: string, dueDate: string | null, status: 'started' | 'suspended' = 'started') => ({
    ...deskItem(started()),
    id,
    dueDate,
    status,
    latestDueDate: dueDate ? null : '2026-03-09',
  });

  it('by next deadline, overdue and suspended, oldest deadline first, each list cut to `first`', () => {
    const items = [
      item('c', '2026-02-10'),
      item('a', '2026-01-10'),
      item('b', '2026-02-01'),
      item('s', null, 'suspended'),
      item('d', '2026-02-20'),
    ];
    const v = deskView(items, '2026-01-20', 2);
    expect(v.byNextDeadline.map((i) => i.id)).toEqual(['b', 'c']);
    expect(v.byNextDeadline[0].daysLeft).toBe(12);
    expect(v.overdue.map((i) => i.id)).toEqual(['a']);
    expect(v.suspended.map((i) => i.id)).toEqual(['s']);
    expect(v).toMatchObject({ upcomingCount: 3, overdueCount: 1, suspendedCount: 1, total: 5 });
  });

  it('the item keeps no requester and no form data', () => {
    const i = deskItem(started());
    expect(Object.keys(i)).not.toContain('requesterId');
    expect(Object.keys(i)).not.toContain('formData');
  });
});
