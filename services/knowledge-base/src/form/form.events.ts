import { FormPublishedV1 } from '@urp/contracts';
import { emit, type UseCaseContext } from '@urp/kernel';
import type { Form, FormVersion } from './form.rules';

/** FormPublished: the new version with its field definitions (others validate without calling). */
export const formPublished = (ctx: UseCaseContext, form: Form, version: FormVersion) =>
  emit(ctx, FormPublishedV1, form.id, {
    formId: form.id,
    code: form.code,
    version: version.version,
    title: version.title,
    fields: version.fields,
    publishedAt: ctx.now.toISOString(),
    description: form.live?.content.description,
    officeId: form.live?.content.officeId,
  });
