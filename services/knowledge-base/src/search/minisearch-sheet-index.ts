import MiniSearch, { type SearchOptions } from 'minisearch';
import { analyze, expandQuery, tokenize } from './italian';
import { FIELD_BOOSTS, type IndexedSheet, type SearchFilters, type SearchResult } from './search.types';

const SEARCH_FIELDS = ['title', 'citizenWords', 'shortDescription', 'tags', 'body'];
const SHORT_FIELDS = SEARCH_FIELDS.filter((f) => f !== 'body');
const STORE_FIELDS = ['slug', 'title', 'category', 'audience', 'status', 'live'];

/** Typo tolerance on the stems: one edit from 5 letters, two from 9 (none for short words: too many false hits). */
const fuzziness = (term: string): number | boolean => (term.length >= 9 ? 2 : term.length >= 5 ? 1 : false);

/**
 * The sheets' index on MiniSearch: kept as the benchmark's comparison (tools/bench/results/knowledge.md).
 * Best ranking features (BM25, native fuzzy), but 4-6× the CPU per query of the FlexSearch index on 10,000
 * sheets, above the 5 ms p95 target. Text goes through the Italian pipeline (./italian);
 * queries are expanded with the shared synonym list; BM25 ranking with field boosts, prefix matching on
 * the last word (search as you type) and typo tolerance.
 */
export class MiniSearchSheetIndex {
  private mini = this.create();
  /**
   * Every term the index has seen. Fuzzy matching walks the whole term tree and is the costly part of a
   * query, so it runs only for query terms the index does not know (a typo, most likely); known terms match
   * exactly. Only grows until the next rebuild: a stale term merely skips fuzzy matching for that word.
   */
  private vocabulary = new Set<string>();

  private create(vocabulary = new Set<string>()) {
    this.vocabulary = vocabulary;
    return new MiniSearch<IndexedSheet>({
      fields: SEARCH_FIELDS,
      storeFields: STORE_FIELDS,
      // the Italian pipeline runs in tokenize (words → index terms); processTerm has nothing left to do
      tokenize: (text) => {
        const terms = analyze(text);
        for (const t of terms) vocabulary.add(t);
        return terms;
      },
      processTerm: (term) => term,
      extractField: (doc, field) => {
        const v = (doc as unknown as Record<string, unknown>)[field];
        return Array.isArray(v) ? v.join(' \n ') : (v as string);
      },
    });
  }

  get size(): number {
    return this.mini.documentCount;
  }

  upsert(doc: IndexedSheet): void {
    if (this.mini.has(doc.id)) this.mini.discard(doc.id);
    this.mini.add(doc);
  }

  remove(id: string): void {
    if (this.mini.has(id)) this.mini.discard(id);
  }

  replaceAll(docs: IndexedSheet[]): void {
    const fresh = this.create();
    fresh.addAll(docs);
    this.mini = fresh;
  }

  search(query: string, f: SearchFilters = {}): SearchResult {
    const q = expandQuery(query);
    const terms = [...q.terms, ...q.expansions];
    if (!terms.length) return { total: 0, hits: [], expandedQuery: q.text };
    const lastTyped = q.terms.length - 1;
    const typedWords = tokenize(query);
    // prefix only for the word being typed, and only if the query does not end with a space
    const typing = /\S$/.test(query) && typedWords.length > 0;
    const filtered = !!(f.category || f.audience || f.status || f.liveOnly);
    const options = (fields: string[]): SearchOptions => ({
      fields,
      tokenize: (s) => s.split(' '),
      processTerm: (t) => t,
      boost: FIELD_BOOSTS,
      fuzzy: (term, i) => (i < q.terms.length && !this.vocabulary.has(term) ? fuzziness(term) : false),
      // a known word is complete; an unknown last word may be a word being typed
      prefix: (term, i) => typing && i === lastTyped && term.length >= 3 && !this.vocabulary.has(term),
      // the administration's words added by synonyms count a little less than the citizen's own
      boostTerm: (_term, i) => (i < q.terms.length ? 1 : 0.8),
      combineWith: 'OR',
      weights: { fuzzy: 0.45, prefix: 0.6 },
      filter: filtered
        ? (r) =>
            (!f.category || r.category === f.category) &&
            (!f.audience || r.audience === f.audience) &&
            (!f.status || r.status === f.status) &&
            (!f.liveOnly || r.live === true)
        : undefined,
    });
    const limit = Math.min(Math.max(f.limit ?? 10, 1), 100);
    // Two phases: the short fields first (title, citizens' words, description, tags: small posting lists);
    // the long body only when they do not give enough results. Most questions are answered by the short
    // fields, and skipping the body's long posting lists keeps the p95 low on large catalogues.
    let results = this.mini.search(terms.join(' '), options(SHORT_FIELDS));
    if (results.length < limit) results = this.mini.search(terms.join(' '), options(SEARCH_FIELDS));
    return {
      total: results.length,
      hits: results.slice(0, limit).map((r) => ({
        id: String(r.id),
        slug: r.slug as string,
        title: r.title as string,
        score: Math.round(r.score * 1000) / 1000,
      })),
      expandedQuery: q.text,
    };
  }
}
