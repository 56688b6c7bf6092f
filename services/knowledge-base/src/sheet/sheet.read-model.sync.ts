import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { fromKafkaMessage, SheetChangedV1, SheetTopic } from '@urp/contracts';
import { Lease } from '@urp/kernel';
import { createKafka } from '@urp/messaging';
import { KB_CONFIG, type KnowledgeConfig } from '../config';
import { SheetUseCases } from './sheet.use-cases';

type Consumer = ReturnType<ReturnType<typeof createKafka>['consumer']>;

/**
 * Keeps this instance's read model current with the other instances' writes: a consumer of the sheet topic
 * of its own (a group per instance, from the newest offset, nothing committed: the read model is rebuilt from
 * the collection or its snapshot at start), re-reading each sheet named by a `SheetChanged` by `_id`. When it
 * joins, `catchUp` closes the gap between the start and the join (after a start from the snapshot, by comparing
 * every stored sheet's write counter with the one held).
 */
@Injectable()
export class SheetReadModelSync implements OnApplicationShutdown {
  private readonly logger = new Logger(SheetReadModelSync.name);
  private consumer?: Consumer;
  private groupId?: string;

  constructor(
    @Inject(KB_CONFIG) private readonly config: KnowledgeConfig,
    private readonly lease: Lease,
    private readonly sheets: SheetUseCases,
  ) {}

  async start(): Promise<void> {
    const kafka = createKafka({ clientId: 'knowledge-base-read-model', brokers: this.config.KAFKA_BROKERS });
    this.groupId = `${this.config.KAFKA_GROUP_ID ?? 'urp.knowledge-base'}.read-model.${this.lease.holder}`;
    const consumer = kafka.consumer({
      groupId: this.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 100,
      sessionTimeout: 6000,
      heartbeatInterval: 1000,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.sheets.catchUp().catch((e: Error) => this.logger.warn(`read model catch-up: ${e.message}`));
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [SheetTopic.name], fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        let event;
        try {
          event = fromKafkaMessage(message);
        } catch {
          return; // not ours to judge: the service's own consumer dead-letters what is malformed
        }
        if (event.type === SheetChangedV1.type) await this.sheets.refresh(event.subject);
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect().catch(() => undefined);
  }
}
