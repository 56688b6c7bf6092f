import { DomainError } from '@urp/kernel';
import fc from 'fast-check';
import { diffContent, diffLines } from './diff';
import {
  approve,
  archive,
  canApprove,
  createDraft,
  edit,
  expire,
  expireIfDue,
  publishIfDue,
  reject,
  submit,
  type Versioned,
} from './workflow.rules';

const t0 = new Date('2026-03-02T09:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
type C = { text: string };
const draft = () => createDraft<C>({ text: 'v1' }, 'alice', 'prima stesura', t0);
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'no error';
};
const published = () => approve(submit(draft(), 'alice', at(1)).next, 'bruno', at(2)).next;

describe('editorial workflow', () => {
  it('creates revision 1 as a draft, with author, time and note', () => {
    const d = draft();
    expect(d).toMatchObject({ status: 'draft', latestRevision: 1, author: 'alice' });
    expect(d.revisions).toEqual([
      { revision: 1, content: { text: 'v1' }, author: 'alice', at: t0, note: 'prima stesura' },
    ]);
    expect(d.live).toBeUndefined();
  });

  it('four eyes after a rejection: a writer whose text a colleague touched up and resubmitted never approves it', () => {
    // the trial's route: bruno writes and submits, withdraws (rejects) his own submission, alice resubmits
    const written = submit(
      edit(draft(), { text: 'testo di bruno' }, 'bruno', 'riscritto', at(1)).next,
      'bruno',
      at(2),
    );
    const withdrawn = reject(written.next, 'bruno', 'ritiro', at(3)).next;
    const again = submit(withdrawn, 'alice', at(4)).next;
    expect(code(() => approve(again, 'bruno', at(5)))).toBe('FORBIDDEN');
    expect(code(() => approve(again, 'alice', at(5)))).toBe('FORBIDDEN');
    // a reviewer rejects, a colleague changes a word of bruno's text (no identical revision to catch it)
    const rejected = reject(written.next, 'dario', 'rivedere', at(3)).next;
    const touched = edit(rejected, { text: 'testo di bruno, rivisto' }, 'carla', 'una parola', at(4)).next;
    const resubmitted = submit(touched, 'carla', at(5)).next;
    expect(code(() => approve(resubmitted, 'bruno', at(6)))).toBe('FORBIDDEN');
    expect(approve(resubmitted, 'dario', at(6)).next.live).toMatchObject({ approvedBy: 'dario' });
  });

  it('goes draft → in_review → published, the approver being someone else (four eyes)', () => {
    const inReview = submit(draft(), 'alice', at(1)).next;
    expect(inReview.status).toBe('in_review');
    expect(code(() => approve(inReview, 'alice', at(2)))).toBe('FORBIDDEN');
    const t = approve(inReview, 'bruno', at(2));
    expect(t.effects).toEqual(['published']);
    expect(t.next).toMatchObject({
      status: 'published',
      live: { revision: 1, approvedBy: 'bruno', publishedAt: at(2) },
    });
    expect(t.next.log.map((l) => l.action)).toEqual(['created', 'submitted', 'approved', 'published']);
  });

  it('refuses as approver the submitter too, even if someone else wrote the revision', () => {
    const v = submit(edit(published(), { text: 'v2' }, 'carla', 'fix', at(3)).next, 'bruno', at(4)).next;
    expect(canApprove(v, 'carla')).toBe(false);
    expect(canApprove(v, 'bruno')).toBe(false);
    expect(canApprove(v, 'alice')).toBe(true);
  });

  it('keeps the published revision live while a new revision is edited and reviewed, then updates it', () => {
    const v2 = edit(published(), { text: 'v2' }, 'bruno', 'nuovo orario', at(3)).next;
    expect(v2).toMatchObject({
      status: 'draft',
      latestRevision: 2,
      live: { revision: 1, content: { text: 'v1' } },
    });
    const t = approve(submit(v2, 'bruno', at(4)).next, 'alice', at(5));
    expect(t.effects).toEqual(['updated']);
    expect(t.next.live).toMatchObject({ revision: 2, content: { text: 'v2' } });
    expect(t.next.revisions.map((r) => r.author)).toEqual(['alice', 'bruno']);
  });

  it('schedules publication: approval with a future date publishes only when it comes', () => {
    const t = approve(submit(draft(), 'alice', at(1)).next, 'bruno', at(2), {
      publishAt: at(60),
      expireAt: at(120),
    });
    expect(t.effects).toEqual([]);
    expect(t.next).toMatchObject({ status: 'in_review', approval: { publishAt: at(60) }, expireAt: at(120) });
    expect(publishIfDue(t.next, at(59))).toBeUndefined();
    const p = publishIfDue(t.next, at(60))!;
    expect(p.effects).toEqual(['published']);
    expect(p.next.live!.publishedAt).toEqual(at(60));
    expect(code(() => approve(t.next, 'carla', at(3)))).toBe('CONFLICT'); // already approved
    // scheduled expiry
    expect(expireIfDue(p.next, at(119))).toBeUndefined();
    const e = expireIfDue(p.next, at(120))!;
    expect(e.effects).toEqual(['expired']);
    expect(e.next).toMatchObject({ status: 'expired', live: undefined });
  });

  it('a past publication date publishes at once; an expiry before the publication is refused', () => {
    const inReview = submit(draft(), 'alice', at(1)).next;
    expect(approve(inReview, 'bruno', at(10), { publishAt: at(5) }).effects).toEqual(['published']);
    expect(code(() => approve(inReview, 'bruno', at(10), { publishAt: at(20), expireAt: at(15) }))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('editing content under review sends it back to draft and drops a pending approval', () => {
    const scheduled = approve(submit(draft(), 'alice', at(1)).next, 'bruno', at(2), {
      publishAt: at(60),
    }).next;
    const edited = edit(scheduled, { text: 'v2' }, 'alice', 'correzione', at(3)).next;
    expect(edited).toMatchObject({ status: 'draft', approval: undefined, submittedBy: undefined });
    expect(publishIfDue(edited, at(61))).toBeUndefined();
  });

  it('rejection needs a reason and returns to draft', () => {
    const inReview = submit(draft(), 'alice', at(1)).next;
    expect(code(() => reject(inReview, 'bruno', ' ', at(2)))).toBe('BAD_USER_INPUT');
    expect(reject(inReview, 'bruno', 'manca il costo', at(2)).next.status).toBe('draft');
  });

  it('refuses transitions from the wrong state', () => {
    const d = draft();
    expect(code(() => approve(d, 'bruno', at(1)))).toBe('CONFLICT');
    expect(code(() => reject(d, 'bruno', 'x', at(1)))).toBe('CONFLICT');
    expect(code(() => expire(d, 'bruno', at(1)))).toBe('CONFLICT');
    expect(code(() => submit(submit(d, 'alice', at(1)).next, 'alice', at(2)))).toBe('CONFLICT');
    const archived = archive(published(), 'bruno', at(3));
    expect(archived.effects).toEqual(['archived']);
    expect(archived.next.live).toBeUndefined();
    expect(code(() => edit(archived.next, { text: 'x' }, 'alice', 'x', at(4)))).toBe('CONFLICT');
    expect(code(() => archive(archived.next, 'alice', at(4)))).toBe('CONFLICT');
    expect(code(() => edit(d, { text: 'x' }, 'alice', '', at(4)))).toBe('BAD_USER_INPUT');
  });

  it('an expired sheet can be revised and published again (a first publication again)', () => {
    const expired = expire(published(), 'bruno', at(3)).next;
    const again = approve(
      submit(edit(expired, { text: 'v2' }, 'alice', 'aggiornata', at(4)).next, 'alice', at(5)).next,
      'bruno',
      at(6),
    );
    expect(again.effects).toEqual(['published']);
  });

  it('whatever the sequence of actions, the approver of every publication is neither its author nor its submitter (property)', () => {
    const people = ['alice', 'bruno', 'carla'];
    const action = fc.record({
      kind: fc.constantFrom('edit', 'submit', 'approve', 'reject', 'expire', 'archive'),
      who: fc.constantFrom(...people),
    });
    fc.assert(
      fc.property(fc.array(action, { maxLength: 30 }), (actions) => {
        let v: Versioned<C> = draft();
        let minute = 1;
        for (const a of actions) {
          const now = at(minute++);
          try {
            const before = v;
            const t =
              a.kind === 'edit'
                ? edit(v, { text: `t${minute}` }, a.who, 'n', now)
                : a.kind === 'submit'
                  ? submit(v, a.who, now)
                  : a.kind === 'approve'
                    ? approve(v, a.who, now)
                    : a.kind === 'reject'
                      ? reject(v, a.who, 'no', now)
                      : a.kind === 'expire'
                        ? expire(v, a.who, now)
                        : archive(v, a.who, now);
            if (t.effects.includes('published') || t.effects.includes('updated')) {
              expect(a.who).not.toBe(before.author);
              expect(a.who).not.toBe(before.submittedBy);
              expect(t.next.live!.content).toEqual(before.content);
            }
            v = t.next;
          } catch (e) {
            expect(e).toBeInstanceOf(DomainError);
          }
          expect(v.revisions.length).toBe(v.latestRevision);
        }
      }),
    );
  });
});

describe('workflow state machine (property)', () => {
  type Action =
    | { kind: 'edit' | 'submit' | 'reject' | 'expire' | 'archive'; who: string }
    | { kind: 'approve'; who: string; publishIn?: number; expireIn?: number }
    | { kind: 'tick'; minutes: number };
  const who = fc.constantFrom('alice', 'bruno', 'carla');
  const action: fc.Arbitrary<Action> = fc.oneof(
    fc.record({ kind: fc.constantFrom('edit', 'submit', 'reject', 'expire', 'archive'), who }),
    fc.record({
      kind: fc.constant('approve'),
      who,
      publishIn: fc.option(fc.integer({ min: -5, max: 30 }), { nil: undefined }),
      expireIn: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
    }),
    fc.record({ kind: fc.constant('tick'), minutes: fc.integer({ min: 1, max: 40 }) }),
  );
  /** The edges of the state machine: what each status may become by one action. */
  const EDGES: Record<string, string[]> = {
    draft: ['draft', 'in_review', 'archived'],
    in_review: ['in_review', 'draft', 'published', 'archived'],
    published: ['draft', 'published', 'expired', 'archived'],
    expired: ['expired', 'draft', 'archived'],
    archived: [],
  };

  it('moves only along its edges, keeps live content consistent, and never leaves archived', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 40 }), (actions) => {
        let v: Versioned<C> = draft();
        let minute = 1;
        for (const a of actions) {
          const now = at((minute += a.kind === 'tick' ? a.minutes : 1));
          const before = v;
          let t: ReturnType<typeof edit<C>> | undefined;
          try {
            if (a.kind === 'tick') t = publishIfDue(v, now) ?? expireIfDue(v, now);
            else if (a.kind === 'edit') t = edit(v, { text: `t${minute}` }, a.who, 'n', now);
            else if (a.kind === 'submit') t = submit(v, a.who, now);
            else if (a.kind === 'approve')
              t = approve(v, a.who, now, {
                publishAt: a.publishIn === undefined ? undefined : at(minute + a.publishIn),
                expireAt: a.expireIn === undefined ? undefined : at(minute + 30 + a.expireIn),
              });
            else if (a.kind === 'reject') t = reject(v, a.who, 'no', now);
            else if (a.kind === 'expire') t = expire(v, a.who, now);
            else t = archive(v, a.who, now);
          } catch (e) {
            // a refusal is a domain error and changes nothing (the rules are pure)
            expect(e).toBeInstanceOf(DomainError);
            expect(['CONFLICT', 'FORBIDDEN', 'BAD_USER_INPUT']).toContain((e as DomainError).code);
            expect(v).toBe(before);
            continue;
          }
          if (!t) continue;
          v = t.next;
          expect(EDGES[before.status]).toContain(v.status);
          // a publication comes from review only, by someone other than the author and the submitter
          if (t.effects.includes('published') || t.effects.includes('updated')) {
            expect(before.status).toBe('in_review');
            expect(v.live!.approvedBy).not.toBe(before.author);
            expect(v.live!.approvedBy).not.toBe(before.submittedBy);
          }
          // what is live is one of the revisions, never newer than the working copy
          if (v.live) {
            expect(v.live.revision).toBeLessThanOrEqual(v.latestRevision);
            expect(v.live.content).toEqual(v.revisions[v.live.revision - 1].content);
          }
          if (v.status === 'published') expect(v.live?.revision).toBe(v.latestRevision);
          if (v.status === 'expired' || v.status === 'archived') expect(v.live).toBeUndefined();
          if (v.approval) expect(v.status).toBe('in_review');
          // revisions are numbered 1..n and the history only grows
          expect(v.revisions.map((r) => r.revision)).toEqual(v.revisions.map((_, i) => i + 1));
          expect(v.log.slice(0, before.log.length)).toEqual(before.log);
        }
      }),
    );
  });
});

