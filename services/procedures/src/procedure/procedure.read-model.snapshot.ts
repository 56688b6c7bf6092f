import { Inject, Injectable } from '@nestjs/common';
import { ChunkedSnapshotStore, MONGO_DB, type ChunkedSnapshot } from '@urp/kernel';
import type { Db } from 'mongodb';
import { fromSnapshot, type ProcedureSummary } from './procedure.read-model';

/** Bumped whenever the summary's shape changes: an older snapshot is ignored (a full rebuild instead). */
export const SNAPSHOT_VERSION = 1;

export type ProcedureSnapshot = ChunkedSnapshot<ProcedureSummary>;

/**
 * The procedures read model's snapshot (issue 17), in the kernel's layout (`ChunkedSnapshotStore`: JSON chunks
 * by `_id` with the procedure topic's positions). Summaries hold no requester, no form data, no notices.
 */
@Injectable()
export class ProcedureSnapshotStore extends ChunkedSnapshotStore<ProcedureSummary> {
  constructor(@Inject(MONGO_DB) db: Db) {
    super(db, {
      name: 'procedures',
      version: SNAPSHOT_VERSION,
      decode: (s) => fromSnapshot(s as ProcedureSummary),
    });
  }
}
