import { LegalCalendar, monthTermFrom, romeCivilDate, startOfRomeDay } from '@urp/legal-clock';
import fc from 'fast-check';
import type { UseCaseContext } from '@urp/kernel';
import { createDraft } from '../content/workflow.rules';
import {
  checkConsistency,
  claimReview,
  isReviewOverdue,
  markReviewed,
  nextReviewDue,
  reviewDueOn,
  reflag,
  reviewClaimId,
  SheetContent,
  sheetConsequences,
  type Sheet,
} from './sheet.rules';

const minimal = {
  title: 'Carta di identità elettronica',
  shortDescription: 'Il documento di riconoscimento con chip, rilasciato dal Comune.',
  whoIsItFor: 'Residenti a Borgo Aurelio.',
  howTo: 'Prenotare un appuntamento.',
  whatYouGet: 'La CIE, spedita a casa.',
  category: 'anagrafe_stato_civile',
};

describe('sheet content (AgID model)', () => {
  it('fills the optional AgID sections and the 12-month review interval by default', () => {
    const c = SheetContent.parse(minimal);
    expect(c).toMatchObject({
      costs: '',
      accessChannels: [],
      citizenWords: [],
      audience: 'public',
      reviewIntervalMonths: 12,
    });
    expect(Object.keys(c).slice(0, 8)).toEqual([
      'title',
      'shortDescription',
      'whoIsItFor',
      'howTo',
      'whatYouNeed',
      'whatYouGet',
      'timesAndDeadlines',
      'costs',
    ]);
  });

  it('names each bad field in Italian', () => {
    const r = SheetContent.safeParse({ ...minimal, title: 'x', category: 'Anagrafe', responseTimeDays: -1 });
    expect(r.success).toBe(false);
    const byPath = Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(byPath.title).toBe('il titolo deve avere almeno 3 caratteri');
    expect(byPath.category).toMatch(/codice/);
    expect(byPath.responseTimeDays).toBeDefined();
  });
});

describe('review dates', () => {
  const cal = new LegalCalendar({ patronSaint: { month: 8, day: 10 } });
  const startOfRome = (d: string) => new Date(startOfRomeDay(d));

  it('is the interval in months after the Italian day of publication, by the legal clock, from the start of that day', () => {
    // 10:00Z on 15 March is 15 March in Rome; 2027-03-15 is a Monday
    expect(nextReviewDue(new Date('2026-03-15T10:00:00Z'), 12, cal)).toEqual(startOfRome('2027-03-15'));
    // 23:30Z on 30 January is already 31 January in Rome: one month later is the last day of February
    expect(nextReviewDue(new Date('2026-01-30T23:30:00Z'), 1, cal)).toEqual(startOfRome('2026-02-28'));
    expect(nextReviewDue(new Date('2024-02-29T08:00:00Z'), 12, cal)).toEqual(startOfRome('2025-02-28'));
    // a closed day moves to the next working day: Sunday 3 January 2027, Christmas, the patron saint
    expect(nextReviewDue(new Date('2026-01-03T12:00:00Z'), 12, cal)).toEqual(startOfRome('2027-01-04'));
    expect(nextReviewDue(new Date('2025-12-25T12:00:00Z'), 12, cal)).toEqual(startOfRome('2026-12-28'));
    expect(nextReviewDue(new Date('2026-02-10T12:00:00Z'), 6, cal)).toEqual(startOfRome('2026-08-11'));
    // across the DST change: midnight in Rome, whatever the UTC offset
    expect(nextReviewDue(new Date('2026-01-15T12:00:00Z'), 6, cal).toISOString()).toBe(
      '2026-07-14T22:00:00.000Z',
    );
    expect(reviewDueOn(nextReviewDue(new Date('2026-01-15T12:00:00Z'), 6, cal))).toBe('2026-07-15');
  });

  it('agrees with the legal clock for any instant and interval', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2090-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 1, max: 36 }),
        (at, months) => {
          const due = nextReviewDue(at, months, cal);
          expect(reviewDueOn(due)).toBe(monthTermFrom(romeCivilDate(at), months, cal));
          expect(due.getTime()).toBe(Date.parse(startOfRomeDay(reviewDueOn(due))));
          expect(due > at).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is overdue from the review date on, only for live sheets', () => {
    const due = new Date('2026-06-01T00:00:00Z');
    expect(isReviewOverdue({ live: true, reviewDueAt: due }, new Date('2026-05-31T23:59:59Z'))).toBe(false);
    expect(isReviewOverdue({ live: true, reviewDueAt: due }, due)).toBe(true);
    expect(isReviewOverdue({ live: false, reviewDueAt: due }, new Date('2027-01-01'))).toBe(false);
  });

  it('one claim per sheet and review date (the notice goes out once)', () => {
    const d = new Date('2026-06-01T00:00:00Z');
    expect(reviewClaimId('s1', d)).toBe('s1@2026-06-01T00:00:00.000Z');
    expect(reviewClaimId('s1', d)).not.toBe(reviewClaimId('s1', new Date('2027-06-01T00:00:00Z')));
  });
});

