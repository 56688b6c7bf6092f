/** Rules for inviting a citizen to rate a service, and an invitation's life (pure: no framework, no database). */
import { createHash } from 'node:crypto';
import type { Channel, SurveyKind, SurveyLinkChannel, SurveyTrigger } from '@urp/contracts';
import { DomainError, type Aggregate, type Decide } from '@urp/kernel';
import { addDays, endOfRomeDay, romeCivilDate, romeDayStartMs, type CivilDate } from '@urp/legal-clock';
import type { SurveyAnswer, SurveyDefinition } from '../survey/survey.rules';
import {
  invitationAnswered,
  invitationExpired,
  invitationIssued,
  surveyLinkDeliveryRequested,
} from './invitation.events';

/** The facts of the event that makes a survey due, whatever service published it. */
export interface SurveyDueFacts {
  trigger: SurveyTrigger;
  /** The contact, case, procedure or online-service session rated: one survey per subject. */
  subjectId: string;
  sourceEventId: string;
  /** When the service ended (the invitation runs from then, not from when this service heard of it). */
  endedAt: string;
  requesterId?: string;
  /** The requester is an employee of the administration (the operator is the requester): never surveyed. */
  requesterIsStaff?: boolean;
  /** For a closed contact: a case follows, and the survey comes when the case closes. */
  resolvedAtFirstContact?: boolean;
  channel?: Channel;
  officeId?: string;
  serviceCode?: string;
  contactId?: string;
  caseId?: string;
  procedureId?: string;
}

export interface InvitationPolicy {
  /** Share of the eligible services surveyed, 0..1 (sampling keeps the burden on citizens low). */
  samplingRate: number;
  /** No second survey to the same requester within this many days. */
  quietPeriodDays: number;
  /** How long a link works. */
  validityDays: number;
  /** Which survey each trigger uses; a trigger with no survey is off. */
  surveyByTrigger: Partial<Record<SurveyTrigger, string>>;
}

export const DEFAULT_POLICY: InvitationPolicy = {
  samplingRate: 1,
  quietPeriodDays: 30,
  validityDays: 14,
  surveyByTrigger: {
    contact_closed: 'mettiamoci-la-faccia',
    case_closed: 'mettiamoci-la-faccia',
    procedure_decided: 'agid-stelle',
    online_service: 'agid-stelle',
  },
};

export type InvitationDecision =
  | {
      invite: true;
      invitationId: string;
      surveyId: string;
      expiresOn: CivilDate;
      expiresAt: Date;
      /** The channel the link is sent on; none when it is shown at once (the end of an online service). */
      deliverBy?: SurveyLinkChannel;
    }
  | { invite: false; reason: string };

/*
 * Days are civil days in Europe/Rome, counted by @urp/legal-clock (no arithmetic on instants, which drifts
 * by an hour across a DST change and by a day near midnight). A term of N days from day D leaves out D and
 * ends with the whole of day D + N (art. 2963 c.c.: dies a quo non computatur, the last day counts).
 * Holidays do not move these terms: the link is a web page open every day, not an office.
 */

/** The last day a link works: `validityDays` after the day the service ended, through the end of that day. */
export function surveyExpiry(
  endedAt: string | Date,
  validityDays: number,
): { expiresOn: CivilDate; expiresAt: Date } {
  const expiresOn = addDays(romeCivilDate(endedAt), validityDays);
  return { expiresOn, expiresAt: new Date(endOfRomeDay(expiresOn)) };
}

/** The Italian day an invitation's link stops working at its end (expiresAt is the last instant of it). */
export const expiresOnOf = (inv: Pick<Invitation, 'expiresAt'>): CivilDate => romeCivilDate(inv.expiresAt);

/**
 * Where a survey link is sent (WAVE3 agreement: email or SMS). A citizen who phoned is reached on their
 * phone; everyone else by email. Contacts resolves the address at send time; a citizen without one on that
 * channel gets nothing, and the delivery fails visibly in campaigns.
 */
export const surveyLinkChannel = (contactChannel: Channel | undefined): SurveyLinkChannel =>
  contactChannel === 'phone' ? 'sms' : 'email';

/** The triggers whose link is delivered: the end of an online service shows it at once, on the page. */
const DELIVERED_TRIGGERS: ReadonlySet<SurveyTrigger> = new Set([
  'case_closed',
  'contact_closed',
  'procedure_decided',
]);

