import {
  CampaignApprovedV1,
  CampaignCompletedV1,
  CampaignLaunchedV1,
  CampaignStepSentV1,
} from '@urp/contracts';
import { emit, type UseCaseContext } from '@urp/kernel';
import type { Campaign } from './campaign.rules';

/** What the steps of a campaign have done so far (from the step runs). */
export interface RunTotals {
  sent: number;
  bounced: number;
}

const channelsOf = (c: Campaign) => [...new Set(c.steps.map((s) => s.channel))];

export const approvedEvent = (c: Campaign, ctx: UseCaseContext) =>
  emit(ctx, CampaignApprovedV1, c.id, {
    campaignId: c.id,
    title: c.title,
    topics: c.topics,
    sheetIds: c.sheetIds,
    channels: channelsOf(c),
    authorId: c.authorId,
    approvedBy: c.approvedBy ?? ctx.actor.sub,
    approvedAt: ctx.now.toISOString(),
    startsAt: c.startsAt.toISOString(),
    endsAt: c.endsAt?.toISOString(),
    ...(c.blackoutJustification ? { blackoutJustification: c.blackoutJustification.reason } : {}),
  });

export const launchedEvent = (c: Campaign, ctx: UseCaseContext) =>
  emit(ctx, CampaignLaunchedV1, c.id, {
    campaignId: c.id,
    topics: c.topics,
    sheetIds: c.sheetIds,
    channels: channelsOf(c),
    steps: c.steps.length,
    launchedAt: ctx.now.toISOString(),
  });

export const stepSentEvent = (
  c: Campaign,
  index: number,
  run: RunTotals & { recipients: number; skipped: number; startedAt: Date },
  ctx: UseCaseContext,
) => {
  const step = c.steps[index];
  return emit(ctx, CampaignStepSentV1, c.id, {
    campaignId: c.id,
    stepId: step.stepId,
    stepIndex: index,
    channel: step.channel,
    recipients: run.recipients,
    sent: run.sent,
    bounced: run.bounced,
    skipped: run.skipped,
    startedAt: run.startedAt.toISOString(),
    completedAt: ctx.now.toISOString(),
  });
};

export const completedEvent = (
  c: Campaign,
  totals: RunTotals,
  reason: 'all_steps_sent' | 'stopped',
  ctx: UseCaseContext,
) =>
  emit(ctx, CampaignCompletedV1, c.id, {
    campaignId: c.id,
    completedAt: ctx.now.toISOString(),
    deliveries: totals.sent,
    bounced: totals.bounced,
    reason,
  });