describe('diff between revisions', () => {
  it('lists changed fields only, with a line diff for text', () => {
    const changes = diffContent(
      { title: 'TARI', howTo: 'riga 1\nriga 2', topics: ['a'], same: 1 },
      { title: 'TARI 2026', howTo: 'riga 1\nriga 2 nuova\nriga 3', topics: ['a', 'b'], same: 1 },
    );
    expect(changes.map((c) => c.field)).toEqual(['title', 'howTo', 'topics']);
    expect(changes[1].lines).toEqual([
      { op: 'equal', text: 'riga 1' },
      { op: 'delete', text: 'riga 2' },
      { op: 'insert', text: 'riga 2 nuova' },
      { op: 'insert', text: 'riga 3' },
    ]);
    expect(changes[2]).toEqual({ field: 'topics', before: '["a"]', after: '["a","b"]' });
  });

  it('a field added or removed shows as empty on the other side', () => {
    expect(diffContent({ a: 'x' }, { b: 'y' })).toEqual([
      { field: 'b', before: '', after: 'y', lines: [{ op: 'insert', text: 'y' }] },
      { field: 'a', before: 'x', after: '', lines: [{ op: 'delete', text: 'x' }] },
    ]);
  });

  it('the line diff rebuilds both texts (property)', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c', ''), { maxLength: 12 }).map((l) => l.join('\n'));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const d = diffLines(a, b);
        expect(
          d
            .filter((l) => l.op !== 'insert')
            .map((l) => l.text)
            .join('\n'),
        ).toBe(a === '' ? '' : a);
        expect(
          d
            .filter((l) => l.op !== 'delete')
            .map((l) => l.text)
            .join('\n'),
        ).toBe(b === '' ? '' : b);
      }),
    );
  });
});
