import { Args, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, Public, Roles, type Identity } from '@urp/auth';
import { workflowFields } from '../content/content.graphql-mapping';
import { iso } from '../content/errors';
import { EDITORS, STAFF } from '../content/roles';
import { FormService, type FormDoc, type FormVersion } from './form.service';

const versionToGraphQL = (v: FormVersion) => ({ ...v, publishedAt: iso(v.publishedAt) });

/** Public fields: the latest published version (or, for staff, the working copy of a never-published form). */
export const formToGraphQL = (f: FormDoc) => {
  const latest = f.versions[f.versions.length - 1];
  const content = f.live?.content ?? f.content;
  return {
    id: f._id,
    code: f.code,
    title: latest?.title ?? content.title,
    description: content.description ?? null,
    officeId: content.officeId ?? null,
    version: latest?.version ?? null,
    fields: latest?.fields ?? content.fields,
    versions: f.versions.map(versionToGraphQL),
    _doc: f,
  };
};
type FormView = ReturnType<typeof formToGraphQL>;

@Resolver('Form')
export class FormResolver {
  constructor(private readonly forms: FormService) {}

  @Query('forms')
  @Roles(...STAFF)
  async list(@Args('first') first?: number) {
    return (await this.forms.list(first ?? 100)).map(formToGraphQL);
  }

  @Query('form')
  @Public()
  async form(
    @Args('id') id: string | undefined,
    @Args('code') code: string | undefined,
    @CurrentIdentity() who: Identity,
  ) {
    const f = await this.forms.find(id, code);
    if (!f) return null;
    if (who.anonymous && !f.versions.length) return null; // the public sees published versions only
    return formToGraphQL(f);
  }

  @Query('validateFormSubmission')
  @Public()
  validate(
    @Args('code') code: string,
    @Args('version') version: number | undefined,
    @Args('dataJson') dataJson: string,
  ) {
    return this.forms.validate(code, version ?? undefined, dataJson);
  }

  @Mutation('createForm')
  @Roles(...EDITORS)
  async create(@Args('input') input: unknown, @CurrentIdentity() who: Identity) {
    return formToGraphQL(await this.forms.create(input, who.sub));
  }

  @Mutation('editForm')
  @Roles(...EDITORS)
  async edit(@Args('input') input: unknown, @CurrentIdentity() who: Identity) {
    return formToGraphQL(await this.forms.edit(input, who.sub));
  }

  @ResolveField('formVersion')
  @Public()
  formVersion(@Parent() f: FormView, @Args('version') version: number) {
    return f.versions.find((v) => v.version === version) ?? null;
  }

  @ResolveField('status')
  @Roles(...STAFF)
  status(@Parent() f: FormView) {
    return f._doc.status;
  }

  @ResolveField('revision')
  @Roles(...STAFF)
  revision(@Parent() f: FormView) {
    return f._doc.revision;
  }

  @ResolveField('revisions')
  @Roles(...STAFF)
  revisions(@Parent() f: FormView) {
    return workflowFields(f._doc).revisions;
  }

  @ResolveField('history')
  @Roles(...STAFF)
  history(@Parent() f: FormView) {
    return workflowFields(f._doc).history;
  }

  @ResolveField('diff')
  @Roles(...STAFF)
  diff(@Parent() f: FormView, @Args('from') from: number, @Args('to') to: number) {
    return this.forms.diff(f._doc, from, to);
  }

  @ResolveReference()
  async resolveReference(ref: { id: string }) {
    const f = await this.forms.find(ref.id);
    return f && formToGraphQL(f);
  }
}
