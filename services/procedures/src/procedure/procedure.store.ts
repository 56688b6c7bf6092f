import { Inject, Injectable } from '@nestjs/common';
import { MONGO_DB, MongoAggregateStore, OUTBOX_PORT, type Aggregate, type OutboxPort } from '@urp/kernel';
import type { Db } from 'mongodb';
import type { Procedure } from './procedure.state';

const HIDDEN = { projection: { _outbox: 0, _applied: 0 } };

/** The only writer of `procedures` (`_id` = `prc_…`): each procedure with its events, guarded by its revision. */
@Injectable()
export class ProcedureStore extends MongoAggregateStore<Procedure> {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'procedures');
  }

  /** Newest first: a management listing (a full scan on FerretDB, bounded by `first`; the desk is the daily view). */
  async latest(first: number, typeCode?: string): Promise<Procedure[]> {
    const docs = await this.collection
      .find(typeCode ? { typeCode } : {}, HIDDEN)
      .sort({ createdAt: -1 })
      .limit(first)
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
