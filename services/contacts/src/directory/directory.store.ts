import { Inject, Injectable } from '@nestjs/common';
import { DirectoryProjection, type DirectoryEntries } from '@urp/directory';
import { MONGO_DB } from '@urp/kernel';
import type { Db } from 'mongodb';
import type { TemplateSource } from '../case/case-messages.rules';

export type { Office, Referent } from '@urp/directory';

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

interface Entries extends DirectoryEntries {
  template: ReplyTemplate;
  procedureType: ProcedureType;
  sheet: Sheet;
}

/**
 * What contacts keeps of the knowledge base's organisation (the one directory projection of OfficeChanged and
 * ReferentChanged, `@urp/directory`) and, beside it in the same collection, of its canned replies
 * (ReplyTemplatePublished) and sheets, and of procedures' catalogue (ProcedureTypeChanged), so routing, procedure
 * starts and replies never call another service. Last change wins; each kind served from memory for a few seconds.
 */
@Injectable()
export class DirectoryStore extends DirectoryProjection<Entries> {
  /** Reads of a kind in flight: concurrent registrations share one (issue 17: a read per caller piled up). */
  private readonly reads = new Map<keyof Entries, Promise<unknown>>();

  constructor(@Inject(MONGO_DB) db: Db) {
    super(db);
  }

  protected override all<K extends keyof Entries & string>(kind: K): Promise<Entries[K][]> {
    const inFlight = this.reads.get(kind) as Promise<Entries[K][]> | undefined;
    if (inFlight) return inFlight;
    const read = super.all(kind).finally(() => {
      if (this.reads.get(kind) === read) this.reads.delete(kind);
    });
    this.reads.set(kind, read);
    return read;
  }

  /** A change: callers after it do not join a read that started before it. */
  override async put<K extends keyof Entries & string>(
    kind: K,
    entry: Entries[K] & { id: string },
    changedAt: Date,
  ): Promise<'applied' | 'stale'> {
    const res = await super.put(kind, entry, changedAt);
    this.reads.delete(kind);
    return res;
  }

  procedureTypes(): Promise<ProcedureType[]> {
    return this.all('procedureType');
  }
  sheets(): Promise<Sheet[]> {
    return this.all('sheet');
  }
  templates(): Promise<ReplyTemplate[]> {
    return this.all('template');
  }
}
