import { DomainError, type Aggregate, type Decide, type Decision, type UseCaseContext } from '@urp/kernel';
import {
  monthTermFrom,
  romeCivilDate,
  startOfRomeDay,
  type CivilDate,
  type LegalCalendar,
} from '@urp/legal-clock';
import { z } from 'zod';
import type { ContentAggregate } from '../content/content.rules';
import type { Effect } from '../content/workflow.rules';
import { sheetChanged, sheetFlaggedInconsistent, sheetReviewDue, sheetStateEvents } from './sheet.events';

/**
 * A service sheet (scheda informativa) following the AgID "modello sito comunale" service page, fields in
 * the model's order, then the taxonomies and what the back office needs (pure: no framework, no database).
 */

const Code = z.string().regex(/^[a-z][a-z0-9_]*$/, 'codice: lettere minuscole, cifre e trattino basso');
const text = (max: number) => z.string().trim().max(max);

export const ACCESS_CHANNELS = ['online', 'desk', 'post', 'email', 'pec', 'phone'] as const;

export const AccessChannel = z.object({
  channel: z.enum(ACCESS_CHANNELS),
  description: text(1000).min(1, 'descrivere il canale'),
  url: z.url().optional(),
  /** Online with SPID/CIE (AgID). */
  requiresSpidCie: z.boolean().optional(),
  /** At the desk by appointment. */
  bookingRequired: z.boolean().optional(),
});
export type AccessChannel = z.infer<typeof AccessChannel>;

export const Attachment = z.object({
  title: text(300).min(1),
  url: z.url().optional(),
  /** A form of this service (modulistica), by code. */
  formCode: Code.optional(),
});

export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const SheetContent = z.object({
  // AgID service page, in order
  title: text(200).min(3, 'il titolo deve avere almeno 3 caratteri'),
  shortDescription: text(600).min(10, 'la descrizione breve deve avere almeno 10 caratteri'),
  whoIsItFor: text(4000).min(1, 'indicare a chi è rivolto il servizio'),
  howTo: text(8000).min(1, 'indicare come fare'),
  whatYouNeed: text(4000).default(''),
  whatYouGet: text(4000).min(1, 'indicare cosa si ottiene'),
  timesAndDeadlines: text(4000).default(''),
  /** The structured response time: the same value as the linked procedure type's legal term. */
  responseTimeDays: z.number().int().min(0).max(3650).optional(),
  costs: text(4000).default(''),
  accessChannels: z.array(AccessChannel).max(20).default([]),
  officeIds: z.array(z.string().min(1)).max(20).default([]),
  specialCases: text(4000).default(''),
  moreInfo: text(4000).default(''),
  attachments: z.array(Attachment).max(50).default([]),
  conditions: text(4000).default(''),
  // taxonomies
  category: Code,
  lifeEvents: z.array(text(100).min(1)).max(20).default([]),
  topics: z.array(text(100).min(1)).max(30).default([]),
  procedureTypeCode: Code.optional(),
  // back office
  /** The words citizens use for this service ("tassa spazzatura" for TARI), edited by the back office. */
  citizenWords: z.array(text(200).min(1)).max(100).default([]),
  audience: z.enum(['public', 'internal']).default('public'),
  ownerReferentId: z.string().min(1).optional(),
  /** Months until the next review after publication (12 by default). */
  reviewIntervalMonths: z.number().int().min(1).max(36).default(12),
});
export type SheetContent = z.infer<typeof SheetContent>;
export type SheetContentInput = z.input<typeof SheetContent>;

export const DEFAULT_REVIEW_MONTHS = 12;

/**
 * The next review date after a publication or a review: `months` after the Italian day it happened, by the
 * legal clock (art. 2963 c.c.: the corresponding day, or the month's last day; a closed day moves to the next
 * working day of the administration's calendar). Due from the start of that day in Europe/Rome.
 */
export function nextReviewDue(from: Date, months: number, calendar: LegalCalendar): Date {
  return new Date(startOfRomeDay(monthTermFrom(romeCivilDate(from), months, calendar)));
}

/** The Italian day a review is due on (the GraphQL and event values stay instants: its start). */
export const reviewDueOn = (reviewDueAt: Date): CivilDate => romeCivilDate(reviewDueAt);

