/**
 * The service's use cases on in-memory stores (the fast tier: no database, no broker). The stores keep the
 * kernel's contract (InMemoryAggregateStore) and add what the Mongo stores answer with queries, naively.
 * Test support only.
 */
import {
  FixedClock,
  InMemoryAggregateStore,
  ServiceKernel,
  type Actor,
  type Aggregate,
  type Commit,
  type CommitResult,
} from '@urp/kernel';
import { ContactReadModel } from '../contact/contact.read-model';
import { RequesterSearchIndex } from '../requester/requester.search';
import { CaseUseCases } from '../case/case.use-cases';
import type { Contact } from '../contact/contact.rules';
import { scrubKnownPerson, type KnownPerson } from '../shared/scrub.rules';
import type { ContactStore, FaqProposal, FaqProposalStore } from '../contact/contact.store';
import { ContactUseCases } from '../contact/contact.use-cases';
import type {
  DirectoryStore,
  Office,
  ProcedureType,
  Referent,
  ReplyTemplate,
  Sheet,
} from '../directory/directory.store';
import type { Recipient } from '../case/case.events';
import { knownPerson, recipientOf, type Requester } from '../requester/requester.rules';
import type { AuditEntry, PersonalDataAudit, RequesterStore } from '../requester/requester.store';
import { RequesterUseCases } from '../requester/requester.use-cases';
import { ReceiptCodes } from '../status/receipts';
import { CaseMessageTextUseCases } from '../case/case-message-text.use-cases';
import type { SettingsStore } from '../settings/settings.store';
import { SettingsUseCases } from '../settings/settings.use-cases';
import { contactsScrubber } from '../shared/scrub.rules';

/**
 * KERNEL WORKAROUND (reported): InMemoryAggregateStore copies states with structuredClone, which under Jest
 * returns Dates of another realm; the kernel's `withoutUndefined` tests `instanceof Date` and turns those
 * into `{}`. States read back are given this realm's Dates again until the kernel checks dates realm-free.
 */
function reviveDates<T>(value: T): T {
  if (Object.prototype.toString.call(value) === '[object Date]')
    return new Date((value as unknown as Date).getTime()) as T;
  if (Array.isArray(value)) return value.map(reviveDates) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reviveDates(v)])) as T;
}

class MemoryStore<S extends Aggregate> extends InMemoryAggregateStore<S> {
  override async get(id: string): Promise<S | null> {
    return reviveDates(await super.get(id));
  }
  override async getMany(ids: readonly string[]): Promise<Map<string, S>> {
    const found = await super.getMany(ids);
    return new Map([...found].map(([id, s]) => [id, reviveDates(s)]));
  }
  override all(): S[] {
    return reviveDates(super.all());
  }
}

export class MemoryProposalStore extends MemoryStore<FaqProposal> {
  async ofContacts(ids: readonly string[]): Promise<FaqProposal[]> {
    return this.all().filter((p) => ids.includes(p.contactId));
  }
}

/**
 * The contacts' store in memory, with the read model the Mongo store keeps: every commit lands in it (the
 * content-free `ContactChanged` the Mongo store adds for the other instances is left out of `events`).
 */
export class MemoryContactStore extends MemoryStore<Contact> {
  private seq = new Map<number, number>();
  constructor(
    name: string,
    readonly readModel = new ContactReadModel(),
  ) {
    super(name);
  }
  override async commit(change: Commit<Contact>): Promise<CommitResult<Contact>> {
    const res = await super.commit(change);
    if (res.status === 'committed') this.readModel.upsert(reviveDates(res.state));
    return res;
  }
  async nextProtocolSeq(year: number): Promise<number> {
    const n = (this.seq.get(year) ?? 0) + 1;
    this.seq.set(year, n);
    return n;
  }
  async listed(ids: readonly string[]): Promise<Contact[]> {
    const found = await this.getMany(ids);
    return ids.flatMap((id) => found.get(id) ?? []);
  }
  opened(id: string): Promise<Contact | null> {
    return this.get(id);
  }
}

