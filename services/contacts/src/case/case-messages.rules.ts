/**
 * What a case says: internal notes with @mentions, public messages, and canned replies (risposte
 * predefinite) from the knowledge base with `{{placeholder}}`s filled from the case. Pure.
 */

export type ReplyValues = Partial<
  Record<'due_date' | 'responsible_person' | 'office' | 'procedure_term' | 'protocol_number', string>
>;

/** Fills the known placeholders; unknown or missing ones stay visible (`{{x}}`) and are reported. */
export function fillTemplate(body: string, values: ReplyValues): { text: string; missing: string[] } {
  const missing = new Set<string>();
  const text = body.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (whole, name: string) => {
    const v = values[name as keyof ReplyValues];
    if (v === undefined || v === '') {
      missing.add(name);
      return whole;
    }
    return v;
  });
  return { text, missing: [...missing] };
}

/** Italian date for letters: 27/11/2026. */
export function italianDate(at: Date): string {
  return new Intl.DateTimeFormat('it-IT', {
    timeZone: 'Europe/Rome',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(at);
}

/** Mentions of referents in an internal note: `@ref_id` tokens. */
export function parseMentions(text: string): string[] {
  return [...new Set([...text.matchAll(/(?:^|\s)@([A-Za-z0-9_.-]{2,64})/g)].map((m) => m[1]))];
}

export interface TemplateSource {
  id: string;
  code: string;
  title: string;
  body: string;
  audience: 'public' | 'internal';
  caseStatus?: string;
  category?: string;
}

export interface CannedReply {
  templateId: string;
  code: string;
  title: string;
  text: string;
  missingPlaceholders: string[];
}

/** What the placeholders of a case are filled with (the responsible person: the referent, else the office head). */
export interface ReplyContext {
  status: string;
  categoryLevel1?: string;
  dueAt: Date;
  termDays: number;
  protocolNumber?: string;
  officeName?: string;
  responsiblePerson?: string;
}

/** The public canned replies for a case (by category, and by its status when `forStatus`), filled. */
export function cannedReplies(
  templates: readonly TemplateSource[],
  c: ReplyContext,
  forStatus: boolean,
): CannedReply[] {
  const values: ReplyValues = {
    due_date: italianDate(c.dueAt),
    procedure_term: `${c.termDays} giorni`,
    ...(c.protocolNumber ? { protocol_number: c.protocolNumber } : {}),
    ...(c.officeName ? { office: c.officeName } : {}),
    ...(c.responsiblePerson ? { responsible_person: c.responsiblePerson } : {}),
  };
  return templates
    .filter((t) => t.audience === 'public')
    .filter((t) => !t.category || t.category === c.categoryLevel1)
    .filter((t) => !forStatus || !t.caseStatus || t.caseStatus === c.status)
    .map((t) => {
      const filled = fillTemplate(t.body, values);
      return {
        templateId: t.id,
        code: t.code,
        title: t.title,
        text: filled.text,
        missingPlaceholders: filled.missing,
      };
    });
}
