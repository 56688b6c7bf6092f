import { z } from 'zod';
import { defineEvent, defineTopic } from '../catalog';
import { RequesterId, StaffId, Timestamp } from './shared';

// ---------------------------------------------------------------- topics

export const CampaignTopic = defineTopic({
  service: 'campaigns',
  aggregate: 'campaign',
  partitions: 3,
  description:
    'Institutional communication campaigns (L. 150/2000): approval, launch, steps sent, completion. Key: the campaign id.',
});

export const DeliveryTopic = defineTopic({
  service: 'campaigns',
  aggregate: 'delivery',
  partitions: 3,
  description:
    'What happened to each message of a campaign step (delivered, bounced, opened, clicked, unsubscribed). Key: the delivery id.',
});

export const ConsentTopic = defineTopic({
  service: 'campaigns',
  aggregate: 'consent',
  partitions: 3,
  description:
    'Consent records of citizens per purpose and channel (GDPR art. 7: time and source kept). Key: the requester id.',
});

export const BulletinTopic = defineTopic({
  service: 'campaigns',
  aggregate: 'bulletin',
  partitions: 1,
  description: 'Internal bulletins and digests sent to referents and offices. Key: the bulletin id.',
});

export const NotificationTopic = defineTopic({
  service: 'campaigns',
  aggregate: 'notification',
  partitions: 3,
  description:
    'Service messages the platform owes a person (a case update to the citizen, a reminder to a referent, a review notice): queued, delivered, failed. Key: the notification id.',
});

// ---------------------------------------------------------------- shared shapes

/** Channels a campaign message can go out on (delivery adapters). */
export const CampaignChannel = z.enum(['email', 'sms', 'io']);
export type CampaignChannel = z.infer<typeof CampaignChannel>;

/**
 * What a consent covers. `campaigns`: receiving institutional communication on the channel (optionally only on
 * `topics`); `segment_area` / `segment_services_used`: the citizen's area / the services they used may be used to
 * choose who receives a campaign. Nothing else may be used to build a segment.
 */
export const ConsentPurpose = z.enum(['campaigns', 'segment_area', 'segment_services_used']);
export type ConsentPurpose = z.infer<typeof ConsentPurpose>;

const code = z.string().regex(/^[a-z0-9_]{1,64}$/, 'lowercase snake_case code');

// ---------------------------------------------------------------- campaign

export const CampaignApprovedV1 = defineEvent(CampaignTopic, {
  name: 'CampaignApproved',
  version: 1,
  summary:
    'A campaign was approved by someone other than its author (four eyes). A blackout justification, if any, is recorded.',
  subject: 'the campaign id',
  schema: z.object({
    campaignId: z.string(),
    title: z.string(),
    topics: z.array(code),
    sheetIds: z.array(z.string()),
    channels: z.array(CampaignChannel),
    authorId: StaffId,
    approvedBy: StaffId,
    approvedAt: Timestamp,
    startsAt: Timestamp.optional(),
    endsAt: Timestamp.optional(),
    /** L. 28/2000 art. 9: why this communication is impersonal and indispensable during an election blackout. */
    blackoutJustification: z.string().optional().meta({ urpFreeText: true }),
  }),
});

export const CampaignLaunchedV1 = defineEvent(CampaignTopic, {
  name: 'CampaignLaunched',
  version: 1,
  summary: 'A scheduled campaign started running (its first step is being sent).',
  subject: 'the campaign id',
  schema: z.object({
    campaignId: z.string(),
    topics: z.array(code),
    sheetIds: z.array(z.string()),
    channels: z.array(CampaignChannel),
    steps: z.number().int().min(1),
    launchedAt: Timestamp,
  }),
});

export const CampaignStepSentV1 = defineEvent(CampaignTopic, {
  name: 'CampaignStepSent',
  version: 1,
  summary:
    'Every recipient of a campaign step has been handled (sent, bounced, skipped); counts only, nobody named.',
  subject: 'the campaign id',
  schema: z.object({
    campaignId: z.string(),
    stepId: z.string(),
    stepIndex: z.number().int().min(0),
    channel: CampaignChannel,
    recipients: z.number().int().min(0),
    sent: z.number().int().min(0),
    bounced: z.number().int().min(0),
    /** Skipped: no consent any more, do-not-contact, unsubscribed, anonymised, no address. */
    skipped: z.number().int().min(0),
    startedAt: Timestamp,
    completedAt: Timestamp,
  }),
});

