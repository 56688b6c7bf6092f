import { Logger, type INestApplication } from '@nestjs/common';
import { CustomTransportStrategy, Server, type MicroserviceOptions } from '@nestjs/microservices';
import {
  ContractViolation,
  deadLetterTopic,
  fromKafkaMessage,
  validateEvent,
  type CloudEvent,
  type EventCatalog,
} from '@urp/contracts';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { isInfrastructureError, isNonRetryable } from '../errors';
import { createKafka, createProducer, ensureTopics, type KafkaConnectionOptions } from '../kafka';
import { UrpEventContext } from './event-context';
import { RethrowRpcExceptionsFilter } from './rethrow-rpc.filter';

export interface RetryPolicy {
  /** Attempts before a message is dead-lettered (infrastructure errors retry without bound). */
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export interface UrpConsumerOptions extends KafkaConnectionOptions {
  /** One stable group per service (never random: that would turn the group into a broadcast). */
  groupId: string;
  catalog: EventCatalog;
  retry?: Partial<RetryPolicy>;
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
}

export const DLQ_HEADERS = {
  error: 'urp_dlq_error',
  errorName: 'urp_dlq_error_name',
  attempts: 'urp_dlq_attempts',
  topic: 'urp_dlq_topic',
  partition: 'urp_dlq_partition',
  offset: 'urp_dlq_offset',
  group: 'urp_dlq_group',
  time: 'urp_dlq_time',
} as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Nest transport strategy over kafkajs. Handlers are ordinary Nest event handlers, matched by
 * CloudEvents type: `@EventPattern(ContactClosedV1.type) on(@Payload() e: CloudEvent<…>, @Ctx() ctx)`.
 *
 * Per message: envelope and payload validated against the contract; handler run with bounded retries and
 * exponential backoff (heartbeating meanwhile); on final failure the message goes to `<topic>.dlq` with
 * the error in headers and the partition moves on. The offset is resolved only after the handler's
 * effect is durable (its promise resolved) or the message is safely in the DLQ, and committed from
 * there. Handlers must be idempotent (libs/persistence `applyOnce`/`insertOnce`): delivery is at least once.
 */
export class UrpKafkaServer extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(UrpKafkaServer.name);
  private readonly kafka: Kafka;
  private consumer?: Consumer;
  private dlqProducer?: Producer;
  private readonly retry: RetryPolicy;
  private closing = false;

  constructor(private readonly options: UrpConsumerOptions) {
    super();
    this.kafka = createKafka(options);
    this.retry = { maxAttempts: 5, initialBackoffMs: 200, maxBackoffMs: 5000, ...options.retry };
  }

  /** The topics this consumer subscribes to: those of the event types it has handlers for. */
  subscribedTopics(): string[] {
    const topics = new Set<string>();
    for (const pattern of this.getHandlers().keys()) {
      const def = this.options.catalog.find(pattern);
      if (!def) throw new Error(`@EventPattern('${pattern}') is not an event type of the catalog`);
      topics.add(def.topic.name);
    }
    return [...topics];
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      const topics = this.subscribedTopics();
      const admin = this.kafka.admin();
      await admin.connect();
      await ensureTopics(admin, this.options.catalog.topics);
      await admin.disconnect();
      this.dlqProducer = createProducer(this.kafka);
      await this.dlqProducer.connect();
      this.consumer = this.kafka.consumer({
        groupId: this.options.groupId,
        sessionTimeout: this.options.sessionTimeoutMs ?? 30000,
        heartbeatInterval: this.options.heartbeatIntervalMs ?? 3000,
        allowAutoTopicCreation: false,
      });
      await this.consumer.connect();
      if (topics.length) {
        // a new group reads from the beginning: projections are rebuildable and nothing is skipped
        await this.consumer.subscribe({ topics, fromBeginning: true });
        await this.consumer.run({
          autoCommit: true,
          autoCommitInterval: 1000,
          // bounds what a crash can make Kafka redeliver (applyOnce remembers the last 1,000 ids per document)
          autoCommitThreshold: 50,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
          eachBatch: (payload) => this.eachBatch(payload),
        });
      }
      this.logger.log(`consuming ${topics.join(', ') || '(no topics)'} as group ${this.options.groupId}`);
      callback();
    } catch (e) {
      callback(e);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    // disconnect waits for the batch in flight; resolved offsets are committed on the way out
    await this.consumer?.disconnect();
    await this.dlqProducer?.disconnect();
  }

