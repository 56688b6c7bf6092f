import {
  checkBlackout,
  isEditable,
  readability,
  stepDueTimes,
  transition,
  type BlackoutPeriod,
  type CampaignAction,
  type CampaignStatus,
} from './campaign.rules';

const ctx = { actorId: 'anna', authorId: 'bruno' };

describe('campaign life cycle', () => {
  it('walks the whole happy path', () => {
    const path: [CampaignAction, CampaignStatus][] = [
      ['submit', 'in_approval'],
      ['approve', 'approved'],
      ['schedule', 'scheduled'],
      ['launch', 'running'],
      ['pause', 'paused'],
      ['resume', 'running'],
      ['complete', 'completed'],
      ['archive', 'archived'],
    ];
    let s: CampaignStatus = 'draft';
    for (const [action, to] of path) {
      const d = transition(s, action, ctx);
      expect(d).toEqual({ ok: true, value: to });
      s = to;
    }
  });

  it('refuses the author approving their own campaign (four eyes)', () => {
    const d = transition('in_approval', 'approve', { actorId: 'bruno', authorId: 'bruno' });
    expect(d.ok).toBe(false);
    expect(!d.ok && d.error).toMatch(/four eyes/);
  });

  it('refuses every action from a status it does not start from', () => {
    expect(transition('draft', 'launch', ctx).ok).toBe(false);
    expect(transition('approved', 'pause', ctx).ok).toBe(false);
    expect(transition('archived', 'submit', ctx).ok).toBe(false);
    expect(transition('completed', 'resume', ctx).ok).toBe(false);
  });

  it('a rejected campaign goes back to draft, and only drafts are editable', () => {
    expect(transition('in_approval', 'reject', ctx)).toEqual({ ok: true, value: 'draft' });
    expect(isEditable('draft')).toBe(true);
    expect(isEditable('approved')).toBe(false);
  });
});

describe('election blackout (L. 28/2000 art. 9)', () => {
  const periods: BlackoutPeriod[] = [
    { label: 'Comunali 2027', from: '2027-04-10T00:00:00+02:00', to: '2027-05-25T23:00:00+02:00' },
  ];
  const inside = [new Date('2027-05-01T09:00:00Z'), new Date('2027-05-10T09:00:00Z')] as const;

  it('lets campaigns outside the period through', () => {
    expect(checkBlackout(periods, new Date('2027-06-01'), new Date('2027-06-30'))).toEqual({
      ok: true,
      value: { periods: [], justified: false },
    });
  });

  it('refuses a campaign that touches the period without justification', () => {
    const d = checkBlackout(periods, new Date('2027-03-20'), new Date('2027-04-12'));
    expect(d.ok).toBe(false);
    expect(!d.ok && d.error).toMatch(/L\. 28\/2000 art\. 9/);
  });

  it('needs it impersonal AND indispensable, with a reason', () => {
    expect(
      checkBlackout(periods, ...inside, { impersonal: true, indispensable: false, reason: 'x'.repeat(30) })
        .ok,
    ).toBe(false);
    expect(
      checkBlackout(periods, ...inside, { impersonal: true, indispensable: true, reason: 'perché sì' }).ok,
    ).toBe(false);
    const ok = checkBlackout(periods, ...inside, {
      impersonal: true,
      indispensable: true,
      reason: 'Scadenza di legge del pagamento TARI: senza avviso i cittadini pagano sanzioni.',
    });
    expect(ok).toEqual({ ok: true, value: { periods, justified: true } });
  });
});

describe('steps with waits', () => {
  it('computes each step from the previous one', () => {
    const due = stepDueTimes(new Date('2026-11-02T08:00:00Z'), [
      { waitHours: 0 },
      { waitHours: 24 * 7 },
      { waitHours: 48 },
    ]);
    expect(due.map((d) => d.toISOString())).toEqual([
      '2026-11-02T08:00:00.000Z',
      '2026-11-09T08:00:00.000Z',
      '2026-11-11T08:00:00.000Z',
    ]);
  });
});

describe('plain language: Gulpease index', () => {
  it('follows the formula 89 + (300·sentences − 10·letters) / words', () => {
    // 2 sentences, 8 words, 30 letters: 89 + (600 − 300) / 8 = 126.5 → capped at 100
    expect(readability('Paga la TARI. Scade il sedici dicembre.').gulpease).toBe(100);
    const r = readability('Il pagamento della tassa sui rifiuti scade il sedici dicembre.');
    // 1 sentence, 10 words, 52 letters: 89 + (300 − 520) / 10 = 67
    expect(r).toMatchObject({ words: 10, sentences: 1, letters: 52, gulpease: 67, level: 'middle' });
  });

  it('flags bureaucratic language and long sentences', () => {
    const text =
      "Ai sensi della normativa vigente in materia di tributi locali, si comunica che il suddetto versamento dovrà essere effettuato entro e non oltre la data di scadenza prevista dall'amministrazione comunale competente per l'espletamento delle procedure di riscossione coattiva.";
    const r = readability(text);
    expect(r.gulpease).toBeLessThan(60);
    expect(r.suggestions.join(' ')).toMatch(/burocratico/);
    expect(r.suggestions.join(' ')).toMatch(/25 parole/);
  });
});
