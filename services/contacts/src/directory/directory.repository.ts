import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Collection, Document } from 'mongodb';
import type { Model } from 'mongoose';
import { DirectoryDocument, SettingsDocument } from './directory.schema';

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
export interface ReplyTemplate {
  id: string;
  revision: number;
  code: string;
  title: string;
  body: string;
  audience: 'public' | 'internal';
  caseStatus?: string;
  category?: string;
}

type Kind = 'office' | 'referent' | 'template';

/** Local copies of the knowledge base's offices, referents and reply templates (last change wins). */
@Injectable()
export class DirectoryRepository {
  private readonly col: Collection<Document>;
  private readonly settings: Collection<Document>;
  private cache = new Map<Kind, { at: number; items: Document[] }>();

  constructor(
    @InjectModel(DirectoryDocument.name) model: Model<DirectoryDocument>,
    @InjectModel(SettingsDocument.name) settingsModel: Model<SettingsDocument>,
  ) {
    this.col = model.collection as unknown as Collection<Document>;
    this.settings = settingsModel.collection as unknown as Collection<Document>;
  }

  /** Upserts unless a newer state is already there (events of one key arrive in order; replays may not). */
  async put(kind: Kind, id: string, changedAt: Date, data: Record<string, unknown>): Promise<void> {
    const _id = `${kind}:${id}`;
    const existing = await this.col.findOne({ _id } as never);
    if (existing && (existing.changedAt as Date) > changedAt) return;
    await this.col.replaceOne({ _id } as never, { kind, id, changedAt, ...data }, { upsert: true });
    this.cache.delete(kind);
  }

  /** All of a kind, cached for a few seconds (small sets: offices, referents and templates of one body). */
  async all(kind: Kind): Promise<Document[]> {
    const hit = this.cache.get(kind);
    if (hit && Date.now() - hit.at < 5000) return hit.items;
    const items = await this.col.find({ kind } as never).toArray();
    this.cache.set(kind, { at: Date.now(), items });
    return items;
  }

  async offices(): Promise<Office[]> {
    return (await this.all('office')) as unknown as Office[];
  }
  async referents(): Promise<Referent[]> {
    return (await this.all('referent')) as unknown as Referent[];
  }
  async templates(): Promise<ReplyTemplate[]> {
    return (await this.all('template')) as unknown as ReplyTemplate[];
  }

  async setting<T>(id: string): Promise<T | undefined> {
    const d = await this.settings.findOne({ _id: id } as never);
    return d?.value as T | undefined;
  }

  async putSetting(id: string, value: unknown): Promise<void> {
    await this.settings.replaceOne({ _id: id } as never, { value, changedAt: new Date() }, { upsert: true });
  }
}
