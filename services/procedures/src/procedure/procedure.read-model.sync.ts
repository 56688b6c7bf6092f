import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { fromKafkaMessage, ProcedureChangedV1, ProcedureTopic } from '@urp/contracts';
import { Lease, PeriodicTasks } from '@urp/kernel';
import { createKafka } from '@urp/messaging';
import { PROCEDURES_CONFIG, type ProceduresConfig } from '../config';
import { ProcedureReadModel } from './procedure.read-model';
import { ProcedureSnapshotStore, type ProcedureSnapshot } from './procedure.read-model.snapshot';
import { ProcedureStore } from './procedure.store';

type Kafka = ReturnType<typeof createKafka>;
type Consumer = ReturnType<Kafka['consumer']>;
type TopicOffsets = { partition: number; low: string; high: string }[];

/** A snapshot older than this is not trusted to find its events still on the topic: a full rebuild instead. */
const SNAPSHOT_MAX_AGE_MS = 24 * 3_600_000;

/**
 * The read model's life (issue 17). At start: from its snapshot (a few documents read by `_id`) when there is a
 * recent one whose events are still on the topic, this instance's consumer of `ProcedureChanged` replaying the
 * writes since from the snapshot's positions; otherwise from the collection (the one full read), after that
 * consumer has joined, so that a write after the join arrives by its event and one before it is in the read. Each
 * event re-reads its procedure by `_id` (as the knowledge base does for its sheets); a copy never replaces a newer
 * one. The consumer has a group per instance, from the newest offset, and commits nothing; should it join only
 * later (Kafka slow at start, or a rejoin) one re-read of what changed after the newest write held (a scan) closes
 * the gap. One instance at a time writes a new snapshot every READ_MODEL_SNAPSHOT_MS.
 */
@Injectable()
export class ProcedureReadModelSync implements OnApplicationBootstrap, OnApplicationShutdown {
  static readonly JOIN_WAIT_MS = 30_000;
  private readonly logger = new Logger(ProcedureReadModelSync.name);
  private consumer?: Consumer;
  private started = false;
  /** Set while the first join is awaited. */
  private firstJoin?: () => void;
  /** Per partition of the procedure topic, the offset after the last event this instance has applied. */
  private readonly positions = new Map<number, string>();

  constructor(
    @Inject(PROCEDURES_CONFIG) private readonly config: ProceduresConfig,
    private readonly lease: Lease,
    @Inject(ProcedureStore)
    private readonly store: Pick<ProcedureStore, 'get' | 'summaries' | 'changedSince'>,
    private readonly readModel: ProcedureReadModel,
    @Optional() private readonly snapshots?: ProcedureSnapshotStore,
    @Optional() private readonly tasks?: PeriodicTasks,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Nest bootstraps a hybrid application's modules twice (HTTP + Kafka): once only
    if (this.started) return;
    this.started = true;
    const t0 = Date.now();
    const kafka = createKafka({ clientId: 'procedures-read-model', brokers: this.config.KAFKA_BROKERS });
    const topic = await this.topicOffsets(kafka).catch((e: Error) => {
      this.logger.warn(`procedure topic offsets unknown: ${e.message}`);
      return undefined;
    });
    const snapshot = topic ? await this.usableSnapshot(topic) : undefined;
    if (snapshot) {
      this.readModel.replaceAll(snapshot.items);
      for (const [p, o] of Object.entries(snapshot.offsets)) this.positions.set(Number(p), o);
      await this.follow(kafka, snapshot.offsets);
    } else {
      // the positions before the join: a later snapshot replays from there at worst (re-reads are harmless)
      for (const t of topic ?? []) this.positions.set(t.partition, t.high);
      if (await this.follow(kafka))
        // the consumer takes its starting offset just after the join: read after that, not beside it
        await new Promise((r) => setTimeout(r, 1000));
      await this.rebuild();
    }
    this.logger.log(
      `read model ready ${snapshot ? `from the snapshot of ${snapshot.takenAt.toISOString()}` : 'from the collection'}: ${this.readModel.size} procedures in ${Date.now() - t0} ms`,
    );
    if (this.tasks && this.config.READ_MODEL_SNAPSHOT_MS)
      this.tasks.every(
        'procedures.read-model-snapshot',
        this.config.READ_MODEL_SNAPSHOT_MS,
        () => this.snapshot(),
        {
          runAtStart: !snapshot,
        },
      );
  }

