import { Inject, Injectable } from '@nestjs/common';
import {
  MONGO_DB,
  MongoAggregateStore,
  OUTBOX_PORT,
  type AggregateStore,
  type OutboxPort,
  type StoredDocument,
} from '@urp/kernel';
import type { Db, Filter } from 'mongodb';
import type { ImprovementAction } from './action.rules';
import type { SatisfactionAlert } from './alert.rules';

/** Lists hide the outbox and the applied-event ids (the store's own bookkeeping). */
const HIDDEN = { projection: { _outbox: 0, _applied: 0 } };

/** What the use cases need of the alerts (the fast tier runs them on an in-memory store). */
export interface AlertRepository extends AggregateStore<SatisfactionAlert> {
  list(filter: { scope?: string; scopeId?: string }, limit: number): Promise<SatisfactionAlert[]>;
}

/** What the use cases need of the improvement actions. */
export interface ImprovementActionRepository extends AggregateStore<ImprovementAction> {
  list(filter: { status?: string; alertId?: string }, limit: number): Promise<ImprovementAction[]>;
}

/** The only writer of `satisfaction_alerts`. Lists scan (a few alerts a month, off the hot path). */
@Injectable()
export class AlertStore extends MongoAggregateStore<SatisfactionAlert> implements AlertRepository {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'satisfaction_alerts');
  }

  async list(filter: { scope?: string; scopeId?: string }, limit: number): Promise<SatisfactionAlert[]> {
    const f: Filter<StoredDocument> = {};
    if (filter.scope) f.scope = filter.scope;
    if (filter.scopeId) f.scopeId = filter.scopeId;
    const docs = await this.collection.find(f, HIDDEN).sort({ raisedAt: -1 }).limit(limit).toArray();
    return docs.map((d) => this.toState(d));
  }
}

/** The only writer of `improvement_actions`. */
@Injectable()
export class ImprovementActionStore
  extends MongoAggregateStore<ImprovementAction>
  implements ImprovementActionRepository
{
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'improvement_actions');
  }

  async list(filter: { status?: string; alertId?: string }, limit: number): Promise<ImprovementAction[]> {
    const f: Filter<StoredDocument> = {};
    if (filter.status) f.status = filter.status;
    if (filter.alertId) f.alertId = filter.alertId;
    const docs = await this.collection.find(f, HIDDEN).sort({ createdAt: -1 }).limit(limit).toArray();
    return docs.map((d) => this.toState(d));
  }
}
