import { Injectable } from '@nestjs/common';
import {
  DomainError,
  execute,
  parseInput,
  ServiceKernel,
  type Actor,
  type UseCaseContext,
} from '@urp/kernel';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { contactsPolicy } from '../contacts.policy';
import { policyFor } from '../case/case-clock.rules';
import { OPEN_STATUSES } from '../case/case-phases.rules';
import { closeCase } from '../case/case.rules';
import { rankDuplicates, type DuplicateCandidate, type DuplicateScore } from '../case/duplicate.rules';
import { formatProtocolNumber, protocolYear } from '../case/protocol.rules';
import { checkProcedureType, checkReferent, checkSheets, resolveOffice } from '../directory/directory.rules';
import { DirectoryStore } from '../directory/directory.store';
import { RequesterStore } from '../requester/requester.store';
import { SettingsUseCases } from '../settings/settings.use-cases';
import { checkCategory } from '../settings/taxonomy.rules';
import { knownPerson, recipientOf } from '../requester/requester.rules';
import { scrubPersonalData, withKnownPerson, type KnownPerson } from '../shared/scrub.rules';
import { checkImportDate, Instant } from '../shared/strict-input';
import type {
  CloseContactInput,
  DuplicateProbeInput,
  ProposeFaqInput,
  RegisterContactInput as RegisterContactArgs,
} from '../__generated__/graphql';
import { faqProposed } from './contact.events';
import {
  assertAnswered,
  closeContactDecision,
  needsCase,
  needsProtocol,
  RegisterContactInput,
  scrubContact,
  scrubFaqProposal,
  type Contact,
} from './contact.rules';
import { scopeOf } from './contact.read-model';
import { ContactStore, FaqProposalStore } from './contact.store';
import { registerContact } from './registration.rules';
import { hashReceiptCode, newReceiptCode } from '../status/receipt-code.rules';
import { ReceiptCodes } from '../status/receipts';

const FaqInput = z.object({
  contactId: z.string().min(1, 'obbligatorio'),
  question: z.string().trim().min(10, 'almeno 10 caratteri').max(2000, 'al massimo 2000 caratteri'),
  answer: z.string().trim().min(10, 'almeno 10 caratteri').max(10_000, 'al massimo 10.000 caratteri'),
});

/** `closeContact`'s own fields (the id and the flag are typed by GraphQL); `closedAt`: an admin's historical import. */
const CloseInput = z.object({ closedAt: Instant.optional() });

/** A contact of no office: who may act on it is who is not office-scoped (the answer for an unknown id). */
const NO_OFFICE = {} as Contact;

/** Duplicates are looked for among the open cases of the last 60 days. */
const DUPLICATE_WINDOW_DAYS = 60;
/** The newest open cases of the window that are scored (as the query before the read model did). */
const DUPLICATE_CANDIDATES = 300;

/** Use cases of the front office on contacts. Each write is one document with its events (the kernel's). */
@Injectable()
export class ContactUseCases {
  constructor(
    private readonly store: ContactStore,
    private readonly proposals: FaqProposalStore,
    private readonly requesters: RequesterStore,
    private readonly directory: DirectoryStore,
    private readonly settings: SettingsUseCases,
    private readonly kernel: ServiceKernel,
    private readonly receipts: ReceiptCodes,
  ) {}

