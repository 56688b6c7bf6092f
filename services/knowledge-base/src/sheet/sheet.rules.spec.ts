import { priorityScore, rankUnclearSheets } from '../feedback/feedback.rules';
import { placeholdersOf, render, ReplyTemplateContent } from '../reply-template/reply-template.rules';
import {
  addMonths,
  checkConsistency,
  isReviewOverdue,
  nextReviewDue,
  reviewClaimId,
  SheetContent,
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
  it('defaults to 12 months after publication, clamping month ends', () => {
    expect(nextReviewDue(new Date('2026-03-15T10:00:00Z'))).toEqual(new Date('2027-03-15T10:00:00Z'));
    expect(addMonths(new Date('2026-01-31T08:00:00Z'), 1)).toEqual(new Date('2026-02-28T08:00:00Z'));
    expect(addMonths(new Date('2024-02-29T08:00:00Z'), 12)).toEqual(new Date('2025-02-28T08:00:00Z'));
    expect(nextReviewDue(new Date('2026-05-10T00:00:00Z'), 6)).toEqual(new Date('2026-11-10T00:00:00Z'));
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

describe('unclear sheets ranking', () => {
  it('puts consulted-often-and-unclear first; one "no" does not beat many', () => {
    const ranked = rankUnclearSheets([
      { sheetId: 'rare', contacts: 0, clear: 0, unclear: 1 },
      { sheetId: 'popular-unclear', contacts: 120, clear: 10, unclear: 40 },
      { sheetId: 'popular-clear', contacts: 200, clear: 60, unclear: 2 },
      { sheetId: 'no-feedback', contacts: 500, clear: 0, unclear: 0 },
    ]);
    expect(ranked.map((r) => r.sheetId)).toEqual(['popular-unclear', 'rare', 'popular-clear']);
    expect(rankUnclearSheets(ranked, 5).map((r) => r.sheetId)).toEqual(['popular-unclear', 'popular-clear']);
    expect(priorityScore({ sheetId: 'x', contacts: 0, clear: 0, unclear: 0 }).unclearRate).toBe(0.5);
  });
});

describe('reply templates', () => {
  it('finds the placeholders and renders, leaving missing ones visible', () => {
    const body =
      'Pratica {{protocol_number}}: risposta entro il {{ due_date }} ({{procedure_term}} giorni). {{due_date}}';
    expect(placeholdersOf(body)).toEqual(['protocol_number', 'due_date', 'procedure_term']);
    expect(render(body, { protocol_number: '0004567', due_date: '12/12/2026' })).toBe(
      'Pratica 0004567: risposta entro il 12/12/2026 ({{procedure_term}} giorni). 12/12/2026',
    );
  });
  it('refuses placeholders the front office cannot fill', () => {
    const r = ReplyTemplateContent.safeParse({
      kind: 'reply',
      title: 'Titolo',
      body: 'Gentile {{nome_cittadino}}, ...',
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].message).toMatch(/segnaposto non previsti: \{\{nome_cittadino\}\}/);
  });
});
