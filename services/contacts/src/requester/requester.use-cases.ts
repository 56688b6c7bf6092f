import { Injectable, Logger } from '@nestjs/common';
import type { NotificationChannel } from '@urp/contracts';
import {
  DomainError,
  execute,
  parseInput,
  ServiceKernel,
  STALE_EDIT,
  stripNulls,
  type Actor,
} from '@urp/kernel';
import { z } from 'zod';
import { contactsPolicy, type RequesterInScope } from '../contacts.policy';
import { ContactUseCases } from '../contact/contact.use-cases';
import type { RequesterInput as RequesterInputArgs, UpdateRequesterInput } from '../__generated__/graphql';
import { asFiscalCode, MIN_QUERY_CHARS } from './requester.search';
import { PersonalDataAudit, RequesterStore, type AuditEntry } from './requester.store';
import {
  addressFor,
  anonymiseRequester,
  changedFields,
  isDueForAnonymisation,
  knownPerson,
  newRequester,
  newRequesterId,
  PERSONAL_FIELDS,
  preferredAddress,
  Purpose,
  RequesterInput,
  RequesterPatch,
  retainUntil,
  RETENTION_DAYS,
  updateRequester,
  type DeliveryChannel,
  type Requester,
} from './requester.rules';

/** What a search may be: two characters at least (one letter would list everyone), one line. */
const SearchQuery = z
  .string()
  .trim()
  .min(MIN_QUERY_CHARS, `almeno ${MIN_QUERY_CHARS} caratteri`)
  .max(100, 'al massimo 100 caratteri');

/** A requester with no cases, as the policy reads it (an office-scoped caller is not let through by it). */
const NO_CASES = { caseOffices: [] } as unknown as RequesterInScope;

export type AddressStatus = 'ok' | 'unknown' | 'anonymised' | 'no_address';
/** One requester's address for a service; `channel` only when asked for the preferred one. */
export interface AddressAnswer {
  requesterId: string;
  status: AddressStatus;
  channel?: DeliveryChannel;
  address?: string;
}

/** The refusal of a second requester with the same fiscal code (nothing of the other requester in it). */
export const FISCAL_CODE_TAKEN =
  'esiste già un richiedente con questo codice fiscale: lo cerchi per codice fiscale e registri il contatto a suo nome';

/** The retention sweep acts as the service itself. */
export const RETENTION_ACTOR: Actor = { sub: 'system:retention', roles: ['admin'] };

const entry = (
  requesterId: string,
  who: string,
  action: AuditEntry['action'],
  purpose: string,
  fields: string[],
  at: Date,
): AuditEntry => ({ requesterId, at, who, action, purpose, fields });

const presentFields = (r: Partial<Requester>) => PERSONAL_FIELDS.filter((f) => r[f] !== undefined);

/** The input and its purpose, every bad field named at once (`input.email`, `input.purpose`). */
function parseWithPurpose<S extends z.ZodType>(
  schema: S,
  input: Record<string, unknown>,
): { data: z.output<S>; purpose: string } {
  const { purpose, ...rest } = input;
  const data = schema.safeParse(rest);
  const why = Purpose.safeParse(purpose ?? undefined);
  if (data.success && why.success) return { data: data.data, purpose: why.data };
  const issues = [
    ...(data.error?.issues ?? []),
    ...(why.error?.issues ?? []).map((i) => ({ ...i, path: ['purpose', ...i.path] })),
  ];
  throw DomainError.fromZod(new z.ZodError(issues), 'input');
}

/** Personal data of requesters: every read and change leaves an audit entry (who, when, why). */
@Injectable()
export class RequesterUseCases {
  private readonly logger = new Logger(RequesterUseCases.name);
  /** Fiscal codes of the creates under way in this instance (two at once: the second is a duplicate). */
  private readonly creating = new Set<string>();

  constructor(
    private readonly store: RequesterStore,
    private readonly audit: PersonalDataAudit,
    private readonly contacts: ContactUseCases,
    private readonly kernel: ServiceKernel,
  ) {}

  async create(actor: Actor, input: RequesterInputArgs | Record<string, unknown>): Promise<Requester> {
    contactsPolicy.authorize('requester.create', actor);
    const { data, purpose } = parseWithPurpose(RequesterInput, stripNulls({ ...input }));
    const ctx = this.kernel.context(actor);
    const code = data.fiscalCode;
    // one requester per fiscal code: a create of the same code already under way here is refused as a duplicate
    if (code && this.creating.has(code)) throw DomainError.invalid('input.fiscalCode', FISCAL_CODE_TAKEN);
    if (code) this.creating.add(code);
    try {
      if (code) await this.refuseTakenFiscalCode(actor, code, purpose, ctx.now);
      const r = newRequester(newRequesterId(), data, ctx.now);
      // the audit entry first: no personal data is written without its record
      await this.audit.record([entry(r.id, actor.sub, 'create', purpose, presentFields(r), ctx.now)]);
      const res = await this.store.commit({ previous: null, next: r, events: [] });
      return res.status === 'committed' ? res.state : r;
    } finally {
      if (code) this.creating.delete(code);
    }
  }

