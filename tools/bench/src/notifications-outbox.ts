/**
 * What a slice's outcome document costs FerretDB by the form of its outbox entries (issue 14): the insert of the
 * document (16 outcomes, 2 events each, as `NotificationStore.recordSlice` writes it) and the relay's
 * acknowledgement of it, as FerretDB's own CPU time (`/proc/<pid>/stat`) per message, which a loaded machine blurs far
 * less than wall time. Forms alternate round by round (A B C A B C …) so each meets the same load.
 *
 *   node -r @swc-node/register tools/bench/src/notifications-outbox.ts
 *
 * Env: MONGO_URL (or URP_MONGO_PORT), URP_INFRA_DIR or BENCH_FERRETDB_PID (FerretDB's pid), BENCH_OUTBOX_SLICES
 * (250 documents = 4,000 messages per round), BENCH_OUTBOX_ROUNDS (3).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createEvent, NotificationDeliveredV1, NotificationQueuedV1, type CloudEvent } from '@urp/contracts';
import { BSON, MongoClient, type Collection, type Document } from 'mongodb';
import { catalog } from '@urp/contracts';
import { toOutboxEntry, type OutboxEntry } from '@urp/persistence';
import { deflateRawSync } from 'node:zlib';
import { processCpuMs } from '@urp/testing';
import { load, num } from './notifications-harness';

const SLICES = num('BENCH_OUTBOX_SLICES', 250);
const ROUNDS = num('BENCH_OUTBOX_ROUNDS', 3);
const PER_SLICE = 16;
const mongoUrl = process.env.MONGO_URL ?? `mongodb://127.0.0.1:${process.env.URP_MONGO_PORT ?? 27117}`;
const pid = Number(
  process.env.BENCH_FERRETDB_PID ??
    readFileSync(join(process.env.URP_INFRA_DIR ?? '.infra', 'ferretdb', 'ferretdb.pid'), 'utf8').trim(),
);
const cpuMs = (): number => processCpuMs(pid) ?? NaN;

const TRACE = () => `00-${randomUUID().replace(/-/g, '')}-${randomUUID().replace(/-/g, '').slice(0, 16)}-01`;

/** The two events of one message's first attempt, as the service emits them. */
function events(i: number): CloudEvent[] {
  const id = `ntf_bench-${i}`;
  const origin = {
    notificationId: id,
    requestedBy: 'CitizenNotificationRequested',
    caseId: `case_bench_${i}`,
    channel: 'email' as const,
    template: 'case_answered',
  };
  const cause = {
    source: '/urp/campaigns',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    traceparent: TRACE(),
  };
  return [
    createEvent(
      NotificationQueuedV1,
      id,
      {
        ...origin,
        recipientType: 'requester',
        recipientId: `req_bench${i}`,
        queuedAt: new Date().toISOString(),
      },
      cause,
    ),
    createEvent(
      NotificationDeliveredV1,
      id,
      { ...origin, status: 'delivered', attempts: 1, at: new Date().toISOString() },
      cause,
    ),
  ];
}

const outcome = (i: number) => ({
  id: `ntf_bench-${i}`,
  channel: 'email',
  status: 'delivered',
  attempts: 1,
  nextAttemptAt: new Date(),
  sentAt: new Date(),
  deliveredAt: new Date(),
});

interface Form {
  name: string;
  /** The stored form of an entry. */
  store: (e: OutboxEntry) => unknown;
  /** The acknowledgement of a document with these stored entries. */
  ack: (c: Collection<Document>, id: string, stored: unknown[]) => Promise<unknown>;
  /** How the slice's outcomes are stored (as objects by default). */
  outcomes?: (o: ReturnType<typeof outcome>[]) => Record<string, unknown>;
  /** The stored entries of a document as one packed element (default: one element per entry). */
  pack?: (entries: unknown[]) => unknown[];
}

const pullAll = (c: Collection<Document>, id: string, stored: unknown[]) =>
  c.updateOne({ _id: id as never }, { $pullAll: { _outbox: stored } } as never);

