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
  /**
   * How old a held list may be and still be served while it is read again: twice the projection's time. These
   * lists decide writes (routing, registration, Open311): after an idle spell the caller waits for the read.
   */
  static readonly SERVE_HELD_MS = 2 * DirectoryProjection.CACHE_MS;
  /** The last list of each kind this instance read, and when (see `all`). */
  private readonly held = new Map<string, { at: number; items: unknown[] }>();
  /** Bumped by every change this instance applies: a read that started before one is not held. */
  private generation = 0;

  constructor(@Inject(MONGO_DB) db: Db) {
    super(db);
  }

  /**
   * Each kind as the projection serves it (from memory for a few seconds, then read again), but once that time
   * is up the list held is served while the read runs, instead of every caller waiting for it (issue 17: under a
   * busy store a read of `directory` took 70-230 ms, and the case page and the queue waited for it every five
   * seconds, which their p95 showed). Only while the list is younger than `SERVE_HELD_MS`: an older one is not
   * served, the caller waits for the read. A change this instance applies is seen at once; another instance's
   * change (the events are consumed by one instance of the group) after a read: at most `SERVE_HELD_MS` plus
   * one read after it was applied to the store.
   */
  protected override all<K extends keyof Entries & string>(kind: K): Promise<Entries[K][]> {
    const held = this.held.get(kind);
    const generation = this.generation;
    const reading = super.all(kind).then((items) => {
      if (generation === this.generation && this.held.get(kind)?.items !== items)
        this.held.set(kind, { at: Date.now(), items });
      return items;
    });
    const age = held ? Date.now() - held.at : Infinity;
    if (!held || age < DirectoryProjection.CACHE_MS || age >= DirectoryStore.SERVE_HELD_MS) return reading;
    reading.catch(() => undefined); // a failed read is tried again by the next caller
    return Promise.resolve(held.items as Entries[K][]);
  }

  override async put<K extends keyof Entries & string>(
    kind: K,
    entry: Entries[K] & { id: string },
    changedAt: Date,
  ): Promise<'applied' | 'stale'> {
    const res = await super.put(kind, entry, changedAt);
    if (res === 'applied') {
      this.generation++;
      this.held.delete(kind);
    }
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
