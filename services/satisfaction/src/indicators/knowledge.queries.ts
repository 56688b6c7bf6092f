/** Knowledge-base effectiveness, read from the projection (pure). */
import { type IndicatorProjection } from './projection';
import { share, sortBy } from './indicator.common';

// ---------------------------------------------------------------- knowledge base

export interface KnowledgeRow {
  sheetId: string;
  slug: string | null;
  title: string | null;
  active: boolean;
  contactsAnswered: number;
  clear: number;
  unclear: number;
  clearShare: number | null;
  pastReviewDate: boolean;
  reasons: { reason: string; count: number }[];
}

/** Knowledge-base effectiveness: contacts answered per sheet, "was this clear?", sheets past their review. */
export function knowledgeBase(p: IndicatorProjection, now: Date): KnowledgeRow[] {
  const ids = new Set<string>(p.sheets.keys());
  for (const k of p.group('su').keys()) ids.add(k);
  for (const [[sheetId]] of p.rows('sf')) ids.add(sheetId);
  const reasons = new Map<string, { reason: string; count: number }[]>();
  for (const [[sheetId, reason], count] of p.rows('sfr')) {
    let list = reasons.get(sheetId);
    if (!list) reasons.set(sheetId, (list = []));
    list.push({ reason, count });
  }
  const rows = [...ids].map((sheetId): KnowledgeRow => {
    const s = p.sheets.get(sheetId);
    const clear = p.count(`sf|${sheetId}|clear`);
    const unclear = p.count(`sf|${sheetId}|unclear`);
    return {
      sheetId,
      slug: s?.slug ?? null,
      title: s?.title ?? null,
      active: s?.active ?? false,
      contactsAnswered: p.count(`su|${sheetId}`),
      clear,
      unclear,
      clearShare: share(clear, clear + unclear),
      pastReviewDate: !!s?.active && Date.parse(s.reviewDueAt) < now.getTime(),
      reasons: (reasons.get(sheetId) ?? []).sort((a, b) => b.count - a.count),
    };
  });
  return sortBy(rows, (r) => r.slug ?? r.sheetId);
}
