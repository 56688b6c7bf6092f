import { Inject, Injectable } from '@nestjs/common';
import { DirectoryProjection } from '@urp/directory';
import { MONGO_DB } from '@urp/kernel';
import type { Db } from 'mongodb';

/**
 * What procedures keeps of the knowledge base's organisation: the one directory projection of `OfficeChanged` and
 * `ReferentChanged` (`@urp/directory`, shared with contacts), in this service's `directory` collection: who is a
 * referent of which office, so that an assignment never names a referent of another office (issue 12) and never
 * calls another service.
 */
@Injectable()
export class DirectoryStore extends DirectoryProjection {
  constructor(@Inject(MONGO_DB) db: Db) {
    super(db);
  }
}
