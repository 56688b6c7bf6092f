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
import {
  compareQueue,
  decodeCursor,
  encodeCursor,
  needsClosed,
  parseProtocolQuery,
  queuePlan,
  queuePredicate,
  unheldIn,
  walkQueue,
  type QueueFilter,
} from './case-queue.rules';
import { officeOfRow, scopeOf, type ContactRow } from '../contact/contact.read-model';
import { contactIdOfCase } from './case-phases.rules';
import { protocolCandidates } from './protocol.rules';
import {
  addCaseNote,
  changeCaseStatus,
  checkOriginal,
  closeCase,
  FREE_MOVES,
  linkDuplicate,
  mergeCase,
  reopenCase,
  REQUEST_REQUIRED,
  resumeCase,
  routeCase,
  sendCaseMessage,
  suspendCase,
} from './case.rules';
import { withKnownPerson } from '../shared/scrub.rules';
import { checkImportDate, Instant, multiLine, oneLine } from '../shared/strict-input';

const text = (max: number) => oneLine(1, max);

const Route = z.object({ caseId: z.string(), officeId: text(100), referentId: text(100).optional() });
const Suspend = z.object({
  caseId: z.string(),
  reason: text(500),
  // what the citizen must send: required, with its Italian field error also when the field is left out
  request: z.string().default('').pipe(multiLine(4000)).pipe(z.string().min(1, REQUEST_REQUIRED)),
});
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

/** The first year a protocol number may be searched in (`isYear` of the typed numbers). */
const FIRST_PROTOCOL_YEAR = 2000;

/** A case of no office: who may act on it is who is not office-scoped (the answer for an unknown case id). */
const NO_OFFICE = {} as Contact;

/** A case the caller may act on, or NOT_FOUND when asked (after the input is validated). */
interface Found {
  get(): CaseContact;
}

/** Back-office use cases on cases: each one decision on the contact document that holds the case. */
@Injectable()
export class CaseUseCases {
  constructor(
    private readonly store: ContactStore,
    private readonly requesters: RequesterStore,
    private readonly directory: DirectoryStore,
    private readonly kernel: ServiceKernel,
  ) {}

  /**
   * A case by id for reading, without authorization (the case page, its canned replies, references): one
   * shared read per request, served again while the read model holds its revision (`ContactStore.opened`).
   * Another instance's write reaches that read model by its change event, so this may be older than the store:
   * nothing that decides a write reads it (commands read with `current`).
   */
  async find(caseId: string): Promise<CaseContact | null> {
    const contactId = contactIdOfCase(caseId);
    const c = contactId ? await this.store.opened(contactId) : null;
    return hasCase(c) ? c : null;
  }

