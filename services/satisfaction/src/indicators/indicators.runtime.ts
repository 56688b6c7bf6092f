import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { catalog, type AlertScope } from '@urp/contracts';
import { PeriodicTasks, ServiceKernel } from '@urp/kernel';
import { CONSUMER_FETCH, CONSUMER_SESSION, createKafka, ensureTopics } from '@urp/messaging';
import { v7 as uuidv7 } from 'uuid';
import { evaluateScope, type AlertPolicy } from '../alerts/alert.rules';
import { AlertUseCases } from '../alerts/alert.use-cases';
import { SATISFACTION_CONFIG, type SatisfactionConfig } from '../config';
import { SERVICE_ACTOR } from '../service-actor';
import { recordRebuild } from './indicators.rules';
import { IndicatorRebuildStore, SnapshotStore } from './indicators.store';
import { IndicatorProjection, INDICATOR_TOPICS } from './projection';
import { applyMessage, replayTopics, type KafkaClient, type KafkaConsumer } from './replay';

export interface IndicatorsStatus {
  eventsApplied: number;
  lastEventTime?: string;
  /** Time between a message's append to Kafka and its effect on the indicators (last batch). */
  lagMs: number | null;
  checkpointedAt?: string;
  snapshotBytes?: number;
  rebuilding: boolean;
  lastRebuild?: {
    rebuildId: string;
    events: number;
    durationMs: number;
    checksum: string;
    finishedAt: string;
  };
  invalidMessages: number;
  memoryRssBytes?: number;
}

/**
 * Keeps the indicator projection current: consumes the topics in batches (eachBatch of the client
 * @urp/messaging constructs), applies events in memory, and checkpoints state + offsets as one document
 * (SnapshotStore). Queries read the in-memory state. The consumer group commits nothing: the offsets that
 * count are the snapshot's, so a restart resumes exactly where the saved state ends (events after it are
 * applied once more, onto the state that had not seen them). The messaging consumer runtime does not fit
 * here: it commits offsets per message in the group, and this design keeps them with the state.
 */
