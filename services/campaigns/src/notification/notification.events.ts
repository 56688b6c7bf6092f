import {
  NotificationDeliveredV1,
  NotificationFailedV1,
  NotificationQueuedV1,
  type CloudEvent,
} from '@urp/contracts';
import { emit, type UseCaseContext } from '@urp/kernel';
import type { Notification } from './notification.rules';

/** The facts every notification event carries: ids and codes, never an address or a text. */
const origin = (n: Notification) => ({
  notificationId: n.id,
  requestedBy: n.requestedBy,
  ...(n.caseId ? { caseId: n.caseId } : {}),
  ...(n.contactId ? { contactId: n.contactId } : {}),
  ...(n.sheetId ? { sheetId: n.sheetId } : {}),
  ...(n.procedureId ? { procedureId: n.procedureId } : {}),
  ...(n.invitationId ? { invitationId: n.invitationId } : {}),
  channel: n.channel,
  template: n.template,
});

export const notificationQueued = (ctx: UseCaseContext, n: Notification): CloudEvent =>
  emit(ctx, NotificationQueuedV1, n.id, {
    ...origin(n),
    recipientType: n.recipientType,
    recipientId: n.recipientId,
    queuedAt: ctx.now.toISOString(),
  });

/** What of a `NotificationQueued` cannot be told again from its message's state: its id and where it came from. */
export type QueuedOrigin = Pick<CloudEvent, 'id' | 'source'> &
  Partial<Pick<CloudEvent, 'correlationid' | 'causationid' | 'traceparent'>>;

export const queuedOrigin = (e: CloudEvent): QueuedOrigin => ({
  id: e.id,
  source: e.source,
  ...(e.correlationid ? { correlationid: e.correlationid } : {}),
  ...(e.causationid ? { causationid: e.causationid } : {}),
  ...(e.traceparent ? { traceparent: e.traceparent } : {}),
});

/**
 * The `NotificationQueued` of a message told again from its queued state and its origin: the same event (id, time =
 * `queuedAt`, correlation, payload) as `notificationQueued` emitted when the message was queued.
 */
export const notificationQueuedAgain = (n: Notification, o: QueuedOrigin): CloudEvent => ({
  ...notificationQueued(
    {
      actor: { sub: 'campaigns-notifications', roles: ['service'] },
      now: n.queuedAt,
      source: o.source,
      ...(o.correlationid ? { correlationId: o.correlationid } : {}),
      ...(o.causationid ? { causationId: o.causationid } : {}),
      ...(o.traceparent ? { traceparent: o.traceparent } : {}),
    },
    n,
  ),
  id: o.id,
});

export const notificationDelivered = (ctx: UseCaseContext, n: Notification): CloudEvent =>
  emit(ctx, NotificationDeliveredV1, n.id, {
    ...origin(n),
    status: n.status === 'delivered' ? 'delivered' : 'sent',
    attempts: Math.max(1, n.attempts),
    at: ctx.now.toISOString(),
  });

export const notificationFailed = (ctx: UseCaseContext, n: Notification): CloudEvent =>
  emit(ctx, NotificationFailedV1, n.id, {
    ...origin(n),
    code: n.failureCode ?? 'error',
    outcome: n.status === 'bounced' ? 'bounced' : 'failed',
    attempts: n.attempts,
    failedAt: ctx.now.toISOString(),
  });
