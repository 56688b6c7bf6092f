import { Inject, Injectable } from '@nestjs/common';
import type {
  CaseOpenedV1,
  CaseRoutedV1,
  CitizenNotificationRequestedV1,
  CloudEvent,
  DeadlineApproachingV1,
  DeadlineMissedV1,
  EventPayload,
  ReminderDueV1,
  SheetReviewDueV1,
  SubstituteEngagedV1,
} from '@urp/contracts';
import { DomainError, ServiceKernel, type Actor, type Decision } from '@urp/kernel';
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
export type Kick = { kick(queued?: readonly Notification[]): void };

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

  /**
   * contacts: public replies and status changes of cases, on the citizen's preferred channel (a batch of events:
   * one insert for all). The case's office (who may read the notification's state) is looked up when the state is
   * read (`list`), not here: one read per message on the hot path cost as much as a write of it.
   */
  async fromCitizenRequests(
    events: readonly CloudEvent<EventPayload<typeof CitizenNotificationRequestedV1>>[],
  ): Promise<void> {
    await this.queueAll(
      events.map((e) => {
        const d = e.data;
        return [
          e,
          {
            id: notificationIdFor.citizen(d.notificationId),
            requestedBy: 'CitizenNotificationRequested',
            ...(d.caseId ? { caseId: d.caseId } : {}),
            ...(d.contactId ? { contactId: d.contactId } : {}),
            recipientType: 'requester',
            recipientId: d.requesterId,
            channel: d.channel as NotificationChannel,
            // the channel the citizen prefers at send time, when contacts still has that address
            preferred: true,
            template: d.template,
            facts: {
              ...(d.protocolNumber ? { protocolNumber: d.protocolNumber } : {}),
              ...(d.status ? { status: d.status } : {}),
              ...(d.dueAt ? { dueAt: d.dueAt } : {}),
              // the id of the case's public message only: its text is fetched from contacts at send time
              ...(d.messageId ? { messageId: d.messageId } : {}),
            },
          },
        ];
      }),
    );
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
      facts: {
        kind: d.kind,
        dueAt: d.dueAt,
        ...(d.officeId ? { officeId: d.officeId } : {}),
        // which case the reminder is about (a public reference of the register)
        ...(d.protocolNumber ? { protocolNumber: d.protocolNumber } : {}),
      },
    });
  }

  /**
   * contacts: a case handed to a referent (else to an office) by a member of staff (`CaseRouted`), or opened for a
   * referent (`CaseOpened` naming one): the assignment notice, once per routing event, to the referent (else the
   * office). Not when the referent took the case themself; not for a case opened for an office alone (Open311's
   * reports are routed by their service: the office's queue shows them and the reminders before the due date reach
   * it, one e-mail per report would bury the office's mailbox). The protocol number and the due date come from the
   * case's projection (`CaseOpened` came before, on the same partition).
   */
  async fromCaseAssigned(
    e: CloudEvent<EventPayload<typeof CaseRoutedV1> | EventPayload<typeof CaseOpenedV1>>,
  ): Promise<void> {
    const d = e.data;
    const routed = 'routedBy' in d;
    const recipientId = d.referentId ?? (routed ? d.officeId : undefined);
    if (!recipientId || (routed && d.routedBy === d.referentId)) return;
    // a routing from the history (a replay, the demo's past cases) is nobody's news: nothing queued, no `expired`
    // failure on the case's timeline (a citizen's message, unlike it, still fails visibly)
    if (this.kernel.clock.now().getTime() - Date.parse(e.time) > this.config.NOTIFICATION_MAX_AGE_MS) return;
    const known = routed ? await this.views.cases.get(d.caseId) : null;
    const protocolNumber = routed ? known?.protocolNumber : d.protocolNumber;
    const dueAt = routed ? known?.dueAt?.toISOString() : d.dueAt;
    return this.queue(e, {
      id: notificationIdFor.assigned(e.id),
      ...(d.officeId ? { officeId: d.officeId } : {}),
      requestedBy: routed ? 'CaseRouted' : 'CaseOpened',
      caseId: d.caseId,
      recipientType: d.referentId ? 'referent' : 'office',
      recipientId,
      ...(d.officeId && d.referentId ? { fallbackOfficeId: d.officeId } : {}),
      channel: 'email',
      template: 'case_assigned',
      facts: {
        ...(protocolNumber ? { protocolNumber } : {}),
        ...(dueAt ? { dueAt } : {}),
        ...(d.officeId ? { officeId: d.officeId } : {}),
      },
    });
  }

  /**
   * knowledge-base: a sheet reached its review date: to its owner referent (else its first office). A notice queued
   * under the id of before a3763cc (the UTC day) for the same review date is this one: an event redelivered across
   * that deploy does not tell the owner twice (one `_id` read; review dates are few).
   */
  async fromSheetReviewDue(e: CloudEvent<EventPayload<typeof SheetReviewDueV1>>) {
    const d = e.data;
    const byDay = await this.store.get(notificationIdFor.reviewByDay(d.sheetId, d.reviewDueAt));
    if (byDay?.facts.dueAt && Date.parse(byDay.facts.dueAt) === Date.parse(d.reviewDueAt)) return;
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
      preferred: true,
      template: d.template,
      facts: {
        documentId: d.documentId,
        ...(d.protocolNumber ? { protocolNumber: d.protocolNumber } : {}),
        ...(d.dueOn ? { dueAt: d.dueOn } : {}),
      },
    });
  }

  /**
   * satisfaction: the survey link (fetched at send time; satisfaction already decided it is owed, never staff). On
   * the channel satisfaction names (the one the citizen used: SMS after a call, e-mail otherwise), else on the
   * other of the two when contacts has no address there: a caller with only an e-mail, or a web form with only a
   * phone number, still gets it. Never PEC or IO (the contract: e-mail or SMS).
   */
  fromSurveyLink(e: CloudEvent<SurveyLinkDeliveryRequested>) {
    const d = e.data;
    return this.queue(e, {
      id: notificationIdFor.survey(d.notificationId),
      requestedBy: 'SurveyLinkDeliveryRequested',
      invitationId: d.invitationId,
      recipientType: 'requester',
      recipientId: d.requesterId,
      channel: d.channel,
      fallbackChannels: [d.channel === 'sms' ? 'email' : 'sms'],
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

  /**
   * procedures: the legal clock engaged the substitute official (titolare del potere sostitutivo, art. 2 c.9-bis/ter
   * L. 241/1990) on a procedure past its term: they conclude it in half the original term and must know it. To the
   * substitute (a referent of the directory), else the procedure's office; once per event.
   */
  fromSubstituteEngaged(e: CloudEvent<EventPayload<typeof SubstituteEngagedV1>>) {
    const d = e.data;
    return this.queue(e, {
      id: notificationIdFor.substitute(e.id),
      ...(d.officeId ? { officeId: d.officeId } : {}),
      requestedBy: 'SubstituteEngaged',
      procedureId: d.procedureId,
      recipientType: 'referent',
      recipientId: d.substituteId,
      ...(d.officeId ? { fallbackOfficeId: d.officeId } : {}),
      channel: 'email',
      template: 'procedure_substitute',
      facts: {
        dueAt: d.dueAt,
        procedureTypeCode: d.procedureTypeCode,
        ...(d.originalDueAt ? { originalDueAt: d.originalDueAt } : {}),
        ...(d.officeId ? { officeId: d.officeId } : {}),
      },
    });
  }

  private async queue(event: CloudEvent, cmd: QueueNotification): Promise<void> {
    await this.queueAll([[event, cmd]]);
  }

  /**
   * Queues the notifications of a batch of events in one insert. No read first: an insert collides with an existing
   * notification of the same id (a redelivered or re-published request), and then nothing of its decision (state
   * or events) is written; the same id twice in one batch is queued once.
   */
  private async queueAll(items: readonly (readonly [CloudEvent, QueueNotification])[]): Promise<void> {
    const decided = new Map<string, Decision<Notification>>();
    for (const [event, cmd] of items) {
      if (decided.has(cmd.id)) continue;
      const decision = queueNotification(null, cmd, this.kernel.reaction(event, NOTIFIER), {
        requestedAt: new Date(event.time),
        maxAgeMs: this.config.NOTIFICATION_MAX_AGE_MS,
      });
      if (decision) decided.set(cmd.id, decision);
    }
    if (!decided.size) return;
    const committed = await this.store.insertMany(
      [...decided.values()].map((d) => ({ next: d.state, events: d.events })),
    );
    const queued = committed.filter((n) => n.status === 'queued');
    if (queued.length) this.sender.kick(queued);
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
    return campaignsPolicy.visible('notification.read', who, await this.withCaseOffices(list));
  }

  /**
   * A case's messages belong to the case's office as the projection of open cases knows it now (a re-routed case
   * takes them along): one read per case listed, instead of one per message queued.
   */
  private async withCaseOffices(list: Notification[]): Promise<Notification[]> {
    const ids = list.flatMap((n) => (!n.officeId && n.caseId ? [n.caseId] : []));
    if (!ids.length) return list;
    const cases = await this.views.cases.getMany(ids);
    return list.map((n) => {
      const officeId = !n.officeId && n.caseId ? cases.get(n.caseId)?.officeId : undefined;
      return officeId ? { ...n, officeId } : n;
    });
  }

  get retry() {
    return {
      maxAttempts: this.config.NOTIFICATION_MAX_ATTEMPTS,
      baseMs: this.config.NOTIFICATION_RETRY_BASE_MS,
    };
  }
}
