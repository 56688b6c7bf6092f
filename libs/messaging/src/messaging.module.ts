import {
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { CloudEvent, EventCatalog } from '@urp/contracts';
import { toOutboxEntry, type OutboxEntry } from '@urp/persistence';
import type { Admin, Kafka, Producer } from 'kafkajs';
import type { Model } from 'mongoose';
import { createKafka, createProducer, ensureTopics, type KafkaConnectionOptions } from './kafka';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';

export interface MessagingOptions extends KafkaConnectionOptions {
  catalog: EventCatalog;
  relay?: OutboxRelayOptions;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/** Owns the service's Kafka producer and outbox relay; nothing else in a service touches kafkajs. */
@Injectable()
export class MessagingRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Messaging');
  readonly kafka: Kafka;
  readonly producer: Producer;
  readonly admin: Admin;
  readonly relay: OutboxRelay;

  constructor(@Inject(MESSAGING_OPTIONS) readonly options: MessagingOptions) {
    this.kafka = createKafka(options);
    this.producer = createProducer(this.kafka);
    this.admin = this.kafka.admin();
    this.relay = new OutboxRelay(this.producer, options.relay);
  }

  private started?: Promise<void>;

  /** Runs once even when Nest bootstraps the modules of a hybrid app (HTTP + consumer) twice. */
  onApplicationBootstrap(): Promise<void> {
    this.started ??= this.start();
    return this.started;
  }

  private async start(): Promise<void> {
    await this.admin.connect();
    await ensureTopics(this.admin, this.options.catalog.topics);
    await this.producer.connect();
    this.relay.start();
    this.logger.log(`producer connected to ${this.options.brokers.join(',')}, outbox relay started`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.producer.disconnect();
    await this.admin.disconnect();
  }

  /** Round trip to the broker, for readiness checks. */
  async ping(timeoutMs = 2000): Promise<void> {
    await Promise.race([
      this.admin.describeCluster(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`kafka did not answer in ${timeoutMs}ms`)), timeoutMs).unref(),
      ),
    ]);
  }
}

/**
 * What use cases use to emit events: turn events into outbox entries to embed in the aggregate's
 * write, then tell the relay which documents to publish.
 */
@Injectable()
export class EventOutbox {
  constructor(private readonly runtime: MessagingRuntime) {}

  entries(...events: CloudEvent[]): OutboxEntry[] {
    return events.map((e) => toOutboxEntry(this.runtime.options.catalog, e));
  }

  /** Registers an aggregate collection with the relay (its catch-up sweep covers it from now on). */
  track(model: Model<never> | Model<any>): void {
    this.runtime.relay.register(model.collection as never);
  }

  /** After a successful write of document `id` carrying `entries`: publish them now. */
  written(model: Model<never> | Model<any>, id: unknown, entries: OutboxEntry[]): void {
    if (entries.length) this.runtime.relay.notifyWritten(model.collection.collectionName, id, entries);
  }
}

@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [{ provide: MESSAGING_OPTIONS, useValue: options }, MessagingRuntime, EventOutbox],
      exports: [MessagingRuntime, EventOutbox],
    };
  }
}
