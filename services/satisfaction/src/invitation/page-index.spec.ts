import fc from 'fast-check';
import type { InvitationStatus } from './invitation.rules';
import { SurveyPageIndex, type PageEntry } from './page-index';

const entry = (invitationId: string, status: InvitationStatus = 'pending'): PageEntry => ({
  invitationId,
  surveyId: 'agid-stelle',
  expiresAt: new Date('2026-12-14T22:59:59.999Z'),
  status,
});

describe('survey page index', () => {
  it('keep the most advanced status, whatever the order it learns them in', () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('put' as const),
        status: fc.constantFrom<InvitationStatus>('pending', 'answered'),
      }),
      fc.record({ kind: fc.constant('close' as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        const index = new SurveyPageIndex();
        let known = false;
        let answered = false;
        for (const s of steps) {
          if (s.kind === 'put') {
            index.put('h1', entry('inv_1', s.status));
            known = true;
            answered ||= s.status === 'answered';
          } else {
            index.close('inv_1', 'answered');
            answered ||= known;
          }
        }
        expect(index.get('h1')?.status).toBe(known ? (answered ? 'answered' : 'pending') : undefined);
      }),
    );
  });

  it('forget the oldest closed entries past its bound, never a pending one', () => {
    const index = new SurveyPageIndex(2);
    index.put('p', entry('inv_p'));
    for (const n of [1, 2, 3]) index.put(`h${n}`, entry(`inv_${n}`, 'expired'));
    expect(index.get('h1')).toBeUndefined();
    expect(index.get('h2')?.status).toBe('expired');
    expect(index.get('h3')?.status).toBe('expired');
    expect(index.get('p')?.status).toBe('pending');
    index.close('inv_p', 'answered');
    expect(index.get('p')?.status).toBe('answered');
    expect(index.get('h2')).toBeUndefined();
    expect(index.size).toBe(2);
    // a closed entry forgotten is learned again, and a close for an unknown invitation does nothing
    index.close('inv_unknown', 'expired');
    expect(index.put('h1', entry('inv_1', 'expired')).status).toBe('expired');
  });
});
