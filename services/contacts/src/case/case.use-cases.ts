import { Injectable } from '@nestjs/common';
import { CaseOutcome } from '@urp/contracts';
import {
  DomainError,
  execute,
  parseInput,
  ServiceKernel,
  type Actor,
  type Decide,
  type UseCaseContext,
} from '@urp/kernel';
import { z } from 'zod';
import { contactsPolicy, type ContactsAction } from '../contacts.policy';

type CaseAction = Extract<ContactsAction, `case.${string}`>;
import type { CaseContact, Contact } from '../contact/contact.rules';
import { hasCase } from '../contact/contact.rules';
import { ContactStore } from '../contact/contact.store';
import { checkReferent, resolveOffice } from '../directory/directory.rules';
import { DirectoryStore } from '../directory/directory.store';
import { RequesterStore } from '../requester/requester.store';
import type {
  AddCaseNoteInput,
  CaseIdInput,
  ChangeCaseStatusInput,
  CloseCaseInput,
  MarkDuplicateInput,
  ReopenCaseInput,
  RouteCaseInput,
  SendCaseMessageInput,
  SuspendCaseInput,
} from '../__generated__/graphql';
import { cannedReplies, type CannedReply } from './case-messages.rules';
import { afterCursor, decodeCursor, encodeCursor, queueFilter, type QueueFilter } from './case-queue.rules';
import { contactIdOfCase } from './case-phases.rules';
import {
  addCaseNote,
  changeCaseStatus,
  checkOriginal,
  closeCase,
  FREE_MOVES,
  linkDuplicate,
  mergeCase,
  reopenCase,
  resumeCase,
  routeCase,
  sendCaseMessage,
  suspendCase,
} from './case.rules';
import { checkImportDate, Instant, multiLine, oneLine } from '../shared/strict-input';

const text = (max: number) => oneLine(1, max);

const Route = z.object({ caseId: z.string(), officeId: text(100), referentId: text(100).optional() });
const Suspend = z.object({ caseId: z.string(), reason: text(500) });
const Reopen = z.object({ caseId: z.string(), reason: text(500) });
const Note = z.object({ caseId: z.string(), text: multiLine(5000).pipe(z.string().min(1, 'obbligatorio')) });
const ChangeStatus = z.object({
  caseId: z.string(),
  status: z.enum(FREE_MOVES, {
    message:
      'per questa fase usare l’operazione dedicata (assegna, sospendi, rispondi, chiudi, riapri, unisci)',
  }),
});
const Message = z
  .object({
    caseId: z.string(),
    text: multiLine(10_000).optional(),
    answer: z.boolean().optional(),
    templateId: z.string().optional(),
  })
  .refine((m) => m.text || m.templateId, { path: ['text'], message: 'obbligatorio (o un templateId)' });
const Close = z.object({
  caseId: z.string(),
  outcome: CaseOutcome,
  forwardedTo: text(200).optional(),
  closedAt: Instant.optional(),
});
const Duplicate = z.object({ caseId: z.string().min(1), originalCaseId: z.string().min(1) });

/** Back-office use cases on cases: each one decision on the contact document that holds the case. */
@Injectable()
export class CaseUseCases {
  constructor(
    private readonly store: ContactStore,
    private readonly requesters: RequesterStore,
    private readonly directory: DirectoryStore,
    private readonly kernel: ServiceKernel,
  ) {}

  /** A case by id, without authorization (the resolvers' field resolvers, the timers). */
  async find(caseId: string): Promise<CaseContact | null> {
    const contactId = contactIdOfCase(caseId);
    const c = contactId ? await this.store.get(contactId) : null;
    return hasCase(c) ? c : null;
  }

  async get(actor: Actor, caseId: string): Promise<CaseContact | null> {
    contactsPolicy.authorize('case.read', actor);
    const c = await this.find(caseId);
    return c && contactsPolicy.allows('case.read', actor, c) ? c : null;
  }

