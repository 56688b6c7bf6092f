import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { SheetChangedV1, SheetTopic } from '@urp/contracts';
import { ChangeFollower, Lease } from '@urp/kernel';
import { KB_CONFIG, type KnowledgeConfig } from '../config';
import { SheetUseCases } from './sheet.use-cases';

/**
 * Keeps this instance's read model current with the other instances' writes, on the kernel's `ChangeFollower`
 * (a consumer of the sheet topic of its own, from the newest offset, nothing committed: the read model is
 * rebuilt from the collection or its snapshot at start, `SheetUseCases.loadIndex`), re-reading each sheet named
 * by a `SheetChanged` by `_id`. At each join, `catchUp` closes the gap between the start and the join (after a
 * start from the snapshot, by comparing every stored sheet's write counter with the one held). The knowledge
 * base keeps its own snapshot layout (sheet.snapshot.ts; libs/kernel/README.md says why).
 */
@Injectable()
export class SheetReadModelSync implements OnApplicationShutdown {
  private readonly logger = new Logger(SheetReadModelSync.name);
  private follower?: ChangeFollower;

  constructor(
    @Inject(KB_CONFIG) private readonly config: KnowledgeConfig,
    private readonly lease: Lease,
    private readonly sheets: SheetUseCases,
  ) {}

  async start(): Promise<void> {
    this.follower = new ChangeFollower({
      brokers: this.config.KAFKA_BROKERS,
      clientId: 'knowledge-base-read-model',
      groupId: `${this.config.KAFKA_GROUP_ID ?? 'urp.knowledge-base'}.read-model.${this.lease.holder}`,
      topic: SheetTopic.name,
      logger: this.logger,
      types: [SheetChangedV1.type],
      onEvent: async (event) => {
        if (event.type === SheetChangedV1.type) await this.sheets.refresh(event.subject);
      },
      onJoin: () =>
        this.sheets.catchUp().catch((e: Error) => this.logger.warn(`read model catch-up: ${e.message}`)),
    });
    await this.follower.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower?.stop();
  }
}
