import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';

interface LeaseDocument {
  _id: string;
  holder: string;
  until: Date;
}

const isDuplicateKey = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { code?: number }).code === 11000;

/**
 * A lease in the service's database: among the instances of a service, only the holder runs a periodic
 * task until the lease expires, so a sweep is done once, not once per instance. (The effects of time-driven
 * events stay exactly-once through their own claims: the lease only saves duplicate work.)
 */
export class Lease {
  readonly holder = randomUUID();
  private readonly collection: Collection<LeaseDocument>;

  constructor(db: Db) {
    this.collection = db.collection<LeaseDocument>('_leases');
  }

  /** True when this instance holds (or just took, or renewed) the lease `name` for `ttlMs`. */
  async acquire(name: string, ttlMs: number, now = new Date()): Promise<boolean> {
    const until = new Date(now.getTime() + ttlMs);
    try {
      const res = await this.collection.updateOne(
        { _id: name, $or: [{ until: { $lt: now } }, { holder: this.holder }] },
        { $set: { holder: this.holder, until } },
        { upsert: true },
      );
      return res.matchedCount + res.upsertedCount > 0;
    } catch (e) {
      if (isDuplicateKey(e)) return false; // held by another instance
      throw e;
    }
  }

  /** Gives the lease back at once (when this instance held it), so another instance need not wait for expiry. */
  async release(name: string): Promise<void> {
    await this.collection.updateOne({ _id: name, holder: this.holder }, { $set: { until: new Date(0) } });
  }
}

/** How long the shutdown waits to give its leases back. */
const RELEASE_WAIT_MS = 2000;

export interface PeriodicTaskOptions {
  /** Run once right after start (after a crash, catch up at once). Default true. */
  runAtStart?: boolean;
  /**
   * Run on every instance (work on the instance's own memory: an index sync, a checkpoint of its projection)
   * instead of on the lease holder only. Default false.
   */
  everyInstance?: boolean;
}

/**
 * The one periodic-task helper of every service (on @nestjs/schedule's registry): `every(name, ms, task)`.
 * A round never overlaps the previous one; errors are logged, never thrown into the timer; only the holder
 * of the task's lease runs it. At shutdown the instance gives back the leases it holds, so another instance
 * runs the task at its next round instead of waiting for the lease to expire (three intervals).
 */
@Injectable()
export class PeriodicTasks implements OnApplicationShutdown {
  private readonly logger = new Logger('PeriodicTasks');
  private readonly running = new Map<string, Promise<void>>();
  /** The leases this instance took: given back at shutdown, so another instance takes over at its next round. */
  private readonly held = new Set<string>();
  private stopped = false;

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly lease: Lease,
  ) {}

  every(
    name: string,
    intervalMs: number,
    task: () => Promise<unknown>,
    options: PeriodicTaskOptions = {},
  ): void {
    // idempotent per name: Nest bootstraps the modules of a hybrid app (HTTP + consumer) twice
    if (this.registry.getIntervals().includes(name)) return;
    const tick = () => {
      if (this.stopped || this.running.has(name)) return;
      const held = options.everyInstance
        ? Promise.resolve(true)
        : this.lease.acquire(name, Math.max(intervalMs * 3, 10_000));
      const round = held
        .then(async (held) => {
          if (!options.everyInstance) {
            if (held) this.held.add(name);
            else this.held.delete(name);
          }
          if (held && !this.stopped) await task();
        })
        .catch((e: unknown) => this.logger.warn(`${name}: ${(e as Error).message}`))
        .finally(() => this.running.delete(name));
      this.running.set(name, round);
    };
    const timer = setInterval(tick, intervalMs);
    timer.unref();
    this.registry.addInterval(name, timer);
    if (options.runAtStart ?? true) setImmediate(tick);
  }

  /**
   * Runs a task now (a kick after a write, tests, admin actions), after the round in flight: while it runs, the
   * periodic round of the same name is skipped and other `runNow` calls wait, so rounds of one name never
   * overlap in this process. Its error is the caller's.
   */
  async runNow(name: string, task: () => Promise<unknown>): Promise<void> {
    for (let r = this.running.get(name); r; r = this.running.get(name)) await r;
    const round = Promise.resolve()
      .then(task)
      .then(() => undefined)
      .finally(() => this.running.delete(name));
    this.running.set(
      name,
      round.catch(() => undefined),
    );
    await round;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const name of this.registry.getIntervals()) this.registry.deleteInterval(name);
    await Promise.all(this.running.values());
    // without this, a stopped holder keeps each lease for three intervals (its TTL)
    const names = [...this.held];
    this.held.clear();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(
        names.map((name) =>
          this.lease
            .release(name)
            .catch((e: unknown) => this.logger.warn(`${name}: lease not released: ${(e as Error).message}`)),
        ),
      ),
      // a database already gone must not hold the shutdown: the leases then expire by themselves
      new Promise((resolve) => {
        timer = setTimeout(resolve, RELEASE_WAIT_MS);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
  }
}
