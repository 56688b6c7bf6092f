import { Args, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, Roles, type Identity } from '@urp/auth';
import { invalidInput } from '@urp/platform';
import { z } from 'zod';
import { AudienceService } from '../audience/audience.service';
import { CAMPAIGNS_CONFIG, type CampaignsConfig } from '../config';
import { DeliveryRepository } from '../delivery/delivery.repository';
import { EffectService } from '../effect/effect.service';
import { BulletinService } from '../bulletin/bulletin.service';
import { Inject } from '@nestjs/common';
import { readability, stepDueTimes, type CampaignStatus } from './campaign.rules';
import type { CampaignDocument, StoredStep } from './campaign.schema';
import { CampaignService } from './campaign.service';

const iso = (d?: Date | string | null) => (d ? new Date(d).toISOString() : null);
const toReadability = (text: string) => {
  const r = readability(text);
  return { ...r, level: r.level.toUpperCase() };
};

const toGraphQL = (c: CampaignDocument) => ({
  id: c._id,
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
  _doc: c,
});
type CampaignView = ReturnType<typeof toGraphQL>;

const toRecipient = (requesterId: string, r: Awaited<ReturnType<AudienceService['recipient']>>) => ({
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

@Resolver('Campaign')
export class CampaignResolver {
  constructor(
    private readonly campaigns: CampaignService,
    private readonly audience: AudienceService,
    private readonly deliveries: DeliveryRepository,
    private readonly effect: EffectService,
    private readonly bulletins: BulletinService,
    @Inject(CAMPAIGNS_CONFIG) private readonly config: CampaignsConfig,
  ) {}

  @Query('campaign')
  @Roles('backoffice', 'manager', 'analyst')
  async campaign(@Args('id') id: string) {
    const c = await this.campaigns.find(id);
    return c && toGraphQL(c);
  }

  @Query('campaigns')
  @Roles('backoffice', 'manager', 'analyst')
  async list(@Args('status') status: CampaignStatus | undefined, @Args('first') first: number) {
    return (await this.campaigns.list(status, first ?? 20)).map(toGraphQL);
  }

  @Query('campaignReadability')
  @Roles('backoffice', 'manager')
  readability(@Args('text') text: string) {
    return toReadability(text);
  }

  @Query('electionBlackouts')
  @Roles('backoffice', 'manager', 'analyst')
  blackouts() {
    return this.config.ELECTION_BLACKOUTS;
  }

  /** Counts only, for every role that may see it: the identities of the audience never leave the service. */
  @Query('campaignSegmentPreview')
  @Roles('backoffice', 'manager', 'analyst')
  async preview(@Args('segment') segment: unknown, @Args('channel') channel: 'email' | 'sms' | 'io') {
    const p = await this.audience.preview(segment, channel);
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
  @Roles('manager')
  async deliveriesOf(
    @Args('campaignId') campaignId: string,
    @Args('status') status: string | undefined,
    @Args('first') first: number,
  ) {
    const list = await this.deliveries.list(campaignId, status, Math.min(Math.max(first ?? 50, 1), 500));
    return list.map((d) => ({
      id: d._id,
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
  @Roles('backoffice', 'manager', 'analyst')
  async effectOf(@Args('campaignId') id: string) {
    const c = await this.campaigns.find(id);
    return c && this.effect.report(c);
  }

  @Query('campaignRecipient')
  @Roles('operator', 'backoffice', 'manager')
  async recipient(@Args('requesterId') requesterId: string) {
    const r = await this.audience.recipient(requesterId);
    return r && toRecipient(requesterId, r);
  }

  // ---------------------------------------------------------------- mutations

  @Mutation('createCampaign')
  @Roles('backoffice', 'manager')
  async create(@Args('input') input: unknown, @CurrentIdentity() who: Identity) {
    return toGraphQL(await this.campaigns.create(input, who.sub));
  }

  @Mutation('updateCampaign')
  @Roles('backoffice', 'manager')
  async update(@Args('id') id: string, @Args('input') input: unknown, @CurrentIdentity() who: Identity) {
    return toGraphQL(await this.campaigns.update(id, input, who.sub));
  }

  @Mutation('submitCampaign')
  @Roles('backoffice', 'manager')
  async submit(@Args('id') id: string, @CurrentIdentity() who: Identity) {
    return toGraphQL(await this.campaigns.act(id, 'submit', who.sub));
  }

  @Mutation('approveCampaign')
  @Roles('backoffice', 'manager')
  async approve(
    @Args('id') id: string,
    @Args('blackoutJustification') justification: unknown,
    @CurrentIdentity() who: Identity,
  ) {
    return toGraphQL(await this.campaigns.act(id, 'approve', who.sub, { justification }));
  }

  @Mutation('rejectCampaign')
  @Roles('backoffice', 'manager')
  async reject(@Args('id') id: string, @Args('reason') reason: string, @CurrentIdentity() who: Identity) {
    if (!reason?.trim())
      throw invalidInput(
        new z.ZodError([{ code: 'custom', path: ['reason'], message: 'say why', input: reason }]),
      );
    return toGraphQL(await this.campaigns.act(id, 'reject', who.sub, { note: reason.slice(0, 2000) }));
  }

  @Mutation('scheduleCampaign')
  @Roles('backoffice', 'manager')
  async schedule(
    @Args('id') id: string,
    @Args('startsAt') startsAt: string | undefined,
    @CurrentIdentity() who: Identity,
  ) {
    return toGraphQL(await this.campaigns.act(id, 'schedule', who.sub, { startsAt: startsAt ?? undefined }));
  }

  @Mutation('unscheduleCampaign')
  @Roles('backoffice', 'manager')
  async unschedule(@Args('id') id: string, @CurrentIdentity() who: Identity) {
    return toGraphQL(await this.campaigns.act(id, 'unschedule', who.sub));
  }

  @Mutation('pauseCampaign')
  @Roles('backoffice', 'manager')
  async pause(@Args('id') id: string, @CurrentIdentity() who: Identity) {
    return toGraphQL(await this.campaigns.act(id, 'pause', who.sub));
  }

  @Mutation('resumeCampaign')
  @Roles('backoffice', 'manager')
  async resume(@Args('id') id: string, @CurrentIdentity() who: Identity) {
    return toGraphQL(await this.campaigns.act(id, 'resume', who.sub));
  }

  @Mutation('completeCampaign')
  @Roles('backoffice', 'manager')
  async complete(@Args('id') id: string, @CurrentIdentity() who: Identity) {
    return toGraphQL(await this.campaigns.act(id, 'complete', who.sub));
  }

  @Mutation('archiveCampaign')
  @Roles('backoffice', 'manager')
  async archive(@Args('id') id: string, @CurrentIdentity() who: Identity) {
    return toGraphQL(await this.campaigns.act(id, 'archive', who.sub));
  }

  @Mutation('recordCampaignConsent')
  @Roles('operator', 'backoffice')
  async consent(@Args('input') input: Record<string, unknown>, @CurrentIdentity() who: Identity) {
    await this.audience.recordConsent(normaliseConsent(input), true, who.sub);
    return toRecipient(String(input.requesterId), await this.audience.recipient(String(input.requesterId)));
  }

  @Mutation('withdrawCampaignConsent')
  @Roles('operator', 'backoffice')
  async withdraw(@Args('input') input: Record<string, unknown>, @CurrentIdentity() who: Identity) {
    await this.audience.recordConsent(normaliseConsent(input), false, who.sub);
    return toRecipient(String(input.requesterId), await this.audience.recipient(String(input.requesterId)));
  }

  @Mutation('setDoNotContact')
  @Roles('operator', 'backoffice', 'manager')
  async dnc(
    @Args('requesterId') requesterId: string,
    @Args('doNotContact') on: boolean,
    @Args('reason') reason: string,
    @CurrentIdentity() who: Identity,
  ) {
    await this.audience.setDoNotContact(requesterId, on, reason.slice(0, 500), who.sub);
    return toRecipient(requesterId, await this.audience.recipient(requesterId));
  }

  @Mutation('sendWeeklyBulletins')
  @Roles('backoffice', 'manager')
  async bulletinsRun(@Args('periodEnd') periodEnd: string | undefined) {
    let end = new Date();
    if (periodEnd) {
      const p = z.iso.datetime({ offset: true }).safeParse(periodEnd);
      if (!p.success)
        throw invalidInput(new z.ZodError(p.error.issues.map((i) => ({ ...i, path: ['periodEnd'] }))));
      end = new Date(p.data);
    }
    return this.bulletins.sendWeekly(end);
  }

  // ---------------------------------------------------------------- fields

  @ResolveField('steps')
  async steps(@Parent() c: CampaignView) {
    const doc = c._doc;
    const runs = await this.campaigns.runsOf(doc);
    const due = doc.launchedAt ? stepDueTimes(new Date(doc.launchedAt), doc.steps) : [];
    return doc.steps.map((s: StoredStep, i: number) => ({
      ...s,
      subject: s.subject ?? null,
      links: s.links ?? [],
      readability: toReadability(`${s.subject ?? ''}\n\n${s.body}`),
      dueAt: iso(due[i]),
      progress: runs[i]
        ? { ...runs[i], startedAt: iso(runs[i]!.startedAt), completedAt: iso(runs[i]!.completedAt) }
        : null,
    }));
  }

  @ResolveField('deliveryStats')
  async stats(@Parent() c: CampaignView) {
    const s = await this.deliveries.stats(c.id);
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
  @Roles('backoffice', 'manager', 'analyst')
  effectField(@Parent() c: CampaignView) {
    return this.effect.report(c._doc);
  }

  @ResolveReference()
  async resolveReference(ref: { id: string }) {
    const c = await this.campaigns.find(ref.id);
    return c && toGraphQL(c);
  }
}

/** GraphQL gives purposes as CAMPAIGNS / SEGMENT_AREA; the domain uses lowercase codes. */
function normaliseConsent(input: Record<string, unknown>) {
  return {
    ...input,
    purpose: typeof input.purpose === 'string' ? input.purpose.toLowerCase() : input.purpose,
  };
}
