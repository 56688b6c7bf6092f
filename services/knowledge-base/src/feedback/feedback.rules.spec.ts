import type { UseCaseContext } from '@urp/kernel';
import {
  countContact,
  FeedbackInput,
  priorityScore,
  rankUnclearSheets,
  addClarity,
  clarityAnswered,
} from './feedback.rules';

describe('unclear sheets ranking', () => {
  it('puts consulted-often-and-unclear first; one "no" does not beat many', () => {
    const ranked = rankUnclearSheets([
      { sheetId: 'rare', contacts: 0, clear: 0, unclear: 1 },
      { sheetId: 'popular-unclear', contacts: 120, clear: 10, unclear: 40 },
      { sheetId: 'popular-clear', contacts: 200, clear: 60, unclear: 2 },
      { sheetId: 'no-feedback', contacts: 500, clear: 0, unclear: 0 },
    ]);
    expect(ranked.map((r) => r.sheetId)).toEqual(['popular-unclear', 'rare', 'popular-clear']);
    expect(rankUnclearSheets(ranked, 5).map((r) => r.sheetId)).toEqual(['popular-unclear', 'popular-clear']);
    expect(priorityScore({ sheetId: 'x', contacts: 0, clear: 0, unclear: 0 }).unclearRate).toBe(0.5);
  });
});

describe('clarity feedback and usage', () => {
  const ctx: UseCaseContext = {
    actor: { sub: 'anonymous', roles: [], anonymous: true },
    now: new Date('2026-03-02T09:00:00Z'),
    source: '/urp/knowledge-base',
  };

  it('counts an answer with its event, and a reason code only (never free text)', () => {
    expect(addClarity(null, 's1', false)).toMatchObject({ id: 's1', clear: 0, unclear: 1 });
    const event = clarityAnswered(
      { sheetId: 's1', clear: false, reason: 'incomplete', feedbackId: 'f1' },
      ctx,
    );
    expect(event.data).toEqual({
      feedbackId: 'f1',
      sheetId: 's1',
      clear: false,
      reason: 'incomplete',
      receivedAt: '2026-03-02T09:00:00.000Z',
    });
    expect(
      FeedbackInput.safeParse({ sheetId: 's1', clear: false, reason: 'Mario Rossi via Roma 3' }).success,
    ).toBe(false);
  });

  it('counts a contact answered with the sheet', () => {
    const once = countContact(null, 's1').state;
    expect(countContact(once, 's1').state.contacts).toBe(2);
  });
});
