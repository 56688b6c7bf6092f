import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  ContactChangedV1,
  ContactTopic,
  fromKafkaMessage,
  RequesterChangedV1,
  RequesterTopic,
} from '@urp/contracts';
import { PeriodicTasks } from '@urp/kernel';
import { createKafka } from '@urp/messaging';
import { CONTACTS_CONFIG, type ContactsConfig } from '../config';
import { RequesterStore } from '../requester/requester.store';
import { ContactSnapshotStore } from './contact.read-model.snapshot';
import { ContactStore } from './contact.store';

type Consumer = ReturnType<ReturnType<typeof createKafka>['consumer']>;

/** How long the start waits for the consumer to join before rebuilding anyway (the broker may be slow). */
const JOIN_WAIT_MS = 15_000;
/** A snapshot older than this is not trusted to find its events still on the topic: a full rebuild instead. */
const SNAPSHOT_MAX_AGE_MS = 24 * 3_600_000;
/** The window of duplicate suggestions: open cases registered since then need their text stems after a load. */
const STEMS_WINDOW_MS = 61 * 86_400_000;

/**
 * The read models' life (issue 17). At start: the contacts read model from its snapshot (a few documents read
 * by `_id`) when there is a recent one whose events are still on the topic, with this instance's own consumer
 * of `ContactChanged` replaying the writes since from the snapshot's positions; otherwise from the collection
 * (the one full read), after that consumer has joined so that no other instance's write between the read and
 * the join is missed. The requester search index is rebuilt from its collection. Each event re-reads its
 * document by `_id`, and a row never goes back to an older revision. The consumer has a group per instance and
 * commits nothing. One instance at a time writes a new snapshot every `CONTACTS_SNAPSHOT_INTERVAL_MS`.
 */
