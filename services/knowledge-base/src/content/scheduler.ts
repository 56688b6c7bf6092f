import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { KB_CONFIG, type KnowledgeConfig } from '../config';
import { FormService } from '../form/form.service';
import { ReplyTemplateService } from '../reply-template/reply-template.service';
import { SheetService } from '../sheet/sheet.service';

/**
 * Time-driven steps: scheduled publications and expiries, review dates (SheetReviewDue once per date), and
 * the search index's pick-up of other instances' writes. Every step is a conditional write or a unique
 * insert, so any number of instances may run it.
 */
@Injectable()
export class ContentScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ContentScheduler.name);
  private timers: NodeJS.Timeout[] = [];
  private running = false;
  private syncing = false;

  constructor(
    @Inject(KB_CONFIG) private readonly config: KnowledgeConfig,
    private readonly sheets: SheetService,
    private readonly forms: FormService,
    private readonly templates: ReplyTemplateService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.timers.length) return;
    await this.sheets.rebuildIndex();
    this.timers.push(setInterval(() => void this.tick(), this.config.KB_SCHEDULER_INTERVAL_MS));
    this.timers.push(setInterval(() => void this.sync(), this.config.KB_INDEX_SYNC_MS));
    void this.tick();
  }

  onApplicationShutdown(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  async tick(now = new Date()): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const changed =
        (await this.sheets.runSchedule(now)) +
        (await this.forms.runSchedule(now)) +
        (await this.templates.runSchedule(now));
      const reviews = await this.sheets.emitDueReviews(now);
      if (changed || reviews)
        this.logger.log(`scheduler: ${changed} publication(s)/expiries, ${reviews} review notice(s)`);
    } catch (e) {
      this.logger.warn(`scheduler step failed, retried at the next tick: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  private async sync(): Promise<void> {
    if (this.syncing) return;
    this.syncing = true;
    try {
      await this.sheets.syncIndex();
    } catch (e) {
      this.logger.warn(`index sync failed: ${(e as Error).message}`);
    } finally {
      this.syncing = false;
    }
  }
}
