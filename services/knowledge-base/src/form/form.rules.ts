import { FormFields, validateSubmission, type SubmissionResult } from '@urp/forms';
import { DomainError, type Decision, type UseCaseContext } from '@urp/kernel';
import { z } from 'zod';
import type { ContentAggregate } from '../content/content.rules';
import type { Effect } from '../content/workflow.rules';
import { formPublished } from './form.events';

/** Forms (modulistica): versioned field definitions; each publication is a new immutable version (pure). */

export const FormContent = z.object({
  title: z.string().trim().min(3, 'il titolo deve avere almeno 3 caratteri').max(300),
  description: z.string().trim().max(4000).optional(),
  officeId: z.string().min(1).optional(),
  fields: FormFields.min(1, 'un modulo ha almeno un campo'),
});
export type FormContent = z.infer<typeof FormContent>;

const Code = z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'codice: lettere minuscole, cifre e trattino basso');
export const CreateFormInput = z.object({
  code: Code,
  content: FormContent,
  note: z.string().max(1000).optional(),
});
export const EditFormInput = z.object({
  id: z.string().min(1),
  content: FormContent,
  note: z.string().trim().min(1, 'indicare cosa è cambiato').max(1000),
  /** The revision the editor started from: if another revision came since, CONFLICT (no overwrite). */
  expectedRevision: z.number().int().min(1).optional(),
});

/** A published version: immutable; submissions are validated against the version they were made with. */
export interface FormVersion {
  version: number;
  revision: number;
  title: string;
  fields: FormContent['fields'];
  publishedAt: Date;
}

export interface Form extends ContentAggregate<FormContent> {
  code: string;
  versions: FormVersion[];
}

/** Forms need nothing from outside to decide. */
export type FormFacts = undefined;

/** Each publication (first or update) adds an immutable version, announced with its field definitions. */
export function formConsequences(
  _prev: Form | null,
  next: Form,
  effects: readonly Effect[],
  ctx: UseCaseContext,
): Decision<Form> {
  if (!(effects.includes('published') || effects.includes('updated')) || !next.live)
    return { state: next, events: [] };
  const version: FormVersion = {
    version: next.versions.length + 1,
    revision: next.live.revision,
    title: next.live.content.title,
    fields: next.live.content.fields,
    publishedAt: ctx.now,
  };
  const state: Form = { ...next, versions: [...next.versions, version] };
  return { state, events: [formPublished(ctx, state, version)] };
}

/** Validates a submission (JSON text) against a published version (the latest when `version` is absent). */
export function validateAgainst(form: Form, version: number | undefined, dataJson: string): SubmissionResult {
  const v = version
    ? form.versions.find((x) => x.version === version)
    : form.versions[form.versions.length - 1];
  if (!v) throw DomainError.invalid('version', `versione ${version} del modulo ${form.code} inesistente`);
  let data: unknown;
  try {
    data = JSON.parse(dataJson);
  } catch {
    throw DomainError.invalid('dataJson', 'JSON non valido');
  }
  return validateSubmission(v.fields, data as Record<string, unknown>);
}
