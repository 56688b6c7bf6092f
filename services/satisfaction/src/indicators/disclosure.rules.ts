/**
 * Small-group protection of the published indicators (pure): statistical disclosure control by cell
 * suppression, as national statistical offices do it (ISTAT, Eurostat; τ-Argus "threshold rule" plus
 * secondary suppression).
 *
 * - **Primary suppression, per measure**: a figure is withheld, together with its count, when the number
 *   of people behind THAT figure (its population after every filter: period, office, service, channel,
 *   trigger…) is 1..k-1. Each measure has its own population: mean stars count the star ratings, not every
 *   answer of the row.
 * - **Secondary suppression**: in every table (the cells of one dimension under the same other filters,
 *   whose margin is the figure without that dimension), when the withheld cells add up to 1..k-1 people,
 *   the smallest published cell is withheld too, and so on, until the withheld cells together describe
 *   0 or at least k people. So `margin − Σ published cells` never describes 1..k-1 people.
 * - **Filters are cells**: a query filtered to one office is the office's cell of the table grouped by
 *   office (under the query's other filters); it is withheld whenever that cell is, primary or secondary.
 *   The same for every fixed dimension of a row (a row of a grouping is the query plus one more filter).
 * - **Periods are unions of months**: a range of months is withheld when it contains a month withheld in
 *   the month table (under the other filters), unless it covers every month with data (then it equals
 *   the figure without a period, checked on its own).
 *
 * Limits (documented in the README): the check is per one-dimensional table (each fixed dimension's
 * table is audited, not the full multi-dimensional hypercube), and a figure asked again after new data
 * arrived differs by the newcomers (temporal differencing of a live dashboard).
 */

/** One cell of the finest classification: its dimensions and the population of each measure. */
export interface Fact<M extends string> {
  dims: Readonly<Record<string, string>>;
  n: Readonly<Partial<Record<M, number>>>;
}

/** One published figure's cell: fixed dimensions and an optional range of months (`YYYY-MM`, inclusive). */
export interface CellQuery {
  eq: Readonly<Record<string, string>>;
  from?: string;
  to?: string;
}

/** The dimension of the month in the facts. */
export const MONTH = 'month';

/** Whether a figure about `n` people must be withheld on its own (primary suppression). */
export const isSmall = (n: number, k: number): boolean => n > 0 && n < k;

/**
 * The cells of one table to withhold: those about 1..k-1 people, then (secondary suppression) the
 * smallest published non-empty cell while the withheld cells together describe 1..k-1 people.
 * Ties are broken by key, so the same table always gives the same answer.
 */
export function suppressTable(cells: ReadonlyMap<string, number>, k: number): Set<string> {
  const withheld = new Set<string>();
  let sum = 0;
  for (const [key, n] of cells)
    if (isSmall(n, k)) {
      withheld.add(key);
      sum += n;
    }
  if (sum === 0) return withheld;
  const candidates = [...cells]
    .filter(([key, n]) => n > 0 && !withheld.has(key))
    .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [key, n] of candidates) {
    if (sum >= k) break;
    withheld.add(key);
    sum += n;
  }
  return withheld;
}

const inRange = (month: string, q: { from?: string; to?: string }) =>
  (!q.from || month >= q.from) && (!q.to || month <= q.to);

function matches<M extends string>(
  fact: Fact<M>,
  eq: Readonly<Record<string, string>>,
  range: { from?: string; to?: string } | undefined,
): boolean {
  for (const d in eq) if (fact.dims[d] !== eq[d]) return false;
  return !range || inRange(fact.dims[MONTH] ?? '', range);
}

/** The population of measure `m` in the cells matching `eq` (and the range), grouped by dimension `by`. */
function table<M extends string>(
  facts: readonly Fact<M>[],
  m: M,
  eq: Readonly<Record<string, string>>,
  range: { from?: string; to?: string } | undefined,
  by: string,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of facts) {
    if (!matches(f, eq, range)) continue;
    const key = f.dims[by] ?? '-';
    out.set(key, (out.get(key) ?? 0) + (f.n[m] ?? 0));
  }
  return out;
}

const without = (eq: Readonly<Record<string, string>>, d: string) => {
  const { [d]: _dropped, ...rest } = eq;
  return rest;
};

