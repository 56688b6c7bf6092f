import {
  FixedClock,
  InMemoryAggregateStore,
  ServiceKernel,
  type Actor,
  type Commit,
  type Lease,
} from '@urp/kernel';
import { SUSPENSION_RULES } from '@urp/legal-clock';
import { scrubPersonalData } from '@urp/privacy';
import type { Db } from 'mongodb';
import type { ProcedureType } from '../catalogue/procedure-type.rules';
import type { ProceduresConfig } from '../config';
import { LegalClockUseCases } from './legal-clock.use-cases';
import { ProcedureContexts } from './procedure.context';
import { at, facts, typeOf } from './procedure.fixtures';
import { ProcedureReadModel, SUMMARY_FIELDS, toSummary } from './procedure.read-model';
import { ProcedureSnapshotStore } from './procedure.read-model.snapshot';
import { ProcedureReadModelSync } from './procedure.read-model.sync';
import { submit } from './procedure.rules';
import type { Procedure } from './procedure.state';
import { withProcedureChanged, type ClockClaim } from './procedure.store';
import { ProcedureUseCases } from './procedure.use-cases';

/**
 * What the use cases ask of the procedures' store: the hot reads must ask it nothing but `_id` lookups (FerretDB
 * scans the collection for any other filter), and the desk not even those. Every write carries `ProcedureChanged`
 * as the Mongo store's does.
 */
class RecordingStore extends InMemoryAggregateStore<Procedure> {
  calls: string[] = [];
  override async get(id: string) {
    this.calls.push(`get ${id}`);
    return super.get(id);
  }
  override async getMany(ids: readonly string[]) {
    this.calls.push(`getMany ${ids.join(',')}`);
    return super.getMany(ids);
  }
  override commit(change: Commit<Procedure>) {
    return super.commit(withProcedureChanged(change));
  }
  async summaries() {
    this.calls.push('summaries');
    // what the Mongo store reads: the summary fields only
    return this.all().map((p) => {
      const picked = Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, p[f as keyof Procedure]]));
      return toSummary({ ...picked, id: p.id } as unknown as Procedure);
    });
  }
  async changedSince(updatedAt: string) {
    this.calls.push(`changedSince ${updatedAt}`);
    return this.all().filter((p) => p.updatedAt > updatedAt);
  }
}

/** Head of the offices of these procedures (the acts on a procedure are its office's). */
const manager: Actor = { sub: 'mgr-1', roles: ['manager'], offices: ['servizi_sociali', 'tributi'] };
const sociali: Actor = { sub: 'ref-1', roles: ['referent'], offices: ['servizi_sociali'] };
const tributi: Actor = { sub: 'ref-9', roles: ['referent'], offices: ['tributi'] };
const NOW = '2026-03-02T09:00:00Z';

const TYPES: ProcedureType[] = [
  typeOf(),
  typeOf({
    code: 'rimborso_tari',
    name: 'Rimborso TARI',
    officeId: 'tributi',
    officeName: 'Tributi',
    responsibleId: 'ref-9',
    responsibleName: 'Rita Nove',
    silenceRule: 'silent_assent',
  }),
];

/** One instance of the service's reads on a shared store: its own read model and the sync that feeds it. */
function instance(store: RecordingStore) {
  const clock = new FixedClock(new Date(NOW));
  const kernel = new ServiceKernel({ source: '/urp/procedures', scrub: (t) => scrubPersonalData(t) }, clock);
  const contexts = new ProcedureContexts(
    {
      PATRON_SAINT_DAY: { month: 8, day: 10 },
      PATRON_SAINT_NAME: 'San Lorenzo',
      SATURDAY_IS_WORKING_DAY: true,
      WARNING_DAYS: [7, 2],
      ADMINISTRATION_NAME: 'Comune di Borgo Aurelio',
      ADMINISTRATION_PEC: 'protocollo@pec.it',
      ACTS_VIEWING: 'online',
      INACTION_REMEDIES: 'TAR',
    },
    kernel,
  );
  const reads = new ProcedureReadModel();
  const types = new InMemoryAggregateStore<ProcedureType>('procedure_types');
  const project = { project: async (p: Procedure) => void reads.upsert(p) };
  const useCases = new ProcedureUseCases(
    {
      ADMINISTRATION_NAME: 'Comune di Borgo Aurelio',
      ADMINISTRATION_PEC: 'protocollo@pec.it',
      ACTS_VIEWING: 'online',
      INACTION_REMEDIES: 'TAR',
    },
    store,
    types,
    { get: async () => null },
    reads,
    project,
    contexts,
    { ruleFor: async () => ({ code: 'document_request', rule: SUSPENSION_RULES.document_request }) },
    { directory: async () => ({ offices: [], referents: [] }) },
  );
  const sync = new ProcedureReadModelSync(
    { KAFKA_BROKERS: ['127.0.0.1:1'] } as unknown as ProceduresConfig,
    { holder: 'test' } as unknown as Lease,
    store,
    reads,
  );
  const clockUseCases = new LegalClockUseCases(
    { CLOCK_TICK_MS: 1000 },
    store,
    new InMemoryAggregateStore<ClockClaim>('clock_claims'),
    reads,
    project,
    contexts,
    { every: () => undefined },
  );
  return { reads, useCases, sync, types, clockUseCases };
}

