import { Inject, Injectable } from '@nestjs/common';
import { ChunkedSnapshotStore, MONGO_DB, type ChunkedSnapshot } from '@urp/kernel';
import type { Db } from 'mongodb';
import type { ContactRow } from './contact.read-model';

/** Bumped whenever the row's shape changes: an older snapshot is ignored (a full rebuild instead). */
export const SNAPSHOT_VERSION = 2;

/**
 * The contacts read model's snapshot (issue 17), in the kernel's layout (`ChunkedSnapshotStore`: JSON chunks by
 * `_id` with the contact topic's positions). The rows hold no personal data and no free text: the stems of open
 * cases are left out and re-read by `_id` after a load.
 */
@Injectable()
export class ContactSnapshotStore extends ChunkedSnapshotStore<ContactRow> {
  constructor(@Inject(MONGO_DB) db: Db) {
    super(db, { name: 'contacts', version: SNAPSHOT_VERSION, encode: withoutTokens });
  }

  /** The snapshot, its items also as `rows` (the scripts' name). */
  override async load(): Promise<(ChunkedSnapshot<ContactRow> & { rows: ContactRow[] }) | undefined> {
    const s = await super.load();
    return s && { ...s, rows: s.items };
  }
}

function withoutTokens(r: ContactRow): ContactRow {
  if (!r.tokens) return r;
  const { tokens: _tokens, ...rest } = r;
  return rest;
}
