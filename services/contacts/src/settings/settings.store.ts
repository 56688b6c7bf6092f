import { Inject, Injectable } from '@nestjs/common';
import { MONGO_DB } from '@urp/kernel';
import type { Collection, Db } from 'mongodb';
import type { DuePolicyRule } from '../case/case-clock.rules';
import type { CaseStatus } from '../case/case-phases.rules';
import type { TaxonomyNode } from './taxonomy.rules';

interface Settings {
  due_policy: DuePolicyRule[];
  phase_labels: Partial<Record<CaseStatus, string>>;
  /** The administration's own contact taxonomy (absent: the default one). */
  contact_taxonomy: TaxonomyNode[];
}
type SettingsDocument = {
  [K in keyof Settings]: { _id: K; value: Settings[K]; changedAt: Date };
}[keyof Settings];

/** Per-administration settings (one document each), changed by an administrator, read through a short cache. */
@Injectable()
export class SettingsStore {
  private readonly col: Collection<SettingsDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.col = db.collection<SettingsDocument>('settings');
  }

  async get<K extends keyof Settings>(id: K): Promise<Settings[K] | undefined> {
    const doc = await this.col.findOne({ _id: id });
    return doc?._id === id ? (doc.value as Settings[K]) : undefined;
  }

  async put<K extends keyof Settings>(id: K, value: Settings[K], changedAt: Date): Promise<void> {
    const doc = { _id: id, value, changedAt } as SettingsDocument;
    await this.col.replaceOne({ _id: id }, doc, { upsert: true });
  }
}
