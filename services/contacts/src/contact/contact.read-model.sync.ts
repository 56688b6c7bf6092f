import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
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
import { createKafka } from '@urp/messaging';
import { CONTACTS_CONFIG, type ContactsConfig } from '../config';
import { RequesterStore } from '../requester/requester.store';
import { ContactStore } from './contact.store';

type Consumer = ReturnType<ReturnType<typeof createKafka>['consumer']>;

/** How long the start waits for the consumer to join before rebuilding anyway (the broker may be slow). */
const JOIN_WAIT_MS = 15_000;

/**
 * The read models' life (issue 17): at start, the contacts read model and the requester search index are
 * rebuilt from the collections (the one full read of each), after this instance's own consumer of the
 * `ContactChanged` / `RequesterChanged` events has joined, so that no other instance's write between the
 * rebuild and the join is missed (each such event re-reads its document by `_id`; a row never goes back to
 * an older revision). The consumer has a group per instance, starts from the newest offset and commits
 * nothing: the read models are rebuilt at every start.
 */
@Injectable()
export class ContactReadModelSync implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ContactReadModelSync.name);
  private consumer?: Consumer;
  private started = false;

  constructor(
    @Inject(CONTACTS_CONFIG) private readonly config: ContactsConfig,
    private readonly contacts: ContactStore,
    private readonly requesters: RequesterStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // the platform bootstraps a hybrid application's modules twice (HTTP + Kafka)
    if (this.started) return;
    this.started = true;
    await this.follow().catch((e: Error) =>
      this.logger.error(`read model consumer did not start: ${e.message} (other instances' writes unseen)`),
    );
    await this.rebuild();
  }

  /** The one full read of each collection; returns the counts and the time taken. */
  async rebuild(): Promise<{ contacts: number; requesters: number; ms: number }> {
    const t0 = Date.now();
    const contacts = await this.contacts.readModel.rebuildFrom(this.contacts.all());
    let requesters = 0;
    for await (const r of this.requesters.all()) {
      this.requesters.search.upsert(r);
      requesters++;
    }
    const ms = Date.now() - t0;
    this.logger.log(`read models rebuilt: ${contacts} contacts, ${requesters} requesters in ${ms} ms`);
    return { contacts, requesters, ms };
  }

  /** Another instance wrote a contact: re-read it by `_id` unless this instance holds that revision. */
  async refreshContact(id: string, revision: number): Promise<void> {
    if ((this.contacts.readModel.get(id)?.revision ?? 0) >= revision) return;
    const c = await this.contacts.get(id);
    if (c) this.contacts.readModel.upsert(c);
  }

  private async follow(): Promise<void> {
    const kafka = createKafka({ clientId: 'contacts-read-model', brokers: this.config.KAFKA_BROKERS });
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
      eachMessage: async ({ message }) => {
        let event;
        try {
          event = fromKafkaMessage(message);
        } catch {
          return; // not ours to judge: the service's own consumers dead-letter what is malformed
        }
        const data = event.data as { revision?: number };
        if (event.type === ContactChangedV1.type)
          await this.refreshContact(event.subject, data.revision ?? Infinity);
        else if (event.type === RequesterChangedV1.type)
          await this.requesters.refresh(event.subject, data.revision ?? Infinity);
      },
    });
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
