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
  constructor(@Inject(MONGO_DB) db: Db) {
    super(db);
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
