import type { ContactRepository } from '../contact/contact.repository';
import type { AuditEntry, RequesterRepository } from './requester.repository';
import type { Requester } from './requester.rules';
import { RequesterService } from './requester.service';

/** The retention sweep as a use case, with in-memory repositories (no database). */
describe('retention sweep', () => {
  const longAgo = new Date('2019-01-10T10:00:00Z');
  const person = (id: string, lastContact?: Date): Requester & { lastContact?: Date } => ({
    id,
    kind: 'person',
    name: 'Mario Rossi',
    email: 'mario@example.it',
    consents: [],
    isStaff: false,
    createdAt: longAgo,
    updatedAt: longAgo,
    lastActivityAt: longAgo,
    lastContact,
  });

  function setup(records: (Requester & { lastContact?: Date })[]) {
    const store = new Map(records.map((r) => [r.id, { ...r }]));
    const audits: AuditEntry[] = [];
    const events: { type: string; data: unknown }[] = [];
    const scrubbed: string[] = [];
    const requesters = {
      retentionCandidates: async () => [...store.values()].filter((r) => !r.anonymisedAt),
      findById: async (id: string) => store.get(id) ?? null,
      audit: async (e: AuditEntry[]) => void audits.push(...e),
      updateIf: async (
        id: string,
        _guard: unknown,
        update: { $set: Record<string, unknown>; $unset: Record<string, ''> },
        evs: { type: string; data: unknown }[],
      ) => {
        const r = store.get(id)!;
        if (r.anonymisedAt) return false;
        Object.assign(r, update.$set);
        for (const k of Object.keys(update.$unset)) delete (r as unknown as Record<string, unknown>)[k];
        events.push(...evs);
        return true;
      },
    } as unknown as RequesterRepository;
    const contacts = {
      lastActivityOf: async (id: string) => store.get(id)?.lastContact,
      scrubContactsOf: async (id: string) => void scrubbed.push(id),
    } as unknown as ContactRepository;
    return { service: new RequesterService(requesters, contacts), store, audits, events, scrubbed };
  }

  it('anonymises persons whose last contact is older than 5 years, once, with an audit entry and one event', async () => {
    const { service, store, audits, events, scrubbed } = setup([
      person('req_old000001'),
      person('req_recent0001', new Date('2025-06-01T10:00:00Z')),
    ]);
    const now = new Date('2026-11-27T12:00:00Z');
    expect(await service.sweepRetention(now)).toBe(1);
    expect(await service.sweepRetention(now)).toBe(0); // a second sweep (or instance) does nothing
    expect(store.get('req_old000001')).toMatchObject({ anonymisedReason: 'retention', kind: 'person' });
    expect(store.get('req_old000001')).not.toHaveProperty('email');
    expect(store.get('req_recent0001')).toHaveProperty('email');
    expect(events.map((e) => e.type)).toEqual(['it.urp.contacts.RequesterAnonymised.v1']);
    expect(events[0].data).toMatchObject({ requesterId: 'req_old000001', reason: 'retention' });
    expect(audits).toEqual([
      expect.objectContaining({ requesterId: 'req_old000001', who: 'system:retention', action: 'anonymise' }),
    ]);
    expect(scrubbed).toEqual(['req_old000001']);
  });
});
