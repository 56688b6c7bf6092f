import { Inject, Injectable } from '@nestjs/common';
import { createEvent, ProcedureChangedV1 } from '@urp/contracts';
import {
  MONGO_DB,
  MongoAggregateStore,
  OUTBOX_PORT,
  type Aggregate,
  type Commit,
  type CommitResult,
  type OutboxPort,
} from '@urp/kernel';
import type { Db } from 'mongodb';
import { SUMMARY_FIELDS, toSummary, type ProcedureSummary } from './procedure.read-model';
import type { Procedure } from './procedure.state';

const HIDDEN = { projection: { _outbox: 0, _applied: 0 } };

/**
 * Every write of a procedure carries `ProcedureChanged` (content-free, in the same write: the embedded outbox), so
 * the other instances re-read it into their read models, whichever path wrote it (a use case, a delivery report, the
 * legal clock's bookkeeping).
 */
export function withProcedureChanged(change: Commit<Procedure>): Commit<Procedure> {
  const first = change.events[0];
  const changed = createEvent(
    ProcedureChangedV1,
    change.next.id,
    {
      procedureId: change.next.id,
      changedAt: first?.time ?? new Date().toISOString(),
      // the revision the store gives this write (MongoAggregateStore.commit: the previous one + 1)
      revision: (change.previous?.revision ?? 0) + 1,
    },
    {
      source: first?.source ?? '/urp/procedures',
      ...(first?.time ? { time: new Date(first.time) } : {}),
      ...(first?.correlationid ? { correlationId: first.correlationid } : {}),
      ...(first?.causationid ? { causationId: first.causationid } : {}),
    },
  );
  return { ...change, events: [...change.events, changed] };
}

/** The only writer of `procedures` (`_id` = `prc_…`): each procedure with its events, guarded by its revision. */
@Injectable()
export class ProcedureStore extends MongoAggregateStore<Procedure> {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'procedures');
  }

  override commit(change: Commit<Procedure>): Promise<CommitResult<Procedure>> {
    return super.commit(withProcedureChanged(change));
  }

  /** The read model's rebuild: every procedure's summary fields (the one full read, at start). */
  async summaries(): Promise<ProcedureSummary[]> {
    const projection = Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, 1]));
    const out: ProcedureSummary[] = [];
    // no time limit (`maxTimeMS: 0`): the rebuild must finish, whatever the size
    for await (const d of this.collection.find({}, { projection, batchSize: 5000, maxTimeMS: 0 }))
      out.push(toSummary(this.toState(d)));
    return out;
  }

  /**
   * The ids of a requester's procedures (their anonymisation only: rare, so a scan of one field rather than an
   * index every write pays for), without a time limit: every one of them must be erased.
   */
  async idsOfRequester(requesterId: string): Promise<string[]> {
    const docs = await this.collection
      .find({ requesterId }, { projection: { _id: 1 }, maxTimeMS: 0 })
      .toArray();
    return docs.map((d) => String(d._id));
  }

  /** Procedures written after `updatedAt` (a scan: only when the read model's event consumer joins). */
  async changedSince(updatedAt: string): Promise<Procedure[]> {
    const docs = await this.collection
      .find({ updatedAt: { $gt: updatedAt } }, { ...HIDDEN, maxTimeMS: 0 })
      .toArray();
    return docs.map((d) => this.toState(d));
  }
}

/**
 * One occurrence of a time-driven event (e.g. `prc_x:missed:ordinary:2026-12-14`), claimed by inserting it with
 * its events (`ifAbsent`): only one claim of an occurrence is ever written, so its events exist once whatever
 * number of instances run the clock.
 */
export interface ClockClaim extends Aggregate {
  procedureId: string;
  claimedAt: string;
}

/** The only writer of `clock_claims`. */
@Injectable()
export class ClockClaimStore extends MongoAggregateStore<ClockClaim> {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'clock_claims');
  }
}
