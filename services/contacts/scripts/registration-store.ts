/**
 * The writes of a registration measured on the store alone (issue 17), shared by `registration-writes.ts` (the
 * cost part by part) and `registration-bench.ts --ceiling` (the store's ceiling beside the service): the service's
 * own registration (`ContactUseCases.register` with the real `ContactStore`, so the same documents, events, group
 * commit, protocol numbers and indexes as the service) on scratch copies of `contacts` and `protocol_counters`,
 * without HTTP, GraphQL or Kafka, the requester, directory and settings in memory, and the relay's
 * acknowledgement (`OutboxStore.acknowledge`, each round everything written since the last one) running beside.
 */
import { catalog, HEADERS, type CloudEvent } from '@urp/contracts';
import { MongoAggregateStore, type Commit, type CommitResult, type OutboxPort } from '@urp/kernel';
import {
  OutboxStore,
  storedOutbox,
  toOutboxEntry,
  type OutboxEntry,
  type PendingDocument,
} from '@urp/persistence';
import { BSON } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import type { Collection, Db, Document } from 'mongodb';
import { contactsEnv } from '../src/config';
import { ContactReadModel } from '../src/contact/contact.read-model';
import type { Contact } from '../src/contact/contact.rules';
import { ContactStore, contactChanged, type ContactStoreOptions } from '../src/contact/contact.store';
import { memoryService, OPERATOR, type MemoryContactStore } from '../src/testing/in-memory';

const FERRET_PID_FILE = join(process.env.URP_INFRA_DIR ?? '.infra', 'ferretdb', 'ferretdb.pid');

