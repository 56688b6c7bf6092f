import { isDomainError } from '@urp/kernel';
import { addDays } from '@urp/legal-clock';
import fc from 'fast-check';
import { refreshClock } from './procedure.clock';
import { at, started, typeOf } from './procedure.fixtures';
import { assign, decide } from './procedure.rules';
import type { Change, ClockContext, Procedure } from './procedure.state';
import { receiveObservations, resume, sendRejectionNotice, suspend } from './procedure.suspensions';
import { dueTimeEvents } from './procedure.time-events';

/**
 * The procedure as a state machine, driven by random sequences of commands over random days (property test):
 * whatever operators and the legal clock do, in whatever order, the invariants of the law and of the store hold.
 */
type Command =
  | { kind: 'wait'; days: number }
  | {
      kind: 'suspend';
      suspensionKind: 'document_request' | 'third_party_objection' | 'local_kind';
      back: number;
    }
  | { kind: 'resume'; back: number }
  | { kind: 'rejectionNotice'; back: number }
  | { kind: 'observations'; back: number }
  | { kind: 'decide'; outcome: 'accepted' | 'partly_accepted' | 'rejected' | 'deferred' | 'inadmissible' }
  | { kind: 'assign' }
  | { kind: 'clock' };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('wait' as const), days: fc.integer({ min: 1, max: 20 }) }),
  fc.record({
    kind: fc.constant('suspend' as const),
    suspensionKind: fc.constantFrom(
      'document_request' as const,
      'third_party_objection' as const,
      'local_kind' as const,
    ),
    back: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({ kind: fc.constant('resume' as const), back: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('rejectionNotice' as const), back: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('observations' as const), back: fc.integer({ min: 0, max: 3 }) }),
  fc.record({
    kind: fc.constant('decide' as const),
    outcome: fc.constantFrom(
      'accepted' as const,
      'partly_accepted' as const,
      'rejected' as const,
      'deferred' as const,
      'inadmissible' as const,
    ),
  }),
  fc.record({ kind: fc.constant('assign' as const) }),
  fc.record({ kind: fc.constant('clock' as const) }),
);

const typeArb = fc.constantFrom(
  typeOf(),
  typeOf({ silenceRule: 'silent_assent' }),
  typeOf({ silenceRule: 'silent_refusal', kind: 'document_access' }),
  typeOf({
    code: 'foia',
    name: 'FOIA',
    kind: 'generalised_civic_access',
    substituteId: undefined,
    substituteName: undefined,
  }),
  typeOf({ legalTermDays: 90 }),
);

let seq = 0;
function step(p: Procedure, c: Command, ctx: ClockContext): Change[] {
  const day = (back: number) => addDays(ctx.today, -back);
  const open = p.suspensions.find((s) => !s.end);
  switch (c.kind) {
    case 'wait':
      return [];
    case 'suspend':
      return [
        suspend(
          p,
          { id: `s${++seq}`, kind: c.suspensionKind, reason: 'motivo', start: day(c.back) },
          'r',
          ctx,
        ),
      ];
    case 'resume':
      return [resume(p, open?.id ?? 'none', day(c.back), 'r', ctx)];
    case 'rejectionNotice':
      return [sendRejectionNotice(p, 'Motivi ostativi accertati', `rn${++seq}`, day(c.back), 'r', ctx)];
    case 'observations':
      return [receiveObservations(p, day(c.back), 'r', ctx)];
    case 'decide':
      return [decide(p, { outcome: c.outcome, reasons: 'Motivazione del provvedimento' }, 'r', ctx)];
    case 'assign':
      return [assign(p, 'ref-2', 'Luca Neri', 'mgr', ctx)];
    case 'clock': {
      // the legal clock: fire every due occurrence once, recording its claim as the use case does
      const out: Change[] = [];
      let q = p;
      for (let i = 0; i < 20; i++) {
        const [next] = dueTimeEvents(q, ctx);
        if (!next) break;
        const change = next.apply(q, ctx);
        q = refreshClock({ ...change.state, fired: [...q.fired, next.claimId] }, ctx);
        if (change.state.status === 'decided') q = { ...q, nextClockCheck: null };
        out.push({ state: q, events: change.events });
      }
      return out;
    }
  }
}

describe('the procedure state machine (property)', () => {
  it('keeps the invariants under any sequence of commands and days', () => {
    fc.assert(
      fc.property(typeArb, fc.array(command, { minLength: 1, maxLength: 40 }), (type, commands) => {
        let now = new Date('2026-01-08T10:00:00Z');
        let p = started(type, '2026-01-07T10:00:00+01:00', now.toISOString());
        const events: string[] = [];
        const claims = new Set<string>();
        for (const c of commands) {
          if (c.kind === 'wait') now = new Date(now.getTime() + c.days * 86_400_000);
          const ctx = at(now.toISOString());
          const before = p;
          let changes: Change[];
          try {
            changes = step(p, c, ctx);
          } catch (e) {
            // a refusal is a DomainError (a field-level one, or a conflict with the procedure's state)
            expect(isDomainError(e, 'BAD_USER_INPUT') || isDomainError(e, 'CONFLICT')).toBe(true);
            continue;
          }
          for (const change of changes) {
            p = change.state;
            for (const e of change.events) {
              expect(e.subject).toBe(p.id);
              events.push(e.type);
            }
          }
          // history is append-only: the timeline and the suspensions never lose an entry, ends are never edited
          expect(p.timeline.length).toBeGreaterThanOrEqual(before.timeline.length);
          for (const s of before.suspensions) {
            const now = p.suspensions.find((x) => x.id === s.id);
            expect(now).toBeDefined();
            // observations recorded after the clock ended a rejection notice by law do not re-date it (art. 10-bis)
            if (s.end) expect(now!.end).toBe(s.end);
          }
          // a decided procedure stays decided, with one decision
          if (before.status === 'decided') expect(p.decision).toEqual(before.decision);
          // each time-driven occurrence fires once
          for (const f of p.fired) claims.add(f);
          expect(new Set(p.fired).size).toBe(p.fired.length);
        }
        const ctx = at(now.toISOString());
        // the cached deadline is what the history says
        if (p.status !== 'decided') {
          const fresh = refreshClock(p, ctx);
          expect(refreshClock(fresh, ctx)).toEqual(fresh);
          expect(fresh.status === 'suspended').toBe(fresh.phase === 'ordinary' && fresh.dueDate === null);
          if (fresh.dueDate) expect(fresh.dueDate > fresh.receivedOn).toBe(true);
        } else {
          expect(dueTimeEvents(p, ctx)).toEqual([]);
          expect(p.nextClockCheck).toBeNull();
        }
        // one decision at most, and exactly one when decided
        const decisions = events.filter((t) => t.endsWith('.ProcedureDecided.v1')).length;
        expect(decisions).toBe(p.status === 'decided' ? 1 : 0);
        // silent assent only for the eligible type
        if (p.decision?.outcome === 'silent_assent') expect(p.silenceRule).toBe('silent_assent');
        // the substitute engaged once at most
        expect(events.filter((t) => t.endsWith('.SubstituteEngaged.v1')).length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});
