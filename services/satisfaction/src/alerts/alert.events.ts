import { ImprovementActionChangedV1, SatisfactionAlertRaisedV1, type CloudEvent } from '@urp/contracts';
import { emit, type UseCaseContext } from '@urp/kernel';
import type { ActionStatus, ImprovementAction } from './action.rules';
import type { SatisfactionAlert } from './alert.rules';

/** SatisfactionAlertRaised: the alert as raised (key: the alert id). */
export const alertRaised = (ctx: UseCaseContext, a: SatisfactionAlert): CloudEvent =>
  emit(ctx, SatisfactionAlertRaisedV1, a.id, {
    alertId: a.id,
    scope: a.scope,
    scopeId: a.scopeId,
    measure: a.measure,
    value: a.value,
    threshold: a.threshold,
    sampleSize: a.sampleSize,
    windowStart: a.windowStart,
    windowEnd: a.windowEnd,
    raisedAt: a.raisedAt.toISOString(),
  });

/** ImprovementActionChanged: the action after the change, and the status it left (none when proposed). */
export const actionChanged = (
  ctx: UseCaseContext,
  a: ImprovementAction,
  previous: ActionStatus | undefined,
): CloudEvent =>
  emit(ctx, ImprovementActionChangedV1, a.id, {
    actionId: a.id,
    ...(a.alertId ? { alertId: a.alertId } : {}),
    scope: a.scope,
    scopeId: a.scopeId,
    title: a.title,
    ...(a.description ? { description: a.description } : {}),
    status: a.status,
    ...(previous ? { previousStatus: previous } : {}),
    changedBy: ctx.actor.sub,
    changedAt: ctx.now.toISOString(),
    ...(a.dueAt ? { dueAt: a.dueAt.toISOString() } : {}),
  });
