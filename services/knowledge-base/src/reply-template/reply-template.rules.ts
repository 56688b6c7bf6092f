import { z } from 'zod';

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
