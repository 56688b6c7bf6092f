/** The search index's view of a sheet, its filters and results (shared by the index implementations). */

/** What the index knows of a sheet: the searchable text and the fields the filters need. */
export interface IndexedSheet {
  id: string;
  slug: string;
  title: string;
  shortDescription: string;
  /** The rest of the AgID fields (who, how, what you need, …). */
  body: string;
  citizenWords: string[];
  /** Category, topics and life events. */
  tags: string[];
  category: string;
  audience: 'public' | 'internal';
  status: string;
  /** A published revision is visible now. */
  live: boolean;
}

export interface SearchFilters {
  category?: string;
  audience?: 'public' | 'internal';
  status?: string;
  /** Only sheets with a live published revision (the public site). */
  liveOnly?: boolean;
  limit?: number;
}

export interface SearchHit {
  id: string;
  slug: string;
  title: string;
  score: number;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  expandedQuery: string;
}

/** Field boosts: the title says what the sheet is; citizens' words are what people type. */
export const FIELD_BOOSTS = { title: 4, citizenWords: 3, shortDescription: 1.5, tags: 1.5, body: 0.6 };
