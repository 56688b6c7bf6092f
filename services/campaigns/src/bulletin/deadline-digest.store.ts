import { Inject, Injectable } from '@nestjs/common';
import { MONGO_DB, MongoAggregateStore, OUTBOX_PORT, type OutboxPort } from '@urp/kernel';
import type { Db } from 'mongodb';
import type { DeadlineDigest, DeadlineWarning } from './deadline-digest.rules';

/** The deadline warnings of procedures, one document per warning (`dlw_…`), kept to report each once. */
@Injectable()
export class DeadlineWarningStore extends MongoAggregateStore<DeadlineWarning> {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'deadline_warnings');
  }

  /** Keeps a warning once: `false` when it was already there (a re-published event). */
  async record(w: DeadlineWarning): Promise<boolean> {
    const r = await this.commit({ previous: null, next: w, events: [], ifAbsent: true });
    return r.status === 'committed';
  }

  /**
   * The warnings no digest reported yet. A filter (a scan on FerretDB) of a small collection, read by the digest
   * task only (one instance, once a tick); reported warnings are kept 3 days (a re-published event comes within hours), then pruned.
   */
  async waiting(): Promise<DeadlineWarning[]> {
    const docs = await this.collection
      .find({ reportedIn: { $exists: false } }, { projection: { _outbox: 0, _applied: 0 } })
      .toArray();
    return docs.map((d) => this.toState(d));
  }

  /** Marks the warnings a digest listed (one command). */
  async markReported(ids: readonly string[], digestId: string, at: Date): Promise<void> {
    if (!ids.length) return;
    await this.collection.updateMany(
      { _id: { $in: [...ids] }, reportedIn: { $exists: false } },
      { $set: { reportedIn: digestId, reportedAt: at } },
    );
  }

  /** Forgets warnings reported before `before` (their events are long past any re-publication). */
  async pruneReported(before: Date): Promise<number> {
    const r = await this.collection.deleteMany({ reportedAt: { $lt: before } });
    return r.deletedCount;
  }
}

/** The digests claimed (`dld_<kind>_<recipient>_<office>_<day>`): what each lists, before its e-mail is queued. */
@Injectable()
export class DeadlineDigestStore extends MongoAggregateStore<DeadlineDigest> {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'deadline_digests');
  }

  /** Forgets digests claimed before `before` (a claim matters only on its own day). */
  async prune(before: Date): Promise<number> {
    const r = await this.collection.deleteMany({ claimedAt: { $lt: before } });
    return r.deletedCount;
  }
}
