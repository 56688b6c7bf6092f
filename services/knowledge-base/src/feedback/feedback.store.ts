import { Inject, Injectable } from '@nestjs/common';
import { MONGO_DB, OUTBOX_PORT, type OutboxPort } from '@urp/kernel';
import type { Db } from 'mongodb';
import { KnowledgeStore } from '../content/content.store';
import type { SheetStats } from './feedback.rules';

/** The only writer of `sheet_stats` (one document per sheet, id = the sheet id). */
@Injectable()
export class SheetStatsStore extends KnowledgeStore<SheetStats> {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'sheet_stats');
  }
}
