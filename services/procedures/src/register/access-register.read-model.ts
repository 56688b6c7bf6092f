import { Inject, Injectable } from '@nestjs/common';
import { MONGO_DB } from '@urp/kernel';
import type { Collection, Db } from 'mongodb';
import type { AccessRegisterRow } from './access-register.rules';

type RegisterDocument = Omit<AccessRegisterRow, 'procedureId'> & { _id: string };

/** The access register read model (`access_register`): one row per access request, `_id` = the procedure id. */
@Injectable()
export class AccessRegisterReadModel {
  private readonly rows: Collection<RegisterDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.rows = db.collection<RegisterDocument>('access_register');
  }

  async put(row: AccessRegisterRow): Promise<void> {
    const { procedureId, ...rest } = row;
    await this.rows.updateOne({ _id: procedureId }, { $set: rest }, { upsert: true });
  }

  /** The register is one row per access request (thousands a year at most): a scan. */
  async all(): Promise<AccessRegisterRow[]> {
    const docs = await this.rows.find({}).toArray();
    return docs.map(({ _id, ...rest }) => ({ procedureId: _id, ...rest }));
  }
}
