import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { applyEvent, Lease, PeriodicTasks, ServiceKernel, type Actor } from '@urp/kernel';
import { CAMPAIGNS_CONFIG, type CampaignsConfig } from '../config';
import { DeliveryEngine } from '../delivery/delivery.engine';
import {
  completeCampaign,
  launchCampaign,
  recordStepSent,
  stepDueTimes,
  type Campaign,
} from './campaign.rules';
import { CampaignStore, StepRunStore } from './campaign.store';
import { CampaignUseCases } from './campaign.use-cases';

const SCHEDULER: Actor = { sub: 'scheduler', roles: ['service'] };
const TASK = 'campaigns.scheduler';

/**
 * Launches what is due, sends the steps that are due, completes what has sent its last step. One periodic task
 * (PeriodicTasks: one instance ticks); each step run holds a lease on its campaign (`campaign-step:<id>`), so
 * after a crash another instance takes over when the lease expires.
 */
@Injectable()
export class CampaignScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CampaignScheduler.name);
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    @Inject(CAMPAIGNS_CONFIG) private readonly config: CampaignsConfig,
    private readonly campaigns: CampaignStore,
    private readonly runs: StepRunStore,
    private readonly useCases: CampaignUseCases,
    private readonly engine: DeliveryEngine,
    private readonly tasks: PeriodicTasks,
    private readonly lease: Lease,
    private readonly kernel: ServiceKernel,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.SCHEDULER === 'off') return;
    this.tasks.every(TASK, this.config.SCHEDULER_TICK_MS, () => this.tick());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running.values()]);
  }

  /** Right after a schedule or a resume: do not wait for the next tick. */
  kick(): void {
    if (this.config.SCHEDULER !== 'off') setImmediate(() => void this.tasks.runNow(TASK, () => this.tick()));
  }

  async tick(): Promise<void> {
    if (this.stopping) return;
    const now = this.kernel.clock.now();
    for (const c of await this.campaigns.active()) {
      if (c.status === 'scheduled' && c.startsAt <= now) await this.launch(c);
      else if (c.status === 'running' && !this.running.has(c.id)) await this.advance(c, now);
    }
  }

  private async launch(c: Campaign): Promise<void> {
    const ctx = this.kernel.context(SCHEDULER);
    const { state, events } = launchCampaign(c, ctx);
    // another instance may have launched it first: its revision guard refuses this one
    const result = await this.campaigns.commit({ previous: c, next: state, events }).catch(() => null);
    if (result?.status === 'committed') await this.advance(result.state, ctx.now);
  }

  private async advance(c: Campaign, now: Date): Promise<void> {
    if (c.nextStep >= c.steps.length) {
      const totals = await this.useCases.totals(c.id);
      const ctx = this.kernel.context(SCHEDULER);
      const { state, events } = completeCampaign(c, totals, ctx);
      await this.campaigns.commit({ previous: c, next: state, events }).catch(() => undefined);
      return;
    }
    const due = stepDueTimes(c.launchedAt ?? c.startsAt, c.steps)[c.nextStep];
    if (due > now) return;
    if (!(await this.lease.acquire(`campaign-step:${c.id}`, this.config.DELIVERY_LEASE_MS))) return;
    const job = this.sendStep(c, c.nextStep).finally(() => this.running.delete(c.id));
    this.running.set(c.id, job);
  }

  private async sendStep(c: Campaign, index: number): Promise<void> {
    const step = c.steps[index];
    const leaseName = `campaign-step:${c.id}`;
    let renewedAt = Date.now();
    try {
      const result = await this.engine.runStep(c, index, async () => {
        if (this.stopping) return false;
        const current = await this.campaigns.get(c.id);
        if (current?.status !== 'running') return false;
        if (Date.now() - renewedAt < this.config.DELIVERY_LEASE_MS / 2) return true;
        renewedAt = Date.now();
        return this.lease.acquire(leaseName, this.config.DELIVERY_LEASE_MS);
      });
      if (result.outcome !== 'completed') return;
      const ctx = this.kernel.context(SCHEDULER);
      const run = await this.runs.finish(`${c.id}:${step.stepId}`, ctx.now);
      const totals = {
        recipients: run?.recipients ?? result.recipients,
        sent: run?.sent ?? result.sent,
        bounced: run?.bounced ?? result.bounced,
        skipped: run?.skipped ?? result.skipped,
        startedAt: run?.startedAt ?? ctx.now,
      };
      // the step's completion is recorded once, whatever else changed on the campaign meanwhile (pause, resume)
      await applyEvent(this.campaigns, c.id, `step-sent:${c.id}:${step.stepId}`, (current) =>
        current ? recordStepSent(current, { index, totals }, ctx) : null,
      );
      this.logger.log(`campaign ${c.id} step ${step.stepId} sent: ${JSON.stringify(result)}`);
    } catch (e) {
      this.logger.error(`campaign ${c.id} step ${step.stepId} failed, will retry: ${(e as Error).message}`);
    } finally {
      await this.lease.release(leaseName).catch(() => undefined);
    }
  }
}
