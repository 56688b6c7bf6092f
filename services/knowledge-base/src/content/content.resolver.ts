import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, Roles, type Identity } from '@urp/auth';
import type {
  ContentKind,
  ContentWorkflowState,
  MutationApproveContentArgs,
  MutationArchiveContentArgs,
  MutationExpireContentArgs,
  MutationRejectContentArgs,
  MutationSubmitContentArgs,
  QueryContentStateArgs,
} from '../__generated__/graphql';
import { FormUseCases } from '../form/form.use-cases';
import { knowledgePolicy as policy } from '../knowledge-base.policy';
import { ReplyTemplateUseCases } from '../reply-template/reply-template.use-cases';
import { SheetUseCases } from '../sheet/sheet.use-cases';
import { iso, parseInstant } from './content.graphql-mapping';
import type { ContentAggregate } from './content.rules';
import type { ApproveOptions } from './workflow.rules';

const STAFF = ['operator', 'backoffice', 'referent', 'manager', 'analyst'] as const;
const EDITORS = ['backoffice'] as const;

/** The workflow operations every kind offers, whatever its content. */
interface AnyWorkflow {
  get(id: string): Promise<ContentAggregate<object>>;
  submit(actor: Identity, id: string, note?: string): Promise<ContentAggregate<object>>;
  approve(actor: Identity, id: string, o: ApproveOptions): Promise<ContentAggregate<object>>;
  reject(actor: Identity, id: string, note: string): Promise<ContentAggregate<object>>;
  expire(actor: Identity, id: string, note?: string): Promise<ContentAggregate<object>>;
  archive(actor: Identity, id: string, note?: string): Promise<ContentAggregate<object>>;
}

const state = (kind: ContentKind, doc: ContentAggregate<object>): ContentWorkflowState => ({
  kind,
  id: doc.id,
  status: doc.status,
  revision: doc.latestRevision,
  publishedRevision: doc.live?.revision ?? null,
  scheduledPublishAt: iso(doc.approval?.publishAt),
  expireAt: iso(doc.expireAt),
});

/** The editorial workflow, the same for sheets, forms and reply templates. */
@Resolver('ContentWorkflowState')
export class ContentWorkflowResolver {
  constructor(
    private readonly sheets: SheetUseCases,
    private readonly forms: FormUseCases,
    private readonly templates: ReplyTemplateUseCases,
  ) {}

  private workflow(kind: ContentKind): AnyWorkflow {
    if (kind === 'sheet') return this.sheets.workflow;
    if (kind === 'form') return this.forms.workflow;
    return this.templates.workflow;
  }

  @Query('contentState')
  @Roles(...STAFF)
  async contentState(
    @CurrentIdentity() who: Identity,
    @Args() args: QueryContentStateArgs,
  ): Promise<ContentWorkflowState> {
    const doc = await this.workflow(args.kind).get(args.id);
    policy.authorize('content.state', who, doc);
    return state(args.kind, doc);
  }

  @Mutation('submitContent')
  @Roles(...EDITORS, 'referent')
  async submit(
    @CurrentIdentity() who: Identity,
    @Args() { input: i }: MutationSubmitContentArgs,
  ): Promise<ContentWorkflowState> {
    return state(i.kind, await this.workflow(i.kind).submit(who, i.id, i.note ?? undefined));
  }

  @Mutation('approveContent')
  @Roles(...EDITORS, 'manager')
  async approve(
    @CurrentIdentity() who: Identity,
    @Args() { input: i }: MutationApproveContentArgs,
  ): Promise<ContentWorkflowState> {
    const publishAt = parseInstant(i.publishAt, 'input.publishAt');
    const expireAt = parseInstant(i.expireAt, 'input.expireAt');
    const doc = await this.workflow(i.kind).approve(who, i.id, {
      publishAt,
      expireAt,
      note: i.note ?? undefined,
    });
    return state(i.kind, doc);
  }

  @Mutation('rejectContent')
  @Roles(...EDITORS, 'manager')
  async reject(
    @CurrentIdentity() who: Identity,
    @Args() { input: i }: MutationRejectContentArgs,
  ): Promise<ContentWorkflowState> {
    return state(i.kind, await this.workflow(i.kind).reject(who, i.id, i.note ?? ''));
  }

  @Mutation('expireContent')
  @Roles(...EDITORS, 'manager')
  async expire(
    @CurrentIdentity() who: Identity,
    @Args() { input: i }: MutationExpireContentArgs,
  ): Promise<ContentWorkflowState> {
    return state(i.kind, await this.workflow(i.kind).expire(who, i.id, i.note ?? undefined));
  }

  @Mutation('archiveContent')
  @Roles(...EDITORS, 'manager')
  async archive(
    @CurrentIdentity() who: Identity,
    @Args() { input: i }: MutationArchiveContentArgs,
  ): Promise<ContentWorkflowState> {
    return state(i.kind, await this.workflow(i.kind).archive(who, i.id, i.note ?? undefined));
  }
}
