import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { fromKafkaMessage, ProcedureChangedV1, ProcedureTopic } from '@urp/contracts';
import { Lease } from '@urp/kernel';
import { createKafka } from '@urp/messaging';
import { PROCEDURES_CONFIG, type ProceduresConfig } from '../config';
import { ProcedureReadModel } from './procedure.read-model';
import { ProcedureStore } from './procedure.store';

type Consumer = ReturnType<ReturnType<typeof createKafka>['consumer']>;

/**
 * Builds this instance's read model before the service answers (the one full read of `procedures`) and keeps it
 * current with the other instances' writes: a consumer of the procedure topic of its own (a group per instance,
 * from the newest offset, nothing committed: the model is rebuilt at start), re-reading each procedure named by a
 * `ProcedureChanged` by `_id` (as the knowledge base does for its sheets). The consumer joins first and the rebuild
 * reads after: a write after the join comes by its event, a write before it is in the read, so no second scan is
 * needed. Only when it joins later (Kafka slow at start, or a rejoin from the newest offset) does one re-read of
 * what changed after the newest write held close the gap (a scan).
 */
@Injectable()
export class ProcedureReadModelSync implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProcedureReadModelSync.name);
  private consumer?: Consumer;
  private started = false;
  /** Set while the first join is awaited before the rebuild. */
  private firstJoin?: () => void;
  static readonly JOIN_WAIT_MS = 30_000;

  constructor(
    @Inject(PROCEDURES_CONFIG) private readonly config: ProceduresConfig,
    private readonly lease: Lease,
    @Inject(ProcedureStore)
    private readonly store: Pick<ProcedureStore, 'get' | 'summaries' | 'changedSince'>,
    private readonly readModel: ProcedureReadModel,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Nest bootstraps a hybrid application's modules twice (HTTP + Kafka): once only
    if (this.started) return;
    this.started = true;
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
    this.start().catch((e: Error) => this.logger.error(`read model consumer did not start: ${e.message}`));
    if (await joined)
      // the consumer takes its starting offset just after the join: read after that, not beside it
      await new Promise((r) => setTimeout(r, 1000));
    else this.logger.warn('read model consumer not joined yet: it catches up when it joins');
    await this.rebuild();
  }

  /** The read model from the collection: the one full read (at start). */
  async rebuild(): Promise<number> {
    const t0 = Date.now();
    const all = await this.store.summaries();
    this.readModel.replaceAll(all);
    this.logger.log(`read model rebuilt: ${all.length} procedures in ${Date.now() - t0} ms`);
    return all.length;
  }

  /** Another instance wrote a procedure (its `ProcedureChanged`): re-read it by `_id`. */
  async refresh(procedureId: string): Promise<void> {
    const p = await this.store.get(procedureId);
    if (p) this.readModel.upsert(p);
  }

  /** What changed after the newest write held (a scan: once, when the consumer joins). */
  async catchUp(): Promise<number> {
    const changed = await this.store.changedSince(this.readModel.watermark);
    for (const p of changed) this.readModel.upsert(p);
    return changed.length;
  }

  private async start(): Promise<void> {
    const kafka = createKafka({ clientId: 'procedures-read-model', brokers: this.config.KAFKA_BROKERS });
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
      // the first join before the rebuild needs nothing more; any later one starts from the newest offset
      const first = this.firstJoin;
      this.firstJoin = undefined;
      if (first) return first();
      this.catchUp().catch((e: Error) => this.logger.warn(`read model catch-up: ${e.message}`));
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [ProcedureTopic.name], fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        let event;
        try {
          event = fromKafkaMessage(message);
        } catch {
          return; // not ours to judge: the service's own consumer dead-letters what is malformed
        }
        if (event.type === ProcedureChangedV1.type) await this.refresh(event.subject);
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect().catch(() => undefined);
  }
}
