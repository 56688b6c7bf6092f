import { Schema } from 'mongoose';
import { outboxPlugin } from '@urp/persistence';

/**
 * Sheets are stored as plain documents (the shape is `SheetDoc`, validated by zod in the use cases); the
 * mongoose schemas declare the indexes and the embedded outbox only.
 */
const plain = (collection: string) =>
  new Schema({ _id: String }, { collection, strict: false, versionKey: false });

export const SheetSchema = plain('sheets')
  .plugin(outboxPlugin)
  .index({ slug: 1 }, { unique: true })
  .index({ updatedAt: 1 })
  .index({ 'content.procedureTypeCode': 1 });

/** Usage counts and clarity feedback per sheet (applyOnce for consumed events; feedback carries its event). */
export const SheetStatsSchema = plain('sheet_stats').plugin(outboxPlugin);

/** One document per (sheet, review date): its unique _id makes SheetReviewDue go out once, whatever the instances. */
export const ReviewClaimSchema = plain('review_claims').plugin(outboxPlugin);

/** The legal terms of procedure types, from the procedures service's ProcedureTypeChanged. */
export const ProcedureTermSchema = plain('procedure_terms');

export const SHEET_MODEL = 'Sheet';
export const SHEET_STATS_MODEL = 'SheetStats';
export const REVIEW_CLAIM_MODEL = 'ReviewClaim';
export const PROCEDURE_TERM_MODEL = 'ProcedureTerm';
