import { Inject, Injectable } from '@nestjs/common';
import { MONGO_DB, OUTBOX_PORT, type OutboxPort } from '@urp/kernel';
import type { Db } from 'mongodb';
import { KnowledgeStore } from '../content/content.store';
import type { Form } from './form.rules';

/** The only writer of `forms` (code unique). */
@Injectable()
export class FormStore extends KnowledgeStore<Form> {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'forms', { unique: ['code'], versioned: true });
  }
}
