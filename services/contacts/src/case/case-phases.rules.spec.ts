import fc from 'fast-check';
import { DomainError } from '@urp/kernel';
import {
  assertTransition,
  canTransition,
  CASE_STATUSES,
  moveTo,
  OPEN_STATUSES,
  TRANSITIONS,
  type CaseStatus,
} from './case-phases.rules';

describe('phases: a pure transition table', () => {
  it('covers every phase; closed only reopens; merged is terminal', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...CASE_STATUSES].sort());
    expect(TRANSITIONS.closed).toEqual(['reopened']);
    expect(TRANSITIONS.merged).toEqual([]);
    for (const from of CASE_STATUSES) for (const to of TRANSITIONS[from]) expect(CASE_STATUSES).toContain(to);
  });

  it.each([
    ['received', 'assigned', true],
    ['received', 'reopened', false],
    ['assigned', 'waiting_citizen', true],
    ['waiting_citizen', 'in_progress', true],
    ['answered', 'closed', true],
    ['closed', 'in_progress', false],
    ['closed', 'reopened', true],
    ['reopened', 'closed', true],
    ['merged', 'received', false],
  ] as const)('%s → %s: %s', (from, to, ok) => {
    expect(canTransition(from, to)).toBe(ok);
  });

  it('every open phase can reach closed', () => {
    for (const s of CASE_STATUSES.filter((x) => !['closed', 'merged'].includes(x)))
      expect(canTransition(s, 'closed') || TRANSITIONS[s].some((n) => canTransition(n, 'closed'))).toBe(true);
  });
});

describe('phases: the state machine as a property', () => {
  const status = fc.constantFrom(...CASE_STATUSES);

  it('a move succeeds exactly when the table allows it, and logs one history entry with the new phase', () => {
    fc.assert(
      fc.property(status, status, (from: CaseStatus, to: CaseStatus) => {
        const c = { status: from, history: [] };
        const at = new Date('2026-03-02T09:00:00Z');
        if (TRANSITIONS[from].includes(to)) {
          const moved = moveTo(c, to, 'op-1', at, 'test');
          expect(moved.status).toBe(to);
          expect(moved.history).toEqual([{ at, by: 'op-1', action: 'test', status: to }]);
        } else {
          expect(() => assertTransition(from, to)).toThrow(DomainError);
          expect(() => moveTo(c, to, 'op-1', at, 'test')).toThrow(
            expect.objectContaining({ code: 'CONFLICT' }),
          );
        }
      }),
    );
  });

  it('from every phase but merged, some walk through the table reaches closed; from closed only reopened', () => {
    fc.assert(
      fc.property(status, (from) => {
        const seen = new Set<CaseStatus>([from]);
        const queue: CaseStatus[] = [from];
        for (let next = queue.shift(); next; next = queue.shift())
          for (const n of TRANSITIONS[next])
            if (!seen.has(n)) {
              seen.add(n);
              queue.push(n);
            }
        if (from === 'merged') expect([...seen]).toEqual(['merged']);
        else expect(seen.has('closed')).toBe(true);
        if (OPEN_STATUSES.includes(from)) expect(canTransition(from, 'reopened')).toBe(false);
      }),
    );
  });
});
