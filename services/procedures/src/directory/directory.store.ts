import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { MONGO_DB } from '@urp/kernel';
import type { Collection, Db } from 'mongodb';
import type { DirectoryOffice, DirectoryReferent, StaffDirectory } from './directory.rules';

interface Entries {
  office: DirectoryOffice;
  referent: DirectoryReferent;
}
type Kind = keyof Entries;

/** A stored entry: `_id` = `<kind>:<id>`, the knowledge base's state as of `changedAt`. */
type DirectoryDocument = { _id: string; kind: Kind; changedAt: Date } & (DirectoryOffice | DirectoryReferent);

/**
 * What procedures keeps of the knowledge base's organisation (a projection of `OfficeChanged` and
 * `ReferentChanged`; the same approach as contacts' directory, kept here so no service imports another): who is a
 * referent of which office, so that an assignment never names a referent of another office (issue 12) and never
 * calls another service. Last change wins. One body's offices and referents: a small set, served from memory for a
 * few seconds.
 */
@Injectable()
export class DirectoryStore implements OnModuleInit {
  private readonly col: Collection<DirectoryDocument>;
  private cache?: { at: number; dir: StaffDirectory };

  constructor(@Inject(MONGO_DB) db: Db) {
    this.col = db.collection<DirectoryDocument>('directory');
  }

  async onModuleInit(): Promise<void> {
    await this.col.createIndex({ kind: 1 });
  }

  /** Upserts unless a newer state is already there (events of one key arrive in order; replays may not). */
  async put<K extends Kind>(kind: K, entry: Entries[K], changedAt: Date): Promise<'applied' | 'stale'> {
    const _id = `${kind}:${entry.id}`;
    const existing = await this.col.findOne({ _id });
    if (existing && existing.changedAt > changedAt) return 'stale';
    await this.col.replaceOne({ _id }, { ...entry, kind, changedAt }, { upsert: true });
    this.cache = undefined;
    return 'applied';
  }

  /** The offices and referents known (both lists empty while the knowledge base has published nothing). */
  async directory(): Promise<StaffDirectory> {
    if (this.cache && Date.now() - this.cache.at < 5000) return this.cache.dir;
    const docs = await this.col.find({}).toArray();
    const strip = <T>(d: DirectoryDocument): T => {
      const { _id: _key, kind: _kind, changedAt: _changedAt, ...rest } = d;
      return rest as T;
    };
    const dir: StaffDirectory = {
      offices: docs.filter((d) => d.kind === 'office').map((d) => strip<DirectoryOffice>(d)),
      referents: docs.filter((d) => d.kind === 'referent').map((d) => strip<DirectoryReferent>(d)),
    };
    this.cache = { at: Date.now(), dir };
    return dir;
  }
}
