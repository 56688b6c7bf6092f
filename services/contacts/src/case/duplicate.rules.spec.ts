import {
  distanceMeters,
  rankDuplicates,
  scoreDuplicate,
  textSimilarity,
  DUPLICATE_RULES,
} from './duplicate.rules';

const now = new Date('2026-11-20T10:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const probe = {
  categoryLevel1: 'strade_viabilita',
  categoryLevel2: 'illuminazione_pubblica',
  lat: 41.9,
  lon: 12.5,
  at: now,
  text: 'Lampione spento in via Garibaldi',
};

describe('duplicate scoring', () => {
  it('distance is metres on the sphere', () => {
    expect(Math.round(distanceMeters({ lat: 41.9, lon: 12.5 }, { lat: 41.901, lon: 12.5 }))).toBe(111);
  });

  it('similar Italian text: accents, plurals and stop words do not matter', () => {
    expect(textSimilarity('Lampioni spenti in via Garibaldi', 'lampione spento via garibaldi')).toBe(1);
    expect(textSimilarity('Buca in strada', 'Orari biblioteca')).toBe(0);
  });

  it('same category, near and recent scores high; far and old scores low', () => {
    const near = scoreDuplicate(probe, {
      caseId: 'a',
      categoryLevel1: 'strade_viabilita',
      categoryLevel2: 'illuminazione_pubblica',
      lat: 41.9005,
      lon: 12.5,
      openedAt: daysAgo(2),
      text: 'Luce guasta',
    });
    const far = scoreDuplicate(probe, {
      caseId: 'b',
      categoryLevel1: 'strade_viabilita',
      lat: 41.95,
      lon: 12.6,
      openedAt: daysAgo(50),
      text: 'Luce guasta',
    });
    expect(near.score).toBeGreaterThanOrEqual(0.75);
    expect(near.reasons).toEqual(expect.arrayContaining(['stessa categoria', 'aperta 2 giorni fa']));
    expect(far.score).toBeLessThan(DUPLICATE_RULES.threshold);
  });

  it('similar text alone (no place, another category) can match; different category and text never', () => {
    const textual = scoreDuplicate(
      { ...probe, lat: undefined, lon: undefined, categoryLevel1: undefined },
      { caseId: 'c', openedAt: daysAgo(1), text: 'Lampione spento via Garibaldi' },
    );
    expect(textual.score).toBeGreaterThanOrEqual(DUPLICATE_RULES.threshold);
    const unrelated = scoreDuplicate(probe, {
      caseId: 'd',
      categoryLevel1: 'tributi',
      lat: 41.9,
      lon: 12.5,
      openedAt: now,
      text: 'Rimborso TARI',
    });
    expect(unrelated.score).toBeLessThan(DUPLICATE_RULES.threshold);
  });

  it('ranks best first and drops the weak ones', () => {
    const ranked = rankDuplicates(probe, [
      { caseId: 'weak', categoryLevel1: 'tributi', openedAt: now, text: 'TARI' },
      {
        caseId: 'good',
        categoryLevel1: 'strade_viabilita',
        lat: 41.9003,
        lon: 12.5,
        openedAt: daysAgo(3),
        text: 'lampione',
      },
      {
        caseId: 'best',
        categoryLevel1: 'strade_viabilita',
        categoryLevel2: 'illuminazione_pubblica',
        lat: 41.9,
        lon: 12.5,
        openedAt: daysAgo(1),
        text: 'Lampione spento via Garibaldi',
      },
    ]);
    expect(ranked.map((r) => r.caseId)).toEqual(['best', 'good']);
  });
});