  /**
   * Registers a contact: one document write (contact, its case if any, its events). Reads: the requester by
   * id (staff flag, preferred channel) and the cached directory/policy; a protocol number costs one `$inc`.
   */
  async register(
    actor: Actor,
    input: RegisterContactArgs | Record<string, unknown>,
  ): Promise<Contact & { receiptCode?: string; statusPageUrl?: string }> {
    contactsPolicy.authorize('contact.register', actor);
    const raw: Record<string, unknown> = { ...input };
    if (typeof raw.formData === 'string') {
      try {
        raw.formData = JSON.parse(raw.formData);
      } catch {
        throw DomainError.invalid('input.formData', 'non è un oggetto JSON');
      }
    }
    const data = parseInput(RegisterContactInput, raw);
    if (data.registeredAt && !contactsPolicy.allows('contact.import', actor))
      throw DomainError.invalid(
        'input.registeredAt',
        'solo un amministratore può importare contatti storici',
      );
    const base = this.kernel.context(actor);
    const now = data.registeredAt ? new Date(data.registeredAt) : base.now;
    checkImportDate(now, base.now, 'input.registeredAt');
    const at: UseCaseContext = { ...base, now };
    // a historical import cites the catalogue of its time (sheets and types may be gone since): not checked
    const imported = !!data.registeredAt;
    const checkCategories = !!data.category && !imported;
    const [requester, offices, referents, procedureTypes, sheets, rules, taxonomy] = await Promise.all([
      data.requesterId ? this.requesters.summary(data.requesterId) : undefined,
      data.officeId ? this.directory.offices() : [],
      data.referentId ? this.directory.referents() : [],
      data.procedureTypeCode && !imported ? this.directory.procedureTypes() : [],
      (data.sheetIds.length || checkCategories) && !imported ? this.directory.sheets() : [],
      this.settings.policy(),
      checkCategories ? this.settings.taxonomy() : [],
    ]);
    // references to what others own, checked here, before a protocol number is taken
    if (data.requesterId && !requester)
      throw DomainError.invalid('input.requesterId', `richiedente sconosciuto: ${data.requesterId}`);
    // the requester's own data are scrubbed from the free text of the events (the subject of a procedure start)
    const ctx = withKnownPerson(
      at,
      requester && !requester.anonymisedAt ? knownPerson(requester) : undefined,
    );
    const office = data.officeId ? resolveOffice(offices, data.officeId, 'input.officeId') : undefined;
    if (data.referentId) {
      if (!office)
        throw DomainError.invalid(
          'input.referentId',
          'indicare anche l’ufficio a cui la pratica è assegnata',
        );
      checkReferent(referents, data.referentId, 'input.referentId', office);
    }
    if (data.procedureTypeCode)
      checkProcedureType(procedureTypes, data.procedureTypeCode, 'input.procedureTypeCode');
    checkSheets(sheets, data.sheetIds, 'input.sheetIds');
    // the category from the administration's taxonomy (or a published sheet's category); an import cites its time's
    if (checkCategories)
      checkCategory(
        taxonomy,
        sheets.map((s) => s.category),
        data.category,
        'input.category',
      );
    // today's register, always (DPR 445/2000 artt. 53, 57: progressive within the year, a closed year's register is
    // in conservation): an import dated in an earlier year keeps its `registeredAt` but takes today's next number
    const year = protocolYear(base.now);
    const protocolNumber = needsProtocol(needsCase(data), data.type)
      ? formatProtocolNumber(year, await this.store.nextProtocolSeq(year))
      : undefined;
    const id = uuidv7();
    // the secret of the receipt (public status page): shown once, only its hash is kept; away from the desk the
    // citizen gets it by message, so it is derived from the contact id (contacts derives it again at send time)
    const receiptCode =
      protocolNumber && needsCase(data)
        ? data.channel === 'desk'
          ? newReceiptCode()
          : this.receipts.derive(id)
        : undefined;
    const { state, events } = registerContact(
      null,
      {
        id,
        data,
        officeId: office?.officeId,
        protocolNumber,
        requester: requester
          ? {
              isStaff: requester.isStaff,
              anonymised: !!requester.anonymisedAt,
              recipient: recipientOf(requester),
            }
          : undefined,
        policy: policyFor(rules, data.type, data.category),
        ...(receiptCode ? { receiptHash: hashReceiptCode(receiptCode) } : {}),
      },
      ctx,
    );
    contactsPolicy.authorize('contact.register', actor, state);
    // a new id: no read before the write (registration is the hot path)
    const res = await this.store.commit({ previous: null, next: state, events });
    const registered = res.status === 'committed' ? res.state : state;
    return receiptCode
      ? { ...registered, receiptCode, statusPageUrl: this.receipts.statusPageUrl }
      : registered;
  }

