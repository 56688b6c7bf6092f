import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap } from '@nestjs/common';
import { ANONYMOUS } from '@urp/auth';
import { type Channel, type CloudEvent } from '@urp/contracts';
import {
  DomainError,
  execute,
  isDomainError,
  parseInput,
  PeriodicTasks,
  ServiceKernel,
  type Actor,
  type UseCaseContext,
} from '@urp/kernel';
import { z } from 'zod';
import type { OnlineServiceCompletedInput } from '../__generated__/graphql';
import { SATISFACTION_CONFIG, type SatisfactionConfig } from '../config';
import { satisfactionPolicy as policy } from '../satisfaction.policy';
import { SERVICE_ACTOR } from '../service-actor';
import { validateAnswer, type FormInput, type SurveyDefinition } from '../survey/survey.rules';
import { SurveyStore, type SurveyRepository } from '../survey/survey.store';
import {
  answerInvitation,
  decideInvitation,
  DEFAULT_POLICY,
  expireInvitation,
  expiresOnOf,
  invitationIdFor,
  isOpen,
  issueInvitation,
  quietPeriodStart,
  type Invitation,
  type InvitationPolicy,
  type SurveyDueFacts,
} from './invitation.rules';
import { InvitationStore, type InvitationRepository } from './invitation.store';
import { pageEntryOf, SurveyPageIndex, type PageEntry } from './page-index';
import {
  ContactsRequesterDirectory,
  REQUESTER_DIRECTORY,
  type RequesterDirectory,
} from './requester-directory';
import { hashSurveyToken, looksLikeToken, newSurveyToken, sealToken, unsealToken } from './survey-token';

export type IssueResult =
  | { issued: true; invitation: Invitation; token: string }
  | { issued: false; reason: string; invitationId?: string };

export type SurveyPageState =
  | { state: 'invalid' }
  | { state: 'answered' | 'expired'; invitationId: string }
  | { state: 'pending'; invitationId: string; survey: SurveyDefinition };

export type AnswerOutcome =
  | SurveyPageState
  | {
      state: 'errors';
      invitationId: string;
      survey: SurveyDefinition;
      errors: { field: string; message: string }[];
      input: FormInput;
    }
  | { state: 'thanks'; invitation: Invitation };

export interface SurveyLinkView {
  invitationId: string;
  url: string;
  expiresAt: string;
}

/** What the deliverer (campaigns) gets for an invitation at send time. */
export type DeliveryLink =
  | { state: 'open'; link: SurveyLinkView & { expiresOn: string } }
  | { state: 'answered' | 'expired' | 'unknown' };

const OnlineServiceInput = z.object({
  sessionId: z.string().min(1).max(128),
  serviceCode: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/, 'codice in minuscolo con trattini bassi (snake_case)'),
  // required: a survey about nobody is a rating anybody could make up, and the quiet period needs a person
  requesterId: z
    .string({ error: 'indicare il richiedente che ha completato il servizio' })
    .regex(/^req_[A-Za-z0-9_-]{6,64}$/, 'identificativo del richiedente non valido (req_…)'),
  officeId: z.string().min(1).max(64).optional(),
  requesterIsStaff: z.boolean().optional(),
});

const WEB_FORM: Channel = 'web_form';
const bounded = (n: number | undefined) => Math.min(Math.max(n ?? 50, 1), 500);

/** Survey invitations: issue (after the rules), deliver the link, answer once by token, expire. */
@Injectable()
export class InvitationUseCases implements OnApplicationBootstrap {
  private readonly logger = new Logger(InvitationUseCases.name);
  readonly invitationPolicy: InvitationPolicy;
  /** Staff read ratings only as aggregates of at least this many answers (the survey page says so). */
  readonly minSample: number;
  private readonly sealSecret: string;
  private readonly requesters: RequesterDirectory;
  private scheduled = false;
  /** The page's hot read: token digest → what the page shows, without the store (see page-index.ts). */
  readonly pages = new SurveyPageIndex();

  constructor(
    @Inject(InvitationStore) private readonly invitations: InvitationRepository,
    @Inject(SurveyStore) private readonly surveys: SurveyRepository,
    private readonly kernel: ServiceKernel,
    private readonly tasks: PeriodicTasks,
    @Inject(SATISFACTION_CONFIG) private readonly config: SatisfactionConfig,
    @Optional() @Inject(REQUESTER_DIRECTORY) requesters?: RequesterDirectory,
  ) {
    this.requesters =
      requesters ?? new ContactsRequesterDirectory(config.CONTACTS_INTERNAL_URL, config.IDENTITY_SECRET);
    this.invitationPolicy = {
      ...DEFAULT_POLICY,
      samplingRate: config.SURVEY_SAMPLING_RATE,
      quietPeriodDays: config.SURVEY_QUIET_PERIOD_DAYS,
      validityDays: config.SURVEY_VALIDITY_DAYS,
    };
    this.sealSecret = config.SURVEY_TOKEN_SECRET ?? config.IDENTITY_SECRET;
    this.minSample = config.INDICATORS_MIN_SAMPLE;
  }