  /**
   * One case command: the decision runs on the current contact document; the citizen's channel is looked
   * up first (a status change she should know about is told to her), the write is guarded by the revision.
   */
  private async run<C>(
    actor: Actor,
    action: CaseAction,
    caseId: string,
    decide: Decide<Contact, C>,
    command: C,
    ctx: UseCaseContext = this.kernel.context(actor),
  ): Promise<CaseContact> {
    const contactId = contactIdOfCase(caseId);
    const current = contactId ? await this.store.get(contactId) : null;
    if (!contactId || !hasCase(current)) throw DomainError.notFound(`la pratica ${caseId}`);
    const recipient = await this.requesters.recipient(current.requesterId);
    const next = await execute(this.store, contactId, decide, { ...command, recipient }, ctx, {
      notFound: `la pratica ${caseId}`,
      authorize: (c) => c && contactsPolicy.authorize(action, actor, c),
    });
    if (!hasCase(next)) throw DomainError.notFound(`la pratica ${caseId}`);
    return next;
  }

  async route(actor: Actor, input: RouteCaseInput): Promise<CaseContact> {
    contactsPolicy.authorize('case.route', actor);
    const cmd = parseInput(Route, input);
    const [offices, referents] = await Promise.all([this.directory.offices(), this.directory.referents()]);
    const office = resolveOffice(offices, cmd.officeId, 'input.officeId');
    if (cmd.referentId) checkReferent(referents, cmd.referentId, 'input.referentId', office);
    return this.run(actor, 'case.route', cmd.caseId, routeCase, {
      officeId: office.officeId,
      referentId: cmd.referentId,
    });
  }

  async suspend(actor: Actor, input: SuspendCaseInput): Promise<CaseContact> {
    contactsPolicy.authorize('case.suspend', actor);
    const cmd = parseInput(Suspend, input);
    return this.run(actor, 'case.suspend', cmd.caseId, suspendCase, { reason: cmd.reason });
  }

  async resume(actor: Actor, input: CaseIdInput): Promise<CaseContact> {
    contactsPolicy.authorize('case.resume', actor);
    return this.run(actor, 'case.resume', input.caseId, resumeCase, {});
  }

  async changeStatus(actor: Actor, input: ChangeCaseStatusInput): Promise<CaseContact> {
    contactsPolicy.authorize('case.changeStatus', actor);
    const cmd = parseInput(ChangeStatus, input);
    return this.run(actor, 'case.changeStatus', cmd.caseId, changeCaseStatus, { status: cmd.status });
  }

  async addNote(actor: Actor, input: AddCaseNoteInput): Promise<CaseContact> {
    contactsPolicy.authorize('case.addNote', actor);
    const cmd = parseInput(Note, input);
    const target = await this.followMerge(cmd.caseId);
    return this.run(actor, 'case.addNote', target.id, addCaseNote, { text: cmd.text, via: target.via });
  }

  /** Duplicates forward their updates to the original (one thread for the office). */
  private async followMerge(caseId: string): Promise<{ id: string; via?: string }> {
    const c = await this.find(caseId);
    if (!c) throw DomainError.notFound(`la pratica ${caseId}`);
    return c.case.status === 'merged' && c.case.duplicateOf
      ? { id: c.case.duplicateOf, via: caseId }
      : { id: caseId };
  }

  async sendMessage(actor: Actor, input: SendCaseMessageInput): Promise<CaseContact> {
    contactsPolicy.authorize('case.sendMessage', actor);
    const cmd = parseInput(Message, input);
    let body = cmd.text || undefined;
    if (cmd.templateId) {
      const replies = await this.cannedReplies(actor, cmd.caseId, false);
      const t = replies.find((r) => r.templateId === cmd.templateId);
      if (!t) throw DomainError.invalid('input.templateId', 'risposta predefinita sconosciuta');
      if (t.missingPlaceholders.length && !body)
        throw DomainError.invalid(
          'input.templateId',
          `segnaposto senza valore: ${t.missingPlaceholders.join(', ')}`,
        );
      body = body ?? t.text;
    }
    const target = await this.followMerge(cmd.caseId);
    return this.run(actor, 'case.sendMessage', target.id, sendCaseMessage, {
      text: body ?? '',
      answer: !!cmd.answer,
    });
  }