const FORMS: Form[] = [
  // a plain copy has no `toBSON`: stored as entries were before, the ten headers as fields
  { name: 'headers as fields (before)', store: (e) => ({ ...e }), ack: pullAll },
  // the entry as `toOutboxEntry` makes it: stored compact (`{ id, env, value }`)
  { name: 'compact `{ id, env, value }`', store: (e) => e, ack: pullAll },
  // and the outcomes as one Extended JSON text (NotificationStore's `outcomesText`)
  {
    name: 'compact, outcomes as one text',
    store: (e) => e,
    ack: pullAll,
    outcomes: (o) => ({ outcomesText: BSON.EJSON.stringify(o, { relaxed: true }) }),
  },
  // every entry of the document in ONE element: the ids, and the entries as one deflated Extended JSON text
  {
    name: 'packed: one element, entries deflated (was)',
    store: (e) => e,
    ack: pullAll,
    outcomes: (o) => ({ outcomesText: BSON.EJSON.stringify(o, { relaxed: true }) }),
    pack: (entries) => [
      {
        id: (entries[0] as { id: string }).id,
        ids: entries.map((x) => (x as { id: string }).id),
        z: new BSON.Binary(
          deflateRawSync(Buffer.from(BSON.EJSON.stringify(entries, { relaxed: true })), { level: 1 }),
        ),
      },
    ],
  },
  // and the outcomes as their Extended JSON text deflated (NotificationStore's `outcomesZ`)
  {
    name: 'packed, outcomes deflated (now)',
    store: (e) => e,
    ack: pullAll,
    outcomes: (o) => ({
      outcomesZ: new BSON.Binary(
        deflateRawSync(Buffer.from(BSON.EJSON.stringify(o, { relaxed: true })), { level: 1 }),
      ),
    }),
    pack: (entries) => [
      {
        id: (entries[0] as { id: string }).id,
        ids: entries.map((x) => (x as { id: string }).id),
        z: new BSON.Binary(
          deflateRawSync(Buffer.from(BSON.EJSON.stringify(entries, { relaxed: true })), { level: 1 }),
        ),
      },
    ],
  },
  // what a pack without its list of ids would cost (a possible change of `packOutbox` in libs/persistence: the ids
  // are in the deflated text too)
  {
    name: 'packed without the ids list, outcomes deflated',
    store: (e) => e,
    ack: pullAll,
    outcomes: (o) => ({
      outcomesZ: new BSON.Binary(
        deflateRawSync(Buffer.from(BSON.EJSON.stringify(o, { relaxed: true })), { level: 1 }),
      ),
    }),
    pack: (entries) => [
      {
        id: (entries[0] as { id: string }).id,
        z: new BSON.Binary(
          deflateRawSync(Buffer.from(BSON.EJSON.stringify(entries, { relaxed: true })), { level: 1 }),
        ),
      },
    ],
  },
];

/** BENCH_OUTBOX_FORMS: only the forms whose name matches this pattern (all by default). */
const forms = FORMS.filter((f) => new RegExp(process.env.BENCH_OUTBOX_FORMS ?? '').test(f.name));

async function round(db: ReturnType<MongoClient['db']>, form: Form, r: number) {
  const c = db.collection(`outbox_price_${r}_${form.name.replace(/\W+/g, '_')}`);
  await c.insertOne({ _id: 'warm' as never });
  const docs = Array.from({ length: SLICES }, (_, s) => {
    const entries: unknown[] = [];
    for (let m = 0; m < PER_SLICE; m++)
      for (const e of events(s * PER_SLICE + m)) entries.push(form.store(toOutboxEntry(catalog, e)));
    const outcomes = Array.from({ length: PER_SLICE }, (_, m) => outcome(s * PER_SLICE + m));
    return {
      _id: randomUUID(),
      at: new Date(),
      ...(form.outcomes ? form.outcomes(outcomes) : { outcomes }),
      _outbox: form.pack ? form.pack(entries) : entries,
    };
  });
  const bytes = docs.reduce((n, d) => n + BSON.calculateObjectSize(d), 0) / SLICES;
  // two in flight, as the sender records slices
  const inFlight = async (fn: (d: (typeof docs)[number]) => Promise<unknown>) => {
    let next = 0;
    const t0 = cpuMs();
    await Promise.all(
      [0, 1].map(async () => {
        while (next < docs.length) await fn(docs[next++]);
      }),
    );
    return (cpuMs() - t0) / (SLICES * PER_SLICE);
  };
  const insert = await inFlight((d) => c.insertOne(d as never));
  const ack = await inFlight((d) => form.ack(c, d._id, d._outbox));
  const left = await c.countDocuments({ '_outbox.0': { $exists: true } });
  await c.drop();
  return { insert, ack, bytes, left };
}

async function main() {
  const client = await new MongoClient(mongoUrl).connect();
  const db = client.db(`bench_outbox_price_${Date.now().toString(36)}`);
  console.log(`outbox forms: ${SLICES} slice documents of ${PER_SLICE} messages per round; load ${load()}`);
  const all = new Map<string, { insert: number; ack: number; bytes: number }[]>();
  for (let r = 0; r < ROUNDS; r++) {
    for (const form of forms) {
      const x = await round(db, form, r);
      if (x.left)
        throw new Error(`${form.name}: ${x.left} documents still carry entries after the acknowledgement`);
      all.set(form.name, [...(all.get(form.name) ?? []), x]);
      console.log(
        `round ${r + 1} ${form.name}: insert ${x.insert.toFixed(3)} + ack ${x.ack.toFixed(3)} ms of FerretDB CPU per message; ${x.bytes.toFixed(0)} BSON bytes per document (load ${load()})`,
      );
    }
  }
  console.log(
    '\n| outbox entry form | BSON bytes per document | FerretDB CPU ms per message: insert | acknowledgement |',
  );
  console.log('|---|---|---|---|');
  for (const [name, xs] of all) {
    const range = (k: 'insert' | 'ack') =>
      `${Math.min(...xs.map((x) => x[k])).toFixed(3)}–${Math.max(...xs.map((x) => x[k])).toFixed(3)}`;
    console.log(`| ${name} | ${xs[0].bytes.toFixed(0)} | ${range('insert')} | ${range('ack')} |`);
  }
  await db.dropDatabase();
  await client.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
