import {
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HEADERS, type CloudEvent, type EventCatalog } from '@urp/contracts';
import { currentTraceparent } from '@urp/observability';
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
    this.healthAdmin = createKafka(options, {
      retry: { retries: 0 },
      connectionTimeout: 1000,
      // its failures are the state readiness reports, not errors to log every 2 s
      logLevel: 0,
    }).admin();
    this.relay = new OutboxRelay(this.producer, options.relay);
  }

  private started?: Promise<void>;
  private stopping = false;
  private readonly healthAdmin: Admin;
  private healthTimer?: NodeJS.Timeout;
  private pingInFlight = false;
  /** The broker as last seen by the background check (every 2 s): what readiness reports. */
  kafkaState: { status: 'connecting' | 'up' | 'down'; since: number; error?: string } = {
    status: 'connecting',
    since: Date.now(),
  };

  /**
   * Runs once even when Nest bootstraps the modules of a hybrid app (HTTP + consumer) twice. Waits at
   * most START_WAIT_MS for the broker: if it is down the service starts anyway (degraded) and keeps
   * connecting in the background; writes meanwhile stay in their documents' outbox and are published
   * by the relay's first sweep once it is connected.
   */
  onApplicationBootstrap(): Promise<void> {
    if (!this.started) {
      this.started = this.startUntilConnected();
      this.healthTimer = setInterval(() => void this.checkBroker(), 2000);
      this.healthTimer.unref();
      void this.checkBroker();
    }
    return Promise.race([this.started, new Promise<void>((r) => setTimeout(r, START_WAIT_MS).unref())]);
  }

  private async startUntilConnected(): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await this.admin.connect();
        await ensureTopics(this.admin, this.options.catalog.topics);
        await this.producer.connect();
        if (this.stopping) return;
        this.relay.start();
        this.logger.log(`producer connected to ${this.options.brokers.join(',')}, outbox relay started`);
        return;
      } catch (e) {
        this.logger.warn(
          `cannot reach Kafka yet (attempt ${attempt}, retrying in 2s; writes wait in the outbox): ${(e as Error).message}`,
        );
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }

  private async checkBroker(): Promise<void> {
    if (this.pingInFlight || this.stopping) return;
    this.pingInFlight = true;
    try {
      await this.ping(1500);
      if (this.kafkaState.status !== 'up') this.kafkaState = { status: 'up', since: Date.now() };
    } catch (e) {
      if (this.kafkaState.status !== 'down') {
        this.kafkaState = { status: 'down', since: Date.now(), error: (e as Error).message };
      }
    } finally {
      this.pingInFlight = false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.healthTimer) clearInterval(this.healthTimer);
    await this.relay.stop();
    await this.producer.disconnect();
    await this.admin.disconnect();
    await this.healthAdmin.disconnect().catch(() => undefined);
  }

  /** Round trip to the broker (a client of its own that does not retry: an outage shows at once). */
  async ping(timeoutMs = 1500): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.healthAdmin.connect().then(() => this.healthAdmin.describeCluster()),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`kafka did not answer in ${timeoutMs}ms`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}

const START_WAIT_MS = 5000;

/**
 * What use cases use to emit events: turn events into outbox entries to embed in the aggregate's
 * write, then tell the relay which documents to publish.
 */
@Injectable()
export class EventOutbox {
  constructor(private readonly runtime: MessagingRuntime) {}

  /**
   * Every entry carries a W3C `traceparent`: the active trace's (the request or the consumed event that
   * causes it: the consumer runtime and the relay continue it), else the causing event's, else a new one.
   */
  entries(...events: CloudEvent[]): OutboxEntry[] {
    return events.map((e) => {
      const entry = toOutboxEntry(this.runtime.options.catalog, e);
      entry.headers[HEADERS.traceparent] = currentTraceparent(e.traceparent);
      return entry;
    });
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
