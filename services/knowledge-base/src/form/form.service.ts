import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { createEvent, FormPublishedV1, type CloudEvent } from '@urp/contracts';
import { FormFields, validateSubmission, type SubmissionResult } from '@urp/forms';
import { EventOutbox } from '@urp/messaging';
import type { Model } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { badInput, notFound, parseInput } from '../content/errors';
import {
  VersionedContentService,
  type Consequences,
  type ContentDoc,
} from '../content/versioned-content.service';
import { clean, VersionedStore } from '../content/versioned.store';
import type { Effect } from '../content/workflow.rules';
import { SOURCE } from '../organisation/organisation.service';
import { FORM_MODEL } from './form.schema';

export const FormContent = z.object({
  title: z.string().trim().min(3, 'il titolo deve avere almeno 3 caratteri').max(300),
  description: z.string().trim().max(4000).optional(),
  officeId: z.string().min(1).optional(),
  fields: FormFields.min(1, 'un modulo ha almeno un campo'),
});
export type FormContent = z.infer<typeof FormContent>;

const Code = z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'codice: lettere minuscole, cifre e trattino basso');
const CreateForm = z.object({ code: Code, content: FormContent, note: z.string().max(1000).optional() });
const EditForm = z.object({
  id: z.string().min(1),
  content: FormContent,
  note: z.string().trim().min(1, 'indicare cosa è cambiato').max(1000),
});

/** A published version: immutable; submissions are validated against the version they were made with. */
export interface FormVersion {
  version: number;
  revision: number;
  title: string;
  fields: FormContent['fields'];
  publishedAt: Date;
}

export interface FormDoc extends ContentDoc<FormContent> {
  code: string;
  versions: FormVersion[];
}

/** Forms (modulistica): versioned definitions; each publication is a new immutable version, with its event. */
@Injectable()
export class FormService extends VersionedContentService<FormContent, FormDoc> {
  protected readonly what = 'form';

  constructor(@InjectModel(FORM_MODEL) model: Model<any>, outbox: EventOutbox) {
    super(new VersionedStore<FormDoc>(model, outbox));
  }

  create(raw: unknown, author: string): Promise<FormDoc> {
    const input = parseInput(CreateForm, raw, 'cannot create the form');
    return this.insertNew(
      uuidv7(),
      { code: input.code, versions: [] } as never,
      input.content,
      author,
      input.note ?? '',
    );
  }

  edit(raw: unknown, author: string): Promise<FormDoc> {
    const input = parseInput(EditForm, raw, 'cannot edit the form');
    return this.editContent(input.id, input.content, author, input.note);
  }

  protected async consequences(
    _prev: FormDoc | undefined,
    next: FormDoc,
    effects: Effect[],
    now: Date,
  ): Promise<Consequences<FormDoc>> {
    if (!effects.includes('published') && !effects.includes('updated')) return { events: [] };
    const live = next.live!;
    const version: FormVersion = {
      version: next.versions.length + 1,
      revision: live.revision,
      title: live.content.title,
      fields: live.content.fields,
      publishedAt: now,
    };
    const event: CloudEvent = createEvent(
      FormPublishedV1,
      next._id,
      clean({
        formId: next._id,
        code: next.code,
        version: version.version,
        title: version.title,
        fields: version.fields,
        publishedAt: now.toISOString(),
        description: live.content.description,
        officeId: live.content.officeId,
      }),
      { source: SOURCE, time: now },
    );
    return { patch: { versions: [...next.versions, version] }, events: [event] };
  }

  async find(id?: string | null, code?: string | null): Promise<FormDoc | null> {
    if (id) return this.store.findById(id);
    if (code) return this.store.findOne({ code });
    return null;
  }

  list(first: number): Promise<FormDoc[]> {
    return this.store.find({}, Math.min(Math.max(first, 1), 500), { code: 1 });
  }

  /** Validates a submission against a published version (the latest when `version` is absent). */
  async validate(code: string, version: number | undefined, dataJson: string): Promise<SubmissionResult> {
    const form = await this.find(undefined, code);
    if (!form || !form.versions.length) throw notFound(`form ${code}`);
    const v = version
      ? form.versions.find((x) => x.version === version)
      : form.versions[form.versions.length - 1];
    if (!v) throw badInput('version', `versione ${version} del modulo ${code} inesistente`);
    let data: unknown;
    try {
      data = JSON.parse(dataJson);
    } catch {
      throw badInput('dataJson', 'JSON non valido');
    }
    return validateSubmission(v.fields, data as Record<string, unknown>);
  }
}
