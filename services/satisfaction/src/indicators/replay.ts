import { fromKafkaMessage } from '@urp/contracts';
import type { createRawKafka } from '@urp/messaging';
import { v7 as uuidv7 } from 'uuid';
import { IndicatorProjection } from './projection';

/** The Kafka client, as @urp/messaging constructs it (kafkajs is imported only there). */
export type KafkaClient = ReturnType<typeof createRawKafka>;
export type KafkaConsumer = ReturnType<KafkaClient['consumer']>;
type EachBatch = NonNullable<Parameters<KafkaConsumer['run']>[0]>['eachBatch'];
/** One message of a batch, as the client hands it over. */
export type KafkaMessage = Parameters<NonNullable<EachBatch>>[0]['batch']['messages'][number];

/** Applies one Kafka message to the projection (skips what the projection has already consumed). */
export function applyMessage(
  projection: IndicatorProjection,
  topic: string,
  partition: number,
  message: KafkaMessage,
): 'applied' | 'skipped' | 'invalid' {
  const next = projection.offsets.get(`${topic}|${partition}`);
  if (next !== undefined && BigInt(message.offset) < BigInt(next)) return 'skipped';
  let outcome: 'applied' | 'skipped' | 'invalid' = 'skipped';
  try {
    const event = fromKafkaMessage(message);
    // the projection parses what it reads by its contract; an unknown type is another consumer's business
    if (projection.handles(event.type)) outcome = projection.apply(event) ? 'applied' : 'skipped';
  } catch {
    // a message that breaks its contract is the producer's bug (and in its DLQ flow): the figures skip it
    outcome = 'invalid';
  }
  projection.markOffset(topic, partition, message.offset);
  return outcome;
}

/** The end offsets now (high watermarks): what "everything so far" means for a rebuild. */
export async function endOffsets(
  kafka: KafkaClient,
  topics: readonly string[],
): Promise<Map<string, string>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const ends = new Map<string, string>();
    for (const topic of topics.filter((t) => existing.has(t)))
      for (const p of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}|${p.partition}`, p.high);
    return ends;
  } finally {
    await admin.disconnect();
  }
}

export const reached = (projection: IndicatorProjection, ends: Map<string, string>): boolean => {
  for (const [key, high] of ends) {
    if (high === '0') continue;
    const next = projection.offsets.get(key);
    if (next === undefined || BigInt(next) < BigInt(high)) return false;
  }
  return true;
};

export interface ReplayResult {
  projection: IndicatorProjection;
  events: number;
  messages: number;
  invalid: number;
  durationMs: number;
}

/**
 * Rebuilds the indicators from nothing: reads every topic from offset 0 up to the end offsets of the
 * moment it starts, into a fresh projection. It reads through a throwaway consumer group that commits
 * nothing and is deleted afterwards (kafkajs has no group-less assignment).
 */
export async function replayTopics(
  kafka: KafkaClient,
  topics: readonly string[],
  options: { groupPrefix?: string; timeoutMs?: number } = {},
): Promise<ReplayResult> {
  const started = Date.now();
  const projection = new IndicatorProjection();
  const ends = await endOffsets(kafka, topics);
  let messages = 0;
  let invalid = 0;
  if (reached(projection, ends))
    return { projection, events: 0, messages, invalid, durationMs: Date.now() - started };
  const groupId = `${options.groupPrefix ?? 'urp.satisfaction'}.rebuild.${uuidv7()}`;
  const consumer = kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    maxBytesPerPartition: 4 * 1024 * 1024,
  });
  let done!: () => void;
  let fail!: (e: Error) => void;
  const finished = new Promise<void>((resolve, reject) => {
    done = resolve;
    fail = reject;
  });
  const timer = setTimeout(
    () => fail(new Error(`replay did not reach the end offsets in ${options.timeoutMs ?? 300_000} ms`)),
    options.timeoutMs ?? 300_000,
  );
  try {
    await consumer.connect();
    await consumer.subscribe({
      topics: [...new Set([...ends.keys()].map((k) => k.split('|')[0]))],
      fromBeginning: true,
    });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch, heartbeat }) => {
        for (const m of batch.messages) {
          messages++;
          if (applyMessage(projection, batch.topic, batch.partition, m) === 'invalid') invalid++;
        }
        await heartbeat();
        if (reached(projection, ends)) done();
      },
    });
    await finished;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
  return {
    projection,
    events: projection.eventsApplied,
    messages,
    invalid,
    durationMs: Date.now() - started,
  };
}