/** The message id of an invitation's link delivery: one per invitation, so one per closure. */
export const surveyLinkNotificationId = (invitationId: string): string =>
  `ntf_survey_${invitationId.replace(/^inv_/, '')}`;

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * One invitation per rated subject: the id derives from it, so a redelivered or duplicated event issues
 * nothing new. It names no case or person (a digest), and it is not the link's token.
 */
export const invitationIdFor = (trigger: SurveyTrigger, subjectId: string): string =>
  `inv_${digest(`${trigger}:${subjectId}`).toString('hex').slice(0, 24)}`;

/**
 * Sampling by a digest of the subject, not by Math.random: the same event always gets the same answer
 * (redelivery, replay) and over many subjects the share sampled converges to the rate.
 */
export function isSampled(trigger: SurveyTrigger, subjectId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  return digest(`sample:${trigger}:${subjectId}`).readUInt32BE(0) / 0x1_0000_0000 < rate;
}

/**
 * The earliest `lastInvitedAt` that still blocks a new invitation at `now`: a requester invited on day D is
 * left alone through day D + quietPeriodDays (Italian civil days) and may be asked again the day after.
 * No quiet period (0 days): nothing blocks (the start of tomorrow).
 */
export function quietPeriodStart(now: Date, quietPeriodDays: number): Date {
  const today = romeCivilDate(now);
  return new Date(romeDayStartMs(addDays(today, quietPeriodDays > 0 ? -quietPeriodDays : 1)));
}

/** A requester surveyed at `lastInvitedAt` may be asked again only after the quiet period. */
export function isInQuietPeriod(
  lastInvitedAt: Date | undefined,
  now: Date,
  quietPeriodDays: number,
): boolean {
  return !!lastInvitedAt && lastInvitedAt >= quietPeriodStart(now, quietPeriodDays);
}

/**
 * Whether a survey is due for these facts (the quiet period is checked against the requester's last
 * invitation, atomically, by the repository: see `isInQuietPeriod`).
 */
export function decideInvitation(
  facts: SurveyDueFacts,
  policy: InvitationPolicy,
  now: Date,
): InvitationDecision {
  const surveyId = policy.surveyByTrigger[facts.trigger];
  if (!surveyId) return { invite: false, reason: `no survey for ${facts.trigger}` };
  // nobody to ask: an anonymous contact has no requester to reach
  if (!facts.requesterId) return { invite: false, reason: 'anonymous requester' };
  // the operator is the requester (an employee): asking would measure nothing and skew the figures
  if (facts.requesterIsStaff) return { invite: false, reason: 'requester is staff' };
  // a contact that opened a case is rated when the case closes, once
  if (facts.trigger === 'contact_closed' && facts.resolvedAtFirstContact === false)
    return { invite: false, reason: 'a case follows the contact' };
  const { expiresOn, expiresAt } = surveyExpiry(facts.endedAt, policy.validityDays);
  // a replay of old events into a fresh database must not invite citizens about services of months ago
  if (expiresAt < now) return { invite: false, reason: 'ended too long ago' };
  if (!isSampled(facts.trigger, facts.subjectId, policy.samplingRate))
    return { invite: false, reason: 'not sampled' };
  return {
    invite: true,
    invitationId: invitationIdFor(facts.trigger, facts.subjectId),
    surveyId,
    expiresOn,
    expiresAt,
    ...(DELIVERED_TRIGGERS.has(facts.trigger) ? { deliverBy: surveyLinkChannel(facts.channel) } : {}),
  };
}

export type InvitationStatus = 'pending' | 'answered' | 'expired';

/** A survey invitation (`survey_invitations`); the id derives from the rated subject (`invitationIdFor`). */
export interface Invitation extends Aggregate {
  surveyId: string;
  surveyKind: SurveyKind;
  trigger: SurveyTrigger;
  subjectId: string;
  contactId?: string;
  caseId?: string;
  procedureId?: string;
  requesterId?: string;
  channel?: Channel;
  officeId?: string;
  serviceCode?: string;
  /** The event (or request) that made the survey due. */
  sourceEventId: string;
  status: InvitationStatus;
  createdAt: Date;
  expiresAt: Date;
  /** The link's token, sealed (AES-GCM) for delivery while pending; removed once answered or expired. */
  tokenSealed?: string;
  /** The link's delivery asked of campaigns (SurveyLinkDeliveryRequested), with the issue: once. */
  delivery?: { notificationId: string; channel: SurveyLinkChannel; requestedAt: Date };
  /*
   * No answer and no time of answer here: the invitation knows the person (case, contact, requester), so it
   * only knows THAT it was answered. The answer leaves as an anonymous SurveyAnswered v2 (random id, no link)
   * and lives on only in the indicators' aggregates.
   */
}

