import { Args, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, Public, Roles, type Identity } from '@urp/auth';
import { DomainError } from '@urp/kernel';
import type {
  MutationCreateReplyTemplateArgs,
  MutationEditReplyTemplateArgs,
  QueryPublicFaqArgs,
  QueryReplyTemplateArgs,
  QueryReplyTemplatesArgs,
  ReplyTemplateDiffArgs,
  ReplyTemplateRenderArgs,
  ResolversParentTypes,
  ContentStatus,
} from '../__generated__/graphql';
import { diffView, workflowFields } from '../content/content.graphql-mapping';
import { templateToGraphQL, type TemplateView } from '../graphql-view';
import { render } from './reply-template.rules';
import { ReplyTemplateUseCases } from './reply-template.use-cases';

/** What a resolver returns for a GraphQL type (the entities' views: codegen.config.ts mappers). */
type Out<K extends keyof ResolversParentTypes> = ResolversParentTypes[K];

const STAFF = ['operator', 'backoffice', 'referent', 'manager', 'analyst'] as const;
const EDITORS = ['backoffice'] as const;

@Resolver('ReplyTemplate')
export class ReplyTemplateResolver {
  constructor(private readonly templates: ReplyTemplateUseCases) {}

  @Query('replyTemplates')
  @Roles(...STAFF)
  async list(
    @CurrentIdentity() who: Identity,
    @Args() args: QueryReplyTemplatesArgs,
  ): Promise<Out<'ReplyTemplate'>[]> {
    return (await this.templates.list(who, args)).map(templateToGraphQL);
  }

  @Query('replyTemplate')
  @Roles(...STAFF)
  async one(
    @CurrentIdentity() who: Identity,
    @Args() args: QueryReplyTemplateArgs,
  ): Promise<Out<'ReplyTemplate'> | null> {
    const t = await this.templates.find(who, args.id, args.code);
    return t && templateToGraphQL(t);
  }

  @Query('publicFaq')
  @Public()
  async publicFaq(
    @CurrentIdentity() who: Identity,
    @Args() args: QueryPublicFaqArgs,
  ): Promise<Out<'ReplyTemplate'>[]> {
    return (await this.templates.listPublicFaq(who, args.category)).map(templateToGraphQL);
  }

  @Mutation('createReplyTemplate')
  @Roles(...EDITORS)
  async create(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationCreateReplyTemplateArgs,
  ): Promise<Out<'ReplyTemplate'>> {
    return templateToGraphQL(await this.templates.create(who, args.input));
  }

  @Mutation('editReplyTemplate')
  @Roles(...EDITORS)
  async edit(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationEditReplyTemplateArgs,
  ): Promise<Out<'ReplyTemplate'>> {
    return templateToGraphQL(await this.templates.edit(who, args.input));
  }

  @ResolveField('render')
  @Public()
  renderBody(@Parent() t: TemplateView, @Args() args: ReplyTemplateRenderArgs): string {
    let values: unknown;
    try {
      values = JSON.parse(args.valuesJson);
    } catch {
      throw DomainError.invalid('valuesJson', 'JSON non valido');
    }
    if (!values || typeof values !== 'object' || Array.isArray(values))
      throw DomainError.invalid('valuesJson', 'serve un oggetto');
    return render(t.body, values as Record<string, unknown>);
  }

  @ResolveField('status')
  @Roles(...STAFF)
  status(@Parent() t: TemplateView): ContentStatus {
    return t._doc.status;
  }

  @ResolveField('revision')
  @Roles(...STAFF)
  revision(@Parent() t: TemplateView): number {
    return t._doc.latestRevision;
  }

  @ResolveField('origin')
  @Roles(...STAFF)
  origin(@Parent() t: TemplateView): string | null {
    return t._doc.content.origin ?? null;
  }

  @ResolveField('revisions')
  @Roles(...STAFF)
  revisions(@Parent() t: TemplateView): Out<'ContentRevision'>[] {
    return workflowFields(t._doc).revisions;
  }

  @ResolveField('history')
  @Roles(...STAFF)
  history(@Parent() t: TemplateView): Out<'ContentLogEntry'>[] {
    return workflowFields(t._doc).history;
  }

  @ResolveField('diff')
  @Roles(...STAFF)
  diff(@Parent() t: TemplateView, @Args() args: ReplyTemplateDiffArgs): Out<'ContentFieldChange'>[] {
    return diffView(this.templates.workflow.diff(t._doc, args.from, args.to));
  }

  @ResolveReference()
  async resolveReference(ref: { id: string }): Promise<Out<'ReplyTemplate'> | null> {
    const t = await this.templates.byId(ref.id);
    return t && templateToGraphQL(t);
  }
}
