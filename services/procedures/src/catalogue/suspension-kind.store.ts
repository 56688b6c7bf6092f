import { Inject, Injectable } from '@nestjs/common';
import { MONGO_DB, MongoAggregateStore, OUTBOX_PORT, type OutboxPort } from '@urp/kernel';
import type { Db } from 'mongodb';
import type { SuspensionKind } from './suspension-kind.rules';

/** The only writer of `suspension_kinds` (`_id` = `sk_<code>`): the administration's own kinds. */
@Injectable()
export class SuspensionKindStore extends MongoAggregateStore<SuspensionKind> {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'suspension_kinds');
  }

  /** A handful of kinds: a scan is fine. */
  async all(): Promise<SuspensionKind[]> {
    const docs = await this.collection.find({}, { projection: { _outbox: 0, _applied: 0 } }).toArray();
    return docs.map((d) => this.toState(d)).sort((a, b) => (a.code < b.code ? -1 : 1));
  }
}
