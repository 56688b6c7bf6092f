/** Rules for inviting a citizen to rate a service, and an invitation's life (pure: no framework, no database). */
import { createHash } from 'node:crypto';
import type { Channel, SurveyKind, SurveyTrigger } from '@urp/contracts';
import { DomainError, type Aggregate, type Decide } from '@urp/kernel';
import type { SurveyAnswer, SurveyDefinition } from '../survey/survey.rules';
import { invitationAnswered, invitationExpired, invitationIssued } from './invitation.events';

const DAY = 86_400_000;

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
  | { invite: true; invitationId: string; surveyId: string; expiresAt: Date }
  | { invite: false; reason: string };

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

/** A requester surveyed at `lastInvitedAt` may be asked again only after the quiet period. */
export function isInQuietPeriod(
  lastInvitedAt: Date | undefined,
  now: Date,
  quietPeriodDays: number,
): boolean {
  return !!lastInvitedAt && now.getTime() - lastInvitedAt.getTime() < quietPeriodDays * DAY;
}

/** The earliest `lastInvitedAt` that still blocks a new invitation at `now`. */
export const quietPeriodStart = (now: Date, quietPeriodDays: number) =>
  new Date(now.getTime() - quietPeriodDays * DAY);

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
  const expiresAt = new Date(new Date(facts.endedAt).getTime() + policy.validityDays * DAY);
  // a replay of old events into a fresh database must not invite citizens about services of months ago
  if (expiresAt <= now) return { invite: false, reason: 'ended too long ago' };
  if (!isSampled(facts.trigger, facts.subjectId, policy.samplingRate))
    return { invite: false, reason: 'not sampled' };
  return { invite: true, invitationId: invitationIdFor(facts.trigger, facts.subjectId), surveyId, expiresAt };
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
  };
  return { state, events: [invitationIssued(ctx, state)] };
};

/** Whether the link still works at `now`. */
export const isOpen = (inv: Invitation, now: Date): boolean =>
  inv.status === 'pending' && inv.expiresAt > now;

/**
 * The citizen's answer, accepted once: an invitation answered or expired meanwhile refuses it. The state
 * keeps only `answered`; the answer is in the event alone (written with the state in one write, then
 * relayed and removed from the document), under a random id.
 */
export const answerInvitation: Decide<Invitation, AnswerCommand> = (inv, cmd, ctx) => {
  if (!inv) throw DomainError.notFound('il questionario');
  if (inv.status === 'answered') throw DomainError.conflict('Hai già risposto a questo questionario');
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
  if (inv.status !== 'pending' || inv.expiresAt > ctx.now) return { state: inv, events: [] };
  const { tokenSealed: _sealed, ...rest } = inv;
  const state: Invitation = { ...rest, status: 'expired' };
  return { state, events: [invitationExpired(ctx, state)] };
};
