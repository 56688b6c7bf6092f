import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  execute,
  parseInput,
  ServiceKernel,
  type Actor,
  type AggregateStore,
} from '@urp/kernel';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { campaignsPolicy } from '../campaigns.policy';
import { CAMPAIGNS_CONFIG, type CampaignsConfig } from '../config';
import { DeliveryEngine } from '../delivery/delivery.engine';
import { extractLinks } from '../delivery/tracking';
import type { CampaignInput as CampaignInputArgs } from '../__generated__/graphql';
import type { RunTotals } from './campaign.events';
import { CampaignInput, JustificationInput } from './campaign.input';
import {
  actOnCampaign,
  createCampaign,
  editCampaign,
  type ActCommand,
  type Campaign,
  type CampaignContent,
  type CampaignStatus,
  type StoredStep,
} from './campaign.rules';
import { CampaignStore, StepRunStore } from './campaign.store';

const Instant = z.iso.datetime({
  offset: true,
  message: 'data e ora ISO-8601 con fuso, per esempio 2026-11-02T09:00:00+01:00',
});

/** Editing and the life cycle of campaigns, as people do them. */
@Injectable()
export class CampaignUseCases {
  constructor(
    @Inject(CAMPAIGNS_CONFIG) private readonly config: Pick<CampaignsConfig, 'ELECTION_BLACKOUTS'>,
    @Inject(CampaignStore) private readonly campaigns: AggregateStore<Campaign> & Pick<CampaignStore, 'list'>,
    @Inject(StepRunStore) private readonly runs: Pick<StepRunStore, 'runsOf'>,
    @Inject(DeliveryEngine) private readonly engine: Pick<DeliveryEngine, 'channels'>,
    private readonly kernel: ServiceKernel,
  ) {}

  async create(actor: Actor, raw: CampaignInputArgs): Promise<Campaign> {
    campaignsPolicy.authorize('campaign.create', actor);
    const content = this.content(raw);
    const id = `cmp_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
    return execute(
      this.campaigns,
      id,
      (_s, c: CampaignContent, ctx) => createCampaign(id, c, ctx),
      content,
      this.kernel.context(actor),
    );
  }

  /** `expectedRevision`: the revision the editor loaded; if someone saved meanwhile, CONFLICT (nothing overwritten). */
  async update(
    actor: Actor,
    id: string,
    raw: CampaignInputArgs,
    expectedRevision?: number | null,
  ): Promise<Campaign> {
    campaignsPolicy.authorize('campaign.update', actor); // refused callers learn nothing (not even bad input)
    const content = this.content(raw);
    return execute(
      this.campaigns,
      id,
      (c, cmd: CampaignContent, ctx) => editCampaign(c!, cmd, ctx),
      content,
      this.kernel.context(actor),
      {
        notFound: `la campagna ${id}`,
        authorize: (c) => c && campaignsPolicy.authorize('campaign.update', actor, c),
        ...(expectedRevision !== undefined && expectedRevision !== null ? { expectedRevision } : {}),
      },
    );
  }

  async act(
    actor: Actor,
    id: string,
    action: ActCommand['action'],
    extra: { note?: string; startsAt?: string | null; justification?: unknown } = {},
  ): Promise<Campaign> {
    campaignsPolicy.authorize(`campaign.${action}`, actor); // before any lookup or input check
    const startsAt = extra.startsAt ? new Date(parseInput(Instant, extra.startsAt, 'startsAt')) : undefined;
    const justification =
      extra.justification !== undefined && extra.justification !== null
        ? parseInput(JustificationInput, extra.justification, 'blackoutJustification')
        : undefined;
    const totals = action === 'complete' ? await this.totals(id) : { sent: 0, bounced: 0 };
    const command: ActCommand = {
      action,
      ...(extra.note ? { note: extra.note } : {}),
      ...(startsAt ? { startsAt } : {}),
      ...(justification ? { justification } : {}),
      blackouts: this.config.ELECTION_BLACKOUTS,
      totals,
    };
    return execute(
      this.campaigns,
      id,
      (c, cmd: ActCommand, ctx) => actOnCampaign(c!, cmd, ctx),
      command,
      this.kernel.context(actor),
      {
        notFound: `la campagna ${id}`,
        authorize: (c) => c && campaignsPolicy.authorize(`campaign.${action}`, actor, c),
      },
    );
  }

  async get(actor: Actor, id: string): Promise<Campaign | null> {
    campaignsPolicy.authorize('campaign.read', actor);
    return this.campaigns.get(id);
  }

  async list(actor: Actor, status: CampaignStatus | undefined, first: number): Promise<Campaign[]> {
    campaignsPolicy.authorize('campaign.read', actor);
    return this.campaigns.list(status, Math.min(Math.max(first, 1), 200));
  }

  /** A federation reference from another subgraph: the gateway already checked who may see the parent. */
  find(id: string): Promise<Campaign | null> {
    return this.campaigns.get(id);
  }

  runsOf(c: Campaign) {
    return this.runs.runsOf(c);
  }

  async totals(id: string): Promise<RunTotals> {
    const c = await this.campaigns.get(id);
    if (!c) return { sent: 0, bounced: 0 };
    const runs = await this.runs.runsOf(c);
    return {
      sent: runs.reduce((n, r) => n + (r?.sent ?? 0), 0),
      bounced: runs.reduce((n, r) => n + (r?.bounced ?? 0), 0),
    };
  }

  /** Validated content; a step on a channel with no adapter configured is a field error. */
  private content(raw: CampaignInputArgs): CampaignContent {
    const input = parseInput(CampaignInput, raw);
    const available = this.engine.channels();
    const fields: Record<string, string> = {};
    input.steps.forEach((s, i) => {
      if (!available.includes(s.channel))
        fields[`input.steps.${i}.channel`] = `nessun adattatore ${s.channel} è configurato`;
    });
    if (Object.keys(fields).length) throw DomainError.invalidFields(fields);
    const steps: StoredStep[] = input.steps.map((s, i) => ({
      stepId: `s${i + 1}`,
      channel: s.channel,
      waitHours: s.waitHours,
      ...(s.subject ? { subject: s.subject } : {}),
      body: s.body,
      links: extractLinks(s.body).map((url, j) => {
        const sheetId = input.sheetIds.find((sid) => url.includes(sid));
        return { linkId: `l${j + 1}`, url, ...(sheetId ? { sheetId } : {}) };
      }),
    }));
    return {
      title: input.title,
      goal: input.goal,
      topics: input.topics,
      sheetIds: input.sheetIds,
      segment: input.segment,
      steps,
      startsAt: new Date(input.startsAt),
      ...(input.endsAt ? { endsAt: new Date(input.endsAt) } : {}),
      ...(input.ownerId ? { ownerId: input.ownerId } : {}),
      ...(input.blackoutJustification ? { blackoutJustification: input.blackoutJustification } : {}),
    };
  }
}
