import { IndicatorsRebuiltV1, type CloudEvent } from '@urp/contracts';
import { emit, type UseCaseContext } from '@urp/kernel';
import type { IndicatorRebuild } from './indicators.rules';

/** IndicatorsRebuilt: what was replayed and the checksum of the result (key: the rebuild id). */
export const indicatorsRebuilt = (
  ctx: UseCaseContext,
  r: IndicatorRebuild,
  topics: readonly string[],
): CloudEvent =>
  emit(ctx, IndicatorsRebuiltV1, r.id, {
    rebuildId: r.id,
    topics: [...topics],
    eventsReplayed: r.events,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt.toISOString(),
    durationMs: r.finishedAt.getTime() - r.startedAt.getTime(),
    checksum: r.checksum,
  });
