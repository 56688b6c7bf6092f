import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ProcedureChangedV1, ProcedureTopic } from '@urp/contracts';
import { Lease, MONGO_DB, PeriodicTasks, ReadModelSync, StoreMarks } from '@urp/kernel';
import type { Db } from 'mongodb';
import { PROCEDURES_CONFIG, type ProceduresConfig } from '../config';
import { ProcedureReadModel, type ProcedureSummary } from './procedure.read-model';
import { ProcedureSnapshotStore } from './procedure.read-model.snapshot';
import { ProcedureStore } from './procedure.store';

/**
 * The procedures read model's life (issue 17), on the kernel's `ReadModelSync`: from its snapshot or the one full
 * read of the collection (`summaries`), kept current by `ProcedureChanged` (each event re-reads its procedure by
 * `_id`; a copy never replaces a newer one). Should the consumer rejoin without knowing where it stood (Kafka
 * unreachable at start), one re-read of what changed after the newest write held (a scan) closes the gap. A
 * write of `procedures` outside the service must bump its store mark (`StoreMarks.bump(db, 'procedures')`).
 */
@Injectable()
export class ProcedureReadModelSync implements OnApplicationBootstrap, OnApplicationShutdown {
  static readonly JOIN_WAIT_MS = 30_000;
  private readonly logger = new Logger(ProcedureReadModelSync.name);
  private readonly sync: ReadModelSync<ProcedureSummary>;
  private started = false;

  constructor(
    @Inject(PROCEDURES_CONFIG) config: ProceduresConfig,
    lease: Lease,
    @Inject(ProcedureStore)
    private readonly store: Pick<ProcedureStore, 'get' | 'summaries' | 'changedSince'>,
    private readonly readModel: ProcedureReadModel,
    @Optional() snapshots?: ProcedureSnapshotStore,
    @Optional() tasks?: PeriodicTasks,
    @Optional() @Inject(MONGO_DB) db?: Db,
  ) {
    this.sync = new ReadModelSync<ProcedureSummary>({
      name: 'procedures',
      logger: this.logger,
      changedType: ProcedureChangedV1.type,
      target: {
        revisionOf: (id) => readModel.get(id)?.revision,
        reread: async (id) => {
          const p = await store.get(id);
          if (p) readModel.upsert(p);
        },
        items: () => readModel.all(),
        replaceAll: (items) => readModel.replaceAll(items),
        rebuild: async () => {
          const t0 = Date.now();
          const all = await store.summaries();
          readModel.replaceAll(all);
          this.logger.log(`read model rebuilt: ${all.length} procedures in ${Date.now() - t0} ms`);
          return all.length;
        },
        get size() {
          return readModel.size;
        },
      },
      follower: {
        brokers: config.KAFKA_BROKERS,
        clientId: 'procedures-read-model',
        groupId: `${config.KAFKA_GROUP_ID ?? 'urp.procedures'}.read-model.${lease.holder}`,
        topic: ProcedureTopic.name,
        joinWaitMs: ProcedureReadModelSync.JOIN_WAIT_MS,
      },
      catchUp: () => this.catchUp(),
      snapshots,
      snapshotEveryMs: config.READ_MODEL_SNAPSHOT_MS,
      tasks,
      ...(db ? { marks: { store: new StoreMarks(db), collection: 'procedures' } } : {}),
      // no `storedCount`: FerretDB answers a count by reading the collection (minutes at 100,000)
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // Nest bootstraps a hybrid application's modules twice (HTTP + Kafka): once only
    if (this.started) return;
    this.started = true;
    const { how, ms } = await this.sync.start();
    this.logger.log(`read model ready ${how}: ${this.readModel.size} procedures in ${ms} ms`);
  }

  /** The read model from the collection: the one full read. */
  rebuild(): Promise<number> {
    return this.sync.rebuild();
  }

  /** Writes a snapshot of the read model as this instance holds it, with the positions it has applied. */
  snapshot(): Promise<number> {
    return this.sync.snapshot();
  }

  /** A procedure was written (its `ProcedureChanged`): re-read it by `_id` unless this instance holds that revision. */
  refresh(procedureId: string, revision = Infinity): Promise<void> {
    return this.sync.refresh(procedureId, revision);
  }

  /** What changed after the newest write held (a scan: only when the consumer rejoins not knowing where it stood). */
  async catchUp(): Promise<number> {
    const changed = await this.store.changedSince(this.readModel.watermark);
    for (const p of changed) this.readModel.upsert(p);
    return changed.length;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sync.stop();
  }
}
