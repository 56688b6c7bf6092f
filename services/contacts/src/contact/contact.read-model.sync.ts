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
  ContactRegisteredV1,
  ContactTopic,
  RequesterChangedV1,
  RequesterTopic,
} from '@urp/contracts';
import { MONGO_DB, PeriodicTasks, ReadModelSync, StoreMarks } from '@urp/kernel';
import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { CONTACTS_CONFIG, type ContactsConfig } from '../config';
import { RequesterStore } from '../requester/requester.store';
import type { ContactRow } from './contact.read-model';
import { ContactSnapshotStore } from './contact.read-model.snapshot';
import { ContactStore } from './contact.store';

/** The window of duplicate suggestions: open cases registered since then need their text stems after a load. */
const STEMS_WINDOW_MS = 61 * 86_400_000;

/**
 * The contacts read models' life (issue 17), on the kernel's `ReadModelSync`: the contacts read model from its
 * snapshot or the collection, kept current by `ContactChanged` (and the requester search index by
 * `RequesterChanged`, on the same consumer); the requester search index rebuilt from its collection at start;
 * after a snapshot's load, the text stems of the open cases of the duplicates' window re-read by `_id`. A write
 * of `contacts` outside the service must bump its store mark (`StoreMarks.bump(db, 'contacts')`): a snapshot
 * taken before is then not used.
 */
@Injectable()
export class ContactReadModelSync implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ContactReadModelSync.name);
  private readonly sync: ReadModelSync<ContactRow>;
  private started = false;

  constructor(
    @Inject(CONTACTS_CONFIG) private readonly config: ContactsConfig,
    private readonly contacts: ContactStore,
    private readonly requesters: RequesterStore,
    @Optional() snapshots?: ContactSnapshotStore,
    @Optional() tasks?: PeriodicTasks,
    @Optional() @Inject(MONGO_DB) db?: Db,
  ) {
    const model = () => this.contacts.readModel;
    this.sync = new ReadModelSync<ContactRow>({
      name: 'contacts',
      logger: this.logger,
      changedType: ContactChangedV1.type,
      target: {
        revisionOf: (id) => model().get(id)?.revision,
        reread: async (id) => {
          const c = await this.contacts.get(id);
          if (c) model().upsert(c);
        },
        items: () => model().rows(),
        replaceAll: (rows) => void model().replaceRows(rows),
        rebuild: () => model().rebuildFrom(this.contacts.all()),
        get size() {
          return model().size;
        },
      },
      follower: {
        brokers: config.KAFKA_BROKERS,
        clientId: 'contacts-read-model',
        groupId: `${config.KAFKA_GROUP_ID ?? 'urp.contacts'}.read-model.${randomUUID()}`,
        topic: ContactTopic.name,
        alsoTopics: [RequesterTopic.name],
        joinWaitMs: 15_000,
      },
      otherTypes: [ContactRegisteredV1.type, RequesterChangedV1.type],
      onOtherEvent: async (event) => {
        // a registration carries no ContactChanged: its ContactRegistered is revision 1 of the contact
        if (event.type === ContactRegisteredV1.type) await this.sync.refresh(event.subject, 1);
        else if (event.type === RequesterChangedV1.type)
          await this.requesters.refresh(
            event.subject,
            (event.data as { revision?: number } | undefined)?.revision ?? Infinity,
          );
      },
      snapshots,
      snapshotEveryMs: config.CONTACTS_SNAPSHOT_INTERVAL_MS,
      tasks,
      ...(db ? { marks: { store: new StoreMarks(db), collection: 'contacts' } } : {}),
      // no `storedCount`: FerretDB answers a count by reading the collection (115 s at 100,000 contacts)
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // the platform bootstraps a hybrid application's modules twice (HTTP + Kafka)
    if (this.started) return;
    this.started = true;
    const { snapshot, how, ms } = await this.sync.start();
    const t0 = Date.now();
    let requesters = 0;
    for await (const r of this.requesters.all()) {
      this.requesters.search.upsert(r);
      requesters++;
    }
    this.logger.log(
      `read models ready ${how}: ${this.contacts.readModel.size} contacts, ${requesters} requesters in ${ms + Date.now() - t0} ms`,
    );
    if (snapshot) void this.fillStems().catch((e: Error) => this.logger.warn(`stems: ${e.message}`));
  }

  /** The full rebuild of the contacts read model from the collection (tests, an administrator). */
  rebuild(): Promise<number> {
    return this.sync.rebuild();
  }

  /** Writes a snapshot of the read model as this instance holds it, with the positions it has applied. */
  snapshot(): Promise<number> {
    return this.sync.snapshot();
  }

  /** Another instance wrote a contact: re-read it by `_id` unless this instance holds that revision. */
  refreshContact(id: string, revision: number): Promise<void> {
    return this.sync.refresh(id, revision);
  }

  /** A snapshot's rows carry no text stems: the open cases of the duplicates' window are read again by `_id`. */
  private async fillStems(): Promise<void> {
    const ids = this.contacts.readModel.missingTokens(new Date(Date.now() - STEMS_WINDOW_MS));
    for (let i = 0; i < ids.length; i += 50) {
      const found = await this.contacts.getMany(ids.slice(i, i + 50));
      for (const c of found.values()) this.contacts.readModel.upsert(c);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sync.stop();
  }
}
