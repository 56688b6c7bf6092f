import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, Roles, type Identity } from '@urp/auth';
import { FormService } from '../form/form.service';
import { ReplyTemplateService } from '../reply-template/reply-template.service';
import { SheetService } from '../sheet/sheet.service';
import { badInput, iso, parseInstant } from './errors';
import { EDITORS, STAFF } from './roles';
import type { ContentDoc, VersionedContentService } from './versioned-content.service';

type Kind = 'sheet' | 'form' | 'reply_template';

interface ActionInput {
  kind: Kind;
  id: string;
  note?: string | null;
}

/** The editorial workflow, the same for sheets, forms and reply templates. */
@Resolver('ContentWorkflowState')
export class ContentWorkflowResolver {
  constructor(
    private readonly sheets: SheetService,
    private readonly forms: FormService,
    private readonly templates: ReplyTemplateService,
  ) {}

  private service(kind: Kind): VersionedContentService<object, ContentDoc<object>> {
    const s = { sheet: this.sheets, form: this.forms, reply_template: this.templates }[kind];
    if (!s) throw badInput('kind', `tipo di contenuto sconosciuto: ${kind}`);
    return s as unknown as VersionedContentService<object, ContentDoc<object>>;
  }

  private state(kind: Kind, doc: ContentDoc<object>) {
    return {
      kind,
      id: doc._id,
      status: doc.status,
      revision: doc.revision,
      publishedRevision: doc.live?.revision ?? null,
      scheduledPublishAt: iso(doc.approval?.publishAt),
      expireAt: iso(doc.expireAt),
    };
  }

  @Query('contentState')
  @Roles(...STAFF)
  async contentState(@Args('kind') kind: Kind, @Args('id') id: string) {
    return this.state(kind, await this.service(kind).get(id));
  }

  @Mutation('submitContent')
  @Roles(...EDITORS, 'referent')
  async submit(@Args('input') i: ActionInput, @CurrentIdentity() who: Identity) {
    return this.state(i.kind, await this.service(i.kind).submit(i.id, who.sub, i.note ?? undefined));
  }

  @Mutation('approveContent')
  @Roles(...EDITORS, 'manager')
  async approve(
    @Args('input') i: ActionInput & { publishAt?: string | null; expireAt?: string | null },
    @CurrentIdentity() who: Identity,
  ) {
    const publishAt = parseInstant(i.publishAt, 'publishAt');
    const expireAt = parseInstant(i.expireAt, 'expireAt');
    return this.state(
      i.kind,
      await this.service(i.kind).approve(i.id, who.sub, { publishAt, expireAt, note: i.note ?? undefined }),
    );
  }

  @Mutation('rejectContent')
  @Roles(...EDITORS, 'manager')
  async reject(@Args('input') i: ActionInput, @CurrentIdentity() who: Identity) {
    return this.state(i.kind, await this.service(i.kind).reject(i.id, who.sub, i.note ?? ''));
  }

  @Mutation('expireContent')
  @Roles(...EDITORS, 'manager')
  async expire(@Args('input') i: ActionInput, @CurrentIdentity() who: Identity) {
    return this.state(i.kind, await this.service(i.kind).expire(i.id, who.sub, i.note ?? undefined));
  }

  @Mutation('archiveContent')
  @Roles(...EDITORS, 'manager')
  async archive(@Args('input') i: ActionInput, @CurrentIdentity() who: Identity) {
    return this.state(i.kind, await this.service(i.kind).archive(i.id, who.sub, i.note ?? undefined));
  }
}
