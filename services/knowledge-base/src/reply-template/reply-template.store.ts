import { Inject, Injectable } from '@nestjs/common';
import { MONGO_DB, OUTBOX_PORT, type OutboxPort } from '@urp/kernel';
import type { Db } from 'mongodb';
import { KnowledgeStore } from '../content/content.store';
import type { ReplyTemplate } from './reply-template.rules';

/** The only writer of `reply_templates` (code unique). */
@Injectable()
export class ReplyTemplateStore extends KnowledgeStore<ReplyTemplate> {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'reply_templates', { unique: ['code'], versioned: true });
  }
}
