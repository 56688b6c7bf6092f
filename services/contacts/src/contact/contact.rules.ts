import { Channel, ContactCategory, ContactType, RequesterId } from '@urp/contracts';
import { DomainError, type Decision, type UseCaseContext } from '@urp/kernel';
import { scrubKnownPerson, type KnownPerson } from '../shared/scrub.rules';
import { contactClosed } from './contact.events';
import { z } from 'zod';
import { Instant, multiLine, oneLine } from '../shared/strict-input';
import type { CaseRecord, ProcedureStartRefusal } from '../case/case.model';

/** The contact as the domain sees it (no persistence, no framework). A case, if any, lives inside it. */
export interface Contact {
  readonly id: string;
  /** Bumped by every committed write (the kernel's optimistic concurrency guard). */
  readonly revision: number;
  channel: Channel;
  type: ContactType;
  direction: 'inbound' | 'outbound';
  subject: string;
  text?: string;
  status: 'open' | 'closed';
  requesterId?: string;
  requesterIsStaff?: boolean;
  operatorId: string;
  registeredAt: Date;
  closedAt?: Date;
  resolvedAtFirstContact?: boolean;
  category?: ContactCategory;
  place?: { area?: string; lat?: number; lon?: number; address?: string };
  sheetIds: string[];
  protocolNumber?: string;
  officeId?: string;
  procedureTypeCode?: string;
  /**
   * For a procedure start: `requested` until procedures confirms it received the request (ProcedureSubmitted
   * naming this contact), then `submitted` with the procedure id. A start still `requested` is what the
   * operator sees when procedures could not take it.
   */
  procedureStart?: {
    status: 'requested' | 'submitted' | 'refused';
    procedureId?: string;
    confirmedAt?: Date;
    /** Procedures refused the start (ProcedureStartRefused): why, for the operator. */
    refusal?: ProcedureStartRefusal;
  };
  /**
   * The application form of a procedure start as the citizen filled it in (personal data): kept here, written
   * with the contact and its ProcedureRequested (which only says `hasFormData`), never on an event. Procedures
   * fetches it when it starts the procedure (`procedureFormOf`); dropped once procedures confirmed the start,
   * erased on anonymisation.
   */
  formData?: Record<string, unknown>;
  /** Why the form data is no longer here: procedures has it (`handed_over`) or it was erased (`erased`). */
  formDataGone?: 'handed_over' | 'erased';
  case?: CaseRecord;
  /** Secret of the citizen's receipt for the public status page: its SHA-256 only (never the secret). */
  receiptHash?: string;
}

/** A contact with its case (what every case decision works on). */
export type CaseContact = Contact & { case: CaseRecord };
export const hasCase = (c: Contact | null | undefined): c is CaseContact => !!c?.case;

const code = z.string().regex(/^[a-z0-9_]{1,60}$/, 'un codice in minuscolo (lettere, cifre, _)');

export const RegisterContactInput = z
  .object({
    channel: Channel,
    type: ContactType,
    subject: oneLine(1, 200),
    requesterId: RequesterId.optional(),
    direction: z.enum(['inbound', 'outbound']).default('inbound'),
    text: multiLine(10_000).optional(),
    category: z.object({ level1: code, level2: code.optional(), level3: code.optional() }).optional(),
    place: z
      .object({
        area: code.optional(),
        lat: z.number().min(-90).max(90).optional(),
        lon: z.number().min(-180).max(180).optional(),
        address: z.string().trim().max(300).optional(),
      })
      .refine(
        (p) => (p.lat === undefined) === (p.lon === undefined),
        'latitudine e longitudine vanno insieme',
      )
      .optional(),
    sheetIds: z.array(z.string().min(1).max(100)).max(20).default([]),
    openCase: z.boolean().optional(),
    resolvedAtFirstContact: z.boolean().optional(),
    officeId: z.string().min(1).max(100).optional(),
    referentId: z.string().min(1).max(100).optional(),
    priority: z.enum(['low', 'normal', 'high', 'urgent']).default('normal'),
    procedureTypeCode: code.optional(),
    formId: z.string().min(1).max(100).optional(),
    formVersion: z.number().int().min(1).optional(),
    formData: z.record(z.string(), z.unknown()).optional(),
    registeredAt: Instant.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.type === 'procedure_start' && !c.procedureTypeCode)
      ctx.addIssue({
        code: 'custom',
        path: ['procedureTypeCode'],
        message: 'obbligatorio per avviare un procedimento',
      });
    if (c.type !== 'procedure_start' && (c.procedureTypeCode || c.formData))
      ctx.addIssue({
        code: 'custom',
        path: ['procedureTypeCode'],
        message: 'solo per i contatti di avvio procedimento (PROCEDURE_START)',
      });
    if (c.resolvedAtFirstContact && c.openCase)
      ctx.addIssue({
        code: 'custom',
        path: ['openCase'],
        message: 'un contatto risolto al primo contatto non apre una pratica',
      });
  });
