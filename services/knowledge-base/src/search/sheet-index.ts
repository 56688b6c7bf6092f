import { Document as FlexDocument } from 'flexsearch';
import { analyze, closeEnough, expandQuery, type ExpandedQuery } from './italian';
import { FIELD_BOOSTS, type IndexedSheet, type SearchFilters, type SearchResult } from './search.types';

export * from './search.types';

type Field = keyof typeof FIELD_BOOSTS;
const FIELDS = Object.keys(FIELD_BOOSTS) as Field[];
/** How many expanded queries a search index keeps. */
const MAX_EXPANSIONS = 1000;
const MAX_EXPANDED_LENGTH = 200;
/** A query already analysed into index terms: FlexSearch must not analyse (stem) it again. */
const TERMS = '\u0001';

interface Meta {
  slug: string;
  title: string;
  category: string;
  audience: string;
  status: string;
  live: boolean;
}

/**
 * The in-memory full-text index of the sheets, on FlexSearch (strict tokenizer), chosen by measurement
 * against MiniSearch and Orama on the same corpus and queries (tools/bench/results/knowledge.md): the same
 * quality on the colloquial queries at a fifth of MiniSearch's CPU per query and half its build time.
 * Text goes through the Italian pipeline (./italian); queries are expanded with the shared synonym list.
 * Each field is ranked by FlexSearch's contextual scoring and the fields are combined by their boosts;
 * a sheet matching more of the query's words ranks higher. Typo tolerance and search-as-you-type come from
 * the index's vocabulary: an unknown query word is replaced by the known words one edit away (from 5
 * letters), and the last word, if unknown, is completed by prefix.
 */
export class SheetIndex {
  private flex = this.create();
  private meta = new Map<string, Meta>();
  private vocabulary = new Set<string>();
  private sorted: string[] | undefined;
  /**
   * Queries already expanded (the synonym list's phrases matched against the query's terms): the same
   * questions come back often, and the expansion does not depend on the sheets. At most MAX_EXPANSIONS
   * queries of up to MAX_EXPANDED_LENGTH characters, oldest out first.
   */
  private readonly expansions = new Map<string, ExpandedQuery>();

  private create() {
    return new FlexDocument({
      document: { id: 'id', index: FIELDS as unknown as string[] },
      tokenize: 'strict',
      resolution: 9,
      encode: (text: string) => {
        if (text.startsWith(TERMS)) return text.slice(1).split(' ');
        const terms = analyze(text);
        for (const t of terms) this.vocabulary.add(t);
        return terms;
      },
    } as unknown as ConstructorParameters<typeof FlexDocument>[0]) as unknown as {
      add(doc: Record<string, unknown>): void;
      remove(id: string): void;
      search(q: string, o: Record<string, unknown>): { field: string; result: string[] }[];
    };
  }

  get size(): number {
    return this.meta.size;
  }

  upsert(doc: IndexedSheet): void {
    if (this.meta.has(doc.id)) this.flex.remove(doc.id);
    this.add(doc);
  }

  private add(doc: IndexedSheet): void {
    this.flex.add({ ...doc, citizenWords: doc.citizenWords.join(' \n '), tags: doc.tags.join(' \n ') });
    this.meta.set(doc.id, {
      slug: doc.slug,
      title: doc.title,
      category: doc.category,
      audience: doc.audience,
      status: doc.status,
      live: doc.live,
    });
    this.sorted = undefined;
  }

  remove(id: string): void {
    if (this.meta.delete(id)) this.flex.remove(id);
  }

  replaceAll(docs: IndexedSheet[]): void {
    this.vocabulary = new Set();
    this.meta = new Map();
    this.flex = this.create();
    for (const d of docs) this.add(d);
  }

  /** Known terms as they are; unknown ones → known terms one edit away, or completions of a word being typed. */
  private resolve(term: string, last: boolean): string[] {
    if (this.vocabulary.has(term)) return [term];
    const out: string[] = [];
    if (term.length >= 5) for (const v of this.vocabulary) if (closeEnough(term, v)) out.push(v);
    if (last && term.length >= 3) {
      this.sorted ??= [...this.vocabulary].sort();
      let lo = 0;
      let hi = this.sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.sorted[mid] < term) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < this.sorted.length && this.sorted[i].startsWith(term) && out.length < 10; i++)
        out.push(this.sorted[i]);
    }
    return out;
  }

  private expand(query: string): ExpandedQuery {
    if (query.length > MAX_EXPANDED_LENGTH) return expandQuery(query); // a long text is not kept
    let q = this.expansions.get(query);
    if (!q) {
      if (this.expansions.size >= MAX_EXPANSIONS)
        for (const oldest of this.expansions.keys()) {
          this.expansions.delete(oldest);
          break;
        }
      this.expansions.set(query, (q = expandQuery(query)));
    }
    return q;
  }

  search(query: string, f: SearchFilters = {}): SearchResult {
    const q = this.expand(query);
    const typing = /\S$/.test(query);
    const own = q.terms.flatMap((t, i) => this.resolve(t, typing && i === q.terms.length - 1));
    const terms = [...new Set([...own, ...q.expansions])];
    if (!terms.length) return { total: 0, hits: [], expandedQuery: q.text };
    const limit = Math.min(Math.max(f.limit ?? 10, 1), 100);
    const filtered = !!(f.category || f.audience || f.status || f.liveOnly);
    const scores = new Map<string, number>();
    const ownSet = new Set(own);
    // each term on its own: FlexSearch's multi-term query favours documents with all terms, and the
    // administration's words added by synonyms count less (0.8) than the citizen's own
    for (const term of terms) {
      const weight = ownSet.has(term) ? 1 : 0.8;
      for (const { field, result } of this.flex.search(TERMS + term, { limit: filtered ? 500 : 100 })) {
        const boost = weight * FIELD_BOOSTS[field as Field];
        for (let rank = 0; rank < result.length; rank++) {
          const id = result[rank];
          scores.set(id, (scores.get(id) ?? 0) + boost / (1 + rank / 20));
        }
      }
    }
    // the best `limit` hits by score (ties in the order first found, as a stable sort of all would give), and
    // the count of all: no array of every candidate sorted for a page of ten (issue 17: a search's allocations)
    const top: [string, number][] = [];
    let total = 0;
    for (const [id, score] of scores) {
      if (filtered) {
        const m = this.meta.get(id)!;
        if (
          (f.category && m.category !== f.category) ||
          (f.audience && m.audience !== f.audience) ||
          (f.status && m.status !== f.status) ||
          (f.liveOnly && !m.live)
        )
          continue;
      }
      total++;
      if (top.length === limit && score <= top[limit - 1][1]) continue;
      let at = top.length;
      while (at > 0 && top[at - 1][1] < score) at--;
      top.splice(at, 0, [id, score]);
      if (top.length > limit) top.pop();
    }
    return {
      total,
      hits: top.map(([id, score]) => {
        const m = this.meta.get(id)!;
        return { id, slug: m.slug, title: m.title, score: Math.round(score * 1000) / 1000 };
      }),
      expandedQuery: q.text,
    };
  }
}
