import { Injectable } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { SheetSearchService } from '../search/search.service';
import type { SearchFilters, SearchResult } from '../search/sheet-index';
import type { Sheet } from './sheet.rules';

/**
 * A sheet as the hot reads need it: everything but its history (`revisions` with their full texts, `log`),
 * which only the staff's revision, history and diff fields read (they load the whole document by `_id`).
 */
export type SheetSummary = Omit<Sheet, 'revisions' | 'log'>;

/** The lean form of a stored sheet; the working copy shares the live version's object when they are equal. */
export function toSummary(doc: Sheet | SheetSummary): SheetSummary {
  const { revisions: _revisions, log: _log, ...summary } = doc as Sheet;
  if (
    summary.live &&
    summary.live.revision === summary.latestRevision &&
    summary.content !== summary.live.content &&
    isDeepStrictEqual(summary.content, summary.live.content)
  )
    summary.content = summary.live.content;
  return summary;
}

/**
 * The knowledge base's read model of its sheets, in memory (issue 17): every hot read (search hits, a sheet by
 * id or slug, the lists, the public slice) is answered from here, never by a query on the collection (FerretDB
 * 1.24 answers only `{_id: value}` without scanning). Rebuilt from the collection at start; kept current by this
 * instance's own writes at once and by the other instances' writes through their `SheetChanged` events (each
 * re-read by `_id`), with a rare re-read of recently updated sheets as a safety net. A write older than the one
 * held (by the store's write counter, `revision`) never replaces it.
 */
@Injectable()
export class SheetReadModel {
  private readonly byId = new Map<string, SheetSummary>();
  private readonly idBySlug = new Map<string, string>();
  /** The sheets in slug order, for the lists: rebuilt lazily after a change of the set or of a slug. */
  private bySlug: SheetSummary[] | null = null;

  constructor(readonly index: SheetSearchService) {}

  get size(): number {
    return this.byId.size;
  }

  /** The newest `updatedAt` held: the safety-net re-read asks only for what changed after it. */
  get watermark(): Date {
    return this.index.watermark;
  }

  /** Takes a sheet as written (or read by `_id`); false when the one held is newer. */
  upsert(doc: Sheet | SheetSummary): boolean {
    const held = this.byId.get(doc.id);
    if (held && held.revision > doc.revision) return false;
    const summary = toSummary(doc);
    this.byId.set(doc.id, summary);
    if (!held || held.slug !== summary.slug) {
      if (held) this.idBySlug.delete(held.slug);
      this.bySlug = null;
    } else if (this.bySlug) {
      const i = this.bySlug.indexOf(held);
      if (i >= 0) this.bySlug[i] = summary;
      else this.bySlug = null;
    }
    this.idBySlug.set(summary.slug, doc.id);
    this.index.upsert(summary);
    return true;
  }

  replaceAll(docs: readonly (Sheet | SheetSummary)[]): void {
    this.byId.clear();
    this.idBySlug.clear();
    this.bySlug = null;
    const summaries = docs.map(toSummary);
    for (const s of summaries) {
      this.byId.set(s.id, s);
      this.idBySlug.set(s.slug, s.id);
    }
    this.index.replaceAll(summaries);
  }

  get(id: string): SheetSummary | undefined {
    return this.byId.get(id);
  }

  bySlugOf(slug: string): SheetSummary | undefined {
    const id = this.idBySlug.get(slug);
    return id === undefined ? undefined : this.byId.get(id);
  }

  getMany(ids: readonly string[]): Map<string, SheetSummary> {
    const out = new Map<string, SheetSummary>();
    for (const id of ids) {
      const s = this.byId.get(id);
      if (s) out.set(id, s);
    }
    return out;
  }

  /** The sheets in slug order (slugs are unique), sorted again only after a change of the set or of a slug. */
  private sorted(): SheetSummary[] {
    this.bySlug ??= [...this.byId.values()].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
    return this.bySlug;
  }

  /** The sheets that pass `keep`, in slug order, at most `limit`. */
  list(keep: (s: SheetSummary) => boolean, limit: number): SheetSummary[] {
    const out: SheetSummary[] = [];
    for (const s of this.sorted()) {
      if (out.length >= limit) break;
      if (keep(s)) out.push(s);
    }
    return out;
  }

  /**
   * A page of the sheets that pass `keep`, in slug order, starting after the slug `after` (a stable cursor: a sheet
   * added or removed elsewhere in the order moves nothing on the next page), with how many pass in all.
   */
  page(
    keep: (s: SheetSummary) => boolean,
    limit: number,
    after?: string,
  ): { items: SheetSummary[]; total: number; hasNextPage: boolean } {
    const all = this.sorted();
    let start = 0;
    if (after !== undefined) {
      // the first slug greater than `after`
      let hi = all.length;
      while (start < hi) {
        const mid = (start + hi) >>> 1;
        if (all[mid].slug <= after) start = mid + 1;
        else hi = mid;
      }
    }
    const items: SheetSummary[] = [];
    let total = 0;
    let hasNextPage = false;
    for (let i = 0; i < all.length; i++) {
      if (!keep(all[i])) continue;
      total++;
      if (i < start) continue;
      if (items.length < limit) items.push(all[i]);
      else hasNextPage = true;
    }
    return { items, total, hasNextPage };
  }

  /** Every sheet that passes `keep` (the sweeps: review dates, procedure terms), in no particular order. */
  where(keep: (s: SheetSummary) => boolean): SheetSummary[] {
    const out: SheetSummary[] = [];
    for (const s of this.byId.values()) if (keep(s)) out.push(s);
    return out;
  }

  search(query: string, filters: SearchFilters): SearchResult {
    return this.index.search(query, filters);
  }
}
