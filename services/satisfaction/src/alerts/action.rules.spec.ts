import type { UseCaseContext } from '@urp/kernel';
import fc from 'fast-check';
import {
  canMove,
  changeAction,
  isDecision,
  proposeAction,
  type ActionStatus,
  type ImprovementAction,
} from './action.rules';

const ctx = (sub = 'bo-1', at = '2026-11-30T10:00:00Z'): UseCaseContext => ({
  actor: { sub, roles: ['backoffice'] },
  now: new Date(at),
  source: '/urp/satisfaction',
  scrub: (t) => t,
});

const proposed = (): ImprovementAction =>
  proposeAction(
    null,
    { id: 'a1', scope: 'office', scopeId: 'anagrafe', title: '  Secondo sportello il lunedì  ' },
    ctx(),
  ).state;

describe('improvement actions', () => {
  it('are proposed with a trimmed title, a scrubbed description and the first step of their history', () => {
    const { state, events } = proposeAction(
      null,
      {
        id: 'a1',
        scope: 'office',
        scopeId: 'anagrafe',
        title: ' Secondo sportello ',
        description: 'Segnalato dalla sig.ra Bianchi, tel. 333 1234567',
      },
      ctx(),
    );
    expect(state).toMatchObject({ title: 'Secondo sportello', status: 'proposed' });
    expect(state.description).not.toMatch(/Bianchi|333/);
    expect(state.history).toEqual([{ status: 'proposed', by: 'bo-1', at: new Date('2026-11-30T10:00:00Z') }]);
    expect(events[0].data).toMatchObject({ actionId: 'a1', status: 'proposed', changedBy: 'bo-1' });
    expect(events[0].data).not.toHaveProperty('previousStatus');
  });

  it('need a scope and a title of 1 to 200 characters, each refused beside its field', () => {
    expect(() => proposeAction(null, { id: 'a', title: 'x' }, ctx())).toThrow(
      expect.objectContaining({ fields: { 'input.scopeId': expect.any(String) } }),
    );
    expect(() => proposeAction(null, { id: 'a', scope: 'service', scopeId: 's', title: ' ' }, ctx())).toThrow(
      expect.objectContaining({ fields: { 'input.title': 'Da 1 a 200 caratteri' } }),
    );
  });

  it('move proposed → accepted → done, or proposed → rejected, and nothing else', () => {
    expect(canMove('proposed', 'accepted')).toBe(true);
    expect(canMove('accepted', 'done')).toBe(true);
    expect(canMove('proposed', 'rejected')).toBe(true);
    expect(canMove('proposed', 'done')).toBe(false);
    expect(canMove('done', 'accepted')).toBe(false);
    expect(canMove('rejected', 'accepted')).toBe(false);
    expect(isDecision('accepted') && isDecision('rejected') && !isDecision('done')).toBe(true);
  });

  it('refuse a move the state machine does not allow with CONFLICT, in Italian', () => {
    expect(() => changeAction(proposed(), { status: 'done' }, ctx())).toThrow(
      expect.objectContaining({
        code: 'CONFLICT',
        message: "Un'azione proposta non può diventare completata",
      }),
    );
    expect(() => changeAction(null, { status: 'done' }, ctx())).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });

  it('whatever is asked, the history is a path of the state machine ending in the current status (property)', () => {
    const statuses: ActionStatus[] = ['proposed', 'accepted', 'done', 'rejected'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...statuses), { maxLength: 12 }), (asked) => {
        let action = proposed();
        for (const status of asked) {
          try {
            const next = changeAction(action, { status, note: 'nota' }, ctx('mgr-1')).state;
            expect(canMove(action.status, status)).toBe(true);
            action = next;
          } catch {
            expect(canMove(action.status, status)).toBe(false);
          }
        }
        const path = action.history.map((h) => h.status);
        expect(path[0]).toBe('proposed');
        for (let i = 1; i < path.length; i++) expect(canMove(path[i - 1], path[i])).toBe(true);
        expect(path[path.length - 1]).toBe(action.status);
        expect(path.length).toBeLessThanOrEqual(3);
      }),
    );
  });
});