@Injectable()
export class IndicatorsRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(IndicatorsRuntime.name);
  projection = new IndicatorProjection();
  private readonly kafka: KafkaClient;
  private consumer?: KafkaConsumer;
  private dirty = false;
  private saving?: Promise<void>;
  private bootstrapped = false;
  private started?: Promise<void>;
  private rebuildRunning?: Promise<IndicatorsStatus>;
  private stopped = false;
  readonly status: IndicatorsStatus = {
    eventsApplied: 0,
    lagMs: null,
    rebuilding: false,
    invalidMessages: 0,
  };
  readonly alertPolicy: AlertPolicy;
  readonly groupId: string;
  readonly topics: string[];

  constructor(
    @Inject(SATISFACTION_CONFIG) private readonly config: SatisfactionConfig,
    private readonly snapshots: SnapshotStore,
    private readonly rebuilds: IndicatorRebuildStore,
    private readonly alerts: AlertUseCases,
    private readonly kernel: ServiceKernel,
    private readonly tasks: PeriodicTasks,
  ) {
    this.kafka = createKafka({ clientId: 'satisfaction-indicators', brokers: config.KAFKA_BROKERS });
    this.topics = INDICATOR_TOPICS.map((t) => `${config.INDICATORS_TOPIC_PREFIX}${t}`);
    this.groupId = config.INDICATORS_GROUP_ID ?? `${config.KAFKA_GROUP_ID ?? 'urp.satisfaction'}.indicators`;
    this.alertPolicy = {
      windowDays: config.ALERT_WINDOW_DAYS,
      maxDissatisfiedShare: config.ALERT_DISSATISFIED_SHARE,
      minMeanStars: config.ALERT_MIN_MEAN_STARS,
      minSample: config.ALERT_MIN_SAMPLE ?? config.INDICATORS_MIN_SAMPLE,
    };
  }

  /**
   * Restores the saved state (one read by `_id`), then consumes in the background: HTTP must not wait for
   * the group join, which after a crash lasts until the dead member's session expires (see `startConsumer`).
   * Until the consumer catches up, queries answer from the restored state.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (this.bootstrapped) return; // hybrid apps bootstrap twice
    this.bootstrapped = true;
    const saved = await this.snapshots.load();
    if (saved) {
      this.projection = IndicatorProjection.fromSnapshot(saved);
      this.logger.log(
        `indicators restored: ${this.projection.eventsApplied} events, ${saved.offsets.length} partitions`,
      );
    }
    this.tasks.every('indicators-checkpoint', this.config.INDICATORS_CHECKPOINT_MS, () => this.checkpoint(), {
      runAtStart: false,
    });
    this.started = this.consumeUntilStopped();
  }

  /** Joins the group, retrying (broker down at start) until it has or the service stops; never throws. */
  private async consumeUntilStopped(): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        const admin = this.kafka.admin();
        await admin.connect();
        try {
          await ensureTopics(admin, catalog.topics);
        } finally {
          await admin.disconnect();
        }
        if (!this.stopped) await this.startConsumer();
        return;
      } catch (e) {
        const old = this.consumer;
        this.consumer = undefined;
        await old?.disconnect().catch(() => undefined);
        const waitMs = Math.min(500 * 2 ** Math.min(attempt, 5), 10_000);
        this.logger.warn(`indicator consumer not started (retry in ${waitMs} ms): ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, waitMs));
      }
    }
  }

  private async startConsumer() {
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      // the platform's session (libs/messaging): a member killed without leaving holds its partitions until
      // its session expires, 6 s instead of kafkajs' default 30 s; heartbeats every second, also mid-batch
      sessionTimeout: CONSUMER_SESSION.sessionTimeoutMs,
      heartbeatInterval: CONSUMER_SESSION.heartbeatIntervalMs,
      rebalanceTimeout: CONSUMER_SESSION.rebalanceTimeoutMs,
      allowAutoTopicCreation: false,
      maxBytesPerPartition: 4 * 1024 * 1024,
      // a fetch per batch under a stream, as the platform's consumers (libs/messaging CONSUMER_FETCH)
      minBytes: CONSUMER_FETCH.minBytes,
      maxWaitTimeInMs: CONSUMER_FETCH.maxWaitMs,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch, heartbeat, isRunning, isStale }) => {
        if (consumer !== this.consumer) return; // a rebuild swapped the consumer
        const projection = this.projection;
        for (const m of batch.messages) {
          if (!isRunning() || isStale()) break;
          if (applyMessage(projection, batch.topic, batch.partition, m) === 'invalid')
            this.status.invalidMessages++;
        }
        const last = batch.messages[batch.messages.length - 1];
        if (last) this.status.lagMs = Math.max(0, Date.now() - Number(last.timestamp));
        this.dirty = true;
        await heartbeat();
        await this.raiseAlerts(projection);
      },
    });
    // resume where the saved state ends (also filtered per message in applyMessage)
    for (const [key, offset] of this.projection.offsets) {
      const [topic, partition] = key.split('|');
      consumer.seek({ topic, partition: Number(partition), offset });
    }
  }

  private async raiseAlerts(projection: IndicatorProjection) {
    for (const [key, day] of projection.takeTouchedScopes()) {
      const cut = key.indexOf('|');
      const scope = key.slice(0, cut) as AlertScope;
      for (const c of evaluateScope(projection, scope, key.slice(cut + 1), day, this.alertPolicy))
        await this.alerts.raise(c).catch((e: Error) => this.logger.warn(`alert not raised: ${e.message}`));
    }
  }

  /** Saves state + offsets (one write) if anything changed; one save at a time. */
  async checkpoint(force = false): Promise<void> {
    if (this.saving) return this.saving;
    if (!this.dirty && !force) return;
    this.dirty = false;
    const projection = this.projection;
    this.saving = (async () => {
      try {
        const at = this.kernel.clock.now();
        this.status.snapshotBytes = await this.snapshots.save(projection, at);
        this.status.checkpointedAt = at.toISOString();
      } catch (e) {
        this.dirty = true;
        this.logger.warn(`indicator checkpoint failed (retrying): ${(e as Error).message}`);
      } finally {
        this.saving = undefined;
      }
    })();
    return this.saving;
  }

  current(): IndicatorsStatus {
    this.status.memoryRssBytes = process.memoryUsage().rss;
    this.status.eventsApplied = this.projection.eventsApplied;
    this.status.lastEventTime = this.projection.lastEventTime;
    return this.status;
  }

  /**
   * Drops the indicators and rebuilds them by replaying every topic from the beginning, then swaps the
   * rebuilt state in and resumes the live consumer from its offsets. Queries keep answering from the old
   * state meanwhile. Announces IndicatorsRebuilt with a checksum of the rebuilt state.
   */
  rebuild(): Promise<IndicatorsStatus> {
    this.rebuildRunning ??= this.doRebuild().finally(() => (this.rebuildRunning = undefined));
    return this.rebuildRunning;
  }

  private async doRebuild(): Promise<IndicatorsStatus> {
    await this.started; // the live consumer is in place (or being retried) before it is swapped
    this.status.rebuilding = true;
    const startedAt = this.kernel.clock.now();
    try {
      const result = await replayTopics(this.kafka, this.topics, { groupPrefix: this.groupId });
      const old = this.consumer;
      this.consumer = undefined;
      await old?.disconnect();
      await this.saving;
      this.projection = result.projection;
      await this.snapshots.drop();
      await this.checkpoint(true);
      if (!this.stopped) await this.startConsumer();
      const ctx = this.kernel.context(SERVICE_ACTOR);
      const checksum = result.projection.checksum();
      const { state, events } = recordRebuild(
        null,
        {
          rebuildId: uuidv7(),
          topics: this.topics,
          events: result.events,
          startedAt,
          finishedAt: ctx.now,
          checksum,
        },
        ctx,
      );
      await this.rebuilds.commit({ previous: null, next: state, events });
      this.status.lastRebuild = {
        rebuildId: state.id,
        events: state.events,
        durationMs: state.finishedAt.getTime() - state.startedAt.getTime(),
        checksum,
        finishedAt: state.finishedAt.toISOString(),
      };
      this.logger.log(`indicators rebuilt from ${result.messages} messages in ${result.durationMs} ms`);
      return this.current();
    } finally {
      this.status.rebuilding = false;
    }
  }

  /** Before the database connection closes: stop consuming, then save the last state. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    const c = this.consumer;
    this.consumer = undefined;
    await c?.disconnect().catch(() => undefined);
    await this.saving;
    if (this.dirty) await this.checkpoint(true).catch(() => undefined);
  }
}