export const CampaignCompletedV1 = defineEvent(CampaignTopic, {
  name: 'CampaignCompleted',
  version: 1,
  summary: 'A campaign finished its last step (or was stopped); totals for the effect report.',
  subject: 'the campaign id',
  schema: z.object({
    campaignId: z.string(),
    completedAt: Timestamp,
    deliveries: z.number().int().min(0),
    bounced: z.number().int().min(0),
    reason: z.enum(['all_steps_sent', 'ended', 'stopped']).optional(),
  }),
});

// ---------------------------------------------------------------- delivery

const deliveryFacts = {
  deliveryId: z.string(),
  campaignId: z.string(),
  stepId: z.string(),
  requesterId: RequesterId,
  channel: CampaignChannel,
};

export const MessageDeliveredV1 = defineEvent(DeliveryTopic, {
  name: 'MessageDelivered',
  version: 1,
  summary: "A campaign message was accepted by the recipient's server or the channel's provider.",
  subject: 'the delivery id',
  schema: z.object({ ...deliveryFacts, deliveredAt: Timestamp }),
});

export const MessageBouncedV1 = defineEvent(DeliveryTopic, {
  name: 'MessageBounced',
  version: 1,
  summary: 'A campaign message was refused (permanent) or could not be delivered after its retries.',
  subject: 'the delivery id',
  schema: z.object({
    ...deliveryFacts,
    bouncedAt: Timestamp,
    permanent: z.boolean(),
    /** A short technical code (SMTP reply code, provider code); never the address. */
    code: z.string().optional(),
  }),
});

export const MessageOpenedV1 = defineEvent(DeliveryTopic, {
  name: 'MessageOpened',
  version: 1,
  summary: 'The tracking pixel of a campaign message was loaded (first time only).',
  subject: 'the delivery id',
  schema: z.object({ ...deliveryFacts, openedAt: Timestamp }),
});

export const LinkClickedV1 = defineEvent(DeliveryTopic, {
  name: 'LinkClicked',
  version: 1,
  summary: 'A tracked link of a campaign message was followed.',
  subject: 'the delivery id',
  schema: z.object({
    ...deliveryFacts,
    linkId: z.string(),
    url: z.string(),
    sheetId: z.string().optional(),
    clickedAt: Timestamp,
  }),
});

export const UnsubscribedV1 = defineEvent(DeliveryTopic, {
  name: 'Unsubscribed',
  version: 1,
  summary: 'The recipient unsubscribed with the one-click link of a campaign message (RFC 8058).',
  subject: 'the delivery id',
  schema: z.object({ ...deliveryFacts, unsubscribedAt: Timestamp }),
});

// ---------------------------------------------------------------- consent

const consentFacts = {
  requesterId: RequesterId,
  purpose: ConsentPurpose,
  channel: CampaignChannel,
  /** Where the consent was collected or withdrawn: `desk`, `web_form`, `unsubscribe_link`, `import`, … */
  source: code,
  at: Timestamp,
};

export const ConsentGivenV1 = defineEvent(ConsentTopic, {
  name: 'ConsentGiven',
  version: 1,
  summary: 'A citizen consented to a purpose on a channel (with topics or area where the purpose uses them).',
  subject: 'the requester id',
  schema: z.object({
    ...consentFacts,
    /** `campaigns`: the topics subscribed to (empty or absent: every topic). */
    topics: z.array(code).optional(),
    /** `segment_area`: the area (district code, never an address). */
    area: code.optional(),
    recordedBy: StaffId.optional(),
  }),
});

export const ConsentWithdrawnV1 = defineEvent(ConsentTopic, {
  name: 'ConsentWithdrawn',
  version: 1,
  summary: 'A citizen withdrew a consent (GDPR art. 7(3)); no further message for that purpose and channel.',
  subject: 'the requester id',
  schema: z.object({
    ...consentFacts,
    /** Set when the withdrawal came from a campaign message's unsubscribe link. */
    campaignId: z.string().optional(),
    recordedBy: StaffId.optional(),
  }),
});

// ---------------------------------------------------------------- internal communication

