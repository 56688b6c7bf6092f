import { DynamicModule, Inject, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { Lease, PeriodicTasks } from '@urp/kernel';
import { calendarOf, KB_CALENDAR, KB_CONFIG, type KnowledgeConfig } from './config';
import { ContentWorkflowResolver } from './content/content.resolver';
import { FeedbackHandlers } from './feedback/feedback.handlers';
import { FeedbackResolver } from './feedback/feedback.resolver';
import { SheetStatsStore } from './feedback/feedback.store';
import { FeedbackUseCases } from './feedback/feedback.use-cases';
import { FormResolver, SheetAttachmentResolver, SheetFormsResolver } from './form/form.resolver';
import { FormStore } from './form/form.store';
import { FormUseCases } from './form/form.use-cases';
import {
  OfficeResolver,
  ReferentResolver,
  SheetOfficesResolver,
  SheetOwnerResolver,
} from './organisation/organisation.resolver';
import { OfficeStore, ReferentStore } from './organisation/organisation.store';
import { OrganisationUseCases } from './organisation/organisation.use-cases';
import { ReplyTemplateHandlers } from './reply-template/reply-template.handlers';
import { ReplyTemplateResolver } from './reply-template/reply-template.resolver';
import { ReplyTemplateStore } from './reply-template/reply-template.store';
import { ReplyTemplateUseCases } from './reply-template/reply-template.use-cases';
import { SheetSearchService } from './search/search.service';
import { SheetHandlers } from './sheet/sheet.handlers';
import { SheetReadModel } from './sheet/sheet.read-model';
import { SheetReadModelSync } from './sheet/sheet.read-model.sync';
import { SHEET_SNAPSHOT, SheetSnapshotStore } from './sheet/sheet.snapshot';
import { SheetContentResolver, SheetResolver } from './sheet/sheet.resolver';
import { ProcedureTerms, ReviewClaimStore, SheetStore } from './sheet/sheet.store';
import { SheetUseCases } from './sheet/sheet.use-cases';

/** The knowledge base: sheets, organisation, forms, reply templates, feedback, search, time-driven steps. */
@Module({})
export class KnowledgeModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('KnowledgeBase');
  private started = false;

  constructor(
    @Inject(KB_CONFIG) private readonly config: KnowledgeConfig,
    private readonly tasks: PeriodicTasks,
    private readonly lease: Lease,
    private readonly sheets: SheetUseCases,
    private readonly forms: FormUseCases,
    private readonly templates: ReplyTemplateUseCases,
    private readonly readModelSync: SheetReadModelSync,
  ) {}

  static forRoot(config: KnowledgeConfig): DynamicModule {
    return {
      module: KnowledgeModule,
      controllers: [SheetHandlers, FeedbackHandlers, ReplyTemplateHandlers],
      providers: [
        { provide: KB_CONFIG, useValue: config },
        { provide: KB_CALENDAR, useValue: calendarOf(config) },
        OfficeStore,
        ReferentStore,
        SheetStore,
        ReviewClaimStore,
        ProcedureTerms,
        FormStore,
        ReplyTemplateStore,
        SheetStatsStore,
        SheetSearchService,
        SheetReadModel,
        SheetReadModelSync,
        { provide: SHEET_SNAPSHOT, useClass: SheetSnapshotStore },
        OrganisationUseCases,
        SheetUseCases,
        FormUseCases,
        ReplyTemplateUseCases,
        FeedbackUseCases,
        ContentWorkflowResolver,
        OfficeResolver,
        ReferentResolver,
        SheetOfficesResolver,
        SheetOwnerResolver,
        SheetResolver,
        SheetContentResolver,
        FormResolver,
        SheetFormsResolver,
        SheetAttachmentResolver,
        ReplyTemplateResolver,
        FeedbackResolver,
      ],
    };
  }

  /**
   * The search index is built before the service answers; then the time-driven steps: scheduled
   * publications and expiries and review dates (one instance at a time, by lease; SheetReviewDue stays
   * once per date through its claim), and each instance's pick-up of the others' sheet writes.
   */
  async onApplicationBootstrap(): Promise<void> {
    // Nest bootstraps a hybrid application's modules twice (HTTP + Kafka); PeriodicTasks refuses a second
    // registration of a name (kernel: `every` could ignore a name it already runs)
    if (this.started) return;
    this.started = true;
    await this.sheets.loadIndex();
    // the other instances' writes, by their SheetChanged events (in the background: HTTP serves meanwhile)
    this.readModelSync
      .start()
      .catch((e: Error) => this.logger.error(`read model consumer did not start: ${e.message}`));
    this.tasks.every('content-schedule', this.config.KB_SCHEDULER_INTERVAL_MS, async () => {
      const changed =
        (await this.sheets.runSchedule()) +
        (await this.forms.workflow.runSchedule(this.sheets.now())) +
        (await this.templates.workflow.runSchedule(this.sheets.now()));
      const reviews = await this.sheets.emitDueReviews();
      if (changed || reviews)
        this.logger.log(`scheduler: ${changed} publication(s)/expiries, ${reviews} review notice(s)`);
    });
    // every instance keeps its own read model: a lease of its own; a rare safety net behind the events
    this.tasks.every(
      `search-index-sync@${this.lease.holder}`,
      this.config.KB_INDEX_SYNC_MS,
      () => this.sheets.syncIndex(),
      { runAtStart: false },
    );
  }
}
