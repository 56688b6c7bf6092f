import { Inject, Injectable } from '@nestjs/common';
import type { CloudEvent, EventPayload, FaqProposedV1 } from '@urp/contracts';
import { DomainError, execute, parseInput, ServiceKernel, type Actor } from '@urp/kernel';
import { v7 as uuidv7 } from 'uuid';
import { decideCreate, steps } from '../content/content.rules';
import { ContentWorkflow, SCHEDULER } from '../content/content.use-cases';
import type { KnowledgeStorePort } from '../content/content.store';
import { knowledgePolicy as policy } from '../knowledge-base.policy';
import {
  CreateReplyTemplateInput,
  draftFromProposal,
  EditReplyTemplateInput,
  replyTemplateConsequences,
  type ReplyTemplate,
  type ReplyTemplateContent,
  type ReplyTemplateFacts,
} from './reply-template.rules';
import { ReplyTemplateStore } from './reply-template.store';

export interface ReplyTemplateFilter {
  kind?: string | null;
  status?: string | null;
  caseStatus?: string | null;
  category?: string | null;
  first?: number | null;
}

/** Canned replies and FAQ: versioned, four eyes, published with their placeholders. */
@Injectable()
export class ReplyTemplateUseCases {
  readonly workflow: ContentWorkflow<ReplyTemplateContent, ReplyTemplate, ReplyTemplateFacts>;

  constructor(
    @Inject(ReplyTemplateStore) private readonly store: KnowledgeStorePort<ReplyTemplate>,
    private readonly kernel: ServiceKernel,
  ) {
    this.workflow = new ContentWorkflow<ReplyTemplateContent, ReplyTemplate, ReplyTemplateFacts>({
      store,
      kernel,
      what: (id) => `la risposta tipo ${id}`,
      consequences: replyTemplateConsequences,
      facts: async () => undefined,
    });
  }

  async create(actor: Actor, raw: unknown): Promise<ReplyTemplate> {
    policy.authorize('replyTemplate.create', actor);
    const input = parseInput(CreateReplyTemplateInput, raw);
    if (await this.store.findOne({ code: input.code }))
      throw DomainError.invalid('input.code', 'esiste già una risposta tipo con questo codice');
    const id = uuidv7();
    const create = decideCreate<ReplyTemplateContent, ReplyTemplate, ReplyTemplateFacts>(
      replyTemplateConsequences,
      (draft) => ({ ...draft, code: input.code }),
    );
    return execute(
      this.store,
      id,
      create,
      { id, content: input.content, note: input.note ?? '', facts: undefined },
      this.kernel.context(actor),
    );
  }

  edit(actor: Actor, raw: unknown): Promise<ReplyTemplate> {
    policy.authorize('replyTemplate.edit', actor);
    const input = parseInput(EditReplyTemplateInput, raw);
    return this.workflow.run(
      actor,
      (d) => policy.authorize('replyTemplate.edit', actor, d),
      input.id,
      steps.edit(input.content, input.note, input.expectedRevision),
    );
  }

  /** A proposed FAQ becomes a draft, once per proposal (its id derives from the proposal). */
  async onFaqProposed(
    data: EventPayload<typeof FaqProposedV1>,
    event: CloudEvent,
  ): Promise<'applied' | 'duplicate'> {
    const draft = draftFromProposal(data, this.kernel.reaction(event, SCHEDULER));
    const r = await this.store.commit({
      previous: null,
      next: draft,
      events: [],
      appliedEventId: event.id,
      ifAbsent: true,
    });
    return r.status === 'committed' ? 'applied' : 'duplicate';
  }

  async find(actor: Actor, id?: string | null, code?: string | null): Promise<ReplyTemplate | null> {
    policy.authorize('replyTemplate.read', actor);
    if (id) return this.store.get(id);
    if (code) return this.store.findOne({ code });
    return null;
  }

  byId(id: string): Promise<ReplyTemplate | null> {
    return this.store.get(id);
  }

  async list(actor: Actor, f: ReplyTemplateFilter): Promise<ReplyTemplate[]> {
    policy.authorize('replyTemplate.list', actor);
    const q: Record<string, unknown> = {};
    if (f.kind) q['content.kind'] = f.kind;
    if (f.status) q.status = f.status;
    if (f.caseStatus) q['content.caseStatus'] = f.caseStatus;
    if (f.category) q['content.category'] = f.category;
    const limit = Math.min(Math.max(f.first ?? 100, 1), 500);
    return policy.visible(
      'replyTemplate.list',
      actor,
      await this.store.find(q, { sort: { code: 1 }, limit }),
    );
  }

  listPublicFaq(actor: Actor, category?: string | null): Promise<ReplyTemplate[]> {
    policy.authorize('faq.public.list', actor);
    const q: Record<string, unknown> = {
      'live.revision': { $exists: true },
      'live.content.kind': 'faq',
      'live.content.audience': 'public',
    };
    if (category) q['live.content.category'] = category;
    return this.store.find(q, { sort: { code: 1 }, limit: 500 });
  }
}
