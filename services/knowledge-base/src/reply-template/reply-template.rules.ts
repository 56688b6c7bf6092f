import type { EventPayload, FaqProposedV1 } from '@urp/contracts';
import { DomainError, type Decision, type UseCaseContext } from '@urp/kernel';
import { z } from 'zod';
import { createDraft, type Effect } from '../content/workflow.rules';
import type { ContentAggregate } from '../content/content.rules';
import { replyTemplatePublished } from './reply-template.events';

/** Canned replies and FAQ (risposte tipo): placeholders and rendering (pure). */

/** The placeholders a reply may use: what the front office fills in from the case. */
export const PLACEHOLDERS = [
  'due_date',
  'responsible_person',
  'office',
  'procedure_term',
  'protocol_number',
] as const;

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;

/** The placeholders a body uses, in order of first appearance. */
export function placeholdersOf(body: string): string[] {
  const found: string[] = [];
  for (const m of body.matchAll(PLACEHOLDER)) if (!found.includes(m[1])) found.push(m[1]);
  return found;
}

/** Fills the placeholders; those without a value stay visible as {{name}} so nobody sends a gap. */
export function render(body: string, values: Record<string, unknown>): string {
  return body.replace(PLACEHOLDER, (whole, name: string) => {
    const v = values[name];
    return v === undefined || v === null || v === '' ? `{{${name}}}` : String(v);
  });
}

export const ReplyTemplateContent = z
  .object({
    kind: z.enum(['reply', 'faq']),
    title: z.string().trim().min(3, 'il titolo deve avere almeno 3 caratteri').max(300),
    body: z.string().trim().min(10, 'il testo deve avere almeno 10 caratteri').max(20000),
    audience: z.enum(['public', 'internal']).default('internal'),
    caseStatus: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/, 'stato della pratica: codice in minuscolo')
      .optional(),
    category: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/, 'categoria: codice in minuscolo')
      .optional(),
    sheetIds: z.array(z.string().min(1)).max(20).default([]),
    /** Where it came from (e.g. `faq_proposal:<id>` for a FAQ proposed from an answered contact). */
    origin: z.string().max(200).optional(),
  })
  .superRefine((c, ctx) => {
    const unknown = placeholdersOf(c.body).filter((p) => !(PLACEHOLDERS as readonly string[]).includes(p));
    if (unknown.length)
      ctx.addIssue({
        code: 'custom',
        path: ['body'],
        message: `segnaposto non previsti: ${unknown.map((u) => `{{${u}}}`).join(', ')} (ammessi: ${PLACEHOLDERS.join(', ')})`,
      });
  });
export type ReplyTemplateContent = z.infer<typeof ReplyTemplateContent>;

const Code = z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'codice: lettere minuscole, cifre e trattino basso');
export const CreateReplyTemplateInput = z.object({
  code: Code,
  content: ReplyTemplateContent,
  note: z.string().max(1000).optional(),
});
export const EditReplyTemplateInput = z.object({
  id: z.string().min(1),
  content: ReplyTemplateContent,
  note: z.string().trim().min(1, 'indicare cosa è cambiato').max(1000),
  /** The revision the editor started from: if another revision came since, CONFLICT (no overwrite). */
  expectedRevision: z.number().int().min(1).optional(),
});

export interface ReplyTemplate extends ContentAggregate<ReplyTemplateContent> {
  code: string;
}
export type ReplyTemplateFacts = undefined;

/** A publication (first or update) announces the template with its placeholders. */
export function replyTemplateConsequences(
  _prev: ReplyTemplate | null,
  next: ReplyTemplate,
  effects: readonly Effect[],
  ctx: UseCaseContext,
): Decision<ReplyTemplate> {
  if (!(effects.includes('published') || effects.includes('updated')) || !next.live)
    return { state: next, events: [] };
  return { state: next, events: [replyTemplatePublished(ctx, next, next.live)] };
}

/** The id of the draft FAQ of a proposal: derived from it, so a redelivery creates nothing. */
export const faqIdOf = (proposalId: string): string => `faq-${proposalId}`.slice(0, 120);

/**
 * A FAQ proposed from an answered contact (contacts' FaqProposed) becomes a draft FAQ for the back office
 * to edit and approve; its author is the proposing operator. A proposal that cannot become a valid draft
 * is refused (the consumer retries, then dead-letters it).
 */
export function draftFromProposal(p: EventPayload<typeof FaqProposedV1>, ctx: UseCaseContext): ReplyTemplate {
  const code = `faq_${
    p.proposalId
      .replace(/[^a-z0-9]/gi, '')
      .toLowerCase()
      .slice(-24) || 'proposta'
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
    throw DomainError.invalid('data', `FaqProposed ${p.proposalId}: ${parsed.error.message}`);
  const draft = createDraft(parsed.data, p.proposedBy, `proposta dal contatto ${p.contactId}`, ctx.now);
  return { id: faqIdOf(p.proposalId), revision: 0, code, createdAt: ctx.now, updatedAt: ctx.now, ...draft };
}
