import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  CitizenNotificationRequestedV1,
  DeadlineApproachingV1,
  DeadlineMissedV1,
  ReminderDueV1,
  SubstituteEngagedV1,
  type CloudEvent,
  type EventPayload,
} from '@urp/contracts';
import { BulletinViews } from '../bulletin/bulletin.store';
import { DeadlineDigests } from '../bulletin/deadline-digest.use-cases';
import { CAMPAIGNS_CONFIG, type CampaignsConfig } from '../config';
import { configureCitizenMessages } from './case-message-texts';
import {
  APPLICANT_NOTIFICATION_REQUESTED,
  SURVEY_LINK_DELIVERY_REQUESTED,
  type ApplicantNotificationRequested,
  type SurveyLinkDeliveryRequested,
} from './incoming.contracts';
import { NotificationUseCases } from './notification.use-cases';

/**
 * "A person must be told" events of other services. `SheetReviewDue` arrives through the bulletin's handler (one
 * handler per event type in a service), which calls `fromSheetReviewDue` too.
 */
@Controller()
export class NotificationHandlers {
  constructor(
    private readonly notifications: NotificationUseCases,
    private readonly digests: DeadlineDigests,
    @Inject(CAMPAIGNS_CONFIG) config: CampaignsConfig,
    views: BulletinViews,
  ) {
    // what every citizen's message about a case says besides the office's text: the status page, the outcome
    configureCitizenMessages({
      statusPageUrl: config.STATUS_PAGE_URL ?? `${config.PUBLIC_BASE_URL.replace(/\/$/, '')}/stato-pratica`,
      outcomes: async (caseIds) => {
        const cases = await views.cases.getMany(caseIds);
        return new Map(
          [...cases.values()].flatMap((c) =>
            c.outcome
              ? [
                  [
                    c.id,
                    { code: c.outcome, ...(c.forwardedTo ? { forwardedTo: c.forwardedTo } : {}) },
                  ] as const,
                ]
              : [],
          ),
        );
      },
    });
  }

  /** In batches (the consecutive requests of a fetch, one insert for all): the platform's bulk of messages. */
  @EventPattern(CitizenNotificationRequestedV1.type, { batch: true })
  onCitizen(@Payload() events: CloudEvent<EventPayload<typeof CitizenNotificationRequestedV1>>[]) {
    return this.notifications.fromCitizenRequests(events);
  }

  @EventPattern(ReminderDueV1.type)
  onReminder(@Payload() e: CloudEvent<EventPayload<typeof ReminderDueV1>>) {
    return this.notifications.fromReminder(e);
  }

  @EventPattern(APPLICANT_NOTIFICATION_REQUESTED)
  onApplicantNotice(@Payload() e: CloudEvent<ApplicantNotificationRequested>) {
    return this.notifications.fromApplicantNotice(e);
  }

  @EventPattern(SURVEY_LINK_DELIVERY_REQUESTED)
  onSurveyLink(@Payload() e: CloudEvent<SurveyLinkDeliveryRequested>) {
    return this.notifications.fromSurveyLink(e);
  }

  @EventPattern(SubstituteEngagedV1.type)
  onSubstituteEngaged(@Payload() e: CloudEvent<EventPayload<typeof SubstituteEngagedV1>>) {
    return this.notifications.fromSubstituteEngaged(e);
  }

  @EventPattern(DeadlineApproachingV1.type)
  onDeadlineApproaching(@Payload() e: CloudEvent<EventPayload<typeof DeadlineApproachingV1>>) {
    // one digest a day per recipient, office and kind (bulletin/deadline-digest), not one e-mail per warning
    return this.digests.record(e, 'DeadlineApproaching');
  }

  @EventPattern(DeadlineMissedV1.type)
  onDeadlineMissed(@Payload() e: CloudEvent<EventPayload<typeof DeadlineMissedV1>>) {
    return this.digests.record(e, 'DeadlineMissed');
  }
}
