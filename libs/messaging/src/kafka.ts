import { Logger } from '@nestjs/common';
import { deadLetterTopic, type TopicDefinition } from '@urp/contracts';
import { Kafka, logLevel, Partitioners, type Admin, type KafkaConfig, type Producer } from 'kafkajs';

export interface KafkaConnectionOptions {
  clientId: string;
  brokers: string[];
}

const levelNames: Record<number, 'error' | 'warn' | 'log' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'log',
  [logLevel.DEBUG]: 'debug',
};

/** kafkajs, logging through Nest's logger (JSON in services). The only place the client is constructed. */
export function createKafka(options: KafkaConnectionOptions, extra: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5000 },
    logCreator: () => (entry) => {
      const logger = new Logger(`kafka:${entry.namespace}`);
      const { message, ...rest } = entry.log;
      logger[levelNames[entry.level] ?? 'log'](`${message} ${JSON.stringify(rest)}`);
    },
    ...extra,
  });
}

export function createProducer(kafka: Kafka): Producer {
  // Java-compatible murmur2 partitioner: the same key lands on the same partition as with any other client.
  return kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
}

/** Creates the catalog's topics and their dead-letter topics if missing (idempotent, safe to race). */
export async function ensureTopics(admin: Admin, topics: TopicDefinition[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const wanted = topics.flatMap((t) => [
    { topic: t.name, numPartitions: t.partitions },
    { topic: deadLetterTopic(t.name), numPartitions: 1 },
  ]);
  const missing = wanted.filter((t) => !existing.has(t.topic));
  if (!missing.length) return;
  try {
    await admin.createTopics({ topics: missing, waitForLeaders: true });
  } catch (e) {
    // another service created some of them at the same moment: fine, as long as they exist now
    const now = new Set(await admin.listTopics());
    const still = missing.filter((t) => !now.has(t.topic));
    if (still.length) throw e;
  }
}
