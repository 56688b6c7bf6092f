import {
  SheetArchivedV1,
  SheetChangedV1,
  SheetExpiredV1,
  SheetFlaggedInconsistentV1,
  SheetPublishedV1,
  SheetReviewDueV1,
  SheetUpdatedV1,
} from '@urp/contracts';
import { emit, type UseCaseContext } from '@urp/kernel';
import type { CloudEvent } from '@urp/contracts';
import type { Effect } from '../content/workflow.rules';
import type { Inconsistency, Sheet } from './sheet.rules';

/** The events of a workflow step on a sheet: published (first time) or updated, expired, archived. */
export function sheetStateEvents(ctx: UseCaseContext, s: Sheet, effects: readonly Effect[]): CloudEvent[] {
  const events: CloudEvent[] = [];
  const published = effects.includes('published');
  if ((published || effects.includes('updated')) && s.live) {
    const c = s.live.content;
    events.push(
      emit(ctx, published ? SheetPublishedV1 : SheetUpdatedV1, s.id, {
        sheetId: s.id,
        revision: s.live.revision,
        slug: s.slug,
        title: c.title,
        category: c.category,
        topics: c.topics,
        lifeEvents: c.lifeEvents,
        officeIds: c.officeIds,
        ownerReferentId: c.ownerReferentId,
        responseTimeDays: c.responseTimeDays,
        procedureTypeCode: c.procedureTypeCode,
        audience: c.audience,
        publishedAt: s.live.publishedAt.toISOString(),
        reviewDueAt: (s.reviewDueAt ?? ctx.now).toISOString(),
        shortDescription: c.shortDescription,
        approvedBy: s.live.approvedBy,
        expiresAt: s.expireAt?.toISOString(),
      }),
    );
  }
  if (effects.includes('expired'))
    events.push(emit(ctx, SheetExpiredV1, s.id, { sheetId: s.id, expiredAt: ctx.now.toISOString() }));
  if (effects.includes('archived'))
    events.push(emit(ctx, SheetArchivedV1, s.id, { sheetId: s.id, archivedAt: ctx.now.toISOString() }));
  return events;
}

export const sheetFlaggedInconsistent = (ctx: UseCaseContext, sheetId: string, found: Inconsistency) =>
  emit(ctx, SheetFlaggedInconsistentV1, sheetId, {
    sheetId,
    procedureTypeCode: found.procedureTypeCode,
    sheetResponseTimeDays: found.sheetResponseTimeDays,
    legalTermDays: found.legalTermDays,
    flaggedAt: ctx.now.toISOString(),
  });

/** SheetReviewDue: the owner referent must review the sheet (once per review date). */
export const sheetReviewDue = (ctx: UseCaseContext, s: Sheet, reviewDueAt: Date) =>
  emit(ctx, SheetReviewDueV1, s.id, {
    sheetId: s.id,
    ownerReferentId: s.live?.content.ownerReferentId,
    officeIds: s.live?.content.officeIds ?? [],
    reviewDueAt: reviewDueAt.toISOString(),
    slug: s.slug,
    title: s.live?.content.title,
  });

/**
 * SheetChanged: every write of a sheet carries it, so that the other instances refresh their read model
 * (drafts and reviews included, which have no event of their own).
 */
export const sheetChanged = (ctx: UseCaseContext, sheetId: string) =>
  emit(ctx, SheetChangedV1, sheetId, { sheetId, changedAt: ctx.now.toISOString() });
