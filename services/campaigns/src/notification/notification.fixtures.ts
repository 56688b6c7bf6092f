import type { Notification } from './notification.rules';

/** Test fixtures of the notification pieces (unit tests only). */
export const QUEUED_AT = new Date('2026-12-01T09:00:00Z');

/** A citizen's e-mail notification, queued at QUEUED_AT and due then; `over` changes any field. */
export const aNotification = (id: string, over: Partial<Notification> = {}): Notification => ({
  id,
  revision: 1,
  requestedBy: 'CitizenNotificationRequested',
  recipientType: 'requester',
  recipientId: `req_${id}`,
  channel: 'email',
  template: 'case_answered',
  facts: {},
  status: 'queued',
  attempts: 0,
  queuedAt: QUEUED_AT,
  nextAttemptAt: QUEUED_AT,
  ...over,
});
