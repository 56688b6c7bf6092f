import { z } from 'zod';
import { defineEvent, defineTopic } from '../catalog';
import { Channel, RequesterId, StaffId, Timestamp } from './shared';

/**
 * Events of the satisfaction service: customer-satisfaction surveys (Direttiva FP 24/3/2004, "Mettiamoci la
 * faccia", the AgID 1-5 star rating), alerts and improvement actions, and the indicator rebuilds.
 *
 * Analysts read every topic: the survey token NEVER travels in an event (it is a bearer credential), answers
 * (SurveyAnswered v2) carry no invitation, case, contact, procedure or requester id and no exact issue time (a
 * rating cannot be tied back to a person from the stream) and free text is scrubbed of personal data before it
 * is written anywhere.
 */

export const SurveyTopic = defineTopic({
  service: 'satisfaction',
  aggregate: 'survey',
  partitions: 3,
  description:
    'Customer-satisfaction invitations and their answers or expiry (no token, no free text with personal data). Key: the invitation id; for an answer (v2) a random answer id, so that it cannot be joined to its invitation.',
});

export const SatisfactionAlertTopic = defineTopic({
  service: 'satisfaction',
  aggregate: 'alert',
  partitions: 1,
  description:
    'Satisfaction for a service, office or channel fell below its threshold over a window. Key: the alert id.',
});

export const ImprovementActionTopic = defineTopic({
  service: 'satisfaction',
  aggregate: 'improvement-action',
  partitions: 1,
  description: 'Improvement actions taken on alerts (proposed, accepted, done). Key: the action id.',
});

export const IndicatorsTopic = defineTopic({
  service: 'satisfaction',
  aggregate: 'indicators',
  partitions: 1,
  description: 'Lifecycle of the indicator projections (a full rebuild by replay). Key: the rebuild id.',
});

/** The survey models: three emoticons + reason, 1-5 stars + comment, CSAT (1-5), NPS (0-10), custom questions. */
export const SurveyKind = z.enum(['emoticons', 'stars', 'csat', 'nps', 'custom']);
export type SurveyKind = z.infer<typeof SurveyKind>;

/** What made the survey due: a case closed, a contact closed (desk visit), a procedure decided, an online service ended. */
export const SurveyTrigger = z.enum(['case_closed', 'contact_closed', 'procedure_decided', 'online_service']);
export type SurveyTrigger = z.infer<typeof SurveyTrigger>;

/** "Mettiamoci la faccia": the three faces. */
export const Emoticon = z.enum(['satisfied', 'neutral', 'dissatisfied']);
export type Emoticon = z.infer<typeof Emoticon>;

/** "Mettiamoci la faccia" reasons (the model's own list). */
export const SurveyReason = z.enum(['waiting_time', 'courtesy', 'clarity', 'outcome', 'need_to_come_back']);
export type SurveyReason = z.infer<typeof SurveyReason>;

/** Where a survey is about: enough to aggregate, nothing about the person. */
const surveyContext = {
  invitationId: z.string(),
  surveyId: z.string(),
  surveyKind: SurveyKind,
  trigger: SurveyTrigger,
  /** The service rated: a contact category (level1 code), a procedure type code or an online service code. */
  serviceCode: z.string().optional(),
  officeId: z.string().optional(),
  channel: Channel.optional(),
  contactId: z.string().optional(),
  caseId: z.string().optional(),
  procedureId: z.string().optional(),
};

export const SurveyInvitationIssuedV1 = defineEvent(SurveyTopic, {
  name: 'SurveyInvitationIssued',
  version: 1,
  summary:
    'A single-use survey invitation was issued (sampled, not excluded). The link token is never in the event.',
  subject: 'the invitation id',
  schema: z.object({
    ...surveyContext,
    requesterId: RequesterId.optional(),
    /** The event that made the survey due (ce_id), for tracing. */
    sourceEventId: z.string().optional(),
    issuedAt: Timestamp,
    expiresAt: Timestamp,
  }),
});

/** One answer to a question of a custom questionnaire (free text already scrubbed). */
export const SurveyAnswerValue = z.object({
  questionId: z.string(),
  value: z.union([z.string().max(2000), z.number(), z.array(z.string())]),
});

export const SurveyAnsweredV1 = defineEvent(SurveyTopic, {
  name: 'SurveyAnswered',
  version: 1,
  summary:
    'No longer produced (replaced by v2, which cannot be joined to the invitation): kept so that old topics replay. The citizen answered a survey (once); the comment is scrubbed.',
  subject: 'the invitation id',
  schema: z.object({
    ...surveyContext,
    issuedAt: Timestamp,
    answeredAt: Timestamp,
    emoticon: Emoticon.optional(),
    reasons: z.array(SurveyReason).optional(),
    stars: z.number().int().min(1).max(5).optional(),
    csat: z.number().int().min(1).max(5).optional(),
    nps: z.number().int().min(0).max(10).optional(),
    answers: z.array(SurveyAnswerValue).optional(),
    /** Free text, scrubbed (emails, phone numbers, fiscal codes, IBAN, names where detectable). */
    comment: z.string().max(2000).optional().meta({ urpFreeText: true }),
  }),
});

/**
 * An answer that names nobody: no invitation, case, contact, procedure or requester id, and only the month
 * the invitation was issued (an exact time would find the invitation on SurveyInvitationIssued). Its key
 * and subject are a random answer id. What is left are the dimensions the indicators aggregate over.
 */