  /** Closing a contact; one with an open case closes with its case (outcome: answered). */
  async close(actor: Actor, input: CloseContactInput): Promise<Contact> {
    // the role first, then the contact and its office: a refused caller learns nothing about what exists
    contactsPolicy.authorize('contact.close', actor);
    const current = await this.store.get(input.id);
    if (current) contactsPolicy.authorize('contact.close', actor, current);
    else if (!contactsPolicy.allows('contact.close', actor, NO_OFFICE)) throw DomainError.forbidden();
    // a historical closing (migrations, demo) has its own time: the indicators count it in its month, not today's
    const { closedAt } = parseInput(CloseInput, { closedAt: input.closedAt });
    if (closedAt && !contactsPolicy.allows('contact.import', actor))
      throw DomainError.invalid('input.closedAt', 'solo un amministratore può importare chiusure storiche');
    const base = this.kernel.context(actor);
    if (closedAt) checkImportDate(new Date(closedAt), base.now, 'input.closedAt');
    const ctx = withKnownPerson(
      closedAt ? { ...base, now: new Date(closedAt) } : base,
      await this.requesters.person(current?.requesterId),
    );
    const authorize = (c: Contact | null) => c && contactsPolicy.authorize('contact.close', actor, c);
    if (current?.case && OPEN_STATUSES.includes(current.case.status) && current.status === 'open') {
      // a historical closing tells nobody
      const recipient = closedAt ? undefined : await this.requesters.recipient(current.requesterId);
      return execute(
        this.store,
        input.id,
        closeCase,
        { outcome: 'answered', resolvedAtFirstContact: input.resolvedAtFirstContact, recipient },
        ctx,
        { notFound: `il contatto ${input.id}`, authorize },
      );
    }
    return execute(
      this.store,
      input.id,
      closeContactDecision,
      { resolvedAtFirstContact: input.resolvedAtFirstContact },
      ctx,
      { notFound: `il contatto ${input.id}`, authorize },
    );
  }

  /** A contact by id without authorization (federation references, internal use). */
  find(id: string): Promise<Contact | null> {
    return this.store.get(id);
  }

  async get(actor: Actor, id: string): Promise<Contact | null> {
    contactsPolicy.authorize('contact.read', actor);
    const c = await this.store.get(id);
    return c && contactsPolicy.allows('contact.read', actor, c) ? c : null;
  }

  /** The newest contacts the caller may see: rows from the read model, the page's documents by `_id`. */
  async latest(actor: Actor, first: number): Promise<Contact[]> {
    contactsPolicy.authorize('contact.list', actor);
    const limit = Math.min(Math.max(first, 1), 100);
    const ids: string[] = [];
    for (const r of this.store.readModel.newestFirst()) {
      if (ids.length >= limit) break;
      if (contactsPolicy.allows('contact.list', actor, scopeOf(r))) ids.push(r.id);
    }
    return contactsPolicy.visible('contact.list', actor, await this.store.listed(ids));
  }

