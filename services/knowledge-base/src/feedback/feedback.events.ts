import { ClarityFeedbackReceivedV1 } from '@urp/contracts';
import { emit, type UseCaseContext } from '@urp/kernel';

/** ClarityFeedbackReceived: an anonymous answer, a reason code at most (never free text). */
export const clarityFeedbackReceived = (
  ctx: UseCaseContext,
  f: { feedbackId: string; sheetId: string; clear: boolean; reason?: string },
) =>
  emit(ctx, ClarityFeedbackReceivedV1, f.sheetId, {
    feedbackId: f.feedbackId,
    sheetId: f.sheetId,
    clear: f.clear,
    reason: f.reason,
    receivedAt: ctx.now.toISOString(),
  });