  /**
   * A second requester with a fiscal code already registered (not anonymised) is refused on `input.fiscalCode`,
   * naming nothing of the other: the operator finds them by fiscal code (a search they may make). The refusal
   * tells that such a requester exists, so it is audited on them as a search by fiscal code with the purpose.
   * From the search index (every instance's writes reach it by `RequesterChanged`), the records by `_id`.
   */
  private async refuseTakenFiscalCode(actor: Actor, code: string, purpose: string, at: Date): Promise<void> {
    const held = (await this.store.findByFiscalCode(code)).filter(
      (r) => !r.anonymisedAt && r.fiscalCode?.toUpperCase() === code,
    );
    if (!held.length) return;
    await this.audit.record(held.map((r) => entry(r.id, actor.sub, 'search', purpose, ['fiscalCode'], at)));
    throw DomainError.invalid('input.fiscalCode', FISCAL_CODE_TAKEN);
  }

  async update(actor: Actor, input: UpdateRequesterInput): Promise<Requester> {
    contactsPolicy.authorize('requester.update', actor);
    // explicit nulls clear a field here; absent fields stay
    const { id, purpose: why, expectedRevision, ...patchIn } = input;
    const { data: patch, purpose } = parseWithPurpose(RequesterPatch, { ...patchIn, purpose: why });
    const ctx = this.kernel.context(actor);
    const current = await this.store.get(id);
    if (!current) throw DomainError.notFound(`il richiedente ${id}`);
    if (current.anonymisedAt) throw DomainError.conflict(`Il richiedente ${id} è stato anonimizzato`);
    // a stale form is refused before anything is recorded (execute checks again at the write)
    if (typeof expectedRevision === 'number' && current.revision !== expectedRevision)
      throw DomainError.conflict(STALE_EDIT);
    await this.audit.record([entry(id, actor.sub, 'update', purpose, changedFields(patch), ctx.now)]);
    return execute(this.store, id, updateRequester, patch, ctx, {
      notFound: `il richiedente ${id}`,
      // a stale form gets CONFLICT, never overwrites a newer change
      expectedRevision: expectedRevision ?? undefined,
      authorize: (r) => r && contactsPolicy.authorize('requester.update', actor, r),
    });
  }

  /**
   * The record without personal data (kind, channel, flags): no audit needed. A referent reads only a
   * requester with a case of one of their offices; otherwise, as for an unknown id, nothing (null): the
   * caller learns nothing about whether the requester exists.
   */
  async get(actor: Actor, id: string): Promise<Requester | null> {
    contactsPolicy.authorize('requester.read', actor);
    const r = await this.store.get(id);
    if (!r) return null;
    // roles that are not office-scoped read it without looking at its cases
    if (contactsPolicy.allows('requester.read', actor, { ...r, caseOffices: [] })) return r;
    const caseOffices = this.contacts.caseOfficesOf(id, actor.offices ?? []);
    return contactsPolicy.allows('requester.read', actor, { ...r, caseOffices }) ? r : null;
  }

  /** Personal data of one requester for a staff member, audited with the purpose. */
  async readPersonal(actor: Actor, r: Requester, purpose: string) {
    contactsPolicy.authorize('requester.readPersonal', actor, r);
    const why = parseInput(Purpose, purpose, 'purpose');
    if (r.anonymisedAt) return null;
    await this.audit.record([entry(r.id, actor.sub, 'read', why, presentFields(r), this.kernel.clock.now())]);
    return {
      name: r.name ?? null,
      fiscalCode: r.fiscalCode ?? null,
      pec: r.pec ?? null,
      email: r.email ?? null,
      phone: r.phone ?? null,
      postalAddress: r.postalAddress ?? null,
    } satisfies Record<(typeof PERSONAL_FIELDS)[number], string | null>;
  }

  async findByFiscalCode(actor: Actor, fiscalCode: string, purpose: string): Promise<Requester[]> {
    contactsPolicy.authorize('requester.find', actor);
    const why = parseInput(Purpose, purpose, 'purpose');
    const found = await this.store.findByFiscalCode(fiscalCode.trim().toUpperCase());
    const now = this.kernel.clock.now();
    await this.audit.record(found.map((r) => entry(r.id, actor.sub, 'search', why, ['fiscalCode'], now)));
    return found;
  }

