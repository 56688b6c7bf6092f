import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  CampaignApprovedV1,
  CampaignCompletedV1,
  CampaignLaunchedV1,
  CampaignStepSentV1,
  createEvent,
  type CloudEvent,
} from '@urp/contracts';
import { conflict, invalidInput, notFound } from '@urp/platform';
import { GraphQLError } from 'graphql';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CAMPAIGNS_CONFIG, SOURCE, type CampaignsConfig } from '../config';
import { DeliveryEngine } from '../delivery/delivery.engine';
import { extractLinks } from '../delivery/tracking';
import { CampaignInput, JustificationInput } from './campaign.input';
import { CampaignRepository } from './campaign.repository';
import {
  campaignWindow,
  checkBlackout,
  isEditable,
  stepDueTimes,
  transition,
  type CampaignAction,
  type CampaignStatus,
} from './campaign.rules';
import type { CampaignDocument, StoredStep } from './campaign.schema';

const ev = <T extends Parameters<typeof createEvent>[0]>(
  def: T,
  id: string,
  data: Parameters<typeof createEvent<T>>[2],
) => createEvent(def, id, data, { source: SOURCE });

const iso = (d?: Date | null) => (d ? new Date(d).toISOString() : undefined);

@Injectable()
export class CampaignService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CampaignService.name);
  private readonly owner = `runner-${randomUUID()}`;
  private readonly running = new Map<string, Promise<void>>();
  private timer?: NodeJS.Timeout;
  private ticking = false;
  private stopping = false;

  constructor(
    @Inject(CAMPAIGNS_CONFIG) private readonly config: CampaignsConfig,
    private readonly campaigns: CampaignRepository,
    private readonly engine: DeliveryEngine,
  ) {}

  // ---------------------------------------------------------------- editing

  async create(raw: unknown, who: string): Promise<CampaignDocument> {
    const input = this.parse(raw);
    const now = new Date();
    const doc: CampaignDocument = {
      _id: `cmp_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
      ...this.fields(input, who),
      authorId: who,
      ownerId: input.ownerId ?? who,
      status: 'draft',
      nextStep: 0,
      history: [{ action: 'create', by: who, at: now }],
      createdAt: now,
      updatedAt: now,
    };
    await this.campaigns.insert(doc);
    return doc;
  }

  async update(id: string, raw: unknown, who: string): Promise<CampaignDocument> {
    const input = this.parse(raw);
    const current = await this.get(id);
    if (!isEditable(current.status))
      throw conflict(
        `only a draft can be edited; this campaign is ${current.status} (reject it back to draft first)`,
      );
    const ok = await this.campaigns.update(id, 'draft', {
      $set: { ...this.fields(input, who), ownerId: input.ownerId ?? current.ownerId, updatedAt: new Date() },
      $push: { history: { action: 'edit', by: who, at: new Date() } },
    });
    if (!ok) throw conflict('the campaign changed meanwhile: reload it');
    return this.get(id);
  }

  private parse(raw: unknown): CampaignInput {
    const parsed = CampaignInput.safeParse(raw);
    if (!parsed.success) throw invalidInput(parsed.error, 'invalid campaign');
    const available = this.engine.channels();
    const issues = parsed.data.steps.flatMap((s, i) =>
      available.includes(s.channel)
        ? []
        : [
            {
              code: 'custom' as const,
              path: ['steps', i, 'channel'],
              message: `no ${s.channel} adapter is configured`,
              input: s.channel,
            },
          ],
    );
    if (issues.length) throw invalidInput(new z.ZodError(issues), 'invalid campaign');
    return parsed.data;
  }

  private fields(input: CampaignInput, who: string) {
    const steps: StoredStep[] = input.steps.map((s, i) => ({
      stepId: `s${i + 1}`,
      channel: s.channel,
      waitHours: s.waitHours,
      subject: s.subject,
      body: s.body,
      links: extractLinks(s.body).map((url, j) => ({
        linkId: `l${j + 1}`,
        url,
        sheetId: input.sheetIds.find((sid) => url.includes(sid)),
      })),
    }));
    return {
      title: input.title,
      goal: input.goal,
      topics: input.topics,
      sheetIds: input.sheetIds,
      segment: input.segment,
      steps,
      startsAt: new Date(input.startsAt),
      endsAt: input.endsAt ? new Date(input.endsAt) : undefined,
      blackoutJustification: input.blackoutJustification
        ? { ...input.blackoutJustification, recordedBy: who, recordedAt: new Date() }
        : null,
    };
  }

  async get(id: string): Promise<CampaignDocument> {
    const c = await this.campaigns.findById(id);
    if (!c) throw notFound(`campaign ${id}`);
    return c;
  }

  find(id: string) {
    return this.campaigns.findById(id);
  }

  list(status: CampaignStatus | undefined, first: number) {
    return this.campaigns.list(status, Math.min(Math.max(first, 1), 200));
  }

  runsOf(c: CampaignDocument) {
    return this.campaigns.runsOf(
      c._id,
      c.steps.map((s) => s.stepId),
    );
  }

  // ---------------------------------------------------------------- life cycle

  /** L. 28/2000 art. 9: refused inside a blackout unless impersonal and indispensable (the justification is kept). */
  private assertBlackout(c: CampaignDocument, startsAt = new Date(c.startsAt)) {
    const w = campaignWindow(startsAt, c.endsAt ? new Date(c.endsAt) : undefined, c.steps);
    const d = checkBlackout(this.config.ELECTION_BLACKOUTS, w.start, w.end, c.blackoutJustification);
    if (!d.ok)
      throw new GraphQLError(d.error, {
        extensions: { code: 'BAD_USER_INPUT', fields: { blackoutJustification: d.error } },
      });
    return d.value;
  }

  async act(
    id: string,
    action: Exclude<CampaignAction, 'launch'>,
    who: string,
    extra: { note?: string; startsAt?: string; justification?: unknown } = {},
  ): Promise<CampaignDocument> {
    const c = await this.get(id);
    const next = transition(c.status, action, { actorId: who, authorId: c.authorId });
    if (!next.ok) throw conflict(next.error);
    const now = new Date();
    const set: Record<string, unknown> = { status: next.value, updatedAt: now };
    const events: CloudEvent[] = [];
    if (action === 'schedule' && extra.startsAt !== undefined) {
      const parsed = z.iso.datetime({ offset: true }).safeParse(extra.startsAt);
      if (!parsed.success)
        throw invalidInput(new z.ZodError(parsed.error.issues.map((i) => ({ ...i, path: ['startsAt'] }))));
      set.startsAt = new Date(parsed.data);
    }
    if (extra.justification !== undefined && extra.justification !== null) {
      const j = JustificationInput.safeParse(extra.justification);
      if (!j.success) throw invalidInput(j.error, 'invalid blackout justification');
      c.blackoutJustification = { ...j.data, recordedBy: who, recordedAt: now };
      set.blackoutJustification = c.blackoutJustification;
    }
    if (['submit', 'approve', 'schedule'].includes(action)) {
      const b = this.assertBlackout(c, (set.startsAt as Date | undefined) ?? new Date(c.startsAt));
      if (b.justified && c.blackoutJustification) {
        c.blackoutJustification.periods = b.periods.map((p) => p.label);
        set.blackoutJustification = c.blackoutJustification;
      }
    }
    if (action === 'approve') {
      set.approvedBy = who;
      set.approvedAt = now;
      events.push(
        ev(CampaignApprovedV1, c._id, {
          campaignId: c._id,
          title: c.title,
          topics: c.topics,
          sheetIds: c.sheetIds,
          channels: [...new Set(c.steps.map((s) => s.channel))],
          authorId: c.authorId,
          approvedBy: who,
          approvedAt: now.toISOString(),
          startsAt: iso(c.startsAt),
          endsAt: iso(c.endsAt),
          ...(c.blackoutJustification ? { blackoutJustification: c.blackoutJustification.reason } : {}),
        }),
      );
    }
    if (action === 'complete') {
      set.completedAt = now;
      events.push(await this.completedEvent(c, now, 'stopped'));
    }
    const ok = await this.campaigns.update(
      id,
      c.status,
      {
        $set: set,
        $push: { history: { action, by: who, at: now, ...(extra.note ? { note: extra.note } : {}) } },
      },
      events,
    );
    if (!ok) throw conflict('the campaign changed meanwhile: reload it');
    if (action === 'resume' || action === 'schedule') setImmediate(() => void this.tick());
    return this.get(id);
  }

  private async completedEvent(c: CampaignDocument, now: Date, reason: 'all_steps_sent' | 'stopped') {
    const runs = await this.runsOf(c);
    return ev(CampaignCompletedV1, c._id, {
      campaignId: c._id,
      completedAt: now.toISOString(),
      deliveries: runs.reduce((n, r) => n + (r?.sent ?? 0), 0),
      bounced: runs.reduce((n, r) => n + (r?.bounced ?? 0), 0),
      reason,
    });
  }

  // ---------------------------------------------------------------- scheduler

  onApplicationBootstrap(): void {
    if (this.config.SCHEDULER === 'off') return;
    this.timer = setInterval(() => void this.tick(), this.config.SCHEDULER_TICK_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.running.values()]);
  }

  /** Launches what is due, sends the steps that are due, completes what has sent its last step. */
  async tick(): Promise<void> {
    if (this.ticking || this.stopping) return;
    this.ticking = true;
    try {
      const now = new Date();
      for (const c of await this.campaigns.active()) {
        if (c.status === 'scheduled' && new Date(c.startsAt) <= now) await this.launch(c, now);
        else if (c.status === 'running' && !this.running.has(c._id)) await this.advance(c, now);
      }
    } catch (e) {
      this.logger.error(`scheduler tick failed: ${(e as Error).message}`);
    } finally {
      this.ticking = false;
    }
  }

  private async launch(c: CampaignDocument, now: Date) {
    const next = transition(c.status, 'launch', { actorId: 'scheduler', authorId: c.authorId });
    if (!next.ok) return;
    const ok = await this.campaigns.update(
      c._id,
      'scheduled',
      {
        $set: { status: 'running', launchedAt: now, nextStep: 0, updatedAt: now },
        $push: { history: { action: 'launch', by: 'scheduler', at: now } },
      },
      [
        ev(CampaignLaunchedV1, c._id, {
          campaignId: c._id,
          topics: c.topics,
          sheetIds: c.sheetIds,
          channels: [...new Set(c.steps.map((s) => s.channel))],
          steps: c.steps.length,
          launchedAt: now.toISOString(),
        }),
      ],
    );
    if (ok) await this.advance({ ...c, status: 'running', launchedAt: now, nextStep: 0 }, now);
  }

  private async advance(c: CampaignDocument, now: Date) {
    if (c.nextStep >= c.steps.length) {
      await this.campaigns.update(
        c._id,
        'running',
        {
          $set: { status: 'completed', completedAt: now, updatedAt: now },
          $push: { history: { action: 'complete', by: 'scheduler', at: now } },
        },
        [await this.completedEvent(c, now, 'all_steps_sent')],
      );
      return;
    }
    const due = stepDueTimes(new Date(c.launchedAt ?? c.startsAt), c.steps)[c.nextStep];
    if (due > now) return;
    if (!(await this.campaigns.acquireLease(c._id, this.owner, this.config.DELIVERY_LEASE_MS))) return;
    const job = this.sendStep(c, c.nextStep).finally(() => this.running.delete(c._id));
    this.running.set(c._id, job);
  }

  private async sendStep(c: CampaignDocument, index: number): Promise<void> {
    const step = c.steps[index];
    try {
      const result = await this.engine.runStep(c, index, async () => {
        if (this.stopping) return false;
        const current = await this.campaigns.findById(c._id);
        if (current?.status !== 'running') return false;
        const until = current.lease?.until ? new Date(current.lease.until).getTime() : 0;
        if (until - Date.now() > this.config.DELIVERY_LEASE_MS / 2) return true;
        return this.campaigns.acquireLease(c._id, this.owner, this.config.DELIVERY_LEASE_MS);
      });
      if (result.outcome !== 'completed') return;
      const now = new Date();
      const run = await this.campaigns.finishRun(`${c._id}:${step.stepId}`, now);
      await this.campaigns.update(
        c._id,
        ['running', 'paused'],
        { $set: { nextStep: index + 1, updatedAt: now } },
        [
          ev(CampaignStepSentV1, c._id, {
            campaignId: c._id,
            stepId: step.stepId,
            stepIndex: index,
            channel: step.channel,
            recipients: run?.recipients ?? result.recipients,
            sent: run?.sent ?? result.sent,
            bounced: run?.bounced ?? result.bounced,
            skipped: run?.skipped ?? result.skipped,
            startedAt: new Date(run?.startedAt ?? now).toISOString(),
            completedAt: now.toISOString(),
          }),
        ],
      );
      this.logger.log(`campaign ${c._id} step ${step.stepId} sent: ${JSON.stringify(result)}`);
    } catch (e) {
      this.logger.error(`campaign ${c._id} step ${step.stepId} failed, will retry: ${(e as Error).message}`);
    } finally {
      await this.campaigns.releaseLease(c._id, this.owner).catch(() => undefined);
    }
  }
}