  onApplicationBootstrap(): void {
    if (this.scheduled) return; // hybrid apps bootstrap twice
    this.scheduled = true;
    // each instance closes what its page index holds (by `_id`, no scan); the store is read for the rest
    // far less often (a full read of the collection on FerretDB: every minute, it weighed on every service)
    this.tasks.every('survey-expiry', this.config.SURVEY_EXPIRY_SWEEP_MS, () => this.expireKnown(), {
      runAtStart: false,
      everyInstance: true,
    });
    this.tasks.every('survey-expiry-scan', this.config.SURVEY_EXPIRY_SCAN_MS, () => this.expireDue(), {
      runAtStart: false,
    });
    // in the background: until it is done, the page reads the store by `_id` as before
    void this.loadPages().catch((e) =>
      this.logger.warn(`survey page index not loaded (the page reads the store): ${(e as Error).message}`),
    );
  }

  /**
   * Fills the page index with every pending invitation (its token digest from its seal). Entries the
   * index already holds stay when further along (an answer written while this read ran).
   */
  async loadPages(): Promise<number> {
    const started = Date.now();
    let n = 0;
    for (const inv of await this.invitations.pendingSeals()) {
      if (!inv.tokenSealed) continue;
      let tokenHash: string;
      try {
        tokenHash = hashSurveyToken(unsealToken(inv.tokenSealed, this.sealSecret));
      } catch {
        continue; // sealed under another secret: the page finds it in the store
      }
      this.pages.put(tokenHash, {
        invitationId: inv.id,
        surveyId: inv.surveyId,
        expiresAt: inv.expiresAt,
        status: 'pending',
      });
      n++;
    }
    this.logger.log(`survey page index: ${n} pending invitation(s) in ${Date.now() - started} ms`);
    return n;
  }

  linkFor(token: string): string {
    const base = this.config.SURVEY_PUBLIC_BASE_URL ?? `http://127.0.0.1:${this.config.PORT}`;
    return `${base.replace(/\/$/, '')}/s/${token}`;
  }

  /**
   * Issues an invitation if the rules say so. Returns the plain token only to the caller (the portal that
   * shows the link at the end of an online service); events never carry it.
   */
  async issue(facts: SurveyDueFacts, ctx: UseCaseContext): Promise<IssueResult> {
    const decision = decideInvitation(facts, this.invitationPolicy, ctx.now);
    if (!decision.invite) return { issued: false, reason: decision.reason };
    const survey = await this.surveys.definition(decision.surveyId);
    if (!survey?.active) return { issued: false, reason: `survey ${decision.surveyId} is not active` };
    const { invitationId } = decision;
    if (
      facts.requesterId &&
      !(await this.invitations.claimRequester(
        facts.requesterId,
        invitationId,
        ctx.now,
        quietPeriodStart(ctx.now, this.invitationPolicy.quietPeriodDays),
      ))
    )
      return { issued: false, reason: 'requester surveyed recently', invitationId };

    const token = newSurveyToken();
    const tokenHash = hashSurveyToken(token);
    await this.invitations.saveToken(tokenHash, invitationId);
    const { state, events } = issueInvitation(
      null,
      {
        facts,
        invitationId,
        survey,
        expiresAt: decision.expiresAt,
        tokenSealed: sealToken(token, this.sealSecret),
        deliverBy: decision.deliverBy,
      },
      ctx,
    );
    // one invitation per rated subject: a redelivered or duplicated event finds it there
    const result = await this.invitations.commit({ previous: null, next: state, events, ifAbsent: true });
    if (result.status === 'duplicate') {
      await this.invitations.dropToken(tokenHash);
      return { issued: false, reason: 'already issued', invitationId };
    }
    this.pages.put(tokenHash, pageEntryOf(result.state));
    return { issued: true, invitation: result.state, token };
  }

  /** A reaction to another service's event: the context carries its correlation and trace. */
  async issueOnEvent(facts: SurveyDueFacts, event: CloudEvent): Promise<void> {
    const r = await this.issue(facts, this.kernel.reaction(event, SERVICE_ACTOR));
    if (!r.issued) this.logger.debug(`no survey for ${facts.trigger} ${facts.subjectId}: ${r.reason}`);
  }

