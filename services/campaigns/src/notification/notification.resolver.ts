import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, type Identity } from '@urp/auth';
import type { Notification as NotificationType, QueryNotificationsArgs } from '../__generated__/graphql';
import type { Notification } from './notification.rules';
import { NotificationUseCases } from './notification.use-cases';

const iso = (d?: Date) => (d ? new Date(d).toISOString() : null);

export const toGraphql = (n: Notification): NotificationType => ({
  id: n.id,
  requestedBy: n.requestedBy,
  caseId: n.caseId ?? null,
  contactId: n.contactId ?? null,
  sheetId: n.sheetId ?? null,
  procedureId: n.procedureId ?? null,
  invitationId: n.invitationId ?? null,
  recipientType: n.recipientType,
  recipientId: n.recipientId,
  channel: n.channel,
  template: n.template,
  status: n.status,
  attempts: n.attempts,
  queuedAt: new Date(n.queuedAt).toISOString(),
  nextAttemptAt: n.status === 'queued' ? iso(n.nextAttemptAt) : null,
  sentAt: iso(n.sentAt),
  deliveredAt: iso(n.deliveredAt),
  failedAt: iso(n.failedAt),
  failureCode: n.failureCode ?? null,
  lastError: n.lastError ?? null,
  receipts: (n.receipts ?? []).map((r) => ({ type: r.type, at: r.at, messageId: r.messageId ?? null })),
});

@Resolver('Notification')
export class NotificationResolver {
  constructor(private readonly notifications: NotificationUseCases) {}

  /** The URP's staff; referents the notifications of their own office's items (`notification.read`). */
  @Query('notifications')
  async list(@CurrentIdentity() who: Identity, @Args() args: QueryNotificationsArgs) {
    const list = await this.notifications.list(
      who,
      {
        caseId: args.caseId,
        contactId: args.contactId,
        sheetId: args.sheetId,
        procedureId: args.procedureId,
        invitationId: args.invitationId,
      },
      args.status ?? undefined,
      args.first ?? 50,
    );
    return list.map(toGraphql);
  }
}
