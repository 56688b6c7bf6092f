import fc from 'fast-check';
import {
  isWithheld,
  population,
  suppressTable,
  withheldMeasures,
  type CellQuery,
  type Fact,
} from './disclosure.rules';

const K = 10;
const OFFICES = ['anagrafe', 'tributi', 'urp'];
const TRIGGERS = ['case_closed', 'procedure_decided'];
const MONTHS = ['2026-09', '2026-10', '2026-11'];

/** A random finest classification: month × office × trigger, populations 0..30 (small ones on purpose). */
const factsArb = fc
  .array(
    fc.record({
      month: fc.constantFrom(...MONTHS),
      office: fc.constantFrom(...OFFICES),
      trigger: fc.constantFrom(...TRIGGERS),
      n: fc.oneof(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 30 })),
    }),
    { maxLength: 14 },
  )
  .map((rows) =>
    rows.map((r): Fact<'n'> => ({
      dims: { month: r.month, office: r.office, trigger: r.trigger },
      n: { n: r.n },
    })),
  );

/** Every query a user can ask: a filter on each dimension or not, a period or not, grouped by one or none. */
const queryArb = fc.record({
  office: fc.option(fc.constantFrom(...OFFICES), { nil: undefined }),
  trigger: fc.option(fc.constantFrom(...TRIGGERS), { nil: undefined }),
  from: fc.option(fc.constantFrom(...MONTHS), { nil: undefined }),
  to: fc.option(fc.constantFrom(...MONTHS), { nil: undefined }),
  groupBy: fc.constantFrom(undefined, 'office', 'trigger', 'month'),
});

const cellOf = (q: { office?: string; trigger?: string; from?: string; to?: string }): CellQuery => ({
  eq: {
    ...(q.office !== undefined ? { office: q.office } : {}),
    ...(q.trigger !== undefined ? { trigger: q.trigger } : {}),
  },
  from: q.from,
  to: q.to,
});

const VALUES: Record<string, string[]> = { office: OFFICES, trigger: TRIGGERS, month: MONTHS };

/** What a user sees: the published population of each row of the grouping (undefined = withheld). */
function publish(facts: Fact<'n'>[], base: CellQuery, groupBy: string | undefined) {
  const rows = new Map<string, number | undefined>();
  const fixed = groupBy ? base.eq[groupBy] : undefined;
  const keys = groupBy ? (fixed !== undefined ? [fixed] : VALUES[groupBy]) : ['all'];
  for (const key of keys) {
    const cell = groupBy ? { ...base, eq: { ...base.eq, [groupBy]: key } } : base;
    const n = population(facts, cell, 'n');
    if (!n) continue; // no row for an empty cell
    rows.set(key, isWithheld(facts, cell, 'n', K) ? undefined : n);
  }
  return rows;
}

describe('suppressTable (threshold rule + secondary suppression)', () => {
  it('withholds the cells under the minimum and the next-smallest cell when one alone would be revealed', () => {
    // anagrafe 3 (primary), tributi 40, urp 50: the total 93 − 50 − 40 would give anagrafe's 3
    const cells = new Map([
      ['anagrafe', 3],
      ['tributi', 40],
      ['urp', 50],
    ]);
    expect([...suppressTable(cells, K)].sort()).toEqual(['anagrafe', 'tributi']);
  });

  it('withholds nothing more when the withheld cells together already describe enough people', () => {
    const cells = new Map([
      ['a', 6],
      ['b', 5],
      ['c', 40],
    ]);
    expect([...suppressTable(cells, K)].sort()).toEqual(['a', 'b']);
  });

  it('publishes a table with no small cell as it is, and never withholds an empty cell', () => {
    expect(
      suppressTable(
        new Map([
          ['a', 0],
          ['b', 12],
        ]),
        K,
      ).size,
    ).toBe(0);
  });

  it('property: the withheld cells describe 0 or at least k people, and every cell of 1..k-1 is withheld', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 3 }), fc.integer({ min: 0, max: 40 })), (d) => {
        const cells = new Map(Object.entries(d));
        const withheld = suppressTable(cells, K);
        const sum = [...withheld].reduce((s, k) => s + (cells.get(k) ?? 0), 0);
        for (const [key, n] of cells) if (n > 0 && n < K) expect(withheld.has(key)).toBe(true);
        // either the withheld cells describe enough people, or every non-empty cell is withheld
        const everyNonEmptyWithheld = [...cells].every(([key, n]) => n === 0 || withheld.has(key));
        expect(sum === 0 || sum >= K || everyNonEmptyWithheld).toBe(true);
      }),
    );
  });
});

