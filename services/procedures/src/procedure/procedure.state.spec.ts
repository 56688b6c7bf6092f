import { DomainError } from '@urp/kernel';
import { at, started } from './procedure.fixtures';
import { ensureOpen, instantOf, isAccess, publicPhase, romeDate, withTimeline } from './procedure.state';

describe('procedure state', () => {
  it('an act today is now; an act on another day is noon of that day in Italy', () => {
    const ctx = at('2026-01-20T10:00:00Z');
    expect(instantOf('2026-01-20', ctx)).toBe('2026-01-20T10:00:00.000Z');
    expect(instantOf('2026-01-15', ctx)).toBe('2026-01-15T12:00:00.000+01:00');
  });

  it('the Italian civil date of an instant; a bad instant is refused on its field', () => {
    expect(romeDate('2026-06-30T22:30:00Z')).toBe('2026-07-01');
    expect(() => romeDate('ieri')).toThrow(DomainError);
  });

  it('the public phase says nothing but the phase', () => {
    const p = started();
    expect(publicPhase(p)).toBe('In istruttoria');
    expect(publicPhase({ ...p, status: 'suspended' })).toBe('Sospeso');
    expect(publicPhase({ ...p, status: 'submitted' })).toBe('Presentato');
    expect(publicPhase({ ...p, phase: 'substitute' })).toBe('In istruttoria (potere sostitutivo)');
    expect(publicPhase({ ...p, status: 'decided' })).toBe('Concluso');
  });

  it('the timeline keeps the previous due date only when it moved', () => {
    const p = started();
    const same = withTimeline(p, p, { at: 'x', type: 't', summary: 's' });
    expect(same.timeline.at(-1)).not.toHaveProperty('previousDueDate');
    const moved = withTimeline({ ...p, dueDate: '2026-02-10' }, p, { at: 'x', type: 't', summary: 's' });
    expect(moved.timeline.at(-1)).toMatchObject({ dueDate: '2026-02-10', previousDueDate: '2026-02-06' });
  });

  it('access kinds, and a decided procedure takes no command', () => {
    expect(isAccess({ kind: 'review_request' })).toBe(true);
    expect(isAccess({ kind: 'generic' })).toBe(false);
    expect(() => ensureOpen({ ...started(), status: 'decided' })).toThrow(/concluso/);
  });
});
