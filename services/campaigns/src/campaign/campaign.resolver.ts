import { Inject } from '@nestjs/common';
import { Args, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, type Identity } from '@urp/auth';
import { DomainError, parseInput } from '@urp/kernel';
import { z } from 'zod';
import type {
  MutationApproveCampaignArgs,
  MutationArchiveCampaignArgs,
  MutationCompleteCampaignArgs,
  MutationCreateCampaignArgs,
  MutationPauseCampaignArgs,
  MutationRecordCampaignConsentArgs,
  MutationRejectCampaignArgs,
  MutationResumeCampaignArgs,
  MutationScheduleCampaignArgs,
  MutationSendWeeklyBulletinsArgs,
  MutationSetDoNotContactArgs,
  MutationSubmitCampaignArgs,
  MutationUnscheduleCampaignArgs,
  MutationUpdateCampaignArgs,
  MutationWithdrawCampaignConsentArgs,
  QueryCampaignArgs,
  QueryCampaignDeliveriesArgs,
  QueryCampaignEffectArgs,
  QueryCampaignReadabilityArgs,
  QueryCampaignRecipientArgs,
  QueryCampaignSegmentPreviewArgs,
  QueryCampaignsArgs,
} from '../__generated__/graphql';
import { AudienceUseCases } from '../audience/audience.use-cases';
import type { Recipient } from '../audience/recipient.store';
import { BulletinUseCases } from '../bulletin/bulletin.use-cases';
import { campaignsPolicy } from '../campaigns.policy';
import { CAMPAIGNS_CONFIG, type CampaignsConfig } from '../config';
import { DeliveryStore } from '../delivery/delivery.store';
import { EffectUseCases } from '../effect/effect.use-cases';
import { stepDueTimes, type Campaign } from './campaign.rules';
import { CampaignScheduler } from './campaign.scheduler';
import { CampaignUseCases } from './campaign.use-cases';
import { readability } from './readability.rules';

const iso = (d?: Date | string | null) => (d ? new Date(d).toISOString() : null);
const toReadability = (text: string) => {
  const r = readability(text);
  return { ...r, level: r.level.toUpperCase() };
};

const toGraphQL = (c: Campaign) => ({
  id: c.id,
  revision: c.revision,
  title: c.title,
  goal: c.goal,
  topics: c.topics,
  sheetIds: c.sheetIds,
  channels: [...new Set(c.steps.map((s) => s.channel))],
  segment: {
    topics: c.segment?.topics ?? [],
    areas: c.segment?.areas ?? [],
    servicesUsed: c.segment?.servicesUsed ?? [],
  },
  startsAt: iso(c.startsAt),
  endsAt: iso(c.endsAt),
  ownerId: c.ownerId,
  authorId: c.authorId,
  status: c.status,
  approvedBy: c.approvedBy ?? null,
  approvedAt: iso(c.approvedAt),
  launchedAt: iso(c.launchedAt),
  completedAt: iso(c.completedAt),
  blackoutJustification: c.blackoutJustification
    ? {
        ...c.blackoutJustification,
        recordedAt: iso(c.blackoutJustification.recordedAt),
        periods: c.blackoutJustification.periods ?? [],
      }
    : null,
  history: c.history.map((h) => ({ ...h, at: iso(h.at) })),
  createdAt: iso(c.createdAt),
  updatedAt: iso(c.updatedAt),
  _campaign: c,
});
type CampaignView = ReturnType<typeof toGraphQL>;

const toRecipient = (requesterId: string, r: Recipient | null) => ({
  requesterId,
  consents: Object.entries(r?.consents ?? {}).map(([key, c]) => {
    const [channel, ...purpose] = key.split('_');
    return {
      channel,
      purpose: purpose.join('_').toUpperCase(),
      given: c.given,
      at: c.at,
      source: c.source,
      topics: c.topics ?? [],
      area: c.area ?? null,
    };
  }),
  doNotContact: !!r?.doNotContact,
  anonymised: !!r?.anonymisedAt,
});

/** GraphQL gives purposes as CAMPAIGNS / SEGMENT_AREA; the domain uses lowercase codes. */
const normaliseConsent = (input: MutationRecordCampaignConsentArgs['input']) => ({
  ...input,
  purpose: input.purpose.toLowerCase(),
});

const Instant = z.iso.datetime({ offset: true, message: 'data e ora ISO-8601 con fuso' });