export const InternalBulletinSentV1 = defineEvent(BulletinTopic, {
  name: 'InternalBulletinSent',
  version: 1,
  summary:
    'A weekly digest went to a referent or an office: sheets changed, reviews due, cases waiting (counts and ids).',
  subject: 'the bulletin id',
  schema: z.object({
    bulletinId: z.string(),
    kind: z.enum(['weekly_digest', 'bulletin']),
    recipientType: z.enum(['referent', 'office']),
    recipientId: z.string(),
    periodStart: Timestamp,
    periodEnd: Timestamp,
    sheetsChanged: z.number().int().min(0),
    reviewsDue: z.number().int().min(0),
    casesWaiting: z.number().int().min(0),
    sheetIds: z.array(z.string()).optional(),
    sentAt: Timestamp,
  }),
});

// ---------------------------------------------------------------- notification

/** Channels a notification can go out on (the citizen's preferred channel; staff: email). */
export const NotificationDeliveryChannel = z.enum(['email', 'pec', 'io', 'sms', 'letter', 'phone']);

/** What a notification is about: the originating case / contact / sheet / procedure / invitation (ids only). */
const notificationOrigin = {
  notificationId: z.string(),
  /**
   * The event that asked for it (`CitizenNotificationRequested`, `ReminderDue`, `CaseRouted` and `CaseOpened` (the
   * assignment notice to staff), `SheetReviewDue`, `ApplicantNotificationRequested`, `SurveyLinkDeliveryRequested`,
   * `DeadlineApproaching`, `DeadlineMissed`, `SubstituteEngaged` (to the substitute official)).
   */
  requestedBy: z.string(),
  caseId: z.string().optional(),
  contactId: z.string().optional(),
  sheetId: z.string().optional(),
  /** The procedure a notice or a deadline warning is about: procedures shows the outcome on it. */
  procedureId: z.string().optional(),
  /** The satisfaction invitation whose survey link was delivered (never the link or its token). */
  invitationId: z.string().optional(),
  channel: NotificationDeliveryChannel,
  template: code,
};

export const NotificationQueuedV1 = defineEvent(NotificationTopic, {
  name: 'NotificationQueued',
  version: 1,
  summary:
    'A message owed to a person was accepted for delivery (once per notification id). Pseudonymous recipient only.',
  subject: 'the notification id',
  schema: z.object({
    ...notificationOrigin,
    recipientType: z.enum(['requester', 'referent', 'office']),
    /** `req_…` for a citizen, the referent or office id for staff: never an address. */
    recipientId: z.string(),
    queuedAt: Timestamp,
  }),
});

export const NotificationDeliveredV1 = defineEvent(NotificationTopic, {
  name: 'NotificationDelivered',
  version: 1,
  summary:
    "A notification was accepted by the recipient's server (`delivered`) or handed to the channel's provider (`sent`).",
  subject: 'the notification id',
  schema: z.object({
    ...notificationOrigin,
    status: z.enum(['sent', 'delivered']),
    attempts: z.number().int().min(1),
    at: Timestamp,
  }),
});

export const NotificationFailedV1 = defineEvent(NotificationTopic, {
  name: 'NotificationFailed',
  version: 1,
  summary:
    'A notification could not be delivered for good (refused, no address, retries exhausted): the originating service shows it.',
  subject: 'the notification id',
  schema: z.object({
    ...notificationOrigin,
    /** A short reason code (`no_address`, `smtp_550`, `io_profile_not_found`, `retries_exhausted`…); never the address. */
    code: z.string().max(64),
    /** `bounced`: the recipient's server or provider refused it; `failed`: it could not be sent. */
    outcome: z.enum(['failed', 'bounced']),
    attempts: z.number().int().min(0),
    failedAt: Timestamp,
  }),
});

/** Every event of the campaigns service (the catalog in ../index.ts collects them). */
export const campaignsEvents = [
  CampaignApprovedV1,
  CampaignLaunchedV1,
  CampaignStepSentV1,
  CampaignCompletedV1,
  MessageDeliveredV1,
  MessageBouncedV1,
  MessageOpenedV1,
  LinkClickedV1,
  UnsubscribedV1,
  ConsentGivenV1,
  ConsentWithdrawnV1,
  InternalBulletinSentV1,
  NotificationQueuedV1,
  NotificationDeliveredV1,
  NotificationFailedV1,
];
