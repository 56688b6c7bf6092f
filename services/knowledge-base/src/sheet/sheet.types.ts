import type { ContentDoc } from '../content/versioned-content.service';
import type { Inconsistency, SheetContent } from './sheet.rules';

/** A sheet as stored: the versioned content plus its URL name, review dates and consistency flag. */
export interface SheetDoc extends ContentDoc<SheetContent> {
  slug: string;
  reviewDueAt?: Date;
  lastReviewedAt?: Date;
  lastReviewedBy?: string;
  inconsistency?: Inconsistency;
}

export interface SheetStats {
  _id: string;
  contacts: number;
  clear: number;
  unclear: number;
}