  /**
   * The online service's own integration (a `service` identity, never a person: whoever holds the link can
   * answer, so staff who could call this could rate their own office) calls this when a citizen completes an
   * online service (AgID: rate it at the end). The requester must be one contacts knows (not anonymised).
   */
  async completeOnlineService(
    actor: Actor,
    input: OnlineServiceCompletedInput,
  ): Promise<{ issued: boolean; reason: string | null; link: SurveyLinkView | null }> {
    policy.authorize('invitation.completeOnlineService', actor);
    const cmd = parseInput(OnlineServiceInput, input);
    const known = await this.requesters.statusOf(cmd.requesterId);
    if (known !== 'known')
      throw DomainError.invalid(
        'input.requesterId',
        known === 'anonymised'
          ? 'il richiedente è stato anonimizzato: nessun questionario'
          : 'richiedente sconosciuto: registrarlo prima tra i richiedenti',
      );
    const ctx = this.kernel.context(actor);
    const r = await this.issue(
      {
        trigger: 'online_service',
        subjectId: cmd.sessionId,
        sourceEventId: `online-service:${cmd.sessionId}`,
        endedAt: ctx.now.toISOString(),
        requesterId: cmd.requesterId,
        requesterIsStaff: cmd.requesterIsStaff,
        channel: WEB_FORM,
        officeId: cmd.officeId,
        serviceCode: cmd.serviceCode,
      },
      ctx,
    );
    if (!r.issued) return { issued: false, reason: r.reason, link: null };
    return {
      issued: true,
      reason: null,
      link: {
        invitationId: r.invitation.id,
        url: this.linkFor(r.token),
        expiresAt: r.invitation.expiresAt.toISOString(),
      },
    };
  }

  /**
   * The link of a pending invitation, for a `service` identity only (a kiosk or portal integration that shows it
   * to the citizen): never to staff, who could answer in the citizen's place. Null once closed.
   */
  async link(actor: Actor, invitationId: string): Promise<SurveyLinkView | null> {
    policy.authorize('invitation.link', actor);
    const inv = await this.invitations.get(invitationId);
    if (!inv) return null;
    if (inv.status !== 'pending' || !inv.tokenSealed) return null;
    return {
      invitationId,
      url: this.linkFor(unsealToken(inv.tokenSealed, this.sealSecret)),
      expiresAt: inv.expiresAt.toISOString(),
    };
  }

  /**
   * The link, for the service that delivers it at send time (campaigns, after SurveyLinkDeliveryRequested):
   * a `service` identity only, never a person. Answered or expired: no link (an invitation past its last
   * day is closed on the way, SurveyExpired).
   */
  async deliveryLink(actor: Actor, invitationId: string): Promise<DeliveryLink> {
    policy.authorize('invitation.deliveryLink', actor);
    const inv = await this.invitations.get(invitationId);
    if (!inv) return { state: 'unknown' };
    if (inv.status === 'answered') return { state: 'answered' };
    const ctx = this.kernel.context(actor);
    const current = isOpen(inv, ctx.now) ? inv : await this.expire(inv.id, ctx);
    if (current.status !== 'pending' || !current.tokenSealed)
      return { state: current.status === 'answered' ? 'answered' : 'expired' };
    return {
      state: 'open',
      link: {
        invitationId,
        url: this.linkFor(unsealToken(current.tokenSealed, this.sealSecret)),
        expiresAt: current.expiresAt.toISOString(),
        expiresOn: expiresOnOf(current),
      },
    };
  }

  async one(actor: Actor, id: string): Promise<Invitation | null> {
    policy.authorize('invitation.read', actor);
    const inv = await this.invitations.get(id);
    if (inv) policy.authorize('invitation.read', actor, inv);
    return inv;
  }

  async list(
    actor: Actor,
    filter: { status?: string | null; trigger?: string | null; first?: number | null },
  ): Promise<Invitation[]> {
    policy.authorize('invitation.list', actor);
    const list = await this.invitations.list(
      { status: filter.status ?? undefined, trigger: filter.trigger ?? undefined },
      bounded(filter.first ?? undefined),
    );
    return policy.visible('invitation.list', actor, list);
  }

  /** The invitation about a contact closed at the first contact, or else the latest that followed it. */
  async ofContact(actor: Actor, contactId: string): Promise<Invitation | null> {
    const own = await this.one(actor, invitationIdFor('contact_closed', contactId));
    if (own) return own;
    const latest = await this.invitations.latestOfContact(contactId);
    if (latest) policy.authorize('invitation.read', actor, latest);
    return latest ?? null;
  }