@Injectable()
export class ContactReadModelSync implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ContactReadModelSync.name);
  private consumer?: Consumer;
  private started = false;
  /** Per partition of the contact topic, the offset after the last event this instance has applied. */
  private readonly positions = new Map<number, string>();

  constructor(
    @Inject(CONTACTS_CONFIG) private readonly config: ContactsConfig,
    private readonly contacts: ContactStore,
    private readonly requesters: RequesterStore,
    @Optional() private readonly snapshots?: ContactSnapshotStore,
    @Optional() private readonly tasks?: PeriodicTasks,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // the platform bootstraps a hybrid application's modules twice (HTTP + Kafka)
    if (this.started) return;
    this.started = true;
    const t0 = Date.now();
    const kafka = createKafka({ clientId: 'contacts-read-model', brokers: this.config.KAFKA_BROKERS });
    const topic = await this.topicOffsets(kafka).catch((e: Error) => {
      this.logger.warn(`contact topic offsets unknown: ${e.message}`);
      return undefined;
    });
    const snapshot = topic ? await this.usableSnapshot(topic) : undefined;
    let how: string;
    if (snapshot) {
      this.contacts.readModel.replaceRows(snapshot.rows);
      for (const [p, o] of Object.entries(snapshot.offsets)) this.positions.set(Number(p), o);
      await this.follow(kafka, snapshot.offsets).catch((e: Error) => this.followFailed(e));
      how = `from the snapshot of ${snapshot.takenAt.toISOString()}`;
    } else {
      for (const t of topic ?? []) this.positions.set(t.partition, t.high);
      await this.follow(kafka).catch((e: Error) => this.followFailed(e));
      await this.contacts.readModel.rebuildFrom(this.contacts.all());
      how = 'from the collection';
    }
    let requesters = 0;
    for await (const r of this.requesters.all()) {
      this.requesters.search.upsert(r);
      requesters++;
    }
    this.logger.log(
      `read models ready ${how}: ${this.contacts.readModel.size} contacts, ${requesters} requesters in ${Date.now() - t0} ms`,
    );
    if (snapshot) void this.fillStems().catch((e: Error) => this.logger.warn(`stems: ${e.message}`));
    if (!this.config.CONTACTS_SNAPSHOT_INTERVAL_MS) return;
    // after a full read, a snapshot at once (not behind the periodic task's lease, which a stopped holder
    // keeps for three intervals): the next start is quick
    if (!snapshot) void this.snapshot().catch((e: Error) => this.logger.warn(`snapshot: ${e.message}`));
    this.tasks?.every(
      'contacts.read-model-snapshot',
      this.config.CONTACTS_SNAPSHOT_INTERVAL_MS,
      () => this.snapshot(),
      { runAtStart: false },
    );
  }

  /** The full rebuild of the contacts read model from the collection (tests, an administrator). */
  async rebuild(): Promise<number> {
    return this.contacts.readModel.rebuildFrom(this.contacts.all());
  }

  /** Writes a snapshot of the read model as this instance holds it, with the positions it has applied. */
  async snapshot(): Promise<number> {
    if (!this.snapshots) return 0;
    // the positions first: every write after them is replayed by the next start (a re-read is harmless)
    const offsets = Object.fromEntries([...this.positions].map(([p, o]) => [String(p), o]));
    const rows = this.contacts.readModel.rows();
    await this.snapshots.save(rows, offsets, new Date());
    return rows.length;
  }

  /** Another instance wrote a contact: re-read it by `_id` unless this instance holds that revision. */
  async refreshContact(id: string, revision: number): Promise<void> {
    if ((this.contacts.readModel.get(id)?.revision ?? 0) >= revision) return;
    const c = await this.contacts.get(id);
    if (c) this.contacts.readModel.upsert(c);
  }

  /** A snapshot's rows carry no text stems: the open cases of the duplicates' window are read again by `_id`. */
  private async fillStems(): Promise<void> {
    const ids = this.contacts.readModel.missingTokens(new Date(Date.now() - STEMS_WINDOW_MS));
    for (let i = 0; i < ids.length; i += 50) {
      const found = await this.contacts.getMany(ids.slice(i, i + 50));
      for (const c of found.values()) this.contacts.readModel.upsert(c);
    }
  }

  private async usableSnapshot(topic: TopicOffsets) {
    if (!this.snapshots) return undefined;
    const s = await this.snapshots.load().catch((e: Error) => {
      this.logger.warn(`read model snapshot unreadable: ${e.message}`);
      return undefined;
    });
    if (!s || Date.now() - new Date(s.takenAt).getTime() > SNAPSHOT_MAX_AGE_MS) return undefined;
    // every partition's replay must still be on the topic (retention), and no partition unknown to it
    const fits = topic.every((t) => {
      const o = s.offsets[String(t.partition)];
      return o !== undefined && BigInt(o) >= BigInt(t.low) && BigInt(o) <= BigInt(t.high);
    });
    if (!fits) return undefined;
    // contacts written without their events (a migration, a restore, the bench's scaler) would never be
    // replayed: each contact written since carried at least one event, so more documents than the snapshot's
    // rows plus the events to replay means a full read
    const pending = topic.reduce(
      (n, t) => n + Number(BigInt(t.high) - BigInt(s.offsets[String(t.partition)])),
      0,
    );
    const stored = await this.contacts.collection.estimatedDocumentCount();
    if (stored > s.rows.length + pending) {
      this.logger.warn(
        `read model snapshot ignored: ${stored} contacts stored, ${s.rows.length} in it and ${pending} events since`,
      );
      return undefined;
    }
    return s;
  }

  private async topicOffsets(kafka: ReturnType<typeof createKafka>): Promise<TopicOffsets> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return (await admin.fetchTopicOffsets(ContactTopic.name)).map((o) => ({
        partition: o.partition,
        low: o.low,
        high: o.high,
      }));
    } finally {
      await admin.disconnect();
    }
  }

  private followFailed(e: Error): void {
    this.logger.error(`read model consumer did not start: ${e.message} (other instances' writes unseen)`);
  }

  private async follow(kafka: ReturnType<typeof createKafka>, from?: Record<string, string>): Promise<void> {
    const groupId = `${this.config.KAFKA_GROUP_ID ?? 'urp.contacts'}.read-model.${randomUUID()}`;
    const consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 100,
      sessionTimeout: 6000,
      heartbeatInterval: 1000,
    });
    this.consumer = consumer;
    let joined: () => void = () => undefined;
    const join = new Promise<void>((resolve) => (joined = resolve));
    consumer.on(consumer.events.GROUP_JOIN, () => joined());
    await consumer.connect();
    await consumer.subscribe({ topics: [ContactTopic.name, RequesterTopic.name], fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        let event;
        try {
          event = fromKafkaMessage(message);
        } catch {
          event = undefined; // not ours to judge: the service's own consumers dead-letter what is malformed
        }
        const data = event?.data as { revision?: number } | undefined;
        if (event?.type === ContactChangedV1.type)
          await this.refreshContact(event.subject, data?.revision ?? Infinity);
        else if (event?.type === RequesterChangedV1.type)
          await this.requesters.refresh(event.subject, data?.revision ?? Infinity);
        if (topic === ContactTopic.name)
          this.positions.set(partition, (BigInt(message.offset) + BigInt(1)).toString());
      },
    });
    for (const [partition, offset] of Object.entries(from ?? {}))
      consumer.seek({ topic: ContactTopic.name, partition: Number(partition), offset });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([join, new Promise<void>((resolve) => (timer = setTimeout(resolve, JOIN_WAIT_MS)))]);
    clearTimeout(timer);
  }

  async onApplicationShutdown(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect().catch(() => undefined);
  }
}

type TopicOffsets = { partition: number; low: string; high: string }[];