@Resolver('Campaign')
export class CampaignResolver {
  constructor(
    private readonly campaigns: CampaignUseCases,
    private readonly scheduler: CampaignScheduler,
    private readonly audience: AudienceUseCases,
    private readonly deliveries: DeliveryStore,
    private readonly effect: EffectUseCases,
    private readonly bulletins: BulletinUseCases,
    @Inject(CAMPAIGNS_CONFIG) private readonly config: CampaignsConfig,
  ) {}

  @Query('campaign')
  async campaign(@CurrentIdentity() who: Identity, @Args() args: QueryCampaignArgs) {
    const c = await this.campaigns.get(who, args.id);
    return c && toGraphQL(c);
  }

  @Query('campaigns')
  async list(@CurrentIdentity() who: Identity, @Args() args: QueryCampaignsArgs) {
    return (await this.campaigns.list(who, args.status ?? undefined, args.first ?? 20)).map(toGraphQL);
  }

  @Query('campaignReadability')
  readability(@CurrentIdentity() who: Identity, @Args() args: QueryCampaignReadabilityArgs) {
    campaignsPolicy.authorize('campaign.readability', who);
    return toReadability(args.text);
  }

  @Query('electionBlackouts')
  blackouts(@CurrentIdentity() who: Identity) {
    campaignsPolicy.authorize('campaign.blackouts', who);
    return this.config.ELECTION_BLACKOUTS;
  }

  /** Counts only, for every role that may see it: the identities of the audience never leave the service. */
  @Query('campaignSegmentPreview')
  async preview(@CurrentIdentity() who: Identity, @Args() args: QueryCampaignSegmentPreviewArgs) {
    const p = await this.audience.preview(who, args.segment, args.channel);
    return {
      count: p.count,
      consenting: p.consenting,
      excludedDoNotContact: p.excluded.do_not_contact,
      excludedAnonymised: p.excluded.anonymised,
      excludedNotInSegment: p.excluded.not_in_segment,
    };
  }

  /** Per-recipient status (pseudonymous ids): only roles with personal-data rights. */
  @Query('campaignDeliveries')
  async deliveriesOf(@CurrentIdentity() who: Identity, @Args() args: QueryCampaignDeliveriesArgs) {
    campaignsPolicy.authorize('campaign.deliveries', who);
    const first = Math.min(Math.max(args.first ?? 50, 1), 500);
    const list = await this.deliveries.list(args.campaignId, args.status ?? undefined, first);
    return list.map((d) => ({
      id: d.id,
      stepId: d.stepId,
      requesterId: d.requesterId,
      channel: d.channel,
      status: d.status,
      queuedAt: iso(d.queuedAt),
      deliveredAt: iso(d.deliveredAt),
      openedAt: iso(d.openedAt),
      clickedAt: iso(d.clickedAt),
      bouncedAt: iso(d.bouncedAt),
      unsubscribedAt: iso(d.unsubscribedAt),
      error: d.error ?? null,
    }));
  }

  @Query('campaignEffect')
  async effectOf(@CurrentIdentity() who: Identity, @Args() args: QueryCampaignEffectArgs) {
    campaignsPolicy.authorize('campaign.effect', who);
    const c = await this.campaigns.get(who, args.campaignId);
    return c && this.effect.report(who, c);
  }

  @Query('campaignRecipient')
  async recipient(@CurrentIdentity() who: Identity, @Args() args: QueryCampaignRecipientArgs) {
    const r = await this.audience.recipient(who, args.requesterId);
    return r && toRecipient(args.requesterId, r);
  }

  // ---------------------------------------------------------------- mutations

  @Mutation('createCampaign')
  async create(@CurrentIdentity() who: Identity, @Args() args: MutationCreateCampaignArgs) {
    return toGraphQL(await this.campaigns.create(who, args.input));
  }

  @Mutation('updateCampaign')
  async update(@CurrentIdentity() who: Identity, @Args() args: MutationUpdateCampaignArgs) {
    return toGraphQL(await this.campaigns.update(who, args.id, args.input, args.expectedRevision));
  }

  @Mutation('submitCampaign')
  async submit(@CurrentIdentity() who: Identity, @Args() args: MutationSubmitCampaignArgs) {
    return toGraphQL(await this.campaigns.act(who, args.id, 'submit'));
  }

  @Mutation('approveCampaign')
  async approve(@CurrentIdentity() who: Identity, @Args() args: MutationApproveCampaignArgs) {
    return toGraphQL(
      await this.campaigns.act(who, args.id, 'approve', { justification: args.blackoutJustification }),
    );
  }

  @Mutation('rejectCampaign')
  async reject(@CurrentIdentity() who: Identity, @Args() args: MutationRejectCampaignArgs) {
    campaignsPolicy.authorize('campaign.reject', who);
    if (!args.reason.trim()) throw DomainError.invalid('reason', 'spiega perché la respingi');
    return toGraphQL(await this.campaigns.act(who, args.id, 'reject', { note: args.reason.slice(0, 2000) }));
  }

