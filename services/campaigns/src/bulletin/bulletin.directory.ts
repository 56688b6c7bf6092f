import { Inject, Injectable } from '@nestjs/common';
import { DirectoryProjection, type Office, type Referent } from '@urp/directory';
import { MONGO_DB } from '@urp/kernel';
import type { Db } from 'mongodb';

/** What campaigns kept before it used `@urp/directory`: one document per office / referent, by id. */
interface EarlierView {
  _id: string;
  name?: string;
  email?: string;
  officeId?: string;
  code?: string;
  active?: boolean;
}

/**
 * What campaigns keeps of the knowledge base's organisation: the one directory projection of `OfficeChanged` and
 * `ReferentChanged` (`@urp/directory`, shared with contacts and procedures: the same event mapping, the same
 * "last change wins", the same rule for an office named by id or code), in this service's `directory` collection.
 * Unlike the other two it keeps the **e-mails** the knowledge base publishes: the weekly bulletin and the staff
 * notices (reminders, review-due, deadline warnings) are delivered to them.
 *
 * At start, once: a database that still has the projections campaigns kept before (`kb_offices`, `kb_referents`)
 * and an empty directory gets their entries, dated at the epoch so that any event of the knowledge base wins
 * (the consumer group is already past those events: without it the directory would stay empty until each office
 * and referent changed again). The old collections are left as they are.
 */
@Injectable()
export class CampaignsDirectory extends DirectoryProjection {
  protected override readonly keepsEmails = true;

  constructor(@Inject(MONGO_DB) private readonly db: Db) {
    super(db);
  }

  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    const directory = this.db.collection<{ _id: string; kind: string }>('directory');
    if (await directory.countDocuments({ kind: { $in: ['office', 'referent'] } })) return;
    const since = new Date(0);
    const earlier = (name: string) =>
      this.db
        .collection<EarlierView>(name)
        .find({}, { projection: { _outbox: 0, _applied: 0 } })
        .toArray();
    const [offices, referents] = await Promise.all([earlier('kb_offices'), earlier('kb_referents')]);
    for (const o of offices) {
      const office: Office = {
        id: o._id,
        code: o.code ?? o._id,
        name: o.name ?? o._id,
        active: o.active !== false,
      };
      await this.put('office', o.email ? { ...office, email: o.email } : office, since);
    }
    for (const r of referents) {
      const referent: Referent = {
        id: r._id,
        name: r.name ?? r._id,
        officeId: r.officeId ?? '',
        active: r.active !== false,
      };
      await this.put('referent', r.email ? { ...referent, email: r.email } : referent, since);
    }
  }
}
