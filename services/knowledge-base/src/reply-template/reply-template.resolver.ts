import { Args, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, Public, Roles, type Identity } from '@urp/auth';
import { workflowFields } from '../content/content.graphql-mapping';
import { badInput } from '../content/errors';
import { EDITORS, STAFF } from '../content/roles';
import { placeholdersOf, render } from './reply-template.rules';
import { ReplyTemplateService, type ReplyTemplateDoc } from './reply-template.service';

/** Public fields show the published revision (or, for staff, the working copy of a never-published one). */
export const templateToGraphQL = (t: ReplyTemplateDoc) => {
  const c = t.live?.content ?? t.content;
  return {
    id: t._id,
    code: t.code,
    kind: c.kind,
    title: c.title,
    body: c.body,
    placeholders: placeholdersOf(c.body),
    audience: c.audience,
    caseStatus: c.caseStatus ?? null,
    category: c.category ?? null,
    sheetIds: c.sheetIds ?? [],
    publishedRevision: t.live?.revision ?? null,
    _doc: t,
  };
};
type TemplateView = ReturnType<typeof templateToGraphQL>;

@Resolver('ReplyTemplate')
export class ReplyTemplateResolver {
  constructor(private readonly templates: ReplyTemplateService) {}

  @Query('replyTemplates')
  @Roles(...STAFF)
  async list(
    @Args('kind') kind?: string,
    @Args('status') status?: string,
    @Args('caseStatus') caseStatus?: string,
    @Args('category') category?: string,
    @Args('first') first?: number,
  ) {
    const docs = await this.templates.list({
      kind: kind ?? undefined,
      status: status ?? undefined,
      caseStatus: caseStatus ?? undefined,
      category: category ?? undefined,
      first: first ?? 100,
    });
    return docs.map(templateToGraphQL);
  }

  @Query('replyTemplate')
  @Roles(...STAFF)
  async one(@Args('id') id?: string, @Args('code') code?: string) {
    const t = await this.templates.find(id, code);
    return t && templateToGraphQL(t);
  }

  @Query('publicFaq')
  @Public()
  async publicFaq(@Args('category') category?: string) {
    return (await this.templates.listPublicFaq(category ?? undefined)).map(templateToGraphQL);
  }

  @Mutation('createReplyTemplate')
  @Roles(...EDITORS)
  async create(@Args('input') input: unknown, @CurrentIdentity() who: Identity) {
    return templateToGraphQL(await this.templates.create(input, who.sub));
  }

  @Mutation('editReplyTemplate')
  @Roles(...EDITORS)
  async edit(@Args('input') input: unknown, @CurrentIdentity() who: Identity) {
    return templateToGraphQL(await this.templates.edit(input, who.sub));
  }

  @ResolveField('render')
  @Public()
  renderBody(@Parent() t: TemplateView, @Args('valuesJson') valuesJson: string) {
    let values: unknown;
    try {
      values = JSON.parse(valuesJson);
    } catch {
      throw badInput('valuesJson', 'JSON non valido');
    }
    if (!values || typeof values !== 'object' || Array.isArray(values))
      throw badInput('valuesJson', 'serve un oggetto');
    return render(t.body, values as Record<string, unknown>);
  }

  @ResolveField('status')
  @Roles(...STAFF)
  status(@Parent() t: TemplateView) {
    return t._doc.status;
  }

  @ResolveField('revision')
  @Roles(...STAFF)
  revision(@Parent() t: TemplateView) {
    return t._doc.revision;
  }

  @ResolveField('origin')
  @Roles(...STAFF)
  origin(@Parent() t: TemplateView) {
    return t._doc.content.origin ?? null;
  }

  @ResolveField('revisions')
  @Roles(...STAFF)
  revisions(@Parent() t: TemplateView) {
    return workflowFields(t._doc).revisions;
  }

  @ResolveField('history')
  @Roles(...STAFF)
  history(@Parent() t: TemplateView) {
    return workflowFields(t._doc).history;
  }

  @ResolveField('diff')
  @Roles(...STAFF)
  diff(@Parent() t: TemplateView, @Args('from') from: number, @Args('to') to: number) {
    return this.templates.diff(t._doc, from, to);
  }

  @ResolveReference()
  async resolveReference(ref: { id: string }) {
    const t = await this.templates.find(ref.id);
    return t && templateToGraphQL(t);
  }
}
