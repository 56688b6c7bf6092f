import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  createEvent,
  SurveyAnsweredV1,
  SurveyExpiredV1,
  SurveyInvitationIssuedV1,
  type CloudEvent,
  type EventOrigin,
  type SurveyKind,
  type SurveyTrigger,
} from '@urp/contracts';
import { SATISFACTION_CONFIG, type SatisfactionConfig } from '../config';
import { SurveyDefinitionRepository } from '../survey/survey-definition.repository';
import { validateAnswer, type FormInput, type SurveyDefinition } from '../survey/survey.rules';
import { InvitationRepository } from './invitation.repository';
import {
  decideInvitation,
  DEFAULT_POLICY,
  quietPeriodStart,
  type InvitationPolicy,
  type SurveyDueFacts,
} from './invitation.rules';
import type { SurveyInvitationDocument } from './invitation.schema';
import { hashSurveyToken, looksLikeToken, newSurveyToken, sealToken, unsealToken } from './survey-token';

const SOURCE = '/urp/satisfaction';

export type IssueResult =
  | { issued: true; invitationId: string; token?: string }
  | { issued: false; reason: string; invitationId?: string };

export type SurveyPageState =
  | { state: 'invalid' }
  | { state: 'answered' | 'expired'; invitation: SurveyInvitationDocument }
  | { state: 'pending'; invitation: SurveyInvitationDocument; survey: SurveyDefinition };

export type AnswerOutcome =
  | SurveyPageState
  | {
      state: 'errors';
      invitation: SurveyInvitationDocument;
      survey: SurveyDefinition;
      errors: { field: string; message: string }[];
      input: FormInput;
    }
  | { state: 'thanks'; invitation: SurveyInvitationDocument };

const context = (d: SurveyInvitationDocument) => ({
  invitationId: d._id,
  surveyId: d.surveyId,
  surveyKind: d.surveyKind as SurveyKind,
  trigger: d.trigger as SurveyTrigger,
  ...(d.serviceCode ? { serviceCode: d.serviceCode } : {}),
  ...(d.officeId ? { officeId: d.officeId } : {}),
  ...(d.channel ? { channel: d.channel as never } : {}),
  ...(d.contactId ? { contactId: d.contactId } : {}),
  ...(d.caseId ? { caseId: d.caseId } : {}),
  ...(d.procedureId ? { procedureId: d.procedureId } : {}),
});

/** Survey invitations: issue (after the rules), answer once by token, expire. */
@Injectable()
export class InvitationService {
  private readonly logger = new Logger(InvitationService.name);
  readonly policy: InvitationPolicy;
  private readonly sealSecret: string;

  constructor(
    private readonly invitations: InvitationRepository,
    private readonly surveys: SurveyDefinitionRepository,
    @Inject(SATISFACTION_CONFIG) private readonly config: SatisfactionConfig,
  ) {
    this.policy = {
      ...DEFAULT_POLICY,
      samplingRate: config.SURVEY_SAMPLING_RATE,
      quietPeriodDays: config.SURVEY_QUIET_PERIOD_DAYS,
      validityDays: config.SURVEY_VALIDITY_DAYS,
    };
    this.sealSecret = config.SURVEY_TOKEN_SECRET ?? config.IDENTITY_SECRET;
  }

  linkFor(token: string): string {
    const base = this.config.SURVEY_PUBLIC_BASE_URL ?? `http://127.0.0.1:${this.config.PORT}`;
    return `${base.replace(/\/$/, '')}/s/${token}`;
  }

  /**
   * Issues an invitation if the rules say so. Returns the plain token only to the caller (the portal that
   * shows the link at the end of an online service); events never carry it.
   */
  async issue(facts: SurveyDueFacts, origin: EventOrigin, now = new Date()): Promise<IssueResult> {
    const decision = decideInvitation(facts, this.policy, now);
    if (!decision.invite) return { issued: false, reason: decision.reason };
    const survey = await this.surveys.find(decision.surveyId);
    if (!survey?.active) return { issued: false, reason: `survey ${decision.surveyId} is not active` };
    const { invitationId } = decision;
    if (
      facts.requesterId &&
      !(await this.invitations.claimRequester(
        facts.requesterId,
        invitationId,
        now,
        quietPeriodStart(now, this.policy.quietPeriodDays),
      ))
    )
      return { issued: false, reason: 'requester surveyed recently', invitationId };

    const token = newSurveyToken();
    const tokenHash = hashSurveyToken(token);
    await this.invitations.saveToken(tokenHash, invitationId);
    const doc: SurveyInvitationDocument = {
      _id: invitationId,
      surveyId: survey.id,
      surveyKind: survey.kind,
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
      createdAt: now,
      expiresAt: decision.expiresAt,
      tokenSealed: sealToken(token, this.sealSecret),
    };
    for (const k of Object.keys(doc) as (keyof SurveyInvitationDocument)[])
      if (doc[k] === undefined) delete doc[k];
    const issuedEvent = createEvent(
      SurveyInvitationIssuedV1,
      invitationId,
      {
        ...context(doc),
        ...(facts.requesterId ? { requesterId: facts.requesterId } : {}),
        sourceEventId: facts.sourceEventId,
        issuedAt: now.toISOString(),
        expiresAt: decision.expiresAt.toISOString(),
      },
      origin,
    );
    const result = await this.invitations.insertOnce(doc, [issuedEvent]);
    if (result === 'duplicate') {
      await this.invitations.dropToken(tokenHash);
      return { issued: false, reason: 'already issued', invitationId };
    }
    return { issued: true, invitationId, token };
  }