/** A live sheet past its review date shows as overdue until someone reviews it. */
export function isReviewOverdue(sheet: { live: boolean; reviewDueAt?: Date }, now: Date): boolean {
  return sheet.live && !!sheet.reviewDueAt && sheet.reviewDueAt <= now;
}

/** The key of the one SheetReviewDue notice of a review date: unique, so two instances emit it once. */
export const reviewClaimId = (sheetId: string, reviewDueAt: Date): string =>
  `${sheetId}@${reviewDueAt.toISOString()}`;

export interface Inconsistency {
  procedureTypeCode: string;
  sheetResponseTimeDays?: number;
  legalTermDays: number;
  flaggedAt: Date;
}

/**
 * A sheet linked to a procedure type must state the type's legal term as its response time (AgID model:
 * "tempi e scadenze" carries the same value as the procedure). Undefined when consistent or not linked.
 */
export function checkConsistency(
  content: Pick<SheetContent, 'procedureTypeCode' | 'responseTimeDays'>,
  legalTermDays: number | undefined,
): Omit<Inconsistency, 'flaggedAt'> | undefined {
  if (!content.procedureTypeCode || legalTermDays === undefined) return undefined;
  if (content.responseTimeDays === legalTermDays) return undefined;
  return {
    procedureTypeCode: content.procedureTypeCode,
    sheetResponseTimeDays: content.responseTimeDays,
    legalTermDays,
  };
}

/** Text of the whole sheet, AgID order, for the search index's body field. */
export function sheetBody(c: SheetContent): string {
  return [
    c.whoIsItFor,
    c.howTo,
    c.whatYouNeed,
    c.whatYouGet,
    c.timesAndDeadlines,
    c.costs,
    c.specialCases,
    c.moreInfo,
    c.conditions,
  ]
    .filter(Boolean)
    .join('\n');
}

/** A sheet as stored: the versioned content plus its URL name, review dates and consistency flag. */
export interface Sheet extends ContentAggregate<SheetContent> {
  slug: string;
  reviewDueAt?: Date;
  lastReviewedAt?: Date;
  lastReviewedBy?: string;
  inconsistency?: Inconsistency;
}

export const SheetInput = z.object({
  slug: z.string().regex(SLUG, 'slug: lettere minuscole e cifre separate da trattini').max(120),
  content: SheetContent,
  note: z.string().max(1000).optional(),
});
export const EditSheetInput = z.object({
  id: z.string().min(1),
  content: SheetContent,
  note: z.string().trim().min(1, 'indicare cosa è cambiato').max(1000),
  /** The revision the editor started from: if another revision came since, CONFLICT (no overwrite). */
  expectedRevision: z.number().int().min(1).optional(),
});

/** What the sheets need to know from outside: the legal terms of procedure types (from procedures). */
export interface SheetFacts {
  legalTerms: ReadonlyMap<string, number>;
  /** The administration's calendar, for review dates (@urp/legal-clock). */
  calendar: LegalCalendar;
}

/** The content people read: the live version when published, else the working copy. */
export const readContent = (s: Pick<Sheet, 'live' | 'content'>): SheetContent => s.live?.content ?? s.content;

/**
 * The consistency flag of a sheet against the known legal term, from the content people read. Once per
 * term: the same inconsistency already flagged is kept as it is, with no new event.
 */
export function consistency(
  prev: Sheet | null,
  next: Sheet,
  facts: SheetFacts,
  ctx: UseCaseContext,
): Decision<Sheet> {
  const content = readContent(next);
  const code = content.procedureTypeCode;
  const found = code ? checkConsistency(content, facts.legalTerms.get(code)) : undefined;
  if (!found) return { state: { ...next, inconsistency: undefined }, events: [] };
  const already = prev?.inconsistency;
  if (
    already &&
    already.legalTermDays === found.legalTermDays &&
    already.sheetResponseTimeDays === found.sheetResponseTimeDays &&
    already.procedureTypeCode === found.procedureTypeCode
  )
    return { state: { ...next, inconsistency: already }, events: [] };
  const inconsistency = { ...found, flaggedAt: ctx.now };
  return {
    state: { ...next, inconsistency },
    events: [sheetFlaggedInconsistent(ctx, next.id, inconsistency)],
  };
}