  on(): never {
    throw new Error('UrpKafkaServer does not support on()');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary } = payload;
    for (const message of batch.messages) {
      if (!isRunning() || isStale() || this.closing) break;
      await this.process(batch.topic, batch.partition, message, heartbeat, () => isRunning() && !isStale());
      resolveOffset(message.offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  private async process(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
    stillOwned: () => boolean,
  ): Promise<void> {
    let event: CloudEvent | undefined;
    try {
      event = fromKafkaMessage(message);
      const handler = this.getHandlerByPattern(event.type);
      if (!handler) return; // another consumer's event on a shared topic
      event = validateEvent(this.options.catalog, event) ?? event;
    } catch (e) {
      if (e instanceof ContractViolation) return this.deadLetter(topic, partition, message, e, 0);
      throw e;
    }
    const handler = this.getHandlerByPattern(event.type)!;
    const beat = setInterval(() => void heartbeat().catch(() => undefined), 1000);
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const ctx = new UrpEventContext({
            topic,
            partition,
            offset: message.offset,
            groupId: this.options.groupId,
            attempt,
            heartbeat,
          });
          await lastValueFrom(this.transformToObservable(await handler(event, ctx)), {
            defaultValue: undefined,
          });
          return;
        } catch (e) {
          const infra = isInfrastructureError(e);
          if (!infra && (isNonRetryable(e) || attempt >= this.retry.maxAttempts)) {
            return this.deadLetter(topic, partition, message, e, attempt);
          }
          // shutting down, or the partition moved to another member in a rebalance: leave the offset
          // unresolved, the new owner gets the message again
          if (this.closing || !stillOwned()) throw e;
          const backoff = Math.min(this.retry.maxBackoffMs, this.retry.initialBackoffMs * 2 ** (attempt - 1));
          this.logger.warn(
            `${event.type} ${event.id} failed (attempt ${attempt}${infra ? ', infrastructure: retrying until it is back' : `/${this.retry.maxAttempts}`}): ${(e as Error).message}`,
          );
          await sleep(backoff);
        }
      }
    } finally {
      clearInterval(beat);
    }
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    error: unknown,
    attempts: number,
  ) {
    const err = error as Error;
    const headers: Record<string, string | Buffer> = {};
    for (const [k, v] of Object.entries(message.headers ?? {})) {
      if (v !== undefined) headers[k] = Array.isArray(v) ? v[0] : v;
    }
    Object.assign(headers, {
      [DLQ_HEADERS.error]: String(err?.message ?? error).slice(0, 2000),
      [DLQ_HEADERS.errorName]: String(err?.name ?? 'Error'),
      [DLQ_HEADERS.attempts]: String(attempts),
      [DLQ_HEADERS.topic]: topic,
      [DLQ_HEADERS.partition]: String(partition),
      [DLQ_HEADERS.offset]: message.offset,
      [DLQ_HEADERS.group]: this.options.groupId,
      [DLQ_HEADERS.time]: new Date().toISOString(),
    });
    // if this send fails the offset stays unresolved and the message is retried: never lost
    await this.dlqProducer!.send({
      topic: deadLetterTopic(topic),
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers }],
    });
    this.logger.error(
      `dead-lettered ${topic}/${partition}@${message.offset} after ${attempts} attempt(s): ${err?.message}`,
    );
  }
}

/**
 * Attaches the event consumer to a Nest application (hybrid app: HTTP + Kafka). Start it with
 * `app.startAllMicroservices()`; `app.close()` stops it gracefully, finishing the message in flight.
 */
export function connectEventConsumer(app: INestApplication, options: UrpConsumerOptions): UrpKafkaServer {
  const server = new UrpKafkaServer(options);
  // deferred initialisation: the filter must be registered before the handlers are wired
  const ms = app.connectMicroservice<MicroserviceOptions>(
    { strategy: server },
    { deferInitialization: true },
  );
  ms.useGlobalFilters(new RethrowRpcExceptionsFilter());
  return server;
}
