import { Injectable, Logger } from '@nestjs/common';
import { createEvent, RequesterAnonymisedV1, type NotificationChannel } from '@urp/contracts';
import { conflict, invalidInput, notFound } from '@urp/platform';
import { z } from 'zod';
import { ContactRepository } from '../contact/contact.repository';
import { scrubPersonalData } from '../shared/scrub.rules';
import { RequesterRepository, type AuditEntry } from './requester.repository';
import {
  addressFor,
  anonymise,
  isDueForAnonymisation,
  newRequesterId,
  PERSONAL_FIELDS,
  Purpose,
  RequesterInput,
  RequesterPatch,
  retainUntil,
  RETENTION_DAYS,
  type Requester,
} from './requester.rules';

const SOURCE = '/urp/contacts';

export type AddressStatus = 'ok' | 'unknown' | 'anonymised' | 'no_address';

/** Personal data of requesters: every read and change leaves an audit entry (who, when, why). */
@Injectable()
export class RequesterService {
  private readonly logger = new Logger(RequesterService.name);
  constructor(
    private readonly requesters: RequesterRepository,
    private readonly contacts: ContactRepository,
  ) {}

  async create(input: RequesterInput & { purpose?: string }, who: string): Promise<Requester> {
    const parsed = RequesterInput.safeParse(input);
    const purpose = Purpose.safeParse(input.purpose);
    if (!parsed.success || !purpose.success)
      throw invalidInput(mergeErrors(parsed, purpose), 'cannot create the requester');
    const now = new Date();
    const { isStaff, ...data } = parsed.data;
    const r: Requester = {
      id: newRequesterId(),
      ...stripUndefined(data),
      isStaff,
      consents: [],
      createdAt: now,
      updatedAt: now,
      lastActivityAt: now,
      ...(retainUntil(data.kind, now) ? { retainUntil: retainUntil(data.kind, now) } : {}),
    };
    await this.requesters.audit([entry(r.id, who, 'create', purpose.data, presentFields(r))]);
    await this.requesters.insert(r);
    return r;
  }

  async update(
    input: { id: string; purpose?: string } & Record<string, unknown>,
    who: string,
  ): Promise<Requester> {
    const { id, purpose: why, ...patchIn } = input;
    const parsed = RequesterPatch.safeParse(patchIn);
    const purpose = Purpose.safeParse(why);
    if (!parsed.success || !purpose.success)
      throw invalidInput(mergeErrors(parsed, purpose), 'cannot update the requester');
    const r = await this.requesters.findById(id);
    if (!r) throw notFound(`requester ${id}`);
    if (r.anonymisedAt) throw conflict(`requester ${id} was anonymised`);
    const $set: Record<string, unknown> = { updatedAt: new Date() };
    const $unset: Record<string, ''> = {};
    for (const [k, v] of Object.entries(parsed.data)) {
      if (v === undefined) continue;
      if (v === null) $unset[k] = '';
      else $set[k] = v;
    }
    const next = { ...r, ...$set } as Requester;
    for (const k of Object.keys($unset)) delete (next as unknown as Record<string, unknown>)[k];
    if (next.preferredChannel && !addressFor(next, next.preferredChannel))
      throw invalidInput(
        new z.ZodError([
          {
            code: 'custom',
            path: ['preferredChannel'],
            message: `no ${next.preferredChannel} address`,
            input: undefined,
          },
        ]),
        'cannot update the requester',
      );
    await this.requesters.audit([
      entry(
        id,
        who,
        'update',
        purpose.data,
        Object.keys({ ...$set, ...$unset }).filter((f) => f !== 'updatedAt'),
      ),
    ]);
    const ok = await this.requesters.updateIf(
      id,
      { anonymisedAt: { $exists: false } },
      {
        $set,
        ...(Object.keys($unset).length ? { $unset } : {}),
      },
    );
    if (!ok) throw conflict(`requester ${id} changed meanwhile`);
    return next;
  }

  /** The record without personal data (kind, channel, flags): no audit needed. */
  async get(id: string): Promise<Requester | null> {
    return this.requesters.findById(id);
  }

  /** Personal data of one requester for a staff member, audited with the purpose. */
  async readPersonal(r: Requester, who: string, purpose: string): Promise<Partial<Requester> | null> {
    const why = Purpose.safeParse(purpose);
    if (!why.success) throw invalidInput(why.error, 'say why you read personal data');
    if (r.anonymisedAt) return null;
    await this.requesters.audit([entry(r.id, who, 'read', why.data, presentFields(r))]);
    return Object.fromEntries(PERSONAL_FIELDS.map((f) => [f, r[f] ?? null]));
  }