/**
 * What a workflow step means for a sheet: publishing sets the next review date, and every step emits the
 * sheet's events (published, updated, expired, archived) and re-checks consistency with the law.
 */
export function sheetConsequences(
  prev: Sheet | null,
  next: Sheet,
  effects: readonly Effect[],
  ctx: UseCaseContext,
  facts: SheetFacts,
): Decision<Sheet> {
  const published = effects.includes('published') || effects.includes('updated');
  const dated: Sheet =
    published && next.live
      ? {
          ...next,
          reviewDueAt: nextReviewDue(ctx.now, next.live.content.reviewIntervalMonths, facts.calendar),
        }
      : next;
  const flag = consistency(prev, dated, facts, ctx);
  return {
    state: flag.state,
    events: [...sheetStateEvents(ctx, flag.state, effects), ...flag.events, sheetChanged(ctx, next.id)],
  };
}

export interface MarkReviewed {
  note?: string;
  /** A date chosen by the reviewer (an instant with its offset), else the interval by the legal clock. */
  nextDue?: Date;
  calendar: LegalCalendar;
  /** A referent without back-office rights reviews only the sheets they own: their staff account. */
  onlyOwner?: { staffId: string; ownerStaffId?: string };
}

/** The owner (or the back office) confirms the sheet is current: the review date moves on. */
export const markReviewed: Decide<Sheet, MarkReviewed> = (sheet, cmd, ctx) => {
  if (!sheet) throw DomainError.notFound('la scheda');
  if (cmd.onlyOwner && cmd.onlyOwner.ownerStaffId !== cmd.onlyOwner.staffId)
    throw DomainError.forbidden('Solo il referente titolare della scheda può confermarne la revisione');
  if (cmd.nextDue && cmd.nextDue <= ctx.now)
    throw DomainError.invalid('input.nextReviewDueAt', 'la prossima revisione deve essere futura');
  const by = ctx.actor.sub;
  const state: Sheet = {
    ...sheet,
    reviewDueAt: cmd.nextDue ?? nextReviewDue(ctx.now, readContent(sheet).reviewIntervalMonths, cmd.calendar),
    lastReviewedAt: ctx.now,
    lastReviewedBy: by,
    updatedAt: ctx.now,
    log: [
      ...sheet.log,
      {
        action: 'reviewed',
        by,
        at: ctx.now,
        revision: sheet.live?.revision ?? sheet.latestRevision,
        note: cmd.note,
      },
    ],
  };
  return { state, events: [sheetChanged(ctx, sheet.id)] };
};

/** A procedure type's term changed: the flag of a linked sheet, or null when nothing changes. */
export function reflag(sheet: Sheet | null, facts: SheetFacts, ctx: UseCaseContext): Decision<Sheet> | null {
  if (!sheet) return null;
  const flag = consistency(sheet, sheet, facts, ctx);
  if (JSON.stringify(flag.state.inconsistency ?? null) === JSON.stringify(sheet.inconsistency ?? null))
    return null;
  return {
    state: { ...flag.state, updatedAt: ctx.now },
    events: [...flag.events, sheetChanged(ctx, sheet.id)],
  };
}

/** A live sheet whose review date has come. */
export const isReviewDue = (s: Pick<Sheet, 'live' | 'reviewDueAt'>, now: Date): boolean =>
  !!s.live && !!s.reviewDueAt && s.reviewDueAt <= now;

/** The one notice of a review date: a claim whose id is (sheet, review date), so two instances emit it once. */
export interface ReviewClaim extends Aggregate {
  sheetId: string;
  reviewDueAt: Date;
  claimedAt: Date;
}

export const claimReview: Decide<ReviewClaim, Sheet> = (_claim, sheet, ctx) => {
  const reviewDueAt = sheet.reviewDueAt;
  if (!reviewDueAt) throw DomainError.conflict('La scheda non ha una data di revisione');
  const state: ReviewClaim = {
    id: reviewClaimId(sheet.id, reviewDueAt),
    revision: 0,
    sheetId: sheet.id,
    reviewDueAt,
    claimedAt: ctx.now,
  };
  return { state, events: [sheetReviewDue(ctx, sheet, reviewDueAt)] };
};
