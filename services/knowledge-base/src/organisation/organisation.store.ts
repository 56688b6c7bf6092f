import { Inject, Injectable } from '@nestjs/common';
import { MONGO_DB, OUTBOX_PORT, type OutboxPort } from '@urp/kernel';
import type { Db } from 'mongodb';
import { KnowledgeStore } from '../content/content.store';
import type { Office, Referent } from './organisation.rules';

/** The only writer of `offices` (id = the office code). */
@Injectable()
export class OfficeStore extends KnowledgeStore<Office> {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'offices', { unique: ['code'] });
  }
}

/** The only writer of `referents`. */
@Injectable()
export class ReferentStore extends KnowledgeStore<Referent> {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'referents');
  }
}
