import { Logger, type INestApplication } from '@nestjs/common';
import { CustomTransportStrategy, Server, type MicroserviceOptions } from '@nestjs/microservices';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  ContractViolation,
  deadLetterTopic,
  fromKafkaMessage,
  HEADERS,
  validateEvent,
  type CloudEvent,
  type EventCatalog,
} from '@urp/contracts';
import { contextFromTraceparent, metrics, urpTracer } from '@urp/observability';
import type { MessageHandler } from '@nestjs/microservices';
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
  /** See CONSUMER_SESSION below for the defaults and why. */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  rebalanceTimeoutMs?: number;
  /** See CONSUMER_FETCH below for the defaults and why. */
  fetchMinBytes?: number;
  fetchMaxWaitMs?: number;
}

/**
 * Group session settings. kafkajs 2.2.4 has no static membership (it never sends `group.instance.id`),
 * so a member that dies without leaving (SIGKILL, OOM, a broker restart that drops the member) holds
 * its partitions until its session expires: 30 s with kafkajs' default. 6 s is the broker's minimum
 * (`group.min.session.timeout.ms`) and what we use: a restarted service consumes again ~6 s after the
 * crash instead of 30. The cost is a member evicted after 6 s without a heartbeat; the runtime heartbeats
 * every second, also while a handler runs, so only an event loop blocked for 6 s would cause that
 * (then its partitions move and the at-least-once handlers absorb the redelivery).
 */
export const CONSUMER_SESSION = {
  sessionTimeoutMs: 6000,
  heartbeatIntervalMs: 1000,
  rebalanceTimeoutMs: 20000,
};

/**
 * How a fetch waits for messages. A fetch costs about 2 ms of CPU (client and broker together) whatever it
 * carries: it names every partition of the group's topics (20-40 here). kafkajs' default (`minBytes` 1) answers a
 * fetch as soon as one message is there, so under a steady stream each consumer made about one fetch per
 * message: with four services reading the contacts topic that was more than 1 ms of CPU per registration across
 * the stack (issue 17), and a wait of 25-50 ms still made 20-40 fetches a second per consumer, busy or idle.
 * Here the broker holds a fetch until 256 KB are there or 200 ms have passed: about 5 fetches a second per
 * consumer at any rate below 1 MB/s, each carrying what came meanwhile. The price: an event waits up to 200 ms
 * more per hop (100 on average), nothing a citizen or an operator can tell. `KAFKA_FETCH_MIN_BYTES=1` restores
 * kafkajs' behaviour. Satisfaction's indicators fetch the same way; the read models' change followers
 * (libs/kernel) do not: another instance's write must show in this one's read model at once.
 */
export const CONSUMER_FETCH = { minBytes: 262_144, maxWaitMs: 200 };

/** What readiness reports about a consumer group member of this process. */
export interface ConsumerGroupStatus {
  group: string;
  state: 'starting' | 'joining' | 'joined' | 'rebalancing' | 'crashed' | 'stopped';
  since: string;
  memberId?: string;
  partitions?: number;
  topics: string[];
  error?: string;
}

const groupStatuses = new Map<string, ConsumerGroupStatus>();
/** The consumer groups this process runs, and whether each has joined (for health endpoints). */
export const consumerGroupStatuses = (): ConsumerGroupStatus[] => [...groupStatuses.values()];

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

/** At most this many events in one call of a batch handler (`@EventPattern(type, { batch: true })`). */
const MAX_BATCH = 500;

