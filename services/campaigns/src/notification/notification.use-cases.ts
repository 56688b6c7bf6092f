import { Inject, Injectable } from '@nestjs/common';
import type {
  CitizenNotificationRequestedV1,
  CloudEvent,
  DeadlineApproachingV1,
  DeadlineMissedV1,
  EventPayload,
  ReminderDueV1,
  SheetReviewDueV1,
} from '@urp/contracts';
import { DomainError, ServiceKernel, type Actor } from '@urp/kernel';
import { BulletinViews } from '../bulletin/bulletin.store';
import { CAMPAIGNS_CONFIG, type CampaignsConfig } from '../config';
import { campaignsPolicy } from '../campaigns.policy';
import type { ApplicantNotificationRequested, SurveyLinkDeliveryRequested } from './incoming.contracts';
import {
  NOTICE_CHANNELS,
  notificationIdFor,
  queueNotification,
  type Notification,
  type NotificationChannel,
  type NotificationStatus,
  type QueueNotification,
} from './notification.rules';
import { NotificationStore } from './notification.store';

/** The service itself acting on other services' events. */
export const NOTIFIER: Actor = { sub: 'campaigns-notifications', roles: ['service'] };

/** Told when something was queued, so the sender does not wait for its next tick. */
export const NOTIFICATION_KICK = Symbol('NOTIFICATION_KICK');
export type Kick = { kick(queued?: Notification): void };

/**
 * Turns "a person must be told" events into notifications, once per message id (the commit is an insert that
 * collides with an existing id: a redelivered or re-published event queues nothing new).
 */
@Injectable()
export class NotificationUseCases {
  constructor(
    private readonly store: NotificationStore,
    private readonly kernel: ServiceKernel,
    @Inject(CAMPAIGNS_CONFIG) private readonly config: CampaignsConfig,
    @Inject(NOTIFICATION_KICK) private readonly sender: Kick,
    private readonly views: BulletinViews,
  ) {}

  /** contacts: a public reply or a status change of a case, on the citizen's preferred channel. */
  async fromCitizenRequest(e: CloudEvent<EventPayload<typeof CitizenNotificationRequestedV1>>) {
    const d = e.data;
    // the case's office, as the directory projection knows it (who may read the notification's state)
    const officeId = d.caseId ? (await this.views.cases.get(d.caseId))?.officeId : undefined;
    return this.queue(e, {
      ...(officeId ? { officeId } : {}),
      id: notificationIdFor.citizen(d.notificationId),
      requestedBy: 'CitizenNotificationRequested',
      ...(d.caseId ? { caseId: d.caseId } : {}),
      ...(d.contactId ? { contactId: d.contactId } : {}),
      recipientType: 'requester',
      recipientId: d.requesterId,
      channel: d.channel as NotificationChannel,
      template: d.template,
      facts: {
        ...(d.protocolNumber ? { protocolNumber: d.protocolNumber } : {}),
        ...(d.status ? { status: d.status } : {}),
        ...(d.dueAt ? { dueAt: d.dueAt } : {}),
      },
    });
  }

  /** contacts: the reminder before the due date, or the due date reached, to the referent (else the office). */
  fromReminder(e: CloudEvent<EventPayload<typeof ReminderDueV1>>) {
    const d = e.data;
    const to = d.referentId
      ? { recipientType: 'referent' as const, recipientId: d.referentId }
      : { recipientType: 'office' as const, recipientId: d.officeId ?? 'none' };
    return this.queue(e, {
      id: notificationIdFor.reminder(d.caseId, d.kind, d.dueAt),
      ...(d.officeId ? { officeId: d.officeId } : {}),
      requestedBy: 'ReminderDue',
      caseId: d.caseId,
      ...to,
      ...(d.officeId ? { fallbackOfficeId: d.officeId } : {}),
      channel: 'email',
      template: `case_${d.kind}`,
      facts: { kind: d.kind, dueAt: d.dueAt, ...(d.officeId ? { officeId: d.officeId } : {}) },
    });
  }

  /** knowledge-base: a sheet reached its review date: to its owner referent (else its first office). */
  fromSheetReviewDue(e: CloudEvent<EventPayload<typeof SheetReviewDueV1>>) {
    const d = e.data;
    const office = d.officeIds[0];
    const to = d.ownerReferentId
      ? { recipientType: 'referent' as const, recipientId: d.ownerReferentId }
      : { recipientType: 'office' as const, recipientId: office ?? 'none' };
    return this.queue(e, {
      id: notificationIdFor.review(d.sheetId, d.reviewDueAt),
      ...(office ? { officeId: office } : {}),
      requestedBy: 'SheetReviewDue',
      sheetId: d.sheetId,
      ...to,
      ...(office ? { fallbackOfficeId: office } : {}),
      channel: 'email',
      template: 'sheet_review_due',
      facts: { dueAt: d.reviewDueAt, ...(d.title ? { sheetTitle: d.title } : {}) },
    });
  }