  /** The link of a pending invitation, for delivery (desk printout, portal); undefined once closed. */
  async linkOf(invitationId: string): Promise<string | undefined> {
    const inv = await this.invitations.findById(invitationId);
    if (!inv || inv.status !== 'pending' || !inv.tokenSealed) return undefined;
    return this.linkFor(unsealToken(inv.tokenSealed, this.sealSecret));
  }

  /** What the public page shows for a token. */
  async open(token: string, now = new Date()): Promise<SurveyPageState> {
    if (!looksLikeToken(token)) return { state: 'invalid' };
    const id = await this.invitations.invitationIdOfToken(hashSurveyToken(token));
    const invitation = id ? await this.invitations.findById(id) : null;
    if (!invitation) return { state: 'invalid' };
    if (invitation.status === 'answered') return { state: 'answered', invitation };
    if (invitation.status === 'expired' || invitation.expiresAt <= now) {
      if (invitation.status === 'pending') await this.expire(invitation, now);
      return { state: 'expired', invitation };
    }
    const survey = await this.surveys.find(invitation.surveyId);
    if (!survey) return { state: 'invalid' };
    return { state: 'pending', invitation, survey };
  }

  /** Accepts an answer once; invalid input comes back with one message per field. */
  async answer(token: string, input: FormInput, now = new Date()): Promise<AnswerOutcome> {
    const opened = await this.open(token, now);
    if (opened.state !== 'pending') return opened;
    const { invitation, survey } = opened;
    const checked = validateAnswer(survey, input);
    if (!checked.ok) return { state: 'errors', invitation, survey, errors: checked.errors, input };
    const a = checked.answer;
    const event = createEvent(
      SurveyAnsweredV1,
      invitation._id,
      {
        ...context(invitation),
        issuedAt: invitation.createdAt.toISOString(),
        answeredAt: now.toISOString(),
        ...(a.emoticon ? { emoticon: a.emoticon } : {}),
        ...(a.reasons?.length ? { reasons: a.reasons } : {}),
        ...(a.stars !== undefined ? { stars: a.stars } : {}),
        ...(a.csat !== undefined ? { csat: a.csat } : {}),
        ...(a.nps !== undefined ? { nps: a.nps } : {}),
        ...(a.answers?.length ? { answers: a.answers } : {}),
        ...(a.comment ? { comment: a.comment } : {}),
      },
      { source: SOURCE },
    );
    const accepted = await this.invitations.answerOnce(invitation._id, a, now, [event]);
    if (!accepted) return { state: 'answered', invitation };
    return { state: 'thanks', invitation };
  }

  private async expire(inv: SurveyInvitationDocument, now: Date): Promise<boolean> {
    const event = createEvent(
      SurveyExpiredV1,
      inv._id,
      { ...context(inv), issuedAt: inv.createdAt.toISOString(), expiredAt: now.toISOString() },
      { source: SOURCE },
    );
    return this.invitations.expireOnce(inv._id, [event]);
  }

  /** Closes the invitations past their expiry (SurveyExpired: the response rate counts them). */
  async expireDue(now = new Date()): Promise<number> {
    let n = 0;
    for (const inv of await this.invitations.findExpired(now)) if (await this.expire(inv, now)) n++;
    if (n) this.logger.log(`${n} survey invitation(s) expired`);
    return n;
  }

  causeOf(event: CloudEvent): EventOrigin {
    return {
      source: SOURCE,
      correlationId: event.correlationid,
      causationId: event.id,
      ...(event.traceparent ? { traceparent: event.traceparent } : {}),
    };
  }
}