export class MemoryRequesterStore extends MemoryStore<Requester> {
  constructor(
    name: string,
    readonly search = new RequesterSearchIndex(),
  ) {
    super(name);
  }
  override async commit(change: Commit<Requester>): Promise<CommitResult<Requester>> {
    const res = await super.commit(change);
    if (res.status === 'committed') this.search.upsert(res.state);
    return res;
  }
  async summary(id: string) {
    return this.get(id);
  }
  async recipient(id: string | undefined): Promise<Recipient | undefined> {
    const r = id ? await this.get(id) : null;
    return r ? recipientOf(r) : undefined;
  }
  async person(id: string | undefined): Promise<KnownPerson | undefined> {
    const r = id ? await this.get(id) : null;
    return r && !r.anonymisedAt ? knownPerson(r) : undefined;
  }
  async findByFiscalCode(fiscalCode: string) {
    return [...(await this.getMany(this.search.withFiscalCode(fiscalCode))).values()];
  }
  async retentionCandidates(before: Date) {
    return this.all().filter((r) => !r.anonymisedAt && r.createdAt <= before);
  }
}

/** The service's secret in the fast tier (the receipt codes of contacts away from the desk are derived from it). */
export const TEST_SECRET = 'in-memory-test-secret-of-32-chars!';
export const OPERATOR: Actor = { sub: 'op-anna', roles: ['operator'] };
export const ADMIN: Actor = { sub: 'admin-1', roles: ['admin'] };
export const ANALYST: Actor = { sub: 'an-1', roles: ['analyst'] };

/** Every use case of the service wired on memory, with a clock that moves only when told. */
export function memoryService(
  at = new Date('2026-03-02T08:00:00Z'),
  contacts: MemoryContactStore = new MemoryContactStore('contacts'),
) {
  const clock = new FixedClock(at);
  const kernel = new ServiceKernel({ source: '/urp/contacts', scrub: contactsScrubber }, clock);
  const requesters = new MemoryRequesterStore('requesters');
  const proposals = new MemoryProposalStore('faq_proposals');
  const audits: AuditEntry[] = [];
  const audit = {
    record: async (e: readonly AuditEntry[]) => void audits.push(...e),
    of: async (id: string) => audits.filter((a) => a.requesterId === id),
    scrubPurposes: async (id: string, person: KnownPerson) => {
      for (const a of audits) if (a.requesterId === id) a.purpose = scrubKnownPerson(a.purpose, person);
    },
  };
  const directory = {
    offices: [] as Office[],
    referents: [] as Referent[],
    templates: [] as ReplyTemplate[],
    procedureTypes: [] as ProcedureType[],
    sheets: [] as Sheet[],
  };
  const directoryStore = {
    offices: async () => directory.offices,
    referents: async () => directory.referents,
    templates: async () => directory.templates,
    procedureTypes: async () => directory.procedureTypes,
    sheets: async () => directory.sheets,
  };
  const settingsDocs = new Map<string, unknown>();
  const settingsStore = {
    get: async (id: string) => settingsDocs.get(id),
    put: async (id: string, value: unknown) => void settingsDocs.set(id, value),
  };
  const settings = new SettingsUseCases(settingsStore as unknown as SettingsStore, clock);
  const receipts = new ReceiptCodes(TEST_SECRET, { PORT: 4001 });
  const contactUseCases = new ContactUseCases(
    contacts as unknown as ContactStore,
    proposals as unknown as FaqProposalStore,
    requesters as unknown as RequesterStore,
    directoryStore as unknown as DirectoryStore,
    settings,
    kernel,
    receipts,
  );
  const cases = new CaseUseCases(
    contacts as unknown as ContactStore,
    requesters as unknown as RequesterStore,
    directoryStore as unknown as DirectoryStore,
    kernel,
  );
  const requesterUseCases = new RequesterUseCases(
    requesters as unknown as RequesterStore,
    audit as unknown as PersonalDataAudit,
    contactUseCases,
    kernel,
  );
  const caseMessageTexts = new CaseMessageTextUseCases(
    contacts as unknown as ContactStore,
    requesters as unknown as RequesterStore,
    audit as unknown as PersonalDataAudit,
    kernel,
    receipts,
  );
  /** Every event committed, in order, across the stores. */
  const events = () => [...contacts.events, ...requesters.events, ...proposals.events];
  return {
    clock,
    contacts,
    requesters,
    proposals,
    audits,
    directory,
    settings,
    contactUseCases,
    cases,
    requesterUseCases,
    receipts,
    caseMessageTexts,
    events,
  };
}