/** The citizen's answer and the random id it travels under (unrelated to the invitation). */
export interface AnswerCommand {
  answer: SurveyAnswer;
  answerId: string;
}

export interface IssueInvitation {
  facts: SurveyDueFacts;
  invitationId: string;
  survey: SurveyDefinition;
  expiresAt: Date;
  tokenSealed: string;
  /** Send the link on this channel (the decision's `deliverBy`). */
  deliverBy?: SurveyLinkChannel;
}

/** A new pending invitation (one per rated subject: an existing one means it was issued already). */
export const issueInvitation: Decide<Invitation, IssueInvitation> = (existing, cmd, ctx) => {
  if (existing) throw DomainError.conflict('Il questionario è già stato inviato');
  const { facts } = cmd;
  const state: Invitation = {
    id: cmd.invitationId,
    revision: 0,
    surveyId: cmd.survey.id,
    surveyKind: cmd.survey.kind,
    trigger: facts.trigger,
    subjectId: facts.subjectId,
    contactId: facts.contactId,
    caseId: facts.caseId,
    procedureId: facts.procedureId,
    requesterId: facts.requesterId,
    channel: facts.channel,
    officeId: facts.officeId,
    serviceCode: facts.serviceCode,
    sourceEventId: facts.sourceEventId,
    status: 'pending',
    createdAt: ctx.now,
    expiresAt: cmd.expiresAt,
    tokenSealed: cmd.tokenSealed,
    ...(cmd.deliverBy && facts.requesterId
      ? {
          delivery: {
            notificationId: surveyLinkNotificationId(cmd.invitationId),
            channel: cmd.deliverBy,
            requestedAt: ctx.now,
          },
        }
      : {}),
  };
  // the delivery request is written with the invitation (one write): asked once, never lost
  const events = [invitationIssued(ctx, state)];
  if (state.delivery) events.push(surveyLinkDeliveryRequested(ctx, state));
  return { state, events };
};

/** Whether the link still works at `now` (through the last instant of its last day). */
export const isOpen = (inv: Invitation, now: Date): boolean =>
  inv.status === 'pending' && inv.expiresAt >= now;

/**
 * The citizen's answer, accepted once: an invitation answered or expired meanwhile refuses it. The state
 * keeps only `answered`; the answer is in the event alone (written with the state in one write, then
 * relayed and removed from the document), under a random id.
 */
export const answerInvitation: Decide<Invitation, AnswerCommand> = (inv, cmd, ctx) => {
  if (!inv) throw DomainError.notFound('il questionario');
  if (inv.status === 'answered') throw DomainError.conflict('Ha già risposto a questo questionario');
  if (!isOpen(inv, ctx.now)) throw DomainError.conflict('Il questionario è scaduto');
  const { tokenSealed: _sealed, ...rest } = withoutAnswer(inv);
  const state: Invitation = { ...rest, status: 'answered' };
  return { state, events: [invitationAnswered(ctx, state, cmd.answerId, cmd.answer)] };
};

/** An invitation stored before answers were kept apart may still hold one: it is dropped on the next write. */
export function withoutAnswer(inv: Invitation): Invitation {
  const {
    answer: _a,
    answeredAt: _t,
    ...rest
  } = inv as Invitation & { answer?: unknown; answeredAt?: unknown };
  return rest;
}

/** Closes a pending invitation past its expiry (the response rate counts it); anything else stays as it is. */
export const expireInvitation: Decide<Invitation, void> = (inv, _cmd, ctx) => {
  if (!inv) throw DomainError.notFound('il questionario');
  if (inv.status !== 'pending' || inv.expiresAt >= ctx.now) return { state: inv, events: [] };
  const { tokenSealed: _sealed, ...rest } = inv;
  const state: Invitation = { ...rest, status: 'expired' };
  return { state, events: [invitationExpired(ctx, state)] };
};