  /**
   * Open cases that may be the same problem: same category (or place) recently, or similar text. The
   * candidates (open cases of the last 60 days, the newest 300, of the category when given) and their scores
   * come from the read model; only the suggested contacts are read, by `_id` (`opened`: kept while current).
   */
  async duplicateSuggestions(
    actor: Actor,
    probe: DuplicateProbeInput,
    excludeId?: string,
  ): Promise<(DuplicateScore & { contact: Contact })[]> {
    contactsPolicy.authorize('contact.duplicateSuggestions', actor);
    const now = this.kernel.clock.now();
    const since = now.getTime() - DUPLICATE_WINDOW_DAYS * 86_400_000;
    const level1 = probe.category?.level1;
    const candidates: DuplicateCandidate[] = [];
    const contactOf = new Map<string, string>();
    // the scored open cases newest first; of a category, from its own list (its closed cases are not visited)
    for (const r of this.store.readModel.scoredNewestFirst(now, level1)) {
      if (r.registeredAt < since || candidates.length >= DUPLICATE_CANDIDATES) break;
      // every scored row has both: checked for the types
      if (r.id === excludeId || !r.caseId || !r.tokens) continue;
      contactOf.set(r.caseId, r.id);
      candidates.push({
        caseId: r.caseId,
        categoryLevel1: r.level1,
        categoryLevel2: r.level2,
        lat: r.lat,
        lon: r.lon,
        openedAt: new Date(r.openedAt ?? r.registeredAt),
        tokens: new Set(r.tokens),
      });
    }
    const ranked = rankDuplicates(
      {
        categoryLevel1: level1,
        categoryLevel2: probe.category?.level2 ?? undefined,
        lat: probe.place?.lat ?? undefined,
        lon: probe.place?.lon ?? undefined,
        at: now,
        text: `${probe.subject} ${probe.text ?? ''}`,
      },
      candidates,
    );
    // the same open cases are suggested again and again: shared documents, read again only once changed
    const ids = ranked.flatMap((r) => contactOf.get(r.caseId) ?? []);
    const found = new Map(
      (await Promise.all(ids.map((id) => this.store.opened(id)))).flatMap((c) => (c ? [[c.id, c]] : [])),
    );
    return ranked.flatMap((r) => {
      const contact = found.get(contactOf.get(r.caseId) ?? '');
      return contact?.case ? [{ ...r, contact }] : [];
    });
  }

  /** "Propose as FAQ": the answered question, personal data removed, goes to the knowledge base as a draft. */
  async proposeFaq(actor: Actor, input: ProposeFaqInput) {
    // the role, then the contact and its office, then the input
    contactsPolicy.authorize('contact.proposeFaq', actor);
    const contact = input.contactId ? await this.store.get(input.contactId) : null;
    if (contact) contactsPolicy.authorize('contact.proposeFaq', actor, contact);
    else if (!contactsPolicy.allows('contact.proposeFaq', actor, NO_OFFICE)) throw DomainError.forbidden();
    const cmd = parseInput(FaqInput, input);
    if (!contact) throw DomainError.notFound(`il contatto ${cmd.contactId}`);
    assertAnswered(contact);
    const requester = contact.requesterId ? await this.requesters.get(contact.requesterId) : null;
    const names = requester?.name ? [requester.name] : [];
    const question = scrubPersonalData(cmd.question, names);
    const answer = scrubPersonalData(cmd.answer, names);
    const ctx = withKnownPerson(this.kernel.context(actor), requester ? knownPerson(requester) : undefined);
    const proposalId = uuidv7();
    await this.proposals.commit({
      previous: null,
      next: {
        id: proposalId,
        revision: 0,
        contactId: contact.id,
        question,
        answer,
        proposedBy: actor.sub,
        proposedAt: ctx.now,
      },
      events: [faqProposed(ctx, contact, { proposalId, question, answer })],
    });
    return { proposalId, contactId: contact.id, question, answer };
  }

  /** Retention or a request: the requester's contacts lose free text and exact place (statistics stay). */
  /** Every copy of the person in the requester's contacts, cases and FAQ drafts (anonymisation). */
  async scrubOfRequester(actor: Actor, requesterId: string, person: KnownPerson): Promise<number> {
    const ids = this.store.readModel.ofRequester(requesterId).map((r) => r.id);
    const ctx = this.kernel.context(actor);
    for (const id of ids) await execute(this.store, id, scrubContact, { person }, ctx);
    const proposals = await this.proposals.ofContacts(ids);
    for (const p of proposals) await execute(this.proposals, p.id, scrubFaqProposal, { person }, ctx);
    return ids.length;
  }

  /** The offices among `among` that a case of this requester is assigned or routed to (the read model). */
  caseOfficesOf(requesterId: string, among: readonly string[]): string[] {
    return this.store.readModel.caseOfficesOf(requesterId, among);
  }

  lastActivityOf(requesterId: string): Date | undefined {
    return this.store.readModel.lastActivityOf(requesterId);
  }
}
