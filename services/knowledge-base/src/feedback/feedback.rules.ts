import type { Aggregate, Decision, UseCaseContext } from '@urp/kernel';
import { z } from 'zod';
import { clarityFeedbackReceived } from './feedback.events';

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

export const FeedbackInput = z.object({
  sheetId: z.string().min(1),
  clear: z.boolean(),
  reason: z.enum(CLARITY_REASONS).optional(),
});
export type FeedbackInput = z.infer<typeof FeedbackInput>;

/** Usage and feedback counters of one sheet (`sheet_stats`, id = the sheet id). */
export interface SheetStats extends Aggregate {
  contacts: number;
  clear: number;
  unclear: number;
}

const empty = (sheetId: string): SheetStats => ({
  id: sheetId,
  revision: 0,
  contacts: 0,
  clear: 0,
  unclear: 0,
});

/** One anonymous answer added to the counters (the store does it with `$inc`; this is its meaning). */
export function addClarity(stats: SheetStats | null, sheetId: string, clear: boolean): SheetStats {
  const s = stats ?? empty(sheetId);
  return clear ? { ...s, clear: s.clear + 1 } : { ...s, unclear: s.unclear + 1 };
}

/** The event of one anonymous answer: a reason code at most, never free text. */
export const clarityAnswered = (cmd: FeedbackInput & { feedbackId: string }, ctx: UseCaseContext) =>
  clarityFeedbackReceived(ctx, cmd);

/** An event to count once: its id and, to place its count, its time (ISO 8601, as the envelope's `time`). */
export interface CountedEvent {
  id: string;
  time?: string;
}

/** A contact answered with some sheets (ids or slugs): its ContactRegistered event and the sheets it cites. */
export interface ContactUsage {
  event: CountedEvent;
  sheetRefs: readonly string[];
}

/**
 * The events citing each sheet (`resolve` turns a slug into its sheet's id): a sheet cited twice by one contact
 * (by id and by slug) and an event delivered twice in one batch are there once, in the order they came.
 */
export function eventsPerSheet(
  contacts: readonly ContactUsage[],
  resolve: (ref: string) => string,
): Map<string, CountedEvent[]> {
  const out = new Map<string, Map<string, CountedEvent>>();
  for (const { event, sheetRefs } of contacts)
    for (const ref of sheetRefs) {
      const sheetId = resolve(ref);
      const events = out.get(sheetId) ?? new Map<string, CountedEvent>();
      if (!events.has(event.id)) events.set(event.id, event);
      out.set(sheetId, events);
    }
  return new Map([...out].map(([sheetId, events]) => [sheetId, [...events.values()]]));
}

/** One more contact answered with the sheet (applied once per ContactRegistered). */
export function countContact(stats: SheetStats | null, sheetId: string): Decision<SheetStats> {
  const s = stats ?? empty(sheetId);
  return { state: { ...s, contacts: s.contacts + 1 }, events: [] };
}

export const usageOf = (sheetId: string, s: SheetStats | null): SheetUsage => ({
  sheetId,
  contacts: s?.contacts ?? 0,
  clear: s?.clear ?? 0,
  unclear: s?.unclear ?? 0,
});
