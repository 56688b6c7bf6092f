/**
 * The baseline: plain kafkajs on the same broker, no database, no framework. A producer sends small
 * messages in batches (acks=all, as the outbox relay does) and a consumer group consumes them.
 */
import { createRawKafka, kafkaLogLevel, kafkaPartitioners } from '@urp/messaging';
import type { Consumer, Message, Producer } from 'kafkajs';
import { closedLoop, openLoop, waitUntil } from './load';
import { now, perSecond, summarize, type Summary } from './stats';

export interface RawOptions {
  brokers: string[];
  suffix: string;
  events: number;
  batchSize: number;
  inFlight: number;
  steadyRate: number;
  steadySeconds: number;
  tickMs: number;
}

export interface RawThroughput {
  events: number;
  received: number;
  batchSize: number;
  sendsInFlight: number;
  elapsedMs: number;
  eventsPerSecond: number;
}

export interface RawSteady {
  rate: number;
  seconds: number;
  sent: number;
  received: number;
  latencyMs: Summary;
}

export interface RawResult {
  topic: string;
  throughput: RawThroughput;
  steady: RawSteady;
  duplicates: number;
  lost: number;
}

const PHASE = 'bench-phase';
const SENT_AT = 'bench-sent-at';

export async function runRawBaseline(o: RawOptions): Promise<RawResult> {
  const kafka = createRawKafka(
    { clientId: 'urp-bench-raw', brokers: o.brokers },
    { logLevel: kafkaLogLevel.WARN },
  );
  const topic = `bench.raw.${o.suffix}`;
  const admin = kafka.admin();
  const producer: Producer = kafka.producer({
    createPartitioner: kafkaPartitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  let consumer: Consumer | undefined;
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await producer.connect();

    // per phase: how many arrived, when the last one did, latencies (steady phase), keys seen (duplicates)
    const phases = new Map<string, { received: number; lastAt: number; latencies: number[] }>();
    const seen = new Set<string>();
    let duplicates = 0;
    consumer = kafka.consumer({ groupId: `bench-raw-${o.suffix}`, allowAutoTopicCreation: false });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch }) => {
        const at = now();
        for (const m of batch.messages) {
          const key = m.key?.toString() ?? '';
          if (seen.has(key)) duplicates++;
          seen.add(key);
          const phase = m.headers?.[PHASE]?.toString() ?? '?';
          let p = phases.get(phase);
          if (!p) phases.set(phase, (p = { received: 0, lastAt: 0, latencies: [] }));
          p.received++;
          p.lastAt = at;
          const sentAt = Number(m.headers?.[SENT_AT]?.toString());
          if (Number.isFinite(sentAt)) p.latencies.push(at - sentAt);
        }
      },
    });
    const received = (phase: string) => phases.get(phase)?.received ?? 0;
    const message = (phase: string, i: number, sentAt: number): Message => ({
      key: `${phase}-${i}`,
      value: JSON.stringify({
        itemId: `${phase}-${i}`,
        bucket: `b${String(i % 16).padStart(2, '0')}`,
        writtenAt: sentAt,
      }),
      headers: { [PHASE]: phase, [SENT_AT]: String(sentAt) },
    });

    // the group is joined once a warm-up message went through
    await producer.send({ topic, acks: -1, messages: [message('warmup', 0, now())] });
    if (!(await waitUntil(() => received('warmup') === 1, 30_000)))
      throw new Error('raw consumer did not receive the warm-up message in 30s');

    // 1. throughput: batches of `batchSize`, `inFlight` sends at a time
    const sends = Math.ceil(o.events / o.batchSize);
    const t0 = now();
    await closedLoop({
      total: sends,
      concurrency: o.inFlight,
      deadline: Number.POSITIVE_INFINITY,
      task: async (s) => {
        const at = now();
        const count = Math.min(o.batchSize, o.events - s * o.batchSize);
        const messages = Array.from({ length: count }, (_, k) => message('tp', s * o.batchSize + k, at));
        await producer.send({ topic, acks: -1, messages });
      },
    });
    await waitUntil(() => received('tp') >= o.events, 60_000);
    const tp = phases.get('tp');
    const elapsedMs = (tp?.lastAt ?? now()) - t0;
    const throughput: RawThroughput = {
      events: o.events,
      received: received('tp'),
      batchSize: o.batchSize,
      sendsInFlight: o.inFlight,
      elapsedMs,
      eventsPerSecond: perSecond(received('tp'), elapsedMs),
    };

    // 2. steady rate: a few messages every tick, each stamped with its send time
    const total = o.steadyRate * o.steadySeconds;
    const pending: Promise<unknown>[] = [];
    let sendErrors = 0;
    await openLoop({
      ratePerSecond: o.steadyRate,
      total,
      tickMs: o.tickMs,
      emit: (from, count) => {
        const at = now();
        const messages = Array.from({ length: count }, (_, k) => message('steady', from + k, at));
        pending.push(producer.send({ topic, acks: -1, messages }).catch(() => void sendErrors++));
      },
    });
    await Promise.all(pending);
    if (sendErrors) throw new Error(`raw steady run: ${sendErrors} sends failed`);
    await waitUntil(() => received('steady') >= total, 30_000);
    const steady: RawSteady = {
      rate: o.steadyRate,
      seconds: o.steadySeconds,
      sent: total,
      received: received('steady'),
      latencyMs: summarize(phases.get('steady')?.latencies ?? []),
    };
    const lost = o.events - throughput.received + (total - steady.received);
    return { topic, throughput, steady, duplicates, lost };
  } finally {
    await consumer?.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}
