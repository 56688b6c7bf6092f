/**
 * What a case says: internal notes with @mentions, public messages (the answer among them), and canned
 * replies (risposte predefinite) from the knowledge base with `{{placeholder}}`s filled from the case. Pure.
 */
import { DomainError, type UseCaseContext } from '@urp/kernel';
import { v7 as uuidv7 } from 'uuid';
import type { Contact } from '../contact/contact.rules';
import { caseAnswered } from './case.events';
import type { CaseRecord } from './case.model';
import { decided, mustHaveCase, type CaseDecision, type Notifiable } from './case-decision.rules';
import { logged, moveTo } from './case-phases.rules';
import { MESSAGE_DETAIL, noteDetail } from './history-text.rules';

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

/** Built once: a formatter costs far more to build than to use (it was most of the case page's own CPU). */
const ITALIAN_DATE = new Intl.DateTimeFormat('it-IT', {
  timeZone: 'Europe/Rome',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

/** Italian date for letters: 27/11/2026. */
export function italianDate(at: Date): string {
  return ITALIAN_DATE.format(at);
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
  workingDays?: boolean;
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
    procedure_term: `${c.termDays} giorni${c.workingDays ? ' lavorativi' : ''}`,
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

// ------------------------------------------------------------------ parts left to write

/**
 * What a public text still leaves for the operator to write: a canned reply's bracketed parts
 * (`[esito della verifica e azioni intraprese]`: a bracketed run with a letter, on one line; `[…]` is an
 * omission mark, not a part to write) and placeholders the case had no value for (`{{office}}`).
 */
export function unfilledParts(text: string): { brackets: string[]; placeholders: string[] } {
  const brackets = [...new Set(text.match(/\[[^[\]\n]*\p{L}[^[\]\n]*\]/gu) ?? [])];
  const placeholders = [...new Set(text.match(/\{\{\s*[A-Za-z_]+\s*\}\}/g) ?? [])];
  return { brackets, placeholders };
}

/**
 * A text sent to the citizen as it would arrive: refused, with an Italian error beside the field, while it
 * still holds parts of a canned reply nobody wrote (the trial: "[esito della verifica…]" reached a citizen).
 */
export function checkWritten(text: string, field: string): void {
  const { brackets, placeholders } = unfilledParts(text);
  const says = [
    ...(brackets.length
      ? [`Completi le parti tra parentesi quadre prima di inviare: ${brackets.join(', ')}`]
      : []),
    ...(placeholders.length ? [`Sostituisca i segnaposto senza valore: ${placeholders.join(', ')}`] : []),
  ];
  if (says.length) throw DomainError.invalid(field, says.join('; '));
}

// ------------------------------------------------------------------ notes and messages

export interface AddCaseNote {
  text: string;
  /** The duplicate the note was written on (it goes to the original). */
  via?: string;
}

/** An internal note (never sent to the citizen); `@referent` mentions put the case in their queue. */
export function addCaseNote(state: Contact | null, cmd: AddCaseNote, ctx: UseCaseContext): CaseDecision {
  const c = mustHaveCase(state);
  const mentions = parseMentions(cmd.text);
  const rec: CaseRecord = {
    ...logged(c.case, {
      at: ctx.now,
      by: ctx.actor.sub,
      action: 'note',
      detail: noteDetail(mentions, cmd.via),
    }),
    notes: [
      ...c.case.notes,
      { id: uuidv7({ msecs: ctx.now.getTime() }), at: ctx.now, by: ctx.actor.sub, text: cmd.text, mentions },
    ],
    mentioned: [...new Set([...c.case.mentioned, ...mentions])],
  };
  return decided(ctx, c, rec, () => []);
}

export interface SendCaseMessage extends Notifiable {
  text: string;
  answer: boolean;
}

/**
 * A public message to the citizen; as the answer it moves the case to `answered` (first response recorded).
 * Either way the citizen is told (`case_answered` or `case_message`, never a staff requester): the
 * notification names the message (`messageId`), its text stays here. A text with parts left to write is
 * refused (`checkWritten`).
 */
export function sendCaseMessage(
  state: Contact | null,
  cmd: SendCaseMessage,
  ctx: UseCaseContext,
): CaseDecision {
  const c = mustHaveCase(state);
  checkWritten(cmd.text, 'input.text');
  const by = ctx.actor.sub;
  const first = !c.case.firstResponseAt;
  const messageId = uuidv7({ msecs: ctx.now.getTime() });
  const withMessage: CaseRecord = {
    ...c.case,
    messages: [...c.case.messages, { id: messageId, at: ctx.now, by, text: cmd.text }],
  };
  if (!cmd.answer)
    return decided(
      ctx,
      c,
      logged(withMessage, { at: ctx.now, by, action: 'message', detail: MESSAGE_DETAIL }),
      () => [],
      { notify: 'message', recipient: cmd.recipient, messageId },
    );
  const rec: CaseRecord = {
    ...moveTo(withMessage, 'answered', by, ctx.now, 'answered'),
    ...(first ? { firstResponseAt: ctx.now } : {}),
  };
  return decided(ctx, c, rec, (next) => [caseAnswered(ctx, next, first)], {
    notify: 'answered',
    recipient: cmd.recipient,
    messageId,
  });
}

// ------------------------------------------------------------------ hand-over of a message's text

/** A case's public message asked for by the service delivering it: its text only when `ok`. */
export interface CaseMessageText {
  caseId: string;
  messageId: string;
  status: 'ok' | 'unknown' | 'erased';
  text?: string;
  /** Whose message it is (for the audit; not handed over). */
  requesterId?: string;
}

/**
 * The text of a case's public message (`unknown`: no such case or message on it; `erased`: the requester was
 * anonymised, from that moment on the text is no longer handed over). Internal notes are never found here.
 */
export function caseMessageText(
  c: Contact | null | undefined,
  ask: { caseId: string; messageId: string },
  requesterAnonymised: boolean,
): CaseMessageText {
  const m = c?.case?.id === ask.caseId ? c.case.messages.find((x) => x.id === ask.messageId) : undefined;
  if (!c || !m) return { ...ask, status: 'unknown' };
  const requester = c.requesterId ? { requesterId: c.requesterId } : {};
  if (requesterAnonymised) return { ...ask, status: 'erased', ...requester };
  return { ...ask, status: 'ok', text: m.text, ...requester };
}
