/**
 * The store's own ceiling for the writes one backbone event costs, measured without Kafka, on the same
 * database server, with the same library operations and the same document shapes as the backbone phases:
 *
 *   1. the use case's insert: the item with its outbox entry embedded (`withEvents`), one `insertOne`;
 *   2. the relay's acknowledgement: `OutboxStore.acknowledge` (`$pullAll` of exactly the published entries,
 *      `{_id}` filters, bulk writes of at most 50), for the events inserted since the previous round, as the
 *      relay acknowledges what one publish round sent;
 *   3. the consumer's idempotent apply: `applyOnce(bench_counters, bucket, event id, {$inc})` on 16 buckets.
 *
 * `concurrency` events are in flight at once (each: insert, then apply; the acknowledger runs beside them in
 * rounds). The rate is events whose three writes are all done / elapsed time. It is what the database can
 * carry if Kafka, the relay and the consumer runtime cost nothing: the backbone's events/s as a share of it
 * says how much of the gap is ours and how much is the store's.
 */
import { createEvent } from '@urp/contracts';
import { applyOnce, OutboxStore, toOutboxEntry, withEvents, type PendingDocument } from '@urp/persistence';
import type { Db, Document } from 'mongodb';
import { benchCatalog, bucketOf, COUNTERS } from './backbone-app';
import { sleep } from './load';
import { now, perSecond } from './stats';

export interface CeilingResult {
  concurrency: number;
  events: number;
  elapsedMs: number;
  eventsPerSecond: number;
  /** Writes (statements) per event: 1 insert + 1 ack statement + 1 apply. */
  ackRounds: number;
  limitedBy?: string;
}

export async function storeCeiling(
  db: Db,
  o: { events: number; concurrency: number; budgetMs: number; aggregate: string },
): Promise<CeilingResult> {
  const { BenchItemCreated, catalog } = benchCatalog(o.aggregate);
  const items = db.collection<Document>('bench_items');
  // the index outboxPlugin declares for the relay's sweep (mongoose creates it in the backbone phases)
  await items.createIndex({ '_outbox.id': 1 });
  const outbox = new OutboxStore(items);
  const toAck: PendingDocument[] = [];
  let acked = 0;
  let applied = 0;
  let next = 0;
  let writing = true;
  let ackRounds = 0;
  const t0 = now();
  const deadline = t0 + o.budgetMs;

  const acknowledger = (async () => {
    while (writing || toAck.length) {
      if (!toAck.length) {
        await sleep(1);
        continue;
      }
      const round = toAck.splice(0, toAck.length);
      await outbox.acknowledge(round);
      acked += round.length;
      ackRounds++;
    }
  })();

  const worker = async () => {
    while (next < o.events && now() < deadline) {
      const i = next++;
      const itemId = `ceiling-${i}`;
      const bucket = bucketOf(i);
      const event = createEvent(
        BenchItemCreated,
        itemId,
        { itemId, bucket, writtenAt: now() },
        { source: '/urp/bench' },
      );
      const entry = toOutboxEntry(catalog, event);
      entry.headers.traceparent = `00-${'0'.repeat(31)}1-${'0'.repeat(15)}1-01`; // as EventOutbox adds one
      await items.insertOne(withEvents({ _id: itemId, bucket } as Document, [entry]));
      toAck.push({ _id: itemId, entries: [entry] });
      await applyOnce(db.collection(COUNTERS), bucket, event.id, { $inc: { n: 1 } });
      applied++;
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  writing = false;
  await acknowledger;
  const elapsedMs = now() - t0;
  return {
    concurrency: o.concurrency,
    events: Math.min(applied, acked),
    elapsedMs,
    eventsPerSecond: perSecond(Math.min(applied, acked), elapsedMs),
    ackRounds,
    ...(next < o.events
      ? { limitedBy: `time budget: ${next} of ${o.events} events in ${o.budgetMs / 1000}s` }
      : {}),
  };
}
