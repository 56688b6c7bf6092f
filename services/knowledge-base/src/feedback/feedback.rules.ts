/**
 * Which sheets the back office should rewrite first: those consulted often (contacts answered with them)
 * and found unclear by the public ("was this clear?", AgID widget). Pure.
 */

export interface SheetUsage {
  sheetId: string;
  /** Contacts the front office answered with this sheet (ContactRegistered.sheetIds). */
  contacts: number;
  clear: number;
  unclear: number;
}

export interface RankedSheet extends SheetUsage {
  /** Smoothed share of "not clear" answers (Laplace: one clear and one unclear answer assumed). */
  unclearRate: number;
  /** Priority: how often the sheet is consulted × how unclear it is. */
  score: number;
}

/**
 * Laplace smoothing keeps a sheet with one "no" from outranking one with 40 "no" out of 50; the log keeps
 * one very popular sheet from drowning every other signal.
 */
export function priorityScore(u: SheetUsage): RankedSheet {
  const unclearRate = (u.unclear + 1) / (u.clear + u.unclear + 2);
  const consulted = u.contacts + u.clear + u.unclear;
  return { ...u, unclearRate, score: Math.log1p(consulted) * unclearRate };
}

/** Sheets with at least `minAnswers` feedback answers, most urgent first (ties: more contacts first). */
export function rankUnclearSheets(usages: SheetUsage[], minAnswers = 1): RankedSheet[] {
  return usages
    .filter((u) => u.clear + u.unclear >= minAnswers)
    .map(priorityScore)
    .sort((a, b) => b.score - a.score || b.contacts - a.contacts || a.sheetId.localeCompare(b.sheetId));
}

/** Reasons a citizen may pick (codes; no free text reaches the events). */
export const CLARITY_REASONS = [
  'incomplete',
  'unclear',
  'outdated',
  'too_technical',
  'not_found',
  'other',
] as const;
