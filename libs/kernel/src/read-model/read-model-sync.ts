import { Logger } from '@nestjs/common';
import type { CloudEvent } from '@urp/contracts';
import type { PeriodicTasks } from '../periodic';
import {
  ChangeFollower,
  type ChangeFollowerOptions,
  type ChangeFollowerPort,
  type PartitionRange,
  type TopicOffsets,
} from './change-follower';
import type { ChunkedSnapshot, ChunkedSnapshotStore } from './chunked-snapshot';
import type { StoreMarks } from './store-marks';

/** What the sync needs of a service's read model (adapted in the service's sync file). */
export interface ReadModelTarget<T> {
  /** The revision held of `id`, if any. */
  revisionOf(id: string): number | undefined;
  /** Re-reads `id` by `_id` and holds it (a copy never replaces a newer one). */
  reread(id: string): Promise<void>;
  /** Everything held, as a snapshot keeps it. */
  items(): readonly T[];
  /** Replaces everything held by a snapshot's items. */
  replaceAll(items: T[]): void;
  /** The one full read of the collection (`maxTimeMS: 0`: it must finish); the number of items. */
  rebuild(): Promise<number>;
  readonly size: number;
}

export interface ReadModelSyncOptions<T> {
  /** The read model's name: logs and the periodic task `<name>.read-model-snapshot`. */
  name: string;
  target: ReadModelTarget<T>;
  /** The service's own content-free change event: `subject` = the aggregate id, `data.revision`. */
  changedType: string;
  follower: Omit<ChangeFollowerOptions, 'onEvent' | 'onJoin' | 'logger' | 'types'>;
  /** Events of the other topics the consumer reads (`follower.alsoTopics`), or other types on the change topic. */
  onOtherEvent?: (event: CloudEvent, topic: string) => Promise<void>;
  /**
   * The types `onOtherEvent` takes: the follower decodes only these and `changedType` (the others only move its
   * position). Absent: every other event is decoded and offered to `onOtherEvent`, when there is one.
   */
  otherTypes?: readonly string[];
  /**
   * A later join whose positions are not all known (Kafka was unreachable at start): close the gap (a re-read of
   * what changed; a scan). A join with known positions resumes from them instead.
   */
  catchUp?: () => Promise<unknown>;
  snapshots?: ChunkedSnapshotStore<T>;
  /** Every so often one instance (by lease) writes a snapshot; 0 or absent: none. */
  snapshotEveryMs?: number;
  tasks?: Pick<PeriodicTasks, 'every'>;
  /** The write mark of the collection (`StoreMarks`): a snapshot taken before a write outside the service is not used. */
  marks?: { store: Pick<StoreMarks, 'read'>; collection: string };
  /**
   * The number of documents stored (an estimate is enough): a start from a snapshot is refused when more are
   * stored than it holds plus the events to replay (documents inserted without their events). Cheap on MongoDB
   * (collection metadata); FerretDB 1.24 reads the whole collection for it (115 s at 100,000 contacts), so the
   * services rely on the store mark instead and do not pass it.
   */
  storedCount?: () => Promise<number>;
  /** A snapshot older than this is not trusted to find its events still on the topic. Default 24 h. */
  maxAgeMs?: number;
  logger?: Logger;
  /** The follower (default: a `ChangeFollower` on Kafka; a fake in unit tests). */
  makeFollower?: (options: ChangeFollowerOptions) => ChangeFollowerPort;
}

export interface ReadModelStart<T> {
  /** The snapshot the read model started from, or undefined: from the collection. */
  snapshot?: ChunkedSnapshot<T>;
  /** `from the snapshot of <time>` or `from the collection`, for the service's log line. */
  how: string;
  ms: number;
}

/**
 * The one way a service keeps an in-memory read model current (issue 17):
 * - at start, from its snapshot when there is a recent one whose events are still on the topic (and no write
 *   outside the service since: the store's mark, the count), this instance's consumer replaying the change
 *   events from the snapshot's positions; otherwise the one full read of the collection, after the consumer
 *   was started from the topic's ends read before it, so that no write of another instance is missed;
 * - then each change event (id + revision, no content) re-reads its aggregate by `_id`, unless this instance
 *   holds that revision already (its own writes land in the read model at once, by its store);
 * - one instance at a time writes a snapshot every `snapshotEveryMs`, with the positions it has applied and the
 *   store mark its contents reflect; right after a full read, at once.
 */
export class ReadModelSync<T> {
  private readonly logger: Logger;
  private readonly follower: ChangeFollowerPort;
  /** The store mark the read model's contents reflect (read before the full read, or the snapshot's). */
  private basis?: string;
  private started?: Promise<ReadModelStart<T>>;

  constructor(private readonly options: ReadModelSyncOptions<T>) {
    this.logger = options.logger ?? new Logger(`ReadModelSync:${options.name}`);
    this.follower = (options.makeFollower ?? ((o) => new ChangeFollower(o)))({
      ...options.follower,
      types: !options.onOtherEvent
        ? [options.changedType]
        : options.otherTypes && [options.changedType, ...options.otherTypes],
      logger: this.logger,
      onEvent: (event, topic) => this.apply(event, topic),
      onJoin: (first, resumed) => {
        if (!first && !resumed && options.catchUp) return options.catchUp();
      },
    });
  }

  /** Builds the read model and starts following (once: Nest bootstraps a hybrid app's modules twice). */
  start(): Promise<ReadModelStart<T>> {
    this.started ??= this.begin();
    return this.started;
  }