  async close(actor: Actor, input: CloseCaseInput): Promise<CaseContact> {
    contactsPolicy.authorize('case.close', actor);
    const cmd = parseInput(Close, input);
    const imported = !!cmd.closedAt;
    if (imported && !contactsPolicy.allows('contact.import', actor))
      throw DomainError.invalid('input.closedAt', 'solo un amministratore può importare chiusure storiche');
    if (cmd.outcome === 'forwarded' && !cmd.forwardedTo)
      throw DomainError.invalid('input.forwardedTo', 'indicare l’ente a cui la pratica è trasmessa');
    const base = this.kernel.context(actor);
    if (cmd.closedAt) checkImportDate(new Date(cmd.closedAt), base.now, 'input.closedAt');
    const ctx = cmd.closedAt ? { ...base, now: new Date(cmd.closedAt) } : base;
    const closing = {
      outcome: cmd.outcome,
      forwardedTo: cmd.forwardedTo,
      resolvedAtFirstContact: false,
    };
    // a historical closing tells nobody
    const decide: Decide<Contact, typeof closing> = imported
      ? (s, c, x) => closeCase(s, { ...c, recipient: undefined }, x)
      : closeCase;
    return this.run(actor, 'case.close', cmd.caseId, decide, closing, ctx);
  }

  async reopen(actor: Actor, input: ReopenCaseInput): Promise<CaseContact> {
    contactsPolicy.authorize('case.reopen', actor);
    const cmd = parseInput(Reopen, input);
    return this.run(actor, 'case.reopen', cmd.caseId, reopenCase, { reason: cmd.reason });
  }

  /** Marks a duplicate: the duplicate is merged into the original, both linked; later updates go to the original. */
  async markDuplicate(actor: Actor, input: MarkDuplicateInput): Promise<CaseContact> {
    contactsPolicy.authorize('case.markDuplicate', actor);
    const cmd = parseInput(Duplicate, input);
    const original = checkOriginal(cmd.caseId, await this.find(cmd.originalCaseId));
    const dup = await this.run(actor, 'case.markDuplicate', cmd.caseId, mergeCase, {
      original: { caseId: original.case.id, protocolNumber: original.protocolNumber },
    });
    await this.run(actor, 'case.markDuplicate', original.case.id, linkDuplicate, {
      duplicate: { caseId: dup.case.id, protocolNumber: dup.protocolNumber },
    });
    return dup;
  }

  /** Canned replies for a case: placeholders filled from the case (due date, responsible person, office…). */
  async cannedReplies(actor: Actor, caseId: string, forStatus: boolean): Promise<CannedReply[]> {
    contactsPolicy.authorize('case.cannedReplies', actor);
    const c = await this.find(caseId);
    if (!c) throw DomainError.notFound(`la pratica ${caseId}`);
    contactsPolicy.authorize('case.cannedReplies', actor, c);
    const [templates, offices, referents] = await Promise.all([
      this.directory.templates(),
      this.directory.offices(),
      this.directory.referents(),
    ]);
    const office = offices.find((o) => o.id === c.case.officeId);
    const referent = referents.find((r) => r.id === (c.case.referentId ?? office?.headReferentId));
    return cannedReplies(
      templates,
      {
        status: c.case.status,
        categoryLevel1: c.category?.level1,
        dueAt: c.case.dueAt,
        termDays: c.case.termDays,
        ...(c.case.workingDays ? { workingDays: true } : {}),
        protocolNumber: c.protocolNumber,
        officeName: office?.name,
        responsiblePerson: referent?.name,
      },
      forStatus,
    );
  }

  /** The queue: open cases by due date (earliest first), filtered, with an opaque cursor (dueAt + id). */
  async queue(actor: Actor, filter: QueueFilter, first: number, after: string | undefined) {
    contactsPolicy.authorize('case.queue', actor);
    const limit = Math.min(Math.max(first, 1), 100);
    const referents = filter.mine ? await this.directory.referents() : [];
    const ids = [actor.sub, ...referents.filter((r) => r.staffId === actor.sub).map((r) => r.id)];
    const q = queueFilter(filter, this.kernel.clock.now(), { staffId: actor.sub, ids });
    const total = await this.store.count(q);
    const rows = await this.store.find(
      after ? afterCursor(q, decodeCursor(after)) : q,
      { 'case.dueAt': 1, _id: 1 },
      limit + 1,
    );
    const nodes = contactsPolicy.visible('case.queue', actor, rows.slice(0, limit)).filter(hasCase);
    const last = nodes[nodes.length - 1];
    return {
      totalCount: total,
      edges: nodes.map((n) => ({ cursor: encodeCursor(n.case.dueAt, n.id), node: n })),
      pageInfo: {
        hasNextPage: rows.length > limit,
        endCursor: last ? encodeCursor(last.case.dueAt, last.id) : null,
      },
    };
  }
}