/** 10,000 procedures as stored: two offices, a tenth unassigned, some suspended, decided or with a notice undelivered. */
async function tenThousand(store: RecordingStore): Promise<Procedure[]> {
  const all: Procedure[] = [];
  for (let i = 0; i < 10_000; i++) {
    const type = TYPES[i % 2];
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = i % 3 === 0 ? '01' : '02';
    const receivedAt = `2026-${month}-${day}T10:00:00+01:00`;
    const id = `prc_${String(i).padStart(5, '0')}`;
    let p = submit(type, facts(receivedAt, { id, protocolNumber: `2026/${i}` }), at(NOW)).state;
    p = { ...p, createdAt: new Date(Date.parse('2026-01-01T00:00:00Z') + i * 60_000).toISOString() };
    if (i % 10 === 9) p = { ...p, responsibleId: undefined, responsibleName: undefined, status: 'submitted' };
    else if (i % 10 === 3)
      p = { ...p, status: 'suspended', latestDueDate: p.dueDate ?? undefined, dueDate: null };
    else if (i % 10 === 5) p = { ...p, status: 'decided', nextClockCheck: null };
    if (i % 50 === 7)
      p = {
        ...p,
        deliveries: [
          {
            notificationId: `ntf_${i}`,
            template: 'procedure_start_notice',
            channel: 'email',
            status: 'failed',
            at: NOW,
            eventId: `ev_${i}`,
          },
        ],
      };
    await store.commit({ previous: null, next: p, events: [] });
    all.push({ ...p, revision: 1 });
  }
  return all;
}