  private async begin(): Promise<ReadModelStart<T>> {
    const t0 = Date.now();
    const { target, marks } = this.options;
    const ranges = await this.follower.topicRanges().catch((e: Error) => {
      this.logger.warn(`change topic offsets unknown: ${e.message}`);
      return undefined;
    });
    const snapshot = ranges ? await this.usableSnapshot(ranges) : undefined;
    if (snapshot) {
      target.replaceAll(snapshot.items);
      this.basis = marks ? (snapshot.mark ?? '0') : undefined; // checked equal to the current mark
      await this.follower.start(snapshot.offsets);
    } else {
      // the mark before the read: a write outside the service during it is seen by the next start
      this.basis = marks ? await marks.store.read(marks.collection) : undefined;
      const ends = ranges && Object.fromEntries(ranges.map((r) => [String(r.partition), r.high]));
      // from the ends read before the full read: every write after them is replayed (a re-read is harmless)
      const joined = await this.follower.start(ends);
      // without the ends, the consumer takes the newest offset just after its join: read after that
      if (joined && !ends) await new Promise((r) => setTimeout(r, 1000));
      await target.rebuild();
    }
    const how = snapshot ? `from the snapshot of ${snapshot.takenAt.toISOString()}` : 'from the collection';
    this.schedule(!snapshot);
    return { snapshot, how, ms: Date.now() - t0 };
  }

  private schedule(rebuilt: boolean): void {
    const every = this.options.snapshotEveryMs;
    if (!this.options.snapshots || !every) return;
    // after a full read, a snapshot at once (not behind the task's lease): the next start is quick
    if (rebuilt) void this.snapshot().catch((e: Error) => this.logger.warn(`snapshot: ${e.message}`));
    this.options.tasks?.every(`${this.options.name}.read-model-snapshot`, every, () => this.snapshot(), {
      runAtStart: false,
    });
  }

  /** An event of the followed topics: a change event re-reads its aggregate unless that revision is held. */
  private async apply(event: CloudEvent, topic: string): Promise<void> {
    if (event.type === this.options.changedType)
      await this.refresh(event.subject, (event.data as { revision?: number } | undefined)?.revision);
    else await this.options.onOtherEvent?.(event, topic);
  }

  /** Another instance wrote `id` (its change event): re-read it by `_id` unless this instance holds that revision. */
  async refresh(id: string, revision = Infinity): Promise<void> {
    if ((this.options.target.revisionOf(id) ?? 0) >= revision) return;
    await this.options.target.reread(id);
  }

  /** The full read of the collection (tests, an administrator). */
  async rebuild(): Promise<number> {
    const { marks } = this.options;
    this.basis = marks ? await marks.store.read(marks.collection) : undefined;
    return this.options.target.rebuild();
  }

  /**
   * Writes a snapshot of the read model as this instance holds it, with the positions it has applied (read
   * first: every write after them is replayed by the next start). Not when the collection was written outside
   * the service since the contents were read: the old snapshot stays, and the next start reads the collection.
   */
  async snapshot(): Promise<number> {
    const { snapshots, marks, target } = this.options;
    if (!snapshots) return 0;
    const offsets = this.follower.applied();
    if (marks) {
      const now = await marks.store.read(marks.collection);
      if (now !== this.basis) {
        this.logger.warn(
          `no snapshot: ${marks.collection} was written outside the service (mark ${now}, read model ${this.basis}); the next start reads the collection`,
        );
        return 0;
      }
    }
    const items = target.items();
    await snapshots.save(items, offsets, new Date(), this.basis);
    return items.length;
  }

  private async usableSnapshot(ranges: PartitionRange[]): Promise<ChunkedSnapshot<T> | undefined> {
    const { snapshots, marks, storedCount } = this.options;
    if (!snapshots) return undefined;
    const s = await snapshots.load().catch((e: Error) => {
      this.logger.warn(`read model snapshot unreadable: ${e.message}`);
      return undefined;
    });
    if (!s || Date.now() - s.takenAt.getTime() > (this.options.maxAgeMs ?? 24 * 3_600_000)) return undefined;
    // every partition's replay must still be on the topic (retention), and no partition unknown to it
    const fits = ranges.every((t) => {
      const o = s.offsets[String(t.partition)];
      return o !== undefined && BigInt(o) >= BigInt(t.low) && BigInt(o) <= BigInt(t.high);
    });
    if (!fits) return undefined;
    if (marks) {
      const mark = await marks.store.read(marks.collection);
      if (mark !== (s.mark ?? '0')) {
        this.logger.warn(
          `read model snapshot ignored: ${marks.collection} written outside the service since (mark ${mark}, snapshot ${s.mark ?? 'none'})`,
        );
        return undefined;
      }
    }
    if (storedCount) {
      // documents written without their events would never be replayed: each one written since carried at
      // least one event, so more documents than the snapshot's items plus the events to replay means a full read
      const pending = ranges.reduce(
        (n, t) => n + Number(BigInt(t.high) - BigInt(s.offsets[String(t.partition)])),
        0,
      );
      const stored = await storedCount();
      if (stored > s.items.length + pending) {
        this.logger.warn(
          `read model snapshot ignored: ${stored} stored, ${s.items.length} in it and ${pending} events since`,
        );
        return undefined;
      }
    }
    return s;
  }

  /** The positions applied per partition of the change topic. */
  applied(): TopicOffsets {
    return this.follower.applied();
  }

  async stop(): Promise<void> {
    await this.follower.stop();
  }
}