  /**
   * Requesters by name (words in any order, prefixes, case and accents folded) or by fiscal code, from the
   * in-memory search index; the records are read by `_id`. Audited like `findByFiscalCode`: one `search`
   * entry per requester found, with the purpose. A referent finds only requesters with a case of their
   * offices.
   */
  async search(actor: Actor, query: string, purpose: string, first: number): Promise<Requester[]> {
    contactsPolicy.authorize('requester.search', actor);
    const why = parseInput(Purpose, purpose, 'purpose');
    const q = parseInput(SearchQuery, query, 'query');
    const limit = Math.min(Math.max(first, 1), 50);
    const unscoped = contactsPolicy.allows('requester.search', actor, NO_CASES);
    const keep = (id: string) =>
      unscoped ||
      contactsPolicy.allows('requester.search', actor, {
        ...NO_CASES,
        caseOffices: this.contacts.caseOfficesOf(id, actor.offices ?? []),
      });
    const ids = this.store.search.search(q, limit, keep);
    const found = await this.store.getMany(ids);
    const hits = ids.flatMap((id) => {
      const r = found.get(id);
      return r && !r.anonymisedAt ? [r] : [];
    });
    const fields = asFiscalCode(q) ? ['fiscalCode'] : ['name'];
    const now = this.kernel.clock.now();
    await this.audit.record(hits.map((r) => entry(r.id, actor.sub, 'search', why, fields, now)));
    return hits;
  }

  auditOf(actor: Actor, r: Requester, limit: number): Promise<AuditEntry[]> {
    contactsPolicy.authorize('requester.audit', actor, r);
    return this.audit.of(r.id, Math.min(Math.max(limit, 1), 500));
  }

  /**
   * Delivery-time address lookup for another service (campaigns), audited per requester. `preferred`: the
   * requester's preferred channel when it has that address, else the first with one (`preferredAddress`).
   */
  async addresses(
    actor: Actor,
    ids: string[],
    channel: NotificationChannel | 'preferred',
    purpose: string,
  ): Promise<AddressAnswer[]> {
    contactsPolicy.authorize('requester.addresses', actor);
    const found = await this.store.getMany(ids);
    const out = ids.map((requesterId): AddressAnswer => {
      const r = found.get(requesterId);
      if (!r) return { requesterId, status: 'unknown' };
      if (r.anonymisedAt) return { requesterId, status: 'anonymised' };
      if (channel === 'preferred') {
        const p = preferredAddress(r);
        return p ? { requesterId, status: 'ok', ...p } : { requesterId, status: 'no_address' };
      }
      const address = addressFor(r, channel);
      return address ? { requesterId, status: 'ok', address } : { requesterId, status: 'no_address' };
    });
    const now = this.kernel.clock.now();
    await this.audit.record(
      out
        .filter((a) => a.status === 'ok' || a.status === 'no_address')
        .map((a) => entry(a.requesterId, actor.sub, 'address', purpose, [a.channel ?? channel], now)),
    );
    return out;
  }

  /** Erases the personal data (on request or when retention elapsed) and scrubs the requester's contacts. */
  async anonymise(
    actor: Actor,
    id: string,
    reason: 'retention' | 'request',
    purposeIn: string,
  ): Promise<Requester> {
    contactsPolicy.authorize('requester.anonymise', actor);
    const purpose = parseInput(Purpose, purposeIn, 'input.purpose');
    const r = await this.store.get(id);
    if (!r) throw DomainError.notFound(`il richiedente ${id}`);
    if (r.anonymisedAt) return r;
    const ctx = this.kernel.context(actor);
    await this.audit.record([entry(id, actor.sub, 'anonymise', purpose, presentFields(r), ctx.now)]);
    let won = false;
    const next = await execute(
      this.store,
      id,
      (s, cmd: { reason: 'retention' | 'request' }, c) => {
        const d = anonymiseRequester(s, cmd, c);
        won = d.events.length > 0;
        return d;
      },
      { reason },
      ctx,
      { notFound: `il richiedente ${id}` },
    );
    // another instance did it: one event only, and it scrubs the contacts
    if (won) {
      const person = knownPerson(r);
      await this.contacts.scrubOfRequester(actor, id, person);
      await this.audit.scrubPurposes(id, person);
    }
    return next;
  }

  /** Retention sweep: requesters whose last contact is older than their record type's retention. */
  async sweepRetention(limit = 200): Promise<number> {
    const now = this.kernel.clock.now();
    const shortest = Math.min(...Object.values(RETENTION_DAYS).filter((d): d is number => d !== null));
    const candidates = await this.store.retentionCandidates(
      new Date(now.getTime() - shortest * 86_400_000),
      limit,
    );
    let done = 0;
    for (const r of candidates) {
      const last = this.contacts.lastActivityOf(r.id) ?? r.lastActivityAt ?? r.createdAt;
      const until = retainUntil(r.kind, last > r.lastActivityAt ? last : r.lastActivityAt);
      if (!isDueForAnonymisation({ anonymisedAt: r.anonymisedAt, retainUntil: until }, now)) continue;
      await this.anonymise(RETENTION_ACTOR, r.id, 'retention', `retention of ${r.kind} records elapsed`);
      done++;
    }
    if (done) this.logger.log(`retention: anonymised ${done} requester(s)`);
    return done;
  }
}
