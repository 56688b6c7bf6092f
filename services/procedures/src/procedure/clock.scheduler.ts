import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DeskRepository } from '../repositories';
import { ProcedureService } from './procedure.service';

/**
 * Runs the legal clock: every CLOCK_TICK_MS, fires the time-driven events due (warnings, missed deadlines,
 * silent assent, substitute official, suspensions ended by law). Every instance runs it; claims make each
 * event fire once.
 */
@Injectable()
export class ClockScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ClockScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly service: ProcedureService,
    private readonly desks: DeskRepository,
  ) {}

  onApplicationBootstrap(): void {
    if (this.timer) return;
    // the desks in memory before the first queries (in the background: a query before it ends loads its own desk)
    const t0 = Date.now();
    this.desks
      .warm()
      .then((n) => this.logger.log(`${n} desks loaded in memory in ${Date.now() - t0} ms`))
      .catch((e: unknown) =>
        this.logger.warn(`desks not preloaded (loaded on use): ${(e as Error).message}`),
      );
    const every = this.service.config.CLOCK_TICK_MS;
    this.timer = setInterval(() => this.tick(), every);
    this.timer.unref();
    setTimeout(() => this.tick(), Math.min(every, 2000)).unref();
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.service
      .clockTick()
      .then((n) => {
        if (n) this.logger.log(`legal clock: ${n} time-driven event(s) fired`);
      })
      .catch((e: unknown) =>
        this.logger.warn(`legal clock tick failed (retried next tick): ${(e as Error).message}`),
      )
      .finally(() => (this.running = undefined));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