  async findByFiscalCode(fiscalCode: string, who: string, purpose: string): Promise<Requester[]> {
    const why = Purpose.safeParse(purpose);
    if (!why.success) throw invalidInput(why.error, 'say why you search personal data');
    const found = await this.requesters.findByFiscalCode(fiscalCode.trim().toUpperCase());
    await this.requesters.audit(found.map((r) => entry(r.id, who, 'search', why.data, ['fiscalCode'])));
    return found;
  }

  auditOf(id: string, limit: number): Promise<AuditEntry[]> {
    return this.requesters.auditOf(id, Math.min(Math.max(limit, 1), 500));
  }

  /** Delivery-time address lookup for another service (campaigns), audited per requester. */
  async addresses(
    ids: string[],
    channel: NotificationChannel,
    who: string,
    purpose: string,
  ): Promise<{ requesterId: string; status: AddressStatus; address?: string }[]> {
    const found = await this.requesters.findMany([...new Set(ids)]);
    const out = ids.map((requesterId) => {
      const r = found.get(requesterId);
      if (!r) return { requesterId, status: 'unknown' as const };
      if (r.anonymisedAt) return { requesterId, status: 'anonymised' as const };
      const address = addressFor(r, channel);
      return address
        ? { requesterId, status: 'ok' as const, address }
        : { requesterId, status: 'no_address' as const };
    });
    const now = new Date();
    await this.requesters.audit(
      out
        .filter((a) => a.status === 'ok' || a.status === 'no_address')
        .map((a) => ({ ...entry(a.requesterId, who, 'address', purpose, [channel]), at: now })),
    );
    return out;
  }

  /** Erases the personal data (on request or when retention elapsed) and scrubs the requester's contacts. */
  async anonymise(
    id: string,
    reason: 'retention' | 'request',
    who: string,
    purpose: string,
  ): Promise<Requester> {
    const r = await this.requesters.findById(id);
    if (!r) throw notFound(`requester ${id}`);
    if (r.anonymisedAt) return r;
    const now = new Date();
    const next = anonymise(r, now, reason);
    const event = createEvent(
      RequesterAnonymisedV1,
      id,
      { requesterId: id, anonymisedAt: now.toISOString(), reason },
      { source: SOURCE },
    );
    await this.requesters.audit([entry(id, who, 'anonymise', purpose, presentFields(r))]);
    const $unset = Object.fromEntries([...PERSONAL_FIELDS].map((f) => [f, '']));
    const won = await this.requesters.updateIf(
      id,
      { anonymisedAt: { $exists: false } },
      { $set: { anonymisedAt: now, anonymisedReason: reason, updatedAt: now, consents: [] }, $unset },
      [event],
    );
    if (!won) return (await this.requesters.findById(id)) ?? next; // another instance did it: one event only
    const names = r.name ? [r.name] : [];
    await this.contacts.scrubContactsOf(id, (c) => ({ subject: scrubPersonalData(c.subject, names) }));
    return next;
  }

  /** Retention sweep: requesters whose last contact is older than their record type's retention. */
  async sweepRetention(now = new Date(), limit = 200): Promise<number> {
    const shortest = Math.min(...Object.values(RETENTION_DAYS).filter((d): d is number => d !== null));
    const candidates = await this.requesters.retentionCandidates(
      new Date(now.getTime() - shortest * 86_400_000),
      limit,
    );
    let done = 0;
    for (const r of candidates) {
      const last = (await this.contacts.lastActivityOf(r.id)) ?? r.lastActivityAt ?? r.createdAt;
      const until = retainUntil(r.kind, last > r.lastActivityAt ? last : r.lastActivityAt);
      if (!isDueForAnonymisation({ anonymisedAt: r.anonymisedAt, retainUntil: until }, now)) continue;
      await this.anonymise(r.id, 'retention', 'system:retention', `retention of ${r.kind} records elapsed`);
      done++;
    }
    if (done) this.logger.log(`retention: anonymised ${done} requester(s)`);
    return done;
  }
}

const entry = (
  requesterId: string,
  who: string,
  action: AuditEntry['action'],
  purpose: string,
  fields: string[],
): AuditEntry => ({
  requesterId,
  at: new Date(),
  who,
  action,
  purpose,
  fields,
});

const presentFields = (r: Partial<Requester>) => PERSONAL_FIELDS.filter((f) => r[f] !== undefined);

const stripUndefined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

function mergeErrors(...results: { success: boolean; error?: z.ZodError }[]): z.ZodError {
  const issues = results.flatMap((r, i) =>
    r.error ? r.error.issues.map((iss) => (i === 1 ? { ...iss, path: ['purpose', ...iss.path] } : iss)) : [],
  );
  return new z.ZodError(issues);
}