describe('isWithheld (after every filter, per measure)', () => {
  const facts: Fact<'judged' | 'stars'>[] = [
    { dims: { month: '2026-10', office: 'piccolo', trigger: 'case_closed' }, n: { judged: 4, stars: 0 } },
    { dims: { month: '2026-10', office: 'grande', trigger: 'case_closed' }, n: { judged: 30, stars: 0 } },
    {
      dims: { month: '2026-10', office: 'grande', trigger: 'procedure_decided' },
      n: { judged: 25, stars: 3 },
    },
  ];

  it('withholds a one-office filter below the minimum, and the big office too (secondary)', () => {
    expect(isWithheld(facts, { eq: { office: 'piccolo' } }, 'judged', K)).toBe(true);
    expect(isWithheld(facts, { eq: { office: 'grande' } }, 'judged', K)).toBe(true);
    expect(isWithheld(facts, { eq: {} }, 'judged', K)).toBe(false);
  });

  it('counts per measure: 3 star ratings in a row of 25 answers are withheld', () => {
    const hidden = withheldMeasures(facts, { eq: { trigger: 'procedure_decided' } }, ['judged', 'stars'], K);
    expect([...hidden]).toEqual(['stars']);
  });

  it('withholds a trigger filter whose cell is complementary to a small one', () => {
    // case_closed: piccolo 4 + grande 30 = 34; procedure_decided 25: no small trigger cell, so both shown
    expect(isWithheld(facts, { eq: { trigger: 'case_closed' } }, 'judged', K)).toBe(false);
    // but within case_closed, the offices are a table: piccolo 4 withheld, grande 30 withheld with it
    expect(isWithheld(facts, { eq: { trigger: 'case_closed', office: 'grande' } }, 'judged', K)).toBe(true);
  });

  it('withholds a period containing a withheld month unless it covers every month', () => {
    const months: Fact<'n'>[] = [
      { dims: { month: '2026-09' }, n: { n: 20 } },
      { dims: { month: '2026-10' }, n: { n: 15 } },
      { dims: { month: '2026-11' }, n: { n: 3 } },
    ];
    expect(isWithheld(months, { eq: {}, from: '2026-09', to: '2026-11' }, 'n', K)).toBe(false);
    expect(isWithheld(months, { eq: {}, from: '2026-10' }, 'n', K)).toBe(true);
    expect(isWithheld(months, { eq: {}, to: '2026-10' }, 'n', K)).toBe(true); // 2026-10 is the complement
    expect(isWithheld(months, { eq: {}, to: '2026-09' }, 'n', K)).toBe(false);
  });

  it('property: no published figure, nor any difference between a published total and its published cells, describes 1..9 people', () => {
    fc.assert(
      fc.property(factsArb, queryArb, (facts, q) => {
        const base = cellOf(q);
        const total = publish(facts, base, undefined).get('all');
        const rows = publish(facts, base, q.groupBy);
        for (const n of rows.values()) if (n !== undefined) expect(n >= K).toBe(true);
        if (total !== undefined) expect(total >= K).toBe(true);
        if (total !== undefined && q.groupBy) {
          const shown = [...rows.values()].filter((n): n is number => n !== undefined);
          const rest = total - shown.reduce((s, n) => s + n, 0);
          expect(rest === 0 || rest >= K).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('property: a one-dimension filter reveals nothing its table hides (filter = cell of the grouping)', () => {
    fc.assert(
      fc.property(factsArb, fc.constantFrom('office', 'trigger'), (facts, d) => {
        const grouped = publish(facts, { eq: {} }, d);
        for (const value of VALUES[d]) {
          const filtered = publish(facts, { eq: { [d]: value } }, undefined).get('all');
          if (grouped.get(value) === undefined) expect(filtered).toBeUndefined();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('property: differencing two published periods never isolates a month of 1..9 people', () => {
    fc.assert(
      fc.property(factsArb, fc.option(fc.constantFrom(...OFFICES), { nil: undefined }), (facts, office) => {
        const eq: Record<string, string> = office ? { office } : {};
        const ranges: { months: string[]; q: CellQuery }[] = [{ months: MONTHS, q: { eq } }];
        for (const from of MONTHS)
          for (const to of MONTHS)
            if (from <= to)
              ranges.push({ months: MONTHS.filter((m) => m >= from && m <= to), q: { eq, from, to } });
        const shown = ranges.filter(
          (r) => population(facts, r.q, 'n') > 0 && !isWithheld(facts, r.q, 'n', K),
        );
        for (const a of shown)
          for (const b of shown)
            if (b.months.every((m) => a.months.includes(m))) {
              const rest = population(facts, a.q, 'n') - population(facts, b.q, 'n');
              expect(rest === 0 || rest >= K).toBe(true);
            }
      }),
      { numRuns: 300 },
    );
  });
});
