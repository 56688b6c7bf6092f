import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  createEvent,
  ReplyTemplatePublishedV1,
  type CloudEvent,
  type EventPayload,
  type FaqProposedV1,
} from '@urp/contracts';
import { EventOutbox } from '@urp/messaging';
import { isDuplicateKeyError } from '@urp/persistence';
import type { Document, Filter } from 'mongodb';
import type { Model } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { parseInput } from '../content/errors';
import {
  VersionedContentService,
  type Consequences,
  type ContentDoc,
} from '../content/versioned-content.service';
import { clean, VersionedStore } from '../content/versioned.store';
import { createDraft, type Effect } from '../content/workflow.rules';
import { SOURCE } from '../organisation/organisation.service';
import { placeholdersOf, ReplyTemplateContent } from './reply-template.rules';
import { REPLY_TEMPLATE_MODEL } from './reply-template.schema';

const Code = z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'codice: lettere minuscole, cifre e trattino basso');
const CreateTemplate = z.object({
  code: Code,
  content: ReplyTemplateContent,
  note: z.string().max(1000).optional(),
});
const EditTemplate = z.object({
  id: z.string().min(1),
  content: ReplyTemplateContent,
  note: z.string().trim().min(1, 'indicare cosa è cambiato').max(1000),
});

export interface ReplyTemplateDoc extends ContentDoc<ReplyTemplateContent> {
  code: string;
}

/** Canned replies and FAQ: versioned, four eyes, published with their placeholders. */
@Injectable()
export class ReplyTemplateService extends VersionedContentService<ReplyTemplateContent, ReplyTemplateDoc> {
  protected readonly what = 'reply template';

  constructor(@InjectModel(REPLY_TEMPLATE_MODEL) model: Model<any>, outbox: EventOutbox) {
    super(new VersionedStore<ReplyTemplateDoc>(model, outbox));
  }

  create(raw: unknown, author: string): Promise<ReplyTemplateDoc> {
    const input = parseInput(CreateTemplate, raw, 'cannot create the reply template');
    return this.insertNew(uuidv7(), { code: input.code } as never, input.content, author, input.note ?? '');
  }

  edit(raw: unknown, author: string): Promise<ReplyTemplateDoc> {
    const input = parseInput(EditTemplate, raw, 'cannot edit the reply template');
    return this.editContent(input.id, input.content, author, input.note);
  }

  /**
   * A FAQ proposed from an answered contact (contacts' FaqProposed) becomes a draft FAQ for the back office
   * to edit and approve. Its id derives from the proposal: a redelivery collides and creates nothing.
   */
  async draftFromProposal(p: EventPayload<typeof FaqProposedV1>): Promise<'applied' | 'duplicate'> {
    const id = `faq-${p.proposalId}`.slice(0, 120);
    const code = `faq_${
      p.proposalId
        .replace(/[^a-z0-9]/gi, '')
        .toLowerCase()
        .slice(-24) || uuidv7().slice(-12)
    }`;
    const parsed = ReplyTemplateContent.safeParse({
      kind: 'faq',
      title: p.question.slice(0, 300).padEnd(3, '.'),
      body: p.answer.padEnd(10, '.').replace(/\{\{[^}]*\}\}/g, ''),
      audience: 'public',
      category: p.category && /^[a-z][a-z0-9_]*$/.test(p.category.level1) ? p.category.level1 : undefined,
      sheetIds: p.sheetIds ?? [],
      origin: `faq_proposal:${p.proposalId}`,
    });
    if (!parsed.success)
      throw new Error(`FaqProposed ${p.proposalId} cannot become a draft: ${parsed.error.message}`);
    const now = new Date();
    const draft = createDraft(parsed.data, p.proposedBy, `proposta dal contatto ${p.contactId}`, now);
    try {
      await this.store.insert(
        { _id: id, code, seq: 0, createdAt: now, updatedAt: now, ...draft } as ReplyTemplateDoc,
        [],
      );
      return 'applied';
    } catch (e) {
      if (isDuplicateKeyError(e)) return 'duplicate';
      throw e;
    }
  }

  protected async consequences(
    _prev: ReplyTemplateDoc | undefined,
    next: ReplyTemplateDoc,
    effects: Effect[],
    now: Date,
  ): Promise<Consequences<ReplyTemplateDoc>> {
    if (!effects.includes('published') && !effects.includes('updated')) return { events: [] };
    const live = next.live!;
    const c = live.content;
    const event: CloudEvent = createEvent(
      ReplyTemplatePublishedV1,
      next._id,
      clean({
        templateId: next._id,
        revision: live.revision,
        code: next.code,
        title: c.title,
        body: c.body,
        placeholders: placeholdersOf(c.body),
        audience: c.audience,
        caseStatus: c.caseStatus,
        category: c.category,
        publishedAt: now.toISOString(),
        kind: c.kind,
      }),
      { source: SOURCE, time: now },
    );
    return { events: [event] };
  }

  async find(id?: string | null, code?: string | null): Promise<ReplyTemplateDoc | null> {
    if (id) return this.store.findById(id);
    if (code) return this.store.findOne({ code });
    return null;
  }

  list(f: { kind?: string; status?: string; caseStatus?: string; category?: string; first: number }) {
    const q: Record<string, unknown> = {};
    if (f.kind) q['content.kind'] = f.kind;
    if (f.status) q.status = f.status;
    if (f.caseStatus) q['content.caseStatus'] = f.caseStatus;
    if (f.category) q['content.category'] = f.category;
    return this.store.find(q as unknown as Filter<Document>, Math.min(Math.max(f.first, 1), 500), {
      code: 1,
    });
  }

  listPublicFaq(category?: string) {
    const q: Record<string, unknown> = {
      'live.revision': { $exists: true },
      'live.content.kind': 'faq',
      'live.content.audience': 'public',
    };
    if (category) q['live.content.category'] = category;
    return this.store.find(q as unknown as Filter<Document>, 500, { code: 1 });
  }
}