  /**
   * procedures: a notice to the applicant (art. 8, art. 10-bis…). The PDF is fetched from procedures at send
   * time; the channel is the applicant's digital domicile first (PEC), then email, IO, SMS, whichever contacts
   * has an address for at send time.
   */
  fromApplicantNotice(e: CloudEvent<ApplicantNotificationRequested>) {
    const d = e.data;
    const [first, ...rest] = NOTICE_CHANNELS;
    return this.queue(e, {
      id: notificationIdFor.applicant(d.notificationId),
      requestedBy: 'ApplicantNotificationRequested',
      procedureId: d.procedureId,
      recipientType: 'requester',
      recipientId: d.requesterId,
      channel: first,
      fallbackChannels: rest,
      template: d.template,
      facts: {
        documentId: d.documentId,
        ...(d.protocolNumber ? { protocolNumber: d.protocolNumber } : {}),
        ...(d.dueOn ? { dueAt: d.dueOn } : {}),
      },
    });
  }

  /** satisfaction: the survey link (fetched at send time; satisfaction already decided it is owed, never staff). */
  fromSurveyLink(e: CloudEvent<SurveyLinkDeliveryRequested>) {
    const d = e.data;
    return this.queue(e, {
      id: notificationIdFor.survey(d.notificationId),
      requestedBy: 'SurveyLinkDeliveryRequested',
      invitationId: d.invitationId,
      recipientType: 'requester',
      recipientId: d.requesterId,
      channel: d.channel,
      template: 'survey_link',
      facts: { expiresOn: d.expiresOn },
    });
  }

  /** procedures: a deadline near or missed: to the responsible referent (else the office), once per event id. */
  fromDeadline(
    e: CloudEvent<EventPayload<typeof DeadlineApproachingV1> | EventPayload<typeof DeadlineMissedV1>>,
    kind: 'DeadlineApproaching' | 'DeadlineMissed',
  ) {
    const d = e.data;
    const to = d.responsibleId
      ? { recipientType: 'referent' as const, recipientId: d.responsibleId }
      : { recipientType: 'office' as const, recipientId: d.officeId ?? 'none' };
    return this.queue(e, {
      id: notificationIdFor.deadline(e.id),
      ...(d.officeId ? { officeId: d.officeId } : {}),
      requestedBy: kind,
      procedureId: d.procedureId,
      ...to,
      ...(d.officeId ? { fallbackOfficeId: d.officeId } : {}),
      channel: 'email',
      template: kind === 'DeadlineMissed' ? 'procedure_deadline_missed' : 'procedure_deadline_approaching',
      facts: {
        dueAt: d.dueAt,
        procedureTypeCode: d.procedureTypeCode,
        ...('daysBefore' in d ? { daysBefore: d.daysBefore } : {}),
        ...(d.officeId ? { officeId: d.officeId } : {}),
      },
    });
  }

  private async queue(event: CloudEvent, cmd: QueueNotification): Promise<'queued' | 'duplicate'> {
    const ctx = this.kernel.reaction(event, NOTIFIER);
    // no read first: the insert collides with an existing notification of the same id (`ifAbsent`), and then
    // nothing of this decision (state or events) is written
    const decision = queueNotification(null, cmd, ctx, {
      requestedAt: new Date(event.time),
      maxAgeMs: this.config.NOTIFICATION_MAX_AGE_MS,
    });
    if (!decision) return 'duplicate';
    const r = await this.store.commit({
      previous: null,
      next: decision.state,
      events: decision.events,
      ifAbsent: true,
    });
    if (r.status === 'committed' && r.state.status === 'queued') this.sender.kick(r.state);
    return r.status === 'committed' ? 'queued' : 'duplicate';
  }

  /**
   * The notifications of a case, contact, sheet, procedure or invitation: the URP's staff, referents only those
   * of their own office's items. The role is checked before anything else (a refused caller learns nothing).
   */
  async list(
    who: Actor,
    origin: {
      caseId?: string | null;
      contactId?: string | null;
      sheetId?: string | null;
      procedureId?: string | null;
      invitationId?: string | null;
    },
    status: NotificationStatus | undefined,
    first: number,
  ): Promise<Notification[]> {
    campaignsPolicy.authorize('notification.read', who);
    const o = {
      ...(origin.caseId ? { caseId: origin.caseId } : {}),
      ...(origin.contactId ? { contactId: origin.contactId } : {}),
      ...(origin.sheetId ? { sheetId: origin.sheetId } : {}),
      ...(origin.procedureId ? { procedureId: origin.procedureId } : {}),
      ...(origin.invitationId ? { invitationId: origin.invitationId } : {}),
    };
    if (!Object.keys(o).length)
      throw DomainError.invalid(
        'caseId',
        'Indicare la pratica, il contatto, la scheda, il procedimento o l’invito',
      );
    const list = await this.store.byOrigin(o, status, Math.min(Math.max(first, 1), 500));
    return campaignsPolicy.visible('notification.read', who, list);
  }

  get retry() {
    return {
      maxAttempts: this.config.NOTIFICATION_MAX_ATTEMPTS,
      baseMs: this.config.NOTIFICATION_RETRY_BASE_MS,
    };
  }
}
