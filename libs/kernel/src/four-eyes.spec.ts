import fc from 'fast-check';
import { mayApprove, writersOfVersion, type FourEyesVocabulary, type WorkStep } from './four-eyes';

const V: FourEyesVocabulary = { created: ['create'], wrote: ['edit', 'submit'], approved: ['approve'] };

describe('four eyes: who wrote any part of a version never approves it', () => {
  it('refuses the trial route: a writer rejects his own submission, the creator resubmits, the writer approves', () => {
    const log: WorkStep[] = [
      { action: 'create', by: 'paolo' },
      { action: 'edit', by: 'marco' },
      { action: 'submit', by: 'marco' },
      { action: 'reject', by: 'marco' },
      { action: 'submit', by: 'paolo' },
    ];
    expect([...writersOfVersion(log, V)].sort()).toEqual(['marco', 'paolo']);
    expect(mayApprove(log, 'marco', [], V)).toBe(false);
    expect(mayApprove(log, 'paolo', [], V)).toBe(false);
    expect(mayApprove(log, 'anna', [], V)).toBe(true);
  });

  it('keeps the writers of a text a colleague rejected and another resubmitted unchanged', () => {
    const log: WorkStep[] = [
      { action: 'create', by: 'alice' },
      { action: 'edit', by: 'bruno' },
      { action: 'submit', by: 'bruno' },
      { action: 'reject', by: 'dario' },
      { action: 'submit', by: 'carla' },
    ];
    expect([...writersOfVersion(log, V)].sort()).toEqual(['alice', 'bruno', 'carla']);
    expect(mayApprove(log, 'dario', [], V)).toBe(true);
  });

  it('an approval closes the version: later versions are judged by who wrote them', () => {
    const log: WorkStep[] = [
      { action: 'create', by: 'alice' },
      { action: 'submit', by: 'alice' },
      { action: 'approve', by: 'bruno' },
      { action: 'edit', by: 'carla' },
      { action: 'submit', by: 'carla' },
    ];
    expect([...writersOfVersion(log, V)]).toEqual(['carla']);
    expect(mayApprove(log, 'alice', [], V)).toBe(true);
    expect(mayApprove(log, 'alice', ['alice'], V)).toBe(false); // `also`: a writer known outside the history
  });

  /**
   * A model of the text: each edit keeps some of the fragments and adds one of its writer's; an approval marks
   * every fragment checked by someone else. Over random sequences by three people (withdrawals, rejections by
   * anyone, resubmissions by anyone, edits after publication), an approval the rule allows never lets the
   * approver pass a fragment of theirs nobody else checked, nor a version they submitted; and the rule refuses
   * only people who created, edited or submitted since the last approval (a reviewer is never locked out).
   */
  it('property: no sequence of create/edit/submit/reject/approve lets a writer approve their own text', () => {
    const person = fc.constantFrom('anna', 'bruno', 'carla');
    const step = fc.record({
      kind: fc.constantFrom('edit', 'submit', 'reject', 'approve'),
      by: person,
      keep: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
    });
    fc.assert(
      fc.property(person, fc.array(step, { maxLength: 25 }), (creator, steps) => {
        let status: 'draft' | 'review' | 'approved' = 'draft';
        let text = [{ by: creator, checked: false }];
        let submitters = new Set<string>();
        let actedSinceApproval = new Set<string>([creator]);
        const log: WorkStep[] = [{ action: 'create', by: creator }];
        for (const s of steps) {
          if (s.kind === 'edit' && status !== 'review') {
            text = [...text.filter((_, i) => s.keep[i % s.keep.length]), { by: s.by, checked: false }];
            status = 'draft';
            actedSinceApproval.add(s.by);
            log.push({ action: 'edit', by: s.by });
          } else if (s.kind === 'submit' && status === 'draft') {
            status = 'review';
            submitters.add(s.by);
            actedSinceApproval.add(s.by);
            log.push({ action: 'submit', by: s.by });
          } else if (s.kind === 'reject' && status === 'review') {
            status = 'draft';
            log.push({ action: 'reject', by: s.by });
          } else if (s.kind === 'approve' && status === 'review') {
            const allowed = mayApprove(log, s.by, [], V);
            if (allowed) {
              expect(text.filter((f) => f.by === s.by && !f.checked)).toEqual([]);
              expect(submitters.has(s.by)).toBe(false);
            }
            expect(allowed).toBe(!actedSinceApproval.has(s.by));
            if (!allowed) continue;
            text = text.map((f) => ({ ...f, checked: true }));
            submitters = new Set();
            actedSinceApproval = new Set();
            status = 'approved';
            log.push({ action: 'approve', by: s.by });
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
