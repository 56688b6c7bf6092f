import { Logger } from '@nestjs/common';
import { fromKafkaMessage, HEADERS, type CloudEvent } from '@urp/contracts';
import { createKafka } from '@urp/messaging';

type Kafka = ReturnType<typeof createKafka>;
type Consumer = ReturnType<Kafka['consumer']>;

/** Per partition (as a string), a Kafka offset (as a string): where a replay starts. */
export type TopicOffsets = Record<string, string>;

/** One partition of a topic: its first and next offsets. */
export interface PartitionRange {
  partition: number;
  low: string;
  high: string;
}

export interface ChangeFollowerOptions {
  brokers: string[];
  clientId: string;
  /** A group of this instance's own (it commits nothing: where it stands lives in memory and in snapshots). */
  groupId: string;
  /** The change topic: the follower keeps, per partition, the offset after the last event it applied. */
  topic: string;
  /** Other topics read by the same consumer, whose offsets are not kept (e.g. contacts' requester topic). */
  alsoTopics?: string[];
  /** Each event, in partition order; a malformed message is skipped (the service's own consumer dead-letters it). */
  onEvent: (event: CloudEvent, topic: string) => Promise<void>;
  /**
   * The only types `onEvent` is given: a message whose `ce_type` header names another only moves the position,
   * unparsed (a registration's ContactClosed, a case's CaseOpened: the contacts read model takes neither).
   * Absent: every event.
   */
  types?: readonly string[];
  /**
   * Each join of the group (`first`: the first one). A later join (a rebalance) resumes from the positions
   * applied, when every partition's is known; otherwise from the newest offset, and this is the place to close
   * the gap (a re-read of what changed).
   */
  onJoin?: (first: boolean, resumed: boolean) => unknown;
  /** How long `start` waits for the first join. Default 15 s. */
  joinWaitMs?: number;
  logger?: Logger;
}

/** What `ReadModelSync` asks of its follower (a fake in unit tests). */
export interface ChangeFollowerPort {
  topicRanges(): Promise<PartitionRange[]>;
  applied(): TopicOffsets;
  start(from?: TopicOffsets): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * A read model's view of its change topic: a consumer per instance, with a group of its own, from a given set
 * of offsets (a snapshot's, or the topic's ends read before a full read) or the newest one, committing nothing.
 * It keeps the positions it has applied, so a snapshot can say from where the next start replays, and so a
 * rejoin resumes where it stood instead of at the newest offset.
 */
export class ChangeFollower implements ChangeFollowerPort {
  private readonly logger: Logger;
  private client?: Kafka;
  private consumer?: Consumer;
  private readonly positions = new Map<number, string>();
  private partitions?: number[];
  private joins = 0;

  constructor(private readonly options: ChangeFollowerOptions) {
    this.logger = options.logger ?? new Logger(ChangeFollower.name);
  }

  /** The client, made at first use (a follower that never starts needs no broker). */
  private get kafka(): Kafka {
    this.client ??= createKafka({ clientId: this.options.clientId, brokers: this.options.brokers });
    return this.client;
  }

  /** The change topic's partitions, their first and next offsets (an admin request). */
  async topicRanges(): Promise<PartitionRange[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const ranges = (await admin.fetchTopicOffsets(this.options.topic)).map((o) => ({
        partition: o.partition,
        low: o.low,
        high: o.high,
      }));
      this.partitions = ranges.map((r) => r.partition);
      return ranges;
    } finally {
      await admin.disconnect();
    }
  }

  /** Per partition, the offset after the last event applied (or where the replay started). */
  applied(): TopicOffsets {
    return Object.fromEntries([...this.positions].map(([p, o]) => [String(p), o]));
  }

  /**
   * Starts the consumer from `from` (every partition named there; the others from the newest offset) and waits
   * up to `joinWaitMs` for its first join: true when it joined. A consumer that fails to start is logged, not
   * thrown: the read model then serves this instance's own writes only.
   */
  async start(from?: TopicOffsets): Promise<boolean> {
    for (const [p, o] of Object.entries(from ?? {})) this.positions.set(Number(p), o);
    let timer: NodeJS.Timeout | undefined;
    let joined: (ok: boolean) => void = () => undefined;
    const first = new Promise<boolean>((resolve) => {
      joined = resolve;
      timer = setTimeout(() => resolve(false), this.options.joinWaitMs ?? 15_000);
    });
    this.run(() => joined(true)).catch((e: Error) => {
      this.logger.error(`read model consumer did not start: ${e.message} (other instances' writes unseen)`);
      joined(false);
    });
    const ok = await first;
    clearTimeout(timer);
    if (!ok)
      this.logger.warn('read model consumer not joined yet: it resumes from its positions when it joins');
    return ok;
  }

  private async run(firstJoin: () => void): Promise<void> {
    const { topic } = this.options;
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      allowAutoTopicCreation: false,
      // the broker answers a fetch as soon as a change arrives (minBytes 1), unlike the services' consumers
      // (messaging's CONSUMER_FETCH, up to 200 ms for a batch): another instance's write must show here at once, or
      // an operator's next page, served by this instance, shows what was there before. The wait only bounds an
      // idle fetch: 100 ms made 10 idle fetches a second per instance (about 9 ms of CPU a second, session 27's price)
      maxWaitTimeInMs: 1000,
      sessionTimeout: 6000,
      heartbeatInterval: 1000,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      const first = this.joins++ === 0;
      const resumed = this.resume();
      if (first) firstJoin();
      try {
        void Promise.resolve(this.options.onJoin?.(first, resumed)).catch((e: Error) =>
          this.logger.warn(`read model join: ${e.message}`),
        );
      } catch (e) {
        this.logger.warn(`read model join: ${(e as Error).message}`);
      }
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic, ...(this.options.alsoTopics ?? [])], fromBeginning: false });
    const types = this.options.types && new Set(this.options.types);
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic: from, partition, message }) => {
        let event: CloudEvent | undefined;
        const type = message.headers?.[HEADERS.type];
        if (types && type !== undefined && !types.has(String(Array.isArray(type) ? type[0] : type))) {
          event = undefined; // a type this read model does not take
        } else {
          try {
            event = fromKafkaMessage(message);
          } catch {
            event = undefined; // not ours to judge: the service's own consumers dead-letter what is malformed
          }
        }
        if (event && (!types || types.has(event.type))) await this.options.onEvent(event, from);
        if (from === topic) this.positions.set(partition, (BigInt(message.offset) + BigInt(1)).toString());
      },
    });
    this.resume();
  }

  /** Seeks every partition to its applied position; true when every known partition has one. */
  private resume(): boolean {
    const consumer = this.consumer;
    if (!consumer || !this.positions.size) return false;
    for (const [partition, offset] of this.positions)
      consumer.seek({ topic: this.options.topic, partition, offset });
    return this.partitions?.every((p) => this.positions.has(p)) ?? false;
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect().catch(() => undefined);
  }
}
