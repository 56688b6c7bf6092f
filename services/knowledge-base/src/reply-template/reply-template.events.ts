import { ReplyTemplatePublishedV1 } from '@urp/contracts';
import { emit, type UseCaseContext } from '@urp/kernel';
import { placeholdersOf, type ReplyTemplate } from './reply-template.rules';

/** ReplyTemplatePublished: the published revision with its placeholders. */
export const replyTemplatePublished = (
  ctx: UseCaseContext,
  t: ReplyTemplate,
  live: NonNullable<ReplyTemplate['live']>,
) => {
  const c = live.content;
  return emit(ctx, ReplyTemplatePublishedV1, t.id, {
    templateId: t.id,
    revision: live.revision,
    code: t.code,
    title: c.title,
    body: c.body,
    placeholders: placeholdersOf(c.body),
    audience: c.audience,
    caseStatus: c.caseStatus,
    category: c.category,
    publishedAt: ctx.now.toISOString(),
    kind: c.kind,
  });
};
