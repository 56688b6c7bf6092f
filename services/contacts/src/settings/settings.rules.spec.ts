import { DEFAULT_DUE_POLICY } from '../case/case-clock.rules';
import { DuePolicy, PhaseLabel, phaseLabels } from './settings.rules';

describe('case settings', () => {
  it('a due-date policy needs a default rule, and reminders before the due date', () => {
    expect(DuePolicy.safeParse(DEFAULT_DUE_POLICY).success).toBe(true);
    expect(DuePolicy.safeParse([{ contactType: 'complaint', days: 30 }]).success).toBe(false);
    const late = DuePolicy.safeParse([{ days: 10, reminderAfterDays: 20 }]);
    expect(late.error?.issues[0].path).toEqual([0, 'reminderAfterDays']);
  });

  it('labels: the defaults overridden by the administration’s; a label is not empty', () => {
    expect(phaseLabels({ in_progress: 'In istruttoria' })).toMatchObject({
      in_progress: 'In istruttoria',
      closed: 'Chiusa',
    });
    expect(PhaseLabel.safeParse({ status: 'closed', label: ' ' }).success).toBe(false);
    expect(PhaseLabel.safeParse({ status: 'nope', label: 'x' }).success).toBe(false);
  });
});
