import { Inject, Injectable } from '@nestjs/common';
import { MONGO_DB, MongoAggregateStore, OUTBOX_PORT, type OutboxPort } from '@urp/kernel';
import type { Db } from 'mongodb';
import type { ProcedureType } from './procedure-type.rules';

/** The only writer of `procedure_types` (`_id` = `pt_<code>`). */
@Injectable()
export class ProcedureTypeStore extends MongoAggregateStore<ProcedureType> {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'procedure_types');
  }

  /** The whole catalogue by code: tens of types, a scan is fine. */
  async all(): Promise<ProcedureType[]> {
    const docs = await this.collection.find({}, { projection: { _outbox: 0, _applied: 0 } }).toArray();
    return docs.map((d) => this.toState(d)).sort((a, b) => (a.code < b.code ? -1 : 1));
  }
}
