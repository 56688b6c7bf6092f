import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { SATISFACTION_CONFIG, type SatisfactionConfig } from '../config';
import { InvitationService } from './invitation.service';

/** Closes expired invitations periodically (one sweep at a time). */
@Injectable()
export class ExpiryScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExpiryScheduler.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly invitations: InvitationService,
    @Inject(SATISFACTION_CONFIG) private readonly config: SatisfactionConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.timer) return; // hybrid apps bootstrap twice
    this.timer = setInterval(() => void this.sweep(), this.config.SURVEY_EXPIRY_SWEEP_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async sweep() {
    if (this.running) return;
    this.running = true;
    try {
      await this.invitations.expireDue();
    } catch (e) {
      this.logger.warn(`expiry sweep failed: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
