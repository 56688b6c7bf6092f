import { Inject, Injectable } from '@nestjs/common';
import type { FormField } from '@urp/forms';
import { MONGO_DB } from '@urp/kernel';
import type { Collection, Db } from 'mongodb';

export interface FormVersion {
  formId: string;
  code: string;
  version: number;
  title: string;
  fields: FormField[];
  publishedAt: string;
}

type FormVersionDocument = FormVersion & { _id: string };

const isDuplicateKey = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { code?: number }).code === 11000;

/**
 * Form versions as the knowledge base published them (`FormPublished`), kept locally so that form data is
 * judged by the version it was made with, with no synchronous call. Immutable, `_id` = `<formId>@<version>`:
 * a redelivered event inserts nothing.
 */
@Injectable()
export class FormVersionsReadModel {
  private readonly forms: Collection<FormVersionDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.forms = db.collection<FormVersionDocument>('form_versions');
  }

  async put(f: FormVersion): Promise<'applied' | 'duplicate'> {
    try {
      await this.forms.insertOne({ _id: `${f.formId}@${f.version}`, ...f });
      return 'applied';
    } catch (e) {
      if (isDuplicateKey(e)) return 'duplicate';
      throw e;
    }
  }

  async get(formId: string, version: number): Promise<FormVersion | null> {
    const d = await this.forms.findOne({ _id: `${formId}@${version}` });
    if (!d) return null;
    const { _id, ...form } = d;
    return form;
  }
}
