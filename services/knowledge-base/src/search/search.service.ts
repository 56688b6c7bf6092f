import { Injectable } from '@nestjs/common';
import type { SheetSummary } from '../sheet/sheet.read-model';
import { sheetBody } from '../sheet/sheet.rules';
import { SheetIndex, type IndexedSheet, type SearchFilters, type SearchResult } from './sheet-index';

/** A sheet as the index sees it: its live version when published (what people read), else the working copy. */
export function toIndexed(doc: SheetSummary): IndexedSheet {
  const c = doc.live?.content ?? doc.content;
  return {
    id: doc.id,
    slug: doc.slug,
    title: c.title,
    shortDescription: c.shortDescription,
    body: sheetBody(c),
    citizenWords: c.citizenWords ?? [],
    tags: [c.category.replace(/_/g, ' '), ...(c.topics ?? []), ...(c.lifeEvents ?? [])],
    category: c.category,
    audience: c.audience,
    status: doc.status,
    live: !!doc.live,
  };
}

/**
 * The service's in-memory search index over the sheets. Built at start from the sheets collection, kept
 * current by this instance's own writes and by a poll of recently updated sheets (other instances' writes),
 * rebuildable on demand (see the README for why the collection and not the topic).
 */
@Injectable()
export class SheetSearchService {
  readonly index = new SheetIndex();
  /** The newest `updatedAt` seen: the poll asks only for what changed after it. */
  watermark = new Date(0);

  private readonly slugs = new Map<string, string>();

  idOfSlug(slug: string): string | undefined {
    return this.slugs.get(slug);
  }

  upsert(doc: SheetSummary): void {
    this.slugs.set(doc.slug, doc.id);
    this.index.upsert(toIndexed(doc));
    if (doc.updatedAt > this.watermark) this.watermark = new Date(doc.updatedAt);
  }

  replaceAll(docs: readonly SheetSummary[]): void {
    this.index.replaceAll(docs.map(toIndexed));
    for (const d of docs) this.slugs.set(d.slug, d.id);
    for (const d of docs) if (d.updatedAt > this.watermark) this.watermark = new Date(d.updatedAt);
  }

  search(query: string, filters: SearchFilters): SearchResult {
    return this.index.search(query, filters);
  }
}