describe('consistency with the procedure term', () => {
  it('flags a linked sheet whose response time differs from the legal term', () => {
    expect(checkConsistency({ procedureTypeCode: 'cambio_residenza', responseTimeDays: 30 }, 45)).toEqual({
      procedureTypeCode: 'cambio_residenza',
      sheetResponseTimeDays: 30,
      legalTermDays: 45,
    });
    expect(checkConsistency({ procedureTypeCode: 'cambio_residenza' }, 45)).toMatchObject({
      sheetResponseTimeDays: undefined,
    });
  });
  it('is silent when equal, unlinked or the term unknown', () => {
    expect(checkConsistency({ procedureTypeCode: 'x', responseTimeDays: 30 }, 30)).toBeUndefined();
    expect(checkConsistency({ responseTimeDays: 30 }, 45)).toBeUndefined();
    expect(checkConsistency({ procedureTypeCode: 'x', responseTimeDays: 30 }, undefined)).toBeUndefined();
  });
});

describe('sheet decisions', () => {
  const t0 = new Date('2026-03-02T09:00:00Z');
  const ctx = (sub = 'alice', now = t0): UseCaseContext => ({
    actor: { sub, roles: ['backoffice'] },
    now,
    source: '/urp/knowledge-base',
  });
  const sheet = (over: Partial<SheetContent> = {}): Sheet => {
    const content = SheetContent.parse({
      ...minimal,
      procedureTypeCode: 'cie',
      responseTimeDays: 30,
      ...over,
    });
    return {
      id: 's1',
      revision: 1,
      slug: 'carta-identita',
      createdAt: t0,
      updatedAt: t0,
      ...createDraft(content, 'alice', 'prima stesura', t0),
    };
  };
  const live = (s: Sheet): Sheet => ({
    ...s,
    status: 'published',
    live: { revision: 1, content: s.content, publishedAt: t0, approvedBy: 'bruno' },
  });
  const flags = (events: readonly { type: string }[]) =>
    events.filter((e) => e.type === 'it.urp.knowledge-base.SheetFlaggedInconsistent.v1');
  const cal = new LegalCalendar();
  const terms = (entries: Record<string, number>) => ({
    legalTerms: new Map(Object.entries(entries)),
    calendar: cal,
  });

  it('a publication sets the next review date and emits SheetPublished, or SheetUpdated for a new revision', () => {
    const first = sheetConsequences(null, live(sheet()), ['published'], ctx(), terms({}));
    expect(first.state.reviewDueAt).toEqual(new Date(startOfRomeDay('2027-03-02')));
    expect(first.events.map((e) => e.type)).toEqual([
      'it.urp.knowledge-base.SheetPublished.v1',
      'it.urp.knowledge-base.SheetChanged.v1', // every write: the other instances' read models
    ]);
    const update = sheetConsequences(null, live(sheet()), ['updated'], ctx(), terms({}));
    expect(update.events.map((e) => e.type)).toEqual([
      'it.urp.knowledge-base.SheetUpdated.v1',
      'it.urp.knowledge-base.SheetChanged.v1',
    ]);
  });

  it('flags a wrong response time once per term, and clears the flag when right', () => {
    const flagged = sheetConsequences(null, sheet(), [], ctx(), terms({ cie: 45 }));
    expect(flagged.state.inconsistency).toMatchObject({ legalTermDays: 45, sheetResponseTimeDays: 30 });
    expect(flags(flagged.events)).toHaveLength(1);
    expect(reflag(flagged.state, terms({ cie: 45 }), ctx())).toBeNull(); // same term: nothing new
    expect(flags(reflag(flagged.state, terms({ cie: 60 }), ctx())!.events)).toHaveLength(1);
    const fixed = reflag(flagged.state, terms({ cie: 30 }), ctx())!;
    expect(fixed.state.inconsistency).toBeUndefined();
    expect(flags(fixed.events)).toHaveLength(0);
  });

  it('a referent confirms the review of the sheets they own only; the next date must be future', () => {
    const s = live(sheet());
    const owner = { staffId: 'rossi', ownerStaffId: 'rossi' };
    expect(() =>
      markReviewed(
        s,
        { onlyOwner: { staffId: 'verdi', ownerStaffId: 'rossi' }, calendar: cal },
        ctx('verdi'),
      ),
    ).toThrow(/titolare/);
    expect(() => markReviewed(s, { onlyOwner: owner, nextDue: t0, calendar: cal }, ctx('rossi'))).toThrow(
      /futura/,
    );
    const r = markReviewed(s, { onlyOwner: owner, calendar: cal }, ctx('rossi'));
    expect(r.state).toMatchObject({
      lastReviewedBy: 'rossi',
      reviewDueAt: new Date(startOfRomeDay('2027-03-02')),
    });
    expect(r.state.log.at(-1)).toMatchObject({ action: 'reviewed', by: 'rossi', revision: 1 });
  });

  it('the review notice is a claim keyed by sheet and date, with its event', () => {
    const s = { ...live(sheet()), reviewDueAt: t0 };
    const d = claimReview(null, s, ctx('system'));
    expect(d.state.id).toBe(reviewClaimId('s1', t0));
    expect(d.events[0].data).toMatchObject({ sheetId: 's1', reviewDueAt: t0.toISOString() });
  });
});
