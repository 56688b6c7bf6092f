import { Args, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, Public, Roles, type Identity } from '@urp/auth';
import { DomainError } from '@urp/kernel';
import type {
  FormDiffArgs,
  FormFormVersionArgs,
  MutationCreateFormArgs,
  MutationEditFormArgs,
  QueryFormArgs,
  QueryFormsArgs,
  QueryValidateFormSubmissionArgs,
  ResolversParentTypes,
  ContentStatus,
} from '../__generated__/graphql';
import { diffView, workflowFields } from '../content/content.graphql-mapping';
import { formToGraphQL, type FormView } from '../graphql-view';
import { knowledgePolicy } from '../knowledge-base.policy';
import type { Form } from './form.rules';
import { FormUseCases } from './form.use-cases';

/** What a resolver returns for a GraphQL type (the entities' views: codegen.config.ts mappers). */
type Out<K extends keyof ResolversParentTypes> = ResolversParentTypes[K];

const STAFF = ['operator', 'backoffice', 'referent', 'manager', 'analyst'] as const;
const EDITORS = ['backoffice'] as const;

@Resolver('Form')
export class FormResolver {
  constructor(private readonly forms: FormUseCases) {}

  @Query('forms')
  @Roles(...STAFF)
  async list(@CurrentIdentity() who: Identity, @Args() args: QueryFormsArgs): Promise<Out<'Form'>[]> {
    return (await this.forms.list(who, args.first)).map(formToGraphQL);
  }

  @Query('form')
  @Public()
  async form(@CurrentIdentity() who: Identity, @Args() args: QueryFormArgs): Promise<Out<'Form'> | null> {
    const f = await this.forms.find(who, args.id, args.code);
    return f && formToGraphQL(f);
  }

  @Query('validateFormSubmission')
  @Public()
  validate(
    @CurrentIdentity() who: Identity,
    @Args() args: QueryValidateFormSubmissionArgs,
  ): Promise<Out<'FormValidationResult'>> {
    return this.forms.validate(who, args.code, args.version ?? undefined, args.dataJson);
  }

  @Mutation('createForm')
  @Roles(...EDITORS)
  async create(@CurrentIdentity() who: Identity, @Args() args: MutationCreateFormArgs): Promise<Out<'Form'>> {
    return formToGraphQL(await this.forms.create(who, args.input));
  }

  @Mutation('editForm')
  @Roles(...EDITORS)
  async edit(@CurrentIdentity() who: Identity, @Args() args: MutationEditFormArgs): Promise<Out<'Form'>> {
    return formToGraphQL(await this.forms.edit(who, args.input));
  }

  @ResolveField('formVersion')
  @Public()
  formVersion(@Parent() f: FormView, @Args() args: FormFormVersionArgs): Out<'FormVersion'> | null {
    return f.versions.find((v) => v.version === args.version) ?? null;
  }

  @ResolveField('status')
  @Roles(...STAFF)
  status(@Parent() f: FormView): ContentStatus {
    return f._doc.status;
  }

  @ResolveField('revision')
  @Roles(...STAFF)
  revision(@Parent() f: FormView): number {
    return f._doc.latestRevision;
  }

  @ResolveField('revisions')
  @Roles(...STAFF)
  revisions(@CurrentIdentity() who: Identity, @Parent() f: FormView): Out<'ContentRevision'>[] {
    if (!knowledgePolicy.allows('form.list', who, f._doc)) throw DomainError.forbidden();
    return workflowFields(f._doc).revisions;
  }

  @ResolveField('history')
  @Roles(...STAFF)
  history(@CurrentIdentity() who: Identity, @Parent() f: FormView): Out<'ContentLogEntry'>[] {
    if (!knowledgePolicy.allows('form.list', who, f._doc)) throw DomainError.forbidden();
    return workflowFields(f._doc).history;
  }

  @ResolveField('diff')
  @Roles(...STAFF)
  diff(
    @CurrentIdentity() who: Identity,
    @Parent() f: FormView,
    @Args() args: FormDiffArgs,
  ): Out<'ContentFieldChange'>[] {
    if (!knowledgePolicy.allows('form.list', who, f._doc)) throw DomainError.forbidden();
    return diffView(this.forms.workflow.diff(f._doc, args.from, args.to));
  }

  @ResolveReference()
  async resolveReference(ref: { id: string }): Promise<Out<'Form'> | null> {
    const f = await this.forms.byId(ref.id);
    return f && formToGraphQL(f);
  }
}

/** The forms a sheet links as attachments (published versions only): public, like the sheet. */
@Resolver('ServiceSheet')
export class SheetFormsResolver {
  constructor(private readonly formUseCases: FormUseCases) {}

  @ResolveField('forms')
  @Public()
  async forms(@Parent() s: { content: { attachments: { formCode?: string }[] } }): Promise<Out<'Form'>[]> {
    const codes = s.content.attachments.map((a) => a.formCode).filter((c): c is string => !!c);
    const forms = await Promise.all(codes.map((c) => this.formUseCases.published(c)));
    return forms.filter((f): f is Form => f !== null).map(formToGraphQL);
  }
}

@Resolver('SheetAttachment')
export class SheetAttachmentResolver {
  constructor(private readonly forms: FormUseCases) {}

  @ResolveField('form')
  @Public()
  async form(@Parent() a: { formCode?: string }): Promise<Out<'Form'> | null> {
    const f = a.formCode ? await this.forms.published(a.formCode) : null;
    return f && formToGraphQL(f);
  }
}