  /** A case as stored now (a command's checks): a read by `_id`, never the cache. */
  private async current(caseId: string): Promise<CaseContact | null> {
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
   * The order every case command keeps (issue 12): the role, then the case, then its office, and only then
   * validation and lookups. An office-scoped caller (a referent) is told FORBIDDEN for an unknown case as for
   * another office's: a refused caller learns nothing about what exists. Commands read the case as stored
   * (`current`: what they check decides their write); the canned replies query reads it as a page does.
   */
  private async scoped(
    actor: Actor,
    action: CaseAction,
    caseId: unknown,
    read: (caseId: string) => Promise<CaseContact | null> = (id) => this.current(id),
  ): Promise<Found> {
    contactsPolicy.authorize(action, actor);
    const c = typeof caseId === 'string' && caseId ? await read(caseId) : null;
    if (c) contactsPolicy.authorize(action, actor, c);
    // only roles that are not office-scoped may act on a case of no office: they are told it is not there
    // (after their input is validated: a field error first, as for any other caller the table allows)
    else if (!contactsPolicy.allows(action, actor, NO_OFFICE)) throw DomainError.forbidden();
    return {
      get: () => {
        if (!c) throw DomainError.notFound(`la pratica ${String(caseId)}`);
        return c;
      },
    };
  }

  /**
   * One case command: the decision runs on the current contact document; the citizen's channel is looked
   * up first (a status change she should know about is told to her), and her known data go to the event
   * builder (free text in events is scrubbed of them); the write is guarded by the revision.
   */
  private async run<C>(
    actor: Actor,
    action: CaseAction,
    current: CaseContact,
    decide: Decide<Contact, C>,
    command: C,
    base: UseCaseContext = this.kernel.context(actor),
  ): Promise<CaseContact> {
    const caseId = current.case.id;
    const [recipient, person] = await Promise.all([
      this.requesters.recipient(current.requesterId),
      this.requesters.person(current.requesterId),
    ]);
    const next = await execute(
      this.store,
      current.id,
      decide,
      { ...command, recipient },
      withKnownPerson(base, person),
      {
        notFound: `la pratica ${caseId}`,
        authorize: (c) => c && contactsPolicy.authorize(action, actor, c),
      },
    );
    if (!hasCase(next)) throw DomainError.notFound(`la pratica ${caseId}`);
    return next;
  }

  async route(actor: Actor, input: RouteCaseInput): Promise<CaseContact> {
    const found = await this.scoped(actor, 'case.route', input.caseId);
    const cmd = parseInput(Route, input);
    const [offices, referents] = await Promise.all([this.directory.offices(), this.directory.referents()]);
    const office = resolveOffice(offices, cmd.officeId, 'input.officeId');
    if (cmd.referentId) checkReferent(referents, cmd.referentId, 'input.referentId', office);
    return this.run(actor, 'case.route', found.get(), routeCase, {
      officeId: office.officeId,
      referentId: cmd.referentId,
    });
  }

  async suspend(actor: Actor, input: SuspendCaseInput): Promise<CaseContact> {
    const found = await this.scoped(actor, 'case.suspend', input.caseId);
    const cmd = parseInput(Suspend, input);
    return this.run(actor, 'case.suspend', found.get(), suspendCase, {
      reason: cmd.reason,
      request: cmd.request,
    });
  }

  async resume(actor: Actor, input: CaseIdInput): Promise<CaseContact> {
    const found = await this.scoped(actor, 'case.resume', input.caseId);
    return this.run(actor, 'case.resume', found.get(), resumeCase, {});
  }

  async changeStatus(actor: Actor, input: ChangeCaseStatusInput): Promise<CaseContact> {
    const found = await this.scoped(actor, 'case.changeStatus', input.caseId);
    const cmd = parseInput(ChangeStatus, input);
    return this.run(actor, 'case.changeStatus', found.get(), changeCaseStatus, { status: cmd.status });
  }

  async addNote(actor: Actor, input: AddCaseNoteInput): Promise<CaseContact> {
    const found = await this.scoped(actor, 'case.addNote', input.caseId);
    const cmd = parseInput(Note, input);
    const target = await this.followMerge(actor, 'case.addNote', found.get());
    return this.run(actor, 'case.addNote', target.current, addCaseNote, { text: cmd.text, via: target.via });
  }

  /** Duplicates forward their updates to the original (one thread for the office). */
  private async followMerge(
    actor: Actor,
    action: CaseAction,
    c: CaseContact,
  ): Promise<{ current: CaseContact; via?: string }> {
    return c.case.status === 'merged' && c.case.duplicateOf
      ? { current: (await this.scoped(actor, action, c.case.duplicateOf)).get(), via: c.case.id }
      : { current: c };
  }

  async sendMessage(actor: Actor, input: SendCaseMessageInput): Promise<CaseContact> {
    const found = await this.scoped(actor, 'case.sendMessage', input.caseId);
    const cmd = parseInput(Message, input);
    let body = cmd.text || undefined;
    if (cmd.templateId) {
      const replies = await this.repliesFor(found.get(), false);
      const t = replies.find((r) => r.templateId === cmd.templateId);
      if (!t) throw DomainError.invalid('input.templateId', 'risposta predefinita sconosciuta');
      if (t.missingPlaceholders.length && !body)
        throw DomainError.invalid(
          'input.templateId',
          `segnaposto senza valore: ${t.missingPlaceholders.join(', ')}`,
        );
      body = body ?? t.text;
    }
    const target = await this.followMerge(actor, 'case.sendMessage', found.get());
    return this.run(actor, 'case.sendMessage', target.current, sendCaseMessage, {
      text: body ?? '',
      answer: !!cmd.answer,
    });
  }

  async close(actor: Actor, input: CloseCaseInput): Promise<CaseContact> {
    const found = await this.scoped(actor, 'case.close', input.caseId);
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
    return this.run(actor, 'case.close', found.get(), decide, closing, ctx);
  }

  async reopen(actor: Actor, input: ReopenCaseInput): Promise<CaseContact> {
    const found = await this.scoped(actor, 'case.reopen', input.caseId);
    const cmd = parseInput(Reopen, input);
    return this.run(actor, 'case.reopen', found.get(), reopenCase, { reason: cmd.reason });
  }

  /** Marks a duplicate: the duplicate is merged into the original, both linked; later updates go to the original. */
  async markDuplicate(actor: Actor, input: MarkDuplicateInput): Promise<CaseContact> {
    const found = await this.scoped(actor, 'case.markDuplicate', input.caseId);
    const cmd = parseInput(Duplicate, input);
    const original = checkOriginal(cmd.caseId, await this.current(cmd.originalCaseId));
    contactsPolicy.authorize('case.markDuplicate', actor, original);
    const dup = await this.run(actor, 'case.markDuplicate', found.get(), mergeCase, {
      original: { caseId: original.case.id, protocolNumber: original.protocolNumber },
    });
    // the link checks the original again on the document it writes (closed or merged meanwhile: refused)
    await this.run(actor, 'case.markDuplicate', original, linkDuplicate, {
      duplicate: { caseId: dup.case.id, protocolNumber: dup.protocolNumber },
    });
    return dup;
  }

  /** Canned replies for a case: placeholders filled from the case (due date, responsible person, office…). */
  async cannedReplies(actor: Actor, caseId: string, forStatus: boolean): Promise<CannedReply[]> {
    const found = await this.scoped(actor, 'case.cannedReplies', caseId, (id) => this.find(id));
    return this.repliesFor(found.get(), forStatus);
  }

  private async repliesFor(c: CaseContact, forStatus: boolean): Promise<CannedReply[]> {
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

  /**
   * The queue: open cases by due date (earliest first), filtered, with an opaque cursor (dueAt + id). Rows,
   * filters, office scope, count and page come from the read model; the page's documents are read by `_id`.
   * `totalCount` counts what the caller may see.
   */
  async queue(actor: Actor, filter: QueueFilter, first: number, after: string | undefined) {
    contactsPolicy.authorize('case.queue', actor);
    const limit = Math.min(Math.max(first, 1), 100);
    const cursor = after ? decodeCursor(after) : undefined;
    const [referents, offices] = filter.mine
      ? await Promise.all([this.directory.referents(), this.directory.offices()])
      : [[], []];
    const ids = [actor.sub, ...referents.filter((r) => r.staffId === actor.sub).map((r) => r.id)];
    const heads = offices.filter((o) => o.headReferentId && ids.includes(o.headReferentId)).map((o) => o.id);
    const now = this.kernel.clock.now();
    const keep = queuePredicate(filter, now, { staffId: actor.sub, ids, heads });
    // the policy decides a row by its office alone: once per office, not once per row (50,000 open cases)
    const byOffice = new Map<string | undefined, boolean>();
    const visible = (r: ContactRow): boolean => {
      const office = officeOfRow(r);
      let ok = byOffice.get(office);
      if (ok === undefined)
        byOffice.set(office, (ok = contactsPolicy.allows('case.queue', actor, scopeOf(r))));
      return ok;
    };
    const model = this.store.readModel;
    // open cases: from the read model's lists per office and facet (counts without a pass over the cases)
    const plan = queuePlan(filter, now);
    const { total, page, hasNextPage } = plan
      ? model.queuePage(plan, visible, keep, cursor, limit)
      : walkQueue(this.candidates(filter, ids, heads), (r) => keep(r) && visible(r), cursor, limit);
    const docs = new Map((await this.store.listed(page.map((r) => r.id))).map((c) => [c.id, c]));
    const edges = page.flatMap((r) => {
      const node = docs.get(r.id);
      return hasCase(node) && contactsPolicy.allows('case.queue', actor, node)
        ? [{ cursor: encodeCursor(new Date(r.dueAt ?? 0), r.id), node }]
        : [];
    });
    const last = page[page.length - 1];
    return {
      totalCount: total,
      edges,
      pageInfo: {
        hasNextPage,
        endCursor: last ? encodeCursor(new Date(last.dueAt ?? 0), last.id) : null,
      },
    };
  }

  /**
   * The rows a filter the lists cannot plan may match, in the queue's order: "mine" among open cases (the few
   * that name me), a requester's or a protocol number's cases, else every case (closed ones asked for).
   */
  private candidates(filter: QueueFilter, ids: string[], heads: string[]): readonly ContactRow[] {
    const model = this.store.readModel;
    if (filter.mine && !needsClosed(filter)) {
      const mine = model.openCasesOf([...ids, ...heads.map(unheldIn)]);
      if (mine) return mine;
    }
    if (filter.requesterId)
      return model
        .ofRequester(filter.requesterId)
        .filter((r) => r.caseStatus)
        .sort(compareQueue);
    if (filter.protocolNumber) {
      // every year a stored number may have (they are all `formatProtocolNumber`'s), by `_id`-like lookups
      const typed = parseProtocolQuery(filter.protocolNumber);
      const next = this.kernel.clock.now().getUTCFullYear() + 1;
      return protocolCandidates(typed, next, next - FIRST_PROTOCOL_YEAR)
        .flatMap((n) => model.byProtocolNumber(n) ?? [])
        .filter((r) => r.caseStatus)
        .sort(compareQueue);
    }
    return model.casesInOrder(needsClosed(filter));
  }
}