  @Mutation('scheduleCampaign')
  async schedule(@CurrentIdentity() who: Identity, @Args() args: MutationScheduleCampaignArgs) {
    const c = await this.campaigns.act(who, args.id, 'schedule', { startsAt: args.startsAt });
    this.scheduler.kick();
    return toGraphQL(c);
  }

  @Mutation('unscheduleCampaign')
  async unschedule(@CurrentIdentity() who: Identity, @Args() args: MutationUnscheduleCampaignArgs) {
    return toGraphQL(await this.campaigns.act(who, args.id, 'unschedule'));
  }

  @Mutation('pauseCampaign')
  async pause(@CurrentIdentity() who: Identity, @Args() args: MutationPauseCampaignArgs) {
    return toGraphQL(await this.campaigns.act(who, args.id, 'pause'));
  }

  @Mutation('resumeCampaign')
  async resume(@CurrentIdentity() who: Identity, @Args() args: MutationResumeCampaignArgs) {
    const c = await this.campaigns.act(who, args.id, 'resume');
    this.scheduler.kick();
    return toGraphQL(c);
  }

  @Mutation('completeCampaign')
  async complete(@CurrentIdentity() who: Identity, @Args() args: MutationCompleteCampaignArgs) {
    return toGraphQL(await this.campaigns.act(who, args.id, 'complete'));
  }

  @Mutation('archiveCampaign')
  async archive(@CurrentIdentity() who: Identity, @Args() args: MutationArchiveCampaignArgs) {
    return toGraphQL(await this.campaigns.act(who, args.id, 'archive'));
  }

  @Mutation('recordCampaignConsent')
  async consent(@CurrentIdentity() who: Identity, @Args() args: MutationRecordCampaignConsentArgs) {
    const r = await this.audience.recordConsent(who, normaliseConsent(args.input), true);
    return toRecipient(r.id, r);
  }

  @Mutation('withdrawCampaignConsent')
  async withdraw(@CurrentIdentity() who: Identity, @Args() args: MutationWithdrawCampaignConsentArgs) {
    const r = await this.audience.recordConsent(who, normaliseConsent(args.input), false);
    return toRecipient(r.id, r);
  }

  @Mutation('setDoNotContact')
  async dnc(@CurrentIdentity() who: Identity, @Args() args: MutationSetDoNotContactArgs) {
    const r = await this.audience.setDoNotContact(who, args.requesterId, args.doNotContact, args.reason);
    return toRecipient(r.id, r);
  }

  @Mutation('sendWeeklyBulletins')
  async bulletinsRun(@CurrentIdentity() who: Identity, @Args() args: MutationSendWeeklyBulletinsArgs) {
    campaignsPolicy.authorize('bulletin.send', who);
    const end = args.periodEnd ? new Date(parseInput(Instant, args.periodEnd, 'periodEnd')) : new Date();
    return this.bulletins.run(who, end);
  }

  // ---------------------------------------------------------------- fields

  @ResolveField('steps')
  async steps(@Parent() view: CampaignView) {
    const c = view._campaign;
    const runs = await this.campaigns.runsOf(c);
    const due = c.launchedAt ? stepDueTimes(c.launchedAt, c.steps) : [];
    return c.steps.map((s, i) => {
      const run = runs[i];
      return {
        ...s,
        subject: s.subject ?? null,
        links: s.links ?? [],
        readability: toReadability(`${s.subject ?? ''}\n\n${s.body}`),
        dueAt: iso(due[i]),
        progress: run ? { ...run, startedAt: iso(run.startedAt), completedAt: iso(run.completedAt) } : null,
      };
    });
  }

  @ResolveField('deliveryStats')
  async stats(@Parent() view: CampaignView) {
    const s = await this.deliveries.stats(view.id);
    return {
      queued: s.queued ?? 0,
      sent: s.sent ?? 0,
      delivered: s.everDelivered ?? 0,
      bounced: s.bounced ?? 0,
      opened: s.everOpened ?? 0,
      clicked: s.everClicked ?? 0,
      unsubscribed: s.everUnsubscribed ?? 0,
    };
  }

  @ResolveField('effect')
  effectField(@CurrentIdentity() who: Identity, @Parent() view: CampaignView) {
    return this.effect.report(who, view._campaign);
  }

  @ResolveReference()
  async resolveReference(ref: { id: string }) {
    const c = await this.campaigns.find(ref.id);
    return c && toGraphQL(c);
  }
}