/** The population of measure `m` in one cell. */
export function population<M extends string>(facts: readonly Fact<M>[], q: CellQuery, m: M): number {
  let n = 0;
  for (const f of facts) if (matches(f, q.eq, q)) n += f.n[m] ?? 0;
  return n;
}

/**
 * The disclosure checks of one query over `facts`, with each table computed once and shared by the rows
 * that fall in it (a grouping's rows share the tables of their other dimensions): linear in the facts per
 * table, not per row.
 */
export class DisclosureCheck<M extends string> {
  private readonly tables = new Map<string, { cells: Map<string, number>; withheld?: Set<string> }>();
  /** Facts by dimension and value: a table under a filter scans only the facts of that filter's value. */
  private readonly index = new Map<string, Map<string, Fact<M>[]>>();

  constructor(
    private readonly facts: readonly Fact<M>[],
    private readonly k: number,
  ) {}

  private table(
    m: M,
    eq: Readonly<Record<string, string>>,
    range: { from?: string; to?: string } | undefined,
    by: string,
  ) {
    const id = `${m}|${by}|${range?.from ?? ''}|${range?.to ?? ''}|${JSON.stringify(Object.entries(eq).sort())}`;
    let t = this.tables.get(id);
    if (!t) this.tables.set(id, (t = { cells: table(this.candidates(eq), m, eq, range, by) }));
    return t;
  }

  /** The facts that may match `eq`: those of its most selective fixed value. */
  private candidates(eq: Readonly<Record<string, string>>): readonly Fact<M>[] {
    let best: readonly Fact<M>[] = this.facts;
    for (const d of Object.keys(eq)) {
      let byValue = this.index.get(d);
      if (!byValue) {
        this.index.set(d, (byValue = new Map()));
        for (const f of this.facts) {
          const v = f.dims[d] ?? '-';
          let list = byValue.get(v);
          if (!list) byValue.set(v, (list = []));
          list.push(f);
        }
      }
      const list = byValue.get(eq[d]) ?? [];
      if (list.length < best.length) best = list;
    }
    return best;
  }

  private withheldOf(t: { cells: Map<string, number>; withheld?: Set<string> }): Set<string> {
    return (t.withheld ??= suppressTable(t.cells, this.k));
  }

  /** Whether the figure of measure `m` in cell `q` must be withheld (primary, secondary, filters, periods). */
  isWithheld(q: CellQuery, m: M): boolean {
    const range = q.from || q.to ? { from: q.from, to: q.to } : undefined;
    const dims = Object.keys(q.eq);
    // the cell's population, read from the table of its first fixed dimension (or the whole, once)
    const n = dims.length
      ? (this.table(m, without(q.eq, dims[0]), range, dims[0]).cells.get(q.eq[dims[0]]) ?? 0)
      : [...this.table(m, {}, range, '#all').cells.values()].reduce((a, b) => a + b, 0);
    if (isSmall(n, this.k)) return true;
    // each fixed dimension: the cell of its table under the other filters
    for (const d of dims)
      if (this.withheldOf(this.table(m, without(q.eq, d), range, d)).has(q.eq[d])) return true;
    if (range) {
      const months = this.table(m, q.eq, undefined, MONTH);
      const covered = [...months.cells.keys()].filter((month) => inRange(month, range));
      if (covered.length < months.cells.size && covered.some((month) => this.withheldOf(months).has(month)))
        return true;
    }
    return false;
  }

  /** The measures of `measures` withheld in cell `q`. */
  withheldMeasures(q: CellQuery, measures: readonly M[]): Set<M> {
    return new Set(measures.filter((m) => this.isWithheld(q, m)));
  }
}

/** Whether the figure of measure `m` in cell `q` must be withheld (primary, secondary, filters, periods). */
export function isWithheld<M extends string>(
  facts: readonly Fact<M>[],
  q: CellQuery,
  m: M,
  k: number,
): boolean {
  return new DisclosureCheck(facts, k).isWithheld(q, m);
}

/** The measures of `measures` withheld in cell `q`. */
export function withheldMeasures<M extends string>(
  facts: readonly Fact<M>[],
  q: CellQuery,
  measures: readonly M[],
  k: number,
): Set<M> {
  return new DisclosureCheck(facts, k).withheldMeasures(q, measures);
}