  /**
   * What the public page shows for a token: from the page index (no store command for an invitation the
   * index holds), else from the store by `_id` (token digest, then invitation), which the index then keeps.
   */
  async open(token: string): Promise<SurveyPageState> {
    if (!looksLikeToken(token)) return { state: 'invalid' };
    const tokenHash = hashSurveyToken(token);
    const entry = this.pages.get(tokenHash) ?? (await this.readPage(tokenHash));
    if (!entry) return { state: 'invalid' };
    const invitationId = entry.invitationId;
    if (entry.status !== 'pending') return { state: entry.status, invitationId };
    const now = this.kernel.clock.now();
    if (entry.expiresAt < now) {
      const closed = await this.expire(invitationId, this.kernel.context(SERVICE_ACTOR));
      return { state: closed.status === 'answered' ? 'answered' : 'expired', invitationId };
    }
    const survey = await this.surveys.definition(entry.surveyId);
    if (!survey) return { state: 'invalid' };
    return { state: 'pending', invitationId, survey };
  }

  /** The page's facts from the store (the token digest, then the invitation), kept in the index. */
  private async readPage(tokenHash: string): Promise<PageEntry | undefined> {
    const id = await this.invitations.invitationIdOfToken(tokenHash);
    const invitation = id ? await this.invitations.get(id) : null;
    return invitation ? this.pages.put(tokenHash, pageEntryOf(invitation)) : undefined;
  }

  /** Accepts an answer once; invalid input comes back with one message per field. */
  async answer(token: string, input: FormInput): Promise<AnswerOutcome> {
    const opened = await this.open(token);
    if (opened.state !== 'pending') return opened;
    const { invitationId, survey } = opened;
    const checked = validateAnswer(survey, input);
    if (!checked.ok) return { state: 'errors', invitationId, survey, errors: checked.errors, input };
    // the citizen is anonymous: the single-use token is the credential
    const ctx = this.kernel.context(ANONYMOUS);
    policy.authorize('invitation.answer', ctx.actor);
    try {
      // a random answer id: the answer travels under it, unrelated to the invitation (nor ordered by time)
      const command = { answer: checked.answer, answerId: `ans_${randomUUID()}` };
      const answered = await execute(this.invitations, invitationId, answerInvitation, command, ctx, {
        notFound: 'il questionario',
      });
      this.pages.close(invitationId, 'answered');
      return { state: 'thanks', invitation: answered };
    } catch (e) {
      if (!isDomainError(e, 'CONFLICT')) throw e;
      // answered (or expired) meanwhile, here or by another instance: the store says which, the page says so
      const current = await this.invitations.get(invitationId);
      if (current && current.status !== 'pending') this.pages.close(invitationId, current.status);
      return this.open(token);
    }
  }

  private async expire(id: string, ctx: UseCaseContext): Promise<Invitation> {
    const closed = await execute(this.invitations, id, expireInvitation, undefined, ctx, {
      notFound: 'il questionario',
    });
    if (closed.status !== 'pending') this.pages.close(id, closed.status);
    return closed;
  }

  /**
   * Closes the invitations the page index holds as pending past their end (SurveyExpired), each by `_id`.
   * Several instances may close the same one: the second finds it expired and writes nothing.
   */
  async expireKnown(): Promise<number> {
    const ctx = this.kernel.context(SERVICE_ACTOR);
    let n = 0;
    for (const id of this.pages.pendingPast(ctx.now)) {
      try {
        if ((await this.expire(id, ctx)).status === 'expired') n++;
      } catch (e) {
        // gone from the store (a test database dropped): forget it; anything else waits for the next round
        if (!isDomainError(e, 'NOT_FOUND')) throw e;
        this.pages.close(id, 'expired');
      }
    }
    if (n) this.logger.log(`${n} survey invitation(s) expired`);
    return n;
  }

  /**
   * Closes every invitation the store holds as pending past its end (SurveyExpired: the response rate counts
   * them): the safety net for those no instance holds in its index. A read of the whole collection.
   */
  async expireDue(): Promise<number> {
    const ctx = this.kernel.context(SERVICE_ACTOR);
    let n = 0;
    for (const inv of await this.invitations.expired(ctx.now))
      if ((await this.expire(inv.id, ctx)).status === 'expired') n++;
    if (n) this.logger.log(`${n} survey invitation(s) expired`);
    return n;
  }
}
