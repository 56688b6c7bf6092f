import { DomainError, STALE_EDIT, type UseCaseContext } from '@urp/kernel';
import {
  decideCreate,
  decideWorkflow,
  isScheduleDue,
  officesOfContent,
  steps,
  type ContentAggregate,
} from './content.rules';

type C = { text: string; officeIds?: string[] };
type Doc = ContentAggregate<C>;
const t0 = new Date('2026-03-02T09:00:00Z');
const ctx = (sub: string, now = t0): UseCaseContext => ({
  actor: { sub, roles: ['backoffice'] },
  now,
  source: '/urp/knowledge-base',
});
const noConsequences = (_p: Doc | null, next: Doc) => ({ state: next, events: [] });
const create = decideCreate<C, Doc, undefined>(noConsequences, (d) => d);
const decide = decideWorkflow<C, Doc, undefined>('il contenuto', noConsequences);
const run = (doc: Doc, step: ReturnType<typeof steps.submit<C>>, who: string, now = t0) =>
  decide(doc, { step, facts: undefined }, ctx(who, now)).state;

describe('content decisions (any kind)', () => {
  it('creates revision 1 as a draft by the actor, and refuses an existing id', () => {
    const d = create(
      null,
      { id: 'x', content: { text: 'a' }, note: '', facts: undefined },
      ctx('alice'),
    ).state;
    expect(d).toMatchObject({ id: 'x', status: 'draft', latestRevision: 1, author: 'alice' });
    expect(d.revisions[0].note).toBe('prima stesura');
    expect(() =>
      create(d, { id: 'x', content: { text: 'a' }, note: '', facts: undefined }, ctx('alice')),
    ).toThrow(DomainError);
  });

  it('runs the steps as the actor: four eyes, then a stale edit is a CONFLICT', () => {
    const d = create(
      null,
      { id: 'x', content: { text: 'a' }, note: '', facts: undefined },
      ctx('alice'),
    ).state;
    const inReview = run(d, steps.submit<C>(), 'alice');
    expect(() => run(inReview, steps.approve<C>({}), 'alice')).toThrow(/Quattro occhi/);
    const live = run(inReview, steps.approve<C>({}), 'bruno');
    expect(live).toMatchObject({ status: 'published', live: { approvedBy: 'bruno' } });
    const v2 = run(live, steps.edit<C>({ text: 'b' }, 'nuovo', 1), 'bruno');
    expect(v2.latestRevision).toBe(2);
    expect(() => run(v2, steps.edit<C>({ text: 'c' }, 'vecchio', 1), 'alice')).toThrow(STALE_EDIT);
    expect(() => decide(null, { step: steps.submit<C>(), facts: undefined }, ctx('a'))).toThrow(
      /Non trovato/,
    );
  });

  it('the scheduler steps do nothing before their time', () => {
    const d = create(
      null,
      { id: 'x', content: { text: 'a' }, note: '', facts: undefined },
      ctx('alice'),
    ).state;
    const later = new Date(t0.getTime() + 3_600_000);
    const approved = run(run(d, steps.submit<C>(), 'alice'), steps.approve<C>({ publishAt: later }), 'bruno');
    expect(isScheduleDue(approved, t0)).toBe(false);
    expect(run(approved, steps.publishDue<C>(), 'system')).toBe(approved);
    expect(isScheduleDue(approved, later)).toBe(true);
    expect(run(approved, steps.publishDue<C>(), 'system', later).status).toBe('published');
  });

  it('says a step is due exactly when the step would act, also on a summary without its history', () => {
    const d = create(
      null,
      { id: 'x', content: { text: 'a' }, note: '', facts: undefined },
      ctx('alice'),
    ).state;
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    const approved = run(
      run(d, steps.submit<C>(), 'alice'),
      steps.approve<C>({ publishAt: at(10), expireAt: at(20) }),
      'bruno',
    );
    const live = run(approved, steps.publishDue<C>(), 'system', at(10));
    for (const doc of [d, approved, live])
      for (const minutes of [0, 9, 10, 15, 20, 30]) {
        const acts =
          run(doc, steps.publishDue<C>(), 'system', at(minutes)) !== doc ||
          run(doc, steps.expireDue<C>(), 'system', at(minutes)) !== doc;
        const { log: _log, revisions: _revisions, ...summary } = doc;
        expect([doc.status, minutes, isScheduleDue(summary, at(minutes))]).toEqual([
          doc.status,
          minutes,
          acts,
        ]);
      }
  });

  it('knows the offices of what it holds (the working copy and the live version)', () => {
    expect(officesOfContent({ content: { officeIds: ['a', 'b'] } })).toEqual(['a', 'b']);
    expect(officesOfContent({ content: { officeId: 'c' } })).toEqual(['c']);
    expect(
      officesOfContent({ content: { officeIds: ['a'] }, live: { content: { officeIds: ['z'] } } }),
    ).toEqual(['a', 'z']);
    expect(officesOfContent({ content: {} })).toEqual([]);
  });
});