  /** The read model from the collection: the one full read. */
  async rebuild(): Promise<number> {
    const t0 = Date.now();
    const all = await this.store.summaries();
    this.readModel.replaceAll(all);
    this.logger.log(`read model rebuilt: ${all.length} procedures in ${Date.now() - t0} ms`);
    return all.length;
  }

  /** Writes a snapshot of the read model as this instance holds it, with the positions it has applied. */
  async snapshot(): Promise<number> {
    if (!this.snapshots) return 0;
    // the positions first: every write after them is replayed by the next start (a re-read is harmless)
    const offsets = Object.fromEntries([...this.positions].map(([p, o]) => [String(p), o]));
    const items = this.readModel.all();
    await this.snapshots.save(items, offsets, new Date());
    return items.length;
  }

  /** A procedure was written (its `ProcedureChanged`): re-read it by `_id` unless this instance holds that revision. */
  async refresh(procedureId: string, revision = Infinity): Promise<void> {
    if ((this.readModel.get(procedureId)?.revision ?? 0) >= revision) return;
    const p = await this.store.get(procedureId);
    if (p) this.readModel.upsert(p);
  }

  /** What changed after the newest write held (a scan: only when the consumer joins late or again). */
  async catchUp(): Promise<number> {
    const changed = await this.store.changedSince(this.readModel.watermark);
    for (const p of changed) this.readModel.upsert(p);
    return changed.length;
  }

  private async usableSnapshot(topic: TopicOffsets): Promise<ProcedureSnapshot | undefined> {
    if (!this.snapshots) return undefined;
    const s = await this.snapshots.load().catch((e: Error) => {
      this.logger.warn(`read model snapshot unreadable: ${e.message}`);
      return undefined;
    });
    if (!s || Date.now() - s.takenAt.getTime() > SNAPSHOT_MAX_AGE_MS) return undefined;
    // every partition's replay must still be on the topic (retention), and no partition unknown to it
    const fits = topic.every((t) => {
      const o = s.offsets[String(t.partition)];
      return o !== undefined && BigInt(o) >= BigInt(t.low) && BigInt(o) <= BigInt(t.high);
    });
    return fits ? s : undefined;
  }

  private async topicOffsets(kafka: Kafka): Promise<TopicOffsets> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return (await admin.fetchTopicOffsets(ProcedureTopic.name)).map((o) => ({
        partition: o.partition,
        low: o.low,
        high: o.high,
      }));
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * Starts this instance's consumer (from `from`, a snapshot's positions, or from the newest offset) and waits up to
   * JOIN_WAIT_MS for its first join; true when it joined.
   */
  private async follow(kafka: Kafka, from?: Record<string, string>): Promise<boolean> {
    const joined = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.firstJoin = undefined; // a later join catches up
        resolve(false);
      }, ProcedureReadModelSync.JOIN_WAIT_MS);
      this.firstJoin = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
    this.start(kafka, from).catch((e: Error) =>
      this.logger.error(`read model consumer did not start: ${e.message} (other instances' writes unseen)`),
    );
    const ok = await joined;
    if (!ok) this.logger.warn('read model consumer not joined yet: it catches up when it joins');
    return ok;
  }

  private async start(kafka: Kafka, from?: Record<string, string>): Promise<void> {
    const groupId = `${this.config.KAFKA_GROUP_ID ?? 'urp.procedures'}.read-model.${this.lease.holder}`;
    const consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 100,
      sessionTimeout: 6000,
      heartbeatInterval: 1000,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      // the first join needs nothing more; any later one starts from the newest offset: catch up
      const first = this.firstJoin;
      this.firstJoin = undefined;
      if (first) return first();
      this.catchUp().catch((e: Error) => this.logger.warn(`read model catch-up: ${e.message}`));
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [ProcedureTopic.name], fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        let event;
        try {
          event = fromKafkaMessage(message);
        } catch {
          event = undefined; // not ours to judge: the service's own consumer dead-letters what is malformed
        }
        if (event?.type === ProcedureChangedV1.type)
          await this.refresh(event.subject, (event.data as { revision?: number }).revision);
        this.positions.set(partition, (BigInt(message.offset) + BigInt(1)).toString());
      },
    });
    for (const [partition, offset] of Object.entries(from ?? {}))
      consumer.seek({ topic: ProcedureTopic.name, partition: Number(partition), offset });
  }

  async onApplicationShutdown(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect().catch(() => undefined);
  }
}