/**
 * Nest transport strategy over kafkajs. Handlers are ordinary Nest event handlers, matched by
 * CloudEvents type: `@EventPattern(ContactClosedV1.type) on(@Payload() e: CloudEvent<…>, @Ctx() ctx)`.
 * A handler declared `@EventPattern(type, { batch: true })` receives an array instead: the consecutive events of
 * that type in a fetched batch (up to MAX_BATCH) in one call, a single event as an array of one. Its effect must
 * be durable for all of them when its promise resolves; if it throws, the events are handled one by one.
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
  private starting?: Promise<void>;
  readonly groupStatus: ConsumerGroupStatus;
  /**
   * The handler of each event type, resolved once: Nest's lookup (`getRouteFromPattern`) tries `JSON.parse` on
   * the type and throws for every plain string, 3-4 % of a busy consumer's CPU when done per message.
   */
  private readonly handlers = new Map<string, MessageHandler | null>();
  /** Each consumed message parsed once (its type decides the batch run, then the run's events are built). */
  private readonly parsed = new WeakMap<KafkaMessage, CloudEvent>();

  constructor(private readonly options: UrpConsumerOptions) {
    super();
    this.kafka = createKafka(options);
    this.retry = { maxAttempts: 5, initialBackoffMs: 200, maxBackoffMs: 5000, ...options.retry };
    this.groupStatus = {
      group: options.groupId,
      state: 'starting',
      since: new Date().toISOString(),
      topics: [],
    };
    groupStatuses.set(options.groupId, this.groupStatus);
  }

  override addHandler(
    pattern: unknown,
    callback: MessageHandler,
    isEventHandler?: boolean,
    extras?: Record<string, unknown>,
  ): void {
    super.addHandler(pattern, callback, isEventHandler, extras);
    this.handlers.clear();
  }

  override getHandlerByPattern(pattern: string): MessageHandler | null {
    let handler = this.handlers.get(pattern);
    if (handler === undefined) {
      handler = super.getHandlerByPattern(pattern);
      this.handlers.set(pattern, handler);
    }
    return handler;
  }

  /**
   * Whether no handler here takes this message, told by its `ce_type` header alone: another consumer's event on a
   * shared topic is skipped without parsing it, validating it or a span (procedures, say, reads the contacts topic
   * for one event type of several: the rest cost it a parse and a span each). A message without the header goes
   * the whole way (a contract violation is dead-lettered there).
   */
  private unhandled(message: KafkaMessage): boolean {
    const h = message.headers?.[HEADERS.type];
    const type = h === undefined ? undefined : String(Array.isArray(h) ? h[0] : h);
    return !!type && !this.getHandlerByPattern(type);
  }

  /** The message as a CloudEvent (`fromKafkaMessage`), parsed once per message; throws a ContractViolation. */
  private eventOf(message: KafkaMessage): CloudEvent {
    let event = this.parsed.get(message);
    if (!event) {
      event = fromKafkaMessage(message);
      this.parsed.set(message, event);
    }
    return event;
  }

  private setStatus(state: ConsumerGroupStatus['state'], extra: Partial<ConsumerGroupStatus> = {}): void {
    Object.assign(this.groupStatus, { state, since: new Date().toISOString(), error: undefined }, extra);
    metrics.consumerGroupJoined.set({ group: this.options.groupId }, state === 'joined' ? 1 : 0);
  }

  /** Resolves once the consumer runs (joined or joining its group); for tests and tools. */
  started(): Promise<void> {
    return this.starting ?? Promise.resolve();
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

  /**
   * Returns at once (HTTP serves while the consumer joins): connecting, creating topics and joining the
   * group happen in the background, retried until the broker answers. Readiness reports the state.
   */
  async listen(callback: (err?: unknown) => void): Promise<void> {
    let topics: string[];
    try {
      topics = this.subscribedTopics(); // a handler for an unknown event type is a bug: stop the start
    } catch (e) {
      return callback(e);
    }
    this.groupStatus.topics = topics;
    this.starting = this.startUntilRunning(topics);
    callback();
  }

  private async startUntilRunning(topics: string[]): Promise<void> {
    for (let attempt = 1; !this.closing; attempt++) {
      try {
        await this.start(topics);
        return;
      } catch (e) {
        this.setStatus('crashed', { error: (e as Error).message });
        this.logger.warn(
          `consumer group ${this.options.groupId} cannot start yet (attempt ${attempt}, retrying in 2s): ${(e as Error).message}`,
        );
        await this.consumer?.disconnect().catch(() => undefined);
        await this.dlqProducer?.disconnect().catch(() => undefined);
        await sleep(2000);
      }
    }
  }

  private async start(topics: string[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, this.options.catalog.topics);
    } finally {
      await admin.disconnect();
    }
    this.dlqProducer = createProducer(this.kafka);
    await this.dlqProducer.connect();
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? CONSUMER_SESSION.sessionTimeoutMs,
      heartbeatInterval: this.options.heartbeatIntervalMs ?? CONSUMER_SESSION.heartbeatIntervalMs,
      rebalanceTimeout: this.options.rebalanceTimeoutMs ?? CONSUMER_SESSION.rebalanceTimeoutMs,
      allowAutoTopicCreation: false,
      minBytes: this.options.fetchMinBytes ?? CONSUMER_FETCH.minBytes,
      maxWaitTimeInMs: this.options.fetchMaxWaitMs ?? CONSUMER_FETCH.maxWaitMs,
    });
    this.consumer = consumer;
    const { GROUP_JOIN, REBALANCING, CRASH, STOP, CONNECT } = consumer.events;
    consumer.on(CONNECT, () => this.groupStatus.state !== 'joined' && this.setStatus('joining'));
    consumer.on(GROUP_JOIN, ({ payload }) =>
      this.setStatus('joined', {
        memberId: payload.memberId,
        partitions: Object.values(payload.memberAssignment).reduce((n, p) => n + p.length, 0),
      }),
    );
    consumer.on(REBALANCING, () => this.setStatus('rebalancing'));
    consumer.on(CRASH, ({ payload }) =>
      this.setStatus('crashed', {
        error: `${payload.error?.message ?? 'crash'}${payload.restart ? ' (restarting)' : ''}`,
      }),
    );
    consumer.on(STOP, () => this.setStatus('stopped'));
    await consumer.connect();
    this.setStatus('joining');
    if (topics.length) {
      // a new group reads from the beginning: projections are rebuildable and nothing is skipped
      await consumer.subscribe({ topics, fromBeginning: true });
      // run() resolves after the group join, which waits for a dead member's session to expire: not
      // awaited by listen(), so HTTP is served meanwhile
      await consumer.run({
        autoCommit: true,
        autoCommitInterval: 1000,
        // bounds what a crash can make Kafka redeliver (applyOnce remembers the last 1,000 ids per document)
        autoCommitThreshold: 50,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
        eachBatch: (payload) => this.eachBatch(payload),
      });
    } else {
      this.setStatus('joined', { partitions: 0 });
    }
    this.logger.log(`consuming ${topics.join(', ') || '(no topics)'} as group ${this.options.groupId}`);
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.starting?.catch(() => undefined);
    // disconnect waits for the batch in flight; resolved offsets are committed on the way out
    await this.consumer?.disconnect();
    await this.dlqProducer?.disconnect();
    this.setStatus('stopped');
  }

  on(): never {
    throw new Error('UrpKafkaServer does not support on()');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary } = payload;
    const stillOwned = () => isRunning() && !isStale();
    const messages = batch.messages;
    for (let i = 0; i < messages.length;) {
      if (!isRunning() || isStale() || this.closing) break;
      // consecutive events of one type whose handler takes them in batches: one call for all of them
      const run = this.batchRun(messages, i);
      if (run) {
        const done = await this.processRun(batch.topic, batch.partition, run, heartbeat, stillOwned);
        if (done) {
          i += run.messages.length;
          resolveOffset(run.messages[run.messages.length - 1].offset);
          await commitOffsetsIfNecessary();
          await heartbeat();
          continue;
        }
      }
      // a single event, or a failed batch: each event on its own (bounded retries, dead letter per event)
      for (const message of run ? run.messages : [messages[i]]) {
        if (!isRunning() || isStale() || this.closing) return;
        await this.process(batch.topic, batch.partition, message, heartbeat, stillOwned);
        resolveOffset(message.offset);
        i++;
        metrics.consumerLag.set(
          { group: this.options.groupId, topic: batch.topic, partition: String(batch.partition) },
          Math.max(0, Number(batch.highWatermark) - Number(message.offset) - 1),
        );
        await commitOffsetsIfNecessary();
        await heartbeat();
      }
    }
  }

  /**
   * From `start`: the run of consecutive messages (at most MAX_BATCH) of one event type whose handler was declared
   * with `@EventPattern(type, { batch: true })`, or undefined (a single message, another type, an unreadable one).
   * Messages of types no handler of this service takes (by their `ce_type` header) do not end a run: they are in
   * its `messages` (their offsets resolve with it) but not in its `events`. A topic interleaves its types
   * (ContactRegistered, ContactClosed, ContactRegistered…), and a service that takes only one of them would
   * otherwise never see a run of two.
   */
  private batchRun(
    messages: KafkaMessage[],
    start: number,
  ): { type: string; messages: KafkaMessage[]; events: CloudEvent[] } | undefined {
    const typeOf = (m: KafkaMessage): string | undefined => {
      if (this.unhandled(m)) return undefined;
      try {
        const type = this.eventOf(m).type;
        return this.getHandlerByPattern(type)?.extras?.batch === true ? type : undefined;
      } catch {
        return undefined;
      }
    };
    const type = typeOf(messages[start]);
    if (!type) return undefined;
    const run: KafkaMessage[] = [messages[start]];
    const taken: KafkaMessage[] = [messages[start]];
    let end = 1; // run[0, end) ends with a taken message: ignored ones after the last taken stay out of the run
    for (let j = start + 1; j < messages.length && taken.length < MAX_BATCH; j++) {
      if (this.unhandled(messages[j])) {
        run.push(messages[j]);
        continue;
      }
      if (typeOf(messages[j]) !== type) break;
      run.push(messages[j]);
      taken.push(messages[j]);
      end = run.length;
    }
    if (taken.length < 2) return undefined;
    try {
      const events = taken.map(
        (m) => validateEvent(this.options.catalog, this.eventOf(m)) ?? this.eventOf(m),
      );
      return { type, messages: run.slice(0, end), events };
    } catch {
      return undefined; // a contract violation among them: one by one, the violating one is dead-lettered
    }
  }

  /**
   * A batch handler called once with every event of the run (an array). Retried like a single event while the
   * error is an infrastructure error; any other failure returns false and the caller takes the events one by one
   * (each with its own retries and dead letter), so one bad event never holds back or drops the others.
   */
  private async processRun(
    topic: string,
    partition: number,
    run: { type: string; messages: KafkaMessage[]; events: CloudEvent[] },
    heartbeat: () => Promise<void>,
    stillOwned: () => boolean,
  ): Promise<boolean> {
    const handler = this.getHandlerByPattern(run.type)!;
    const beat = setInterval(() => void heartbeat().catch(() => undefined), 1000);
    const stop = metrics.consumerHandlerDuration.startTimer({ topic });
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const ctx = new UrpEventContext({
            topic,
            partition,
            offset: run.messages[0].offset,
            groupId: this.options.groupId,
            attempt,
            maxAttempts: this.retry.maxAttempts,
            heartbeat,
          });
          await lastValueFrom(this.transformToObservable(await handler(run.events, ctx)), {
            defaultValue: undefined,
          });
          metrics.consumerMessages.inc({ topic, outcome: 'processed' }, run.events.length);
          const ignored = run.messages.length - run.events.length;
          if (ignored) metrics.consumerMessages.inc({ topic, outcome: 'ignored' }, ignored);
          stop();
          return true;
        } catch (e) {
          if (!isInfrastructureError(e)) {
            this.logger.warn(
              `a batch of ${run.events.length} ${run.type} failed, taking them one by one: ${(e as Error).message}`,
            );
            // each one parsed afresh, as if the batch had never run (a handler may have changed what it was given)
            for (const m of run.messages) this.parsed.delete(m);
            return false;
          }
          if (this.closing || !stillOwned()) throw e;
          metrics.consumerRetries.inc({ topic, reason: 'infrastructure' });
          await sleep(Math.min(this.retry.maxBackoffMs, this.retry.initialBackoffMs * 2 ** (attempt - 1)));
        }
      }
    } finally {
      clearInterval(beat);
    }
  }

  private async process(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
    stillOwned: () => boolean,
  ): Promise<void> {
    if (this.unhandled(message)) {
      metrics.consumerMessages.inc({ topic, outcome: 'ignored' });
      return;
    }
    const traceparent = message.headers?.[HEADERS.traceparent];
    const parent = contextFromTraceparent(
      Array.isArray(traceparent) ? String(traceparent[0]) : traceparent?.toString(),
    );
    // the handler's work (database writes, the events it emits) continues the producer's trace
    return urpTracer().startActiveSpan(
      `process ${topic}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.destination.name': topic,
          'messaging.destination.partition.id': String(partition),
          'messaging.kafka.offset': Number(message.offset),
          'messaging.consumer.group.name': this.options.groupId,
        },
      },
      parent,
      async (span) => {
        const stop = metrics.consumerHandlerDuration.startTimer({ topic });
        try {
          const outcome = await this.processInContext(topic, partition, message, heartbeat, stillOwned);
          span.setAttribute('urp.outcome', outcome);
          if (outcome === 'dead_lettered') span.setStatus({ code: SpanStatusCode.ERROR });
          metrics.consumerMessages.inc({ topic, outcome });
          if (outcome !== 'ignored') stop();
        } catch (e) {
          span.recordException(e as Error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).message });
          throw e;
        } finally {
          span.end();
        }
      },
    );
  }

  private async processInContext(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
    stillOwned: () => boolean,
  ): Promise<'processed' | 'ignored' | 'dead_lettered'> {
    let event: CloudEvent | undefined;
    try {
      event = this.eventOf(message);
      const handler = this.getHandlerByPattern(event.type);
      if (!handler) return 'ignored'; // another consumer's event on a shared topic
      event = validateEvent(this.options.catalog, event) ?? event;
    } catch (e) {
      if (e instanceof ContractViolation) {
        await this.deadLetter(topic, partition, message, e, 0);
        return 'dead_lettered';
      }
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
            maxAttempts: this.retry.maxAttempts,
            heartbeat,
          });
          // a batch handler takes an array: a single event (or one retried alone) is a batch of one
          const data = handler.extras?.batch === true ? [event] : event;
          await lastValueFrom(this.transformToObservable(await handler(data, ctx)), {
            defaultValue: undefined,
          });
          return 'processed';
        } catch (e) {
          const infra = isInfrastructureError(e);
          if (!infra && (isNonRetryable(e) || attempt >= this.retry.maxAttempts)) {
            await this.deadLetter(topic, partition, message, e, attempt);
            return 'dead_lettered';
          }
          // shutting down, or the partition moved to another member in a rebalance: leave the offset
          // unresolved, the new owner gets the message again
          if (this.closing || !stillOwned()) throw e;
          metrics.consumerRetries.inc({ topic, reason: infra ? 'infrastructure' : 'error' });
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
    metrics.consumerDeadLetters.inc({ topic });
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