export type RegisterContactInput = z.input<typeof RegisterContactInput>;
export type RegisterContactData = z.output<typeof RegisterContactInput>;

/** Types that always need back-office work unless answered at once. */
const CASE_TYPES: ContactType[] = ['complaint', 'report', 'document_access', 'civic_access', 'foia'];

/** Does the contact open a case? Explicit choice first; otherwise by type. Procedure starts go to procedures. */
export function needsCase(
  input: Pick<RegisterContactData, 'type' | 'openCase' | 'resolvedAtFirstContact'>,
): boolean {
  if (input.type === 'procedure_start') return false;
  if (input.openCase !== undefined) return input.openCase;
  return !input.resolvedAtFirstContact && CASE_TYPES.includes(input.type);
}

/** Registered documents get a protocol number: cases and procedure starts (DPR 445/2000 art. 53). */
export const needsProtocol = (withCase: boolean, type: ContactType): boolean =>
  withCase || type === 'procedure_start';

export function newContact(input: RegisterContactData, operatorId: string, id: string, now: Date): Contact {
  return {
    id,
    revision: 0,
    channel: input.channel,
    type: input.type,
    direction: input.direction,
    subject: input.subject,
    ...(input.text ? { text: input.text } : {}),
    status: 'open',
    ...(input.requesterId ? { requesterId: input.requesterId } : {}),
    operatorId,
    registeredAt: now,
    ...(input.category ? { category: input.category } : {}),
    ...(input.place ? { place: input.place } : {}),
    sheetIds: input.sheetIds,
    ...(input.officeId ? { officeId: input.officeId } : {}),
    ...(input.procedureTypeCode ? { procedureTypeCode: input.procedureTypeCode } : {}),
  };
}

/** Closing: only an open contact, never before it was registered. */
export function closeContact(
  contact: Pick<Contact, 'id' | 'status' | 'registeredAt'>,
  resolvedAtFirstContact: boolean,
  now: Date,
): Pick<Contact, 'status' | 'closedAt' | 'resolvedAtFirstContact'> {
  if (contact.status === 'closed') throw DomainError.conflict(`Il contatto ${contact.id} è già chiuso`);
  const closedAt = now < contact.registeredAt ? contact.registeredAt : now;
  return { status: 'closed', closedAt, resolvedAtFirstContact };
}

/** Closing a contact without a case (or whose case is already over). */
export function closeContactDecision(
  state: Contact | null,
  cmd: { resolvedAtFirstContact: boolean },
  ctx: UseCaseContext,
): Decision<Contact> {
  if (!state) throw DomainError.notFound('il contatto');
  const next: Contact = { ...state, ...closeContact(state, cmd.resolvedAtFirstContact, ctx.now) };
  return { state: next, events: [contactClosed(ctx, next)] };
}

/** "Propose as FAQ" only for an answered contact (closed, answered, or with a first response). */
export function assertAnswered(contact: Contact): void {
  const answered =
    contact.status === 'closed' || contact.case?.status === 'answered' || !!contact.case?.firstResponseAt;
  if (!answered) throw DomainError.conflict(`Il contatto ${contact.id} non ha ancora avuto risposta`);
}