/** The local FerretDB's CPU time so far (ms), NaN when its pid file is not there (another server). */
export const ferretCpuMs = (): number => {
  if (!existsSync(FERRET_PID_FILE)) return NaN;
  const pid = readFileSync(FERRET_PID_FILE, 'utf8').trim();
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
};
export const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
export const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** The outbox port of the service (EventOutbox's entries), with the relay's queue kept here. */
class CapturePort implements OutboxPort {
  readonly queue: PendingDocument[] = [];
  entries(events: readonly CloudEvent[]): OutboxEntry[] {
    return events.map((e) => {
      const entry = toOutboxEntry(catalog, e);
      entry.headers[HEADERS.traceparent] =
        e.traceparent ?? `00-${randomUUID().replace(/-/g, '')}-${'1'.repeat(16)}-01`;
      return entry;
    });
  }
  /** The last document written and the BSON size of its outbox as stored (entries, or a pack of them). */
  lastId = '';
  entryBytes = 0;
  register(): void {
    // no relay here: `queue` is acknowledged by storeWrites as the relay would
  }
  written(_collection: string, id: string, entries: OutboxEntry[]): void {
    this.queue.push({ _id: id, entries });
    this.lastId = id;
    this.entryBytes = BSON.calculateObjectSize({ _outbox: storedOutbox(entries) });
  }
}

/** The store's options as the service reads them from its environment. */
const serviceOptions = (): ContactStoreOptions =>
  contactsEnv
    .pick({ CONTACTS_GROUP_COMMIT: true, CONTACTS_SECONDARY_INDEXES: true, CONTACTS_PACK_OUTBOX: true })
    .parse(process.env);

/** The insert as before issue 17's cuts: a ContactChanged entry beside ContactRegistered. */
class WithChangedStore extends ContactStore {
  override async commit(change: Commit<Contact>): Promise<CommitResult<Contact>> {
    if (change.previous) return super.commit(change);
    const events = [...change.events, contactChanged(change.next.id, 1, change.events)];
    const res = await MongoAggregateStore.prototype.commit.call(this, { ...change, events });
    if (res.status === 'committed') this.readModel.upsert(res.state);
    return res as CommitResult<Contact>;
  }
}

/** The writes before issue 17's cuts: the ContactChanged entry, and one `$inc` per protocol number. */
class BeforeStore extends WithChangedStore {
  override async nextProtocolSeq(year: number): Promise<number> {
    const res = await this.collection.db
      .collection<{ _id: string; seq: number }>('protocol_counters')
      .findOneAndUpdate(
        { _id: String(year) },
        { $inc: { seq: 1 } },
        { upsert: true, returnDocument: 'after' },
      );
    if (!res) throw new Error(`protocol counter ${year}: no document after the upsert`);
    return res.seq;
  }
}

/** A `Db` whose `contacts` (and `protocol_counters`) are scratch collections of this run. */
function scratchDb(db: Db, suffix: string): Db {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'collection')
        return (name: string, options?: object) =>
          target.collection(
            name === 'contacts' || name === 'protocol_counters' ? `bench_${name}_${suffix}` : name,
            options,
          );
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

export interface StoreWritesResult {
  variant: string;
  registered: number;
  rps: number;
  batches?: number;
  ferretPerReg: number;
  ownPerReg: number;
  insertFerret: number;
  insertOwn: number;
  ackFerret: number;
  ackOwn: number;
  docBytes: number;
  load: string;
}

/** What is measured. */
export interface StoreWritesOptions {
  kind: 'information' | 'case';
  seconds: number;
  concurrency: number;
  /**
   * `service`: the store as the service is configured here (CONTACTS_GROUP_COMMIT, CONTACTS_SECONDARY_INDEXES,
   * CONTACTS_PACK_OUTBOX from the environment, as the service reads them); `now`: the defaults (group commit, indexes
   * `auto`, a write's events as one pack); `before`: the writes before issue 17's cuts (one insert and one protocol
   * `$inc` per registration, the five secondary indexes, a ContactChanged entry on the insert, each event its own
   * outbox element); or `now` with one thing put back, joined by `+`: `single` (no group commit), `indexes`,
   * `changed`, `unpacked` (each event its own outbox element, as before CONTACTS_PACK_OUTBOX).
   */
  variant: string;
  /** Also measure the insert alone and the acknowledgement alone (the cost part by part). */
  parts?: boolean;
  /**
   * Contacts in the scratch collection before measuring (copies of a registered one, without events, in batches
   * of 100): the collection's size as the service's (default 0: an empty collection).
   */
  prefill?: number;
}

/**
 * Registrations/s whose writes are all done (inserted and acknowledged) at `concurrency`, and the CPU per
 * registration of FerretDB and of this process.
 */
export async function storeWrites(db: Db, o: StoreWritesOptions): Promise<StoreWritesResult> {
  const { kind, seconds, concurrency, variant } = o;
  const parts = new Set(variant.split('+'));
  const suffix = `${Date.now()}_${Math.random().toString(36).slice(2, 6)}`;
  const sdb = scratchDb(db, suffix);
  const port = new CapturePort();
  const old = parts.has('before');
  const Store = old ? BeforeStore : parts.has('changed') ? WithChangedStore : ContactStore;
  const options: ContactStoreOptions = parts.has('service')
    ? serviceOptions()
    : {
        CONTACTS_GROUP_COMMIT: !(old || parts.has('single')),
        CONTACTS_SECONDARY_INDEXES: old || parts.has('indexes') ? 'all' : 'auto',
        CONTACTS_PACK_OUTBOX: !(old || parts.has('unpacked')),
      };
  const store = new Store(sdb, port, new ContactReadModel(), options);
  await store.onModuleInit();
  const contacts = sdb.collection('contacts') as Collection<Document>;
  const outbox = new OutboxStore(contacts);
  const svc = memoryService(new Date(), store as unknown as MemoryContactStore);
  const requester = await svc.requesterUseCases.create(OPERATOR, {
    kind: 'person',
    name: 'Mario Rossi',
    email: 'mario.rossi@example.org',
    preferredChannel: 'email',
    purpose: 'misura delle scritture di una registrazione',
  });
  const input = (i: number) =>
    kind === 'information'
      ? {
          channel: 'desk',
          type: 'information',
          subject: `Orari sportello anagrafe ${i}`,
          requesterId: requester.id,
          category: { level1: 'anagrafe_stato_civile' },
          resolvedAtFirstContact: true,
        }
      : {
          channel: 'desk',
          type: 'complaint',
          subject: `Disservizio sportello anagrafe ${i}`,
          text: `Attesa di due ore allo sportello ${i}`,
          requesterId: requester.id,
          category: { level1: 'anagrafe_stato_civile' },
        };
  // warm up (first commands prepare statements, the counter exists)
  for (let w = 0; w < 3; w++) await svc.contactUseCases.register(OPERATOR, input(w));
  await outbox.acknowledge(port.queue.splice(0));
  if (o.prefill) {
    const copies = sdb.collection<Document & { _id: string }>('contacts');
    const model = await copies.findOne({ _id: port.lastId });
    const { _id: _drop, _outbox: _o, ...fields } = model ?? { _id: '' };
    for (let i = 0; i < o.prefill; i += 100)
      await copies.insertMany(
        Array.from({ length: Math.min(100, o.prefill - i) }, () => ({ ...fields, _id: randomUUID() })),
      );
  }

  // 1. concurrent, with the relay's acknowledgement beside (rounds of everything written since the last one)
  let writing = true;
  let registered = 0;
  const acker = (async () => {
    while (writing || port.queue.length) {
      if (!port.queue.length) {
        await new Promise((r) => setTimeout(r, 1));
        continue;
      }
      const round = port.queue.splice(0);
      await outbox.acknowledge(round);
      registered += round.length;
    }
  })();
  const f0 = ferretCpuMs();
  const o0 = ownCpuMs();
  const b0 = store.inserts?.stats.batches ?? 0;
  const t0 = performance.now();
  let n = 10;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() - t0 < seconds * 1000)
        await svc.contactUseCases.register(OPERATOR, input(n++));
    }),
  );
  writing = false;
  await acker;
  const elapsed = performance.now() - t0;
  const ferret = ferretCpuMs() - f0;
  const own = ownCpuMs() - o0;
  const batches = store.inserts ? store.inserts.stats.batches - b0 : undefined;

  let insertFerret = NaN;
  let insertOwn = NaN;
  let ackFerret = NaN;
  let ackOwn = NaN;
  let pending: PendingDocument[] = [];
  if (o.parts) {
    // 2. the insert alone (no acknowledgement meanwhile), then 3. the acknowledgement alone, in rounds of c
    const insertN = Math.max(64, Math.min(400, registered));
    let f1 = ferretCpuMs();
    let o1 = ownCpuMs();
    let k = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (k < insertN) {
          k++;
          await svc.contactUseCases.register(OPERATOR, input(n++));
        }
      }),
    );
    insertFerret = (ferretCpuMs() - f1) / insertN;
    insertOwn = (ownCpuMs() - o1) / insertN;
    pending = port.queue.splice(0);
    f1 = ferretCpuMs();
    o1 = ownCpuMs();
    for (let i = 0; i < pending.length; i += concurrency)
      await outbox.acknowledge(pending.slice(i, i + concurrency));
    ackFerret = (ferretCpuMs() - f1) / pending.length;
    ackOwn = (ownCpuMs() - o1) / pending.length;
  }
  const sample = await contacts.findOne({ _id: port.lastId } as Document);
  // the document as inserted: its fields (its outbox is acknowledged by now) and its outbox as stored
  const docBytes = sample
    ? BSON.calculateObjectSize({ ...sample, _outbox: undefined }, { ignoreUndefined: true }) +
      port.entryBytes -
      5
    : NaN;
  await contacts.drop().catch(() => undefined);
  await sdb
    .collection('protocol_counters')
    .drop()
    .catch(() => undefined);
  return {
    variant,
    registered,
    rps: (registered * 1000) / elapsed,
    batches,
    ferretPerReg: ferret / registered,
    ownPerReg: own / registered,
    insertFerret,
    insertOwn,
    ackFerret,
    ackOwn,
    docBytes,
    load: load(),
  };
}