describe('the procedures read model (issue 17)', () => {
  it('answers the desks, the lists and the clock at 10,000 procedures without a query on the store', async () => {
    const store = new RecordingStore('procedures');
    const stored = await tenThousand(store);
    const a = instance(store);
    store.calls = [];
    expect(await a.sync.rebuild()).toBe(10_000);
    expect(store.calls).toEqual(['summaries']); // the rebuild: the one full read, at start
    store.calls = [];

    // the desks: a manager sees the whole desk, a referent only their office's items, counts included
    const open = (pred: (p: Procedure) => boolean) => stored.filter((p) => p.status !== 'decided' && pred(p));
    const desk = await a.useCases.desk(manager, 'ref-1', 20);
    expect(desk.total).toBe(open((p) => p.responsibleId === 'ref-1').length);
    expect(desk.byNextDeadline).toHaveLength(20);
    expect(desk.suspendedCount).toBe(
      open((p) => p.responsibleId === 'ref-1' && p.status === 'suspended').length,
    );
    expect(desk.overdueCount + desk.upcomingCount + desk.suspendedCount).toBe(desk.total);
    expect(desk.undeliveredCount).toBe(
      open((p) => p.responsibleId === 'ref-1' && !!p.deliveries?.length).length,
    );
    expect(desk.undelivered.every((i) => i.undeliveredNotices === 1)).toBe(true);
    // silent assent forms on the TARI refunds only (their type grants by silence)
    const tari = await a.useCases.desk(manager, 'ref-9');
    expect(tari.silentAssentFormingCount).toBeGreaterThan(0);
    expect(tari.silentAssentForming.every((i) => i.typeCode === 'rimborso_tari' && i.daysLeft! >= 0)).toBe(
      true,
    );
    expect(desk.silentAssentFormingCount).toBe(0);
    expect((await a.useCases.desk(sociali, 'ref-1')).total).toBe(desk.total);
    expect((await a.useCases.desk(tributi, 'ref-1')).total).toBe(0);
    const unassigned = await a.useCases.desk(manager, 'unassigned');
    expect(unassigned.total).toBe(open((p) => !p.responsibleId).length);
    expect((await a.useCases.desk(sociali, 'unassigned')).total).toBe(
      open((p) => !p.responsibleId && p.officeId === 'servizi_sociali').length,
    );
    // the legal clock's worklist
    expect(a.reads.dueForClock('2026-03-02').length).toBe(
      open((p) => !!p.nextClockCheck && p.nextClockCheck <= '2026-03-02').length,
    );
    expect(store.calls).toEqual([]); // not one read of the store

    // the management list: the page chosen in memory, newest first, then read by `_id` only
    const list = await a.useCases.latest(tributi, 5, 'rimborso_tari');
    expect(list.map((p) => p.id)).toEqual(['prc_09999', 'prc_09997', 'prc_09995', 'prc_09993', 'prc_09991']);
    expect(store.calls).toEqual(['getMany prc_09999,prc_09997,prc_09995,prc_09993,prc_09991']);
    store.calls = [];
    expect(await a.useCases.latest(tributi, 5, 'contributo')).toEqual([]); // another office's type
    expect(store.calls).toEqual(['getMany ']);
  });

  it("a second instance sees the first one's writes once it re-reads what their ProcedureChanged names", async () => {
    const store = new RecordingStore('procedures');
    const a = instance(store);
    const b = instance(store);
    for (const i of [a, b])
      for (const t of TYPES) await i.types.commit({ previous: null, next: t, events: [] });
    await a.sync.rebuild();
    await b.sync.rebuild();
    const p = await a.useCases.submitFromDesk(manager, {
      procedureTypeCode: 'contributo',
      subject: 'Sostegno al reddito',
      protocolNumber: '2026/0000123',
      requesterId: 'req_abcdef01',
    });
    // a's own write is in a's model at once; b knows nothing until the event
    expect((await a.useCases.desk(manager, 'ref-1')).byNextDeadline.map((i) => i.id)).toEqual([p.id]);
    expect((await b.useCases.desk(manager, 'ref-1')).total).toBe(0);
    const changed = store.events.filter((e) => e.type === 'it.urp.procedures.ProcedureChanged.v1');
    expect(changed.map((e) => e.subject)).toEqual([p.id]);
    expect(changed[0].data).toEqual({ procedureId: p.id, changedAt: expect.any(String), revision: 1 });
    // a holds that revision: its own event costs it no read; b reads it once by `_id`
    store.calls = [];
    for (const e of changed) await a.sync.refresh(e.subject, (e.data as { revision: number }).revision);
    expect(store.calls).toEqual([]);
    for (const e of changed) await b.sync.refresh(e.subject, (e.data as { revision: number }).revision);
    expect(store.calls).toEqual([`get ${p.id}`]);
    expect((await b.useCases.desk(manager, 'ref-1')).byNextDeadline.map((i) => i.id)).toEqual([p.id]);

    // a decision on b leaves a's desk once a reads b's event; a stale copy never replaces a newer one
    const before = await store.get(p.id);
    await b.useCases.decide(manager, p.id, { outcome: 'accepted', reasons: 'Requisiti presenti' });
    expect((await b.useCases.desk(manager, 'ref-1')).total).toBe(0);
    expect(a.reads.upsert(before!)).toBe(true); // the same revision: taken
    const last = store.events.filter((e) => e.type === 'it.urp.procedures.ProcedureChanged.v1').at(-1)!;
    await a.sync.refresh(last.subject);
    expect((await a.useCases.desk(manager, 'ref-1')).total).toBe(0);
    expect(a.reads.upsert(before!)).toBe(false);
    expect((await a.useCases.latest(manager, 10)).map((x) => x.status)).toEqual(['decided']);

    // the catch-up when the consumer joins: what changed after the newest write held
    const c = instance(store);
    await c.sync.catchUp();
    expect(c.reads.get(p.id)?.status).toBe('decided');
  });

  it('a snapshot holds the summaries in a few documents read by `_id`: loaded, the same desks and lists', async () => {
    const docs = new Map<string, Record<string, unknown>>();
    const reads: string[] = [];
    const collection = {
      findOne: async (f: { _id: string }) => {
        reads.push(f._id);
        return docs.get(f._id) ?? null;
      },
      replaceOne: async (f: { _id: string }, d: Record<string, unknown>) =>
        void docs.set(f._id, { _id: f._id, ...d }),
      deleteOne: async (f: { _id: string }) => void docs.delete(f._id),
    };
    const snapshots = new ProcedureSnapshotStore({ collection: () => collection } as unknown as Db);
    const store = new RecordingStore('procedures');
    await tenThousand(store);
    const a = instance(store);
    await a.sync.rebuild();
    await snapshots.save(a.reads.all(), { '0': '12', '1': '7', '2': '0' }, new Date(NOW));
    await snapshots.save(a.reads.all(), { '0': '15', '1': '7', '2': '3' }, new Date(NOW)); // a newer generation
    expect(docs.size).toBe(1 + 2); // the meta and 10,000 / 5,000 chunks: the older generation is gone
    reads.length = 0;
    const loaded = (await snapshots.load())!;
    expect(reads).toEqual(['procedures:meta', expect.stringMatching(/:0$/), expect.stringMatching(/:1$/)]);
    expect(loaded.offsets).toEqual({ '0': '15', '1': '7', '2': '3' });
    const b = instance(store);
    b.reads.replaceAll(loaded.items);
    store.calls = [];
    expect(await b.useCases.desk(manager, 'ref-1')).toEqual(await a.useCases.desk(manager, 'ref-1'));
    const due = (i: typeof a) =>
      i.reads
        .dueForClock('2026-03-02')
        .map((x) => x.id)
        .sort();
    expect(due(b)).toEqual(due(a));
    expect(b.reads.all().map((x) => x.id)).toEqual(a.reads.all().map((x) => x.id));
    expect(store.calls).toEqual([]);
  });
});