/**
 * Retention or a request (GDPR art. 17): the requester's contact keeps its statistics; its free text and
 * exact place go, and every other copy of the person in it (subject, the case's internal notes, public
 * messages, history details, suspension reasons, forwarding body) is scrubbed of the requester's names,
 * fiscal code, e-mails, phones and address, and of whatever else the one scrubber recognises.
 */
export function scrubContact(
  state: Contact | null,
  cmd: { person: KnownPerson },
  _ctx: UseCaseContext,
): Decision<Contact> {
  if (!state) throw DomainError.notFound('il contatto');
  const scrub = (t: string) => scrubKnownPerson(t, cmd.person);
  const place = state.place?.area ? { area: state.place.area } : undefined;
  const k = state.case;
  const next: Contact = {
    ...state,
    subject: scrub(state.subject),
    text: undefined,
    place,
    ...(state.formData || state.formDataGone ? { formData: undefined, formDataGone: 'erased' as const } : {}),
    ...(k
      ? {
          case: {
            ...k,
            notes: k.notes.map((n) => ({ ...n, text: scrub(n.text) })),
            messages: k.messages.map((m) => ({ ...m, text: scrub(m.text) })),
            history: k.history.map((h) => (h.detail ? { ...h, detail: scrub(h.detail) } : h)),
            suspensions: k.suspensions.map((s) => ({ ...s, reason: scrub(s.reason) })),
            ...(k.forwardedTo ? { forwardedTo: scrub(k.forwardedTo) } : {}),
          },
        }
      : {}),
  };
  return { state: next, events: [] };
}

/** A FAQ draft proposed from the person's contact: question and answer scrubbed of the person (anonymisation). */
export function scrubFaqProposal<
  P extends { id: string; revision: number; question: string; answer: string },
>(state: P | null, cmd: { person: KnownPerson }, _ctx: UseCaseContext): Decision<P> {
  if (!state) throw DomainError.notFound('la proposta di FAQ');
  return {
    state: {
      ...state,
      question: scrubKnownPerson(state.question, cmd.person),
      answer: scrubKnownPerson(state.answer, cmd.person),
    },
    events: [],
  };
}

/** Procedures confirmed the start of this contact's procedure (ProcedureSubmitted): the operator sees it. */
export function confirmProcedureStart(
  state: Contact | null,
  cmd: { procedureId: string; at: Date },
): Decision<Contact> | null {
  if (!state || state.type !== 'procedure_start') return null;
  if (state.procedureStart?.status === 'submitted') return null;
  return {
    state: {
      ...state,
      procedureStart: { status: 'submitted', procedureId: cmd.procedureId, confirmedAt: cmd.at },
      // minimisation: procedures keeps the form with the procedure's file, this copy is no longer needed
      ...(state.formData ? { formData: undefined, formDataGone: 'handed_over' as const } : {}),
    },
    events: [],
  };
}

/** What procedures gets when it asks for a procedure start's form data (`/internal/contacts/:id/procedure-form`). */
export type ProcedureForm =
  | { status: 'ok'; requesterId?: string; formData: Record<string, unknown> }
  | { status: 'unknown' | 'none' | 'handed_over' | 'erased' };

/**
 * The form data of a procedure start, or why there is none (erased on anonymisation: 410 for procedures). Erased
 * as soon as the requester is anonymised, even before this contact is scrubbed (that follows the requester's write).
 */
export function procedureFormOf(
  c: Contact | null,
  requester: { requesterAnonymised?: boolean } = {},
): ProcedureForm {
  if (!c) return { status: 'unknown' };
  if (requester.requesterAnonymised && (c.formData || c.formDataGone)) return { status: 'erased' };
  if (c.formData)
    return { status: 'ok', ...(c.requesterId ? { requesterId: c.requesterId } : {}), formData: c.formData };
  return { status: c.formDataGone ?? 'none' };
}