export const SurveyAnsweredV2 = defineEvent(SurveyTopic, {
  name: 'SurveyAnswered',
  version: 2,
  summary:
    'The citizen answered a survey (once). Anonymous: nothing in it leads back to the invitation, the case or the person; the comment is scrubbed of personal data.',
  subject: 'a random answer id (not the invitation id)',
  schema: z.object({
    answerId: z.string(),
    surveyId: z.string(),
    surveyKind: SurveyKind,
    trigger: SurveyTrigger,
    serviceCode: z.string().optional(),
    officeId: z.string().optional(),
    channel: Channel.optional(),
    /** The month the invitation was issued (`YYYY-MM`, Europe/Rome): the response rate compares like with like. */
    issuedMonth: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
    answeredAt: Timestamp,
    emoticon: Emoticon.optional(),
    reasons: z.array(SurveyReason).optional(),
    stars: z.number().int().min(1).max(5).optional(),
    csat: z.number().int().min(1).max(5).optional(),
    nps: z.number().int().min(0).max(10).optional(),
    answers: z.array(SurveyAnswerValue).optional(),
    /** Free text, scrubbed (emails, phone numbers, fiscal codes, IBAN, names where detectable). */
    comment: z.string().max(2000).optional().meta({ urpFreeText: true }),
  }),
});

export const SurveyExpiredV1 = defineEvent(SurveyTopic, {
  name: 'SurveyExpired',
  version: 1,
  summary: 'A survey invitation expired unanswered (counts against the response rate).',
  subject: 'the invitation id',
  schema: z.object({ ...surveyContext, issuedAt: Timestamp, expiredAt: Timestamp }),
});

/** The channels a survey link goes out on (a URL to open: email, or SMS to a mobile). */
export const SurveyLinkChannel = z.enum(['email', 'sms']);
export type SurveyLinkChannel = z.infer<typeof SurveyLinkChannel>;

/**
 * Satisfaction decided that the citizen gets the link of an invitation (sampled, outside the quiet period,
 * never staff, once per closure); campaigns delivers it. NEVER the token or the link: the deliverer fetches
 * the link at send time from `GET /internal/invitations/:invitationId/link` (service identity; 410 once
 * answered or expired), and resolves the address from contacts the same way.
 */
export const SurveyLinkDeliveryRequestedV1 = defineEvent(SurveyTopic, {
  name: 'SurveyLinkDeliveryRequested',
  version: 1,
  summary:
    'Deliver the survey link of an invitation to its requester (email or SMS). No token and no link in the event: the deliverer fetches the link from satisfaction at send time.',
  subject: 'the invitation id',
  schema: z.object({
    /** The message id: exactly one delivery per value (derived from the invitation, so a replay repeats it). */
    notificationId: z.string(),
    invitationId: z.string(),
    requesterId: RequesterId,
    channel: SurveyLinkChannel,
    /** The last day the link works (a civil date `YYYY-MM-DD` in Europe/Rome, through its end). */
    expiresOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'civil date YYYY-MM-DD'),
    requestedAt: Timestamp,
  }),
});

export const AlertScope = z.enum(['service', 'office', 'channel']);
export type AlertScope = z.infer<typeof AlertScope>;
export const AlertMeasure = z.enum(['satisfied_share', 'dissatisfied_share', 'mean_stars', 'csat', 'nps']);

export const SatisfactionAlertRaisedV1 = defineEvent(SatisfactionAlertTopic, {
  name: 'SatisfactionAlertRaised',
  version: 1,
  summary:
    'Satisfaction for a service, office or channel fell below the threshold over a window (with at least the minimum sample).',
  subject: 'the alert id',
  schema: z.object({
    alertId: z.string(),
    scope: AlertScope,
    scopeId: z.string(),
    measure: AlertMeasure,
    value: z.number(),
    threshold: z.number(),
    sampleSize: z.number().int().nonnegative(),
    windowStart: Timestamp,
    windowEnd: Timestamp,
    raisedAt: Timestamp,
  }),
});

export const ImprovementActionStatus = z.enum(['proposed', 'accepted', 'done', 'rejected']);

export const ImprovementActionChangedV1 = defineEvent(ImprovementActionTopic, {
  name: 'ImprovementActionChanged',
  version: 1,
  summary: 'An improvement action was proposed, accepted, done (or rejected): what was done about an alert.',
  subject: 'the action id',
  schema: z.object({
    actionId: z.string(),
    alertId: z.string().optional(),
    scope: AlertScope,
    scopeId: z.string(),
    /** Written by staff: free text, scrubbed before it leaves the service. */
    title: z.string().max(200).meta({ urpFreeText: true }),
    /** Scrubbed like every free text. */
    description: z.string().max(4000).optional().meta({ urpFreeText: true }),
    status: ImprovementActionStatus,
    previousStatus: ImprovementActionStatus.optional(),
    changedBy: StaffId,
    changedAt: Timestamp,
    dueAt: Timestamp.optional(),
  }),
});

export const IndicatorsRebuiltV1 = defineEvent(IndicatorsTopic, {
  name: 'IndicatorsRebuilt',
  version: 1,
  summary: 'The indicator projections were dropped and rebuilt by replaying the topics from the beginning.',
  subject: 'the rebuild id',
  schema: z.object({
    rebuildId: z.string(),
    topics: z.array(z.string()),
    eventsReplayed: z.number().int().nonnegative(),
    startedAt: Timestamp,
    finishedAt: Timestamp,
    durationMs: z.number().nonnegative(),
    /** A digest of the rebuilt indicators: two rebuilds of the same topics give the same value. */
    checksum: z.string(),
  }),
});

/** Every event of the satisfaction service (the catalog in ../index.ts collects them). */
export const satisfactionEvents = [
  SurveyInvitationIssuedV1,
  SurveyAnsweredV1,
  SurveyAnsweredV2,
  SurveyExpiredV1,
  SurveyLinkDeliveryRequestedV1,
  SatisfactionAlertRaisedV1,
  ImprovementActionChangedV1,
  IndicatorsRebuiltV1,
];
