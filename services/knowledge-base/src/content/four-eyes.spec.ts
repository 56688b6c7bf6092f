import fc from 'fast-check';
import { mayApprove, writersOfVersion, type FourEyesVocabulary } from '@urp/kernel';
import {
  approve,
  canApprove,
  createDraft,
  edit,
  KNOWLEDGE_VOCABULARY,
  reject,
  submit,
} from './workflow.rules';
import { DomainError } from '@urp/kernel';

const at = (m: number) => new Date(Date.UTC(2026, 0, 5, 9, m));

describe('four eyes: the approver wrote no part of the version', () => {
  it('counts the creator, the editors and the submitter of a first version', () => {
    const log = [
      { action: 'created', by: 'alice' },
      { action: 'edited', by: 'bruno' },
      { action: 'submitted', by: 'carla' },
    ];
    expect([...writersOfVersion(log, KNOWLEDGE_VOCABULARY)].sort()).toEqual(['alice', 'bruno', 'carla']);
    expect(mayApprove(log, 'dario', [], KNOWLEDGE_VOCABULARY)).toBe(true);
    for (const who of ['alice', 'bruno', 'carla'])
      expect(mayApprove(log, who, [], KNOWLEDGE_VOCABULARY)).toBe(false);
  });

  it('forgets writers only after an approval: a rejection sends their text back, still theirs', () => {
    const log = [
      { action: 'created', by: 'alice' },
      { action: 'edited', by: 'bruno' },
      { action: 'rejected', by: 'dario' },
      { action: 'edited', by: 'carla' },
    ];
    expect([...writersOfVersion(log, KNOWLEDGE_VOCABULARY)].sort()).toEqual(['alice', 'bruno', 'carla']);
    const approved = [...log, { action: 'approved', by: 'dario' }, { action: 'edited', by: 'elena' }];
    expect([...writersOfVersion(approved, KNOWLEDGE_VOCABULARY)]).toEqual(['elena']);
  });

  it('speaks the vocabulary of another service (campaigns: create, edit, submit, approve, reject)', () => {
    const campaigns: FourEyesVocabulary = {
      created: ['create'],
      wrote: ['edit', 'submit'],
      approved: ['approve'],
    };
    const log = [
      { action: 'create', by: 'alice' },
      { action: 'edit', by: 'bruno' },
      { action: 'submit', by: 'bruno' },
    ];
    expect(mayApprove(log, 'bruno', [], campaigns)).toBe(false);
    expect(mayApprove(log, 'alice', [], campaigns)).toBe(false);
    expect(mayApprove(log, 'carla', [], campaigns)).toBe(true);
  });

  it('refuses the author when a colleague re-saved identical text and submitted it (issue 12)', () => {
    const v1 = createDraft({ text: 'orari' }, 'alice', 'prima stesura', at(0));
    const resaved = edit(v1, { text: 'orari' }, 'bruno', 'salvata di nuovo', at(1)).next;
    const inReview = submit(resaved, 'bruno', at(2)).next;
    expect(canApprove(inReview, 'alice')).toBe(false);
    expect(() => approve(inReview, 'alice', at(3))).toThrow(DomainError);
    expect(canApprove(inReview, 'carla')).toBe(true);
  });

  it('refuses the author of identical text even after a rejection cleared the editors', () => {
    const v1 = edit(
      { ...createDraft({ text: 'a' }, 'carla', 'x', at(0)), log: [] },
      { text: 'b' },
      'alice',
      'mio testo',
      at(1),
    ).next;
    const rejected = reject(submit(v1, 'alice', at(2)).next, 'dario', 'rivedere', at(3)).next;
    const again = submit(edit(rejected, { text: 'b' }, 'bruno', 'identico', at(4)).next, 'bruno', at(5)).next;
    expect(canApprove(again, 'alice')).toBe(false);
  });

  it('property: no one who created, edited or submitted since the last approval ever approves', () => {
    const people = fc.constantFrom('alice', 'bruno', 'carla', 'dario');
    const step = fc.record({
      action: fc.constantFrom('edited', 'submitted', 'approved', 'rejected'),
      by: people,
    });
    fc.assert(
      fc.property(people, fc.array(step, { maxLength: 12 }), people, (creator, steps, approver) => {
        const log = [{ action: 'created', by: creator }, ...steps];
        const lastClose = log.map((h) => h.action).lastIndexOf('approved');
        const wrote = log.some(
          (h, i) =>
            h.by === approver &&
            i > lastClose &&
            (h.action === 'created' || h.action === 'edited' || h.action === 'submitted'),
        );
        return mayApprove(log, approver, [], KNOWLEDGE_VOCABULARY) === !wrote;
      }),
    );
  });
});
