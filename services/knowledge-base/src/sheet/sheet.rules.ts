import { z } from 'zod';

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

/** Adds calendar months, clamping to the month's last day (31 January + 1 month = 28/29 February). */
export function addMonths(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** The next review date after a publication or a review. */
export function nextReviewDue(from: Date, months = DEFAULT_REVIEW_MONTHS): Date {
  return addMonths(from, months);
}

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
