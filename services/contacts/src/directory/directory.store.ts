import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { MONGO_DB } from '@urp/kernel';
import type { Collection, Db } from 'mongodb';
import type { TemplateSource } from '../case/case-messages.rules';

export interface Office {
  id: string;
  code: string;
  name: string;
  headReferentId?: string;
  active: boolean;
}
export interface Referent {
  id: string;
  name: string;
  officeId: string;
  staffId?: string;
  active: boolean;
}
/** A procedure type of procedures' catalogue (from ProcedureTypeChanged): what a procedure start may name. */
export interface ProcedureType {
  id: string;
  code: string;
  officeId?: string;
  active: boolean;
}
/** A published service sheet of the knowledge base (SheetPublished/SheetUpdated): what a contact may cite. */
export interface Sheet {
  id: string;
  slug: string;
  category: string;
}
export interface ReplyTemplate extends TemplateSource {
  revision: number;
}

interface Entries {
  office: Office;
  referent: Referent;
  template: ReplyTemplate;
  procedureType: ProcedureType;
  sheet: Sheet;
}
type Kind = keyof Entries;

/** A stored entry: `_id` = `<kind>:<id>`, the knowledge base's state as of `changedAt`. */
type DirectoryDocument = { _id: string; kind: Kind; changedAt: Date } & (
  Office | Referent | ReplyTemplate | ProcedureType | Sheet
);

/**
 * What contacts keeps of the knowledge base's organisation and canned replies (a projection of its events:
 * OfficeChanged, ReferentChanged, ReplyTemplatePublished) and of procedures' catalogue (ProcedureTypeChanged),
 * so routing, procedure starts and replies never call another
 * service. Last change wins. Small sets (one body's offices): served from memory for a few seconds.
 */
@Injectable()
export class DirectoryStore implements OnModuleInit {
  private readonly col: Collection<DirectoryDocument>;
  private readonly cache = new Map<Kind, { at: number; items: DirectoryDocument[] }>();

  constructor(@Inject(MONGO_DB) db: Db) {
    this.col = db.collection<DirectoryDocument>('directory');
  }

  async onModuleInit(): Promise<void> {
    await this.col.createIndex({ kind: 1 });
  }

  /** Upserts unless a newer state is already there (events of one key arrive in order; replays may not). */
  async put<K extends Kind>(kind: K, entry: Entries[K], changedAt: Date): Promise<void> {
    const _id = `${kind}:${entry.id}`;
    const existing = await this.col.findOne({ _id });
    if (existing && existing.changedAt > changedAt) return;
    await this.col.replaceOne({ _id }, { ...entry, kind, changedAt }, { upsert: true });
    this.cache.delete(kind);
  }

  private async all(kind: Kind): Promise<DirectoryDocument[]> {
    const hit = this.cache.get(kind);
    if (hit && Date.now() - hit.at < 5000) return hit.items;
    const items = await this.col.find({ kind }).toArray();
    this.cache.set(kind, { at: Date.now(), items });
    return items;
  }

  async offices(): Promise<Office[]> {
    return (await this.all('office')).filter((d): d is DirectoryDocument & Office => d.kind === 'office');
  }
  async referents(): Promise<Referent[]> {
    return (await this.all('referent')).filter(
      (d): d is DirectoryDocument & Referent => d.kind === 'referent',
    );
  }
  async procedureTypes(): Promise<ProcedureType[]> {
    return (await this.all('procedureType')).filter(
      (d): d is DirectoryDocument & ProcedureType => d.kind === 'procedureType',
    );
  }
  async sheets(): Promise<Sheet[]> {
    return (await this.all('sheet')).filter((d): d is DirectoryDocument & Sheet => d.kind === 'sheet');
  }
  async templates(): Promise<ReplyTemplate[]> {
    return (await this.all('template')).filter(
      (d): d is DirectoryDocument & ReplyTemplate => d.kind === 'template',
    );
  }
}
