/**
 * The backbone under test, wired exactly as a service wires it (same pattern as
 * libs/messaging/test/fixtures/ticket-app.ts): a Nest app with a mongoose aggregate carrying the outbox,
 * a use case writing the document and its event in one insert, the outbox relay publishing to Kafka,
 * and the consumer runtime calling an `@EventPattern` handler that applies the event idempotently.
 */
import 'reflect-metadata';
import { Controller, Inject, Injectable, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  getConnectionToken,
  InjectModel,
  MongooseModule,
  Prop,
  Schema,
  SchemaFactory,
} from '@nestjs/mongoose';
import {
  createEvent,
  defineEvent,
  defineTopic,
  EventCatalog,
  type CloudEvent,
  type TopicDefinition,
} from '@urp/contracts';
import {
  connectEventConsumer,
  EventOutbox,
  MessagingModule,
  MessagingRuntime,
  type UrpKafkaServer,
} from '@urp/messaging';
import { applyOnce, outboxPlugin, PersistenceModule, withEvents, type ApplyResult } from '@urp/persistence';
import type { Db } from 'mongodb';
import type { Connection, Model } from 'mongoose';
import { z } from 'zod';
import { now } from './stats';

export const BENCH_ITEM_CREATED = 'it.urp.contacts.BenchItemCreated.v1';
export const COUNTERS = 'bench_counters';
export const BUCKETS = 16;
export const bucketOf = (i: number): string => `b${String(i % BUCKETS).padStart(2, '0')}`;

const BenchItemCreatedSchema = z.object({ itemId: z.string(), bucket: z.string(), writtenAt: z.number() });
export type BenchItemCreatedData = z.infer<typeof BenchItemCreatedSchema>;

export function benchCatalog(aggregate: string) {
  const topic = defineTopic({ service: 'contacts', aggregate, partitions: 3, description: 'benchmark' });
  const BenchItemCreated = defineEvent(topic, {
    name: 'BenchItemCreated',
    version: 1,
    summary: 'a benchmark item was written',
    subject: 'item id',
    schema: BenchItemCreatedSchema,
  });
  return { topic, BenchItemCreated, catalog: new EventCatalog([BenchItemCreated]) };
}
type BenchEventDef = ReturnType<typeof benchCatalog>['BenchItemCreated'];

@Schema({ collection: 'bench_items' })
export class BenchItem {
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) bucket!: string;
}
const BenchItemSchema = SchemaFactory.createForClass(BenchItem).plugin(outboxPlugin);

const BENCH_EVENT = Symbol('BENCH_EVENT');

/** What the handler saw, per label (the item id prefix: `warmup-3`, `tp32-17`, `steady-99`). */
export class ApplyWindow {
  applied = 0;
  /** Redeliveries that applyOnce recognised and ignored. */
  duplicates = 0;
  /** Events whose effect was applied more than once (must stay 0). */
  appliedTwice = 0;
  firstAppliedAt = 0;
  lastAppliedAt = 0;
  readonly latencies: number[] = [];
  /** When each event was applied, in order (shows whether the pace degrades as collections grow). */
  readonly appliedAt: number[] = [];
  readonly ids = new Set<string>();
}

export class ApplyLog {
  private readonly byLabel = new Map<string, ApplyWindow>();

  window(label: string): ApplyWindow {
    let w = this.byLabel.get(label);
    if (!w) this.byLabel.set(label, (w = new ApplyWindow()));
    return w;
  }

  windows(): ApplyWindow[] {
    return [...this.byLabel.values()];
  }

  record(event: CloudEvent<BenchItemCreatedData>, result: ApplyResult): void {
    const at = now();
    const { itemId, writtenAt } = event.data;
    const w = this.window(itemId.slice(0, itemId.lastIndexOf('-')));
    if (result === 'duplicate') {
      w.duplicates++;
      return;
    }
    if (w.ids.has(itemId)) w.appliedTwice++;
    w.ids.add(itemId);
    w.applied++;
    if (!w.firstAppliedAt) w.firstAppliedAt = at;
    w.lastAppliedAt = at;
    w.latencies.push(at - writtenAt);
    w.appliedAt.push(at);
  }
}

@Injectable()
export class BenchItems {
  constructor(
    @InjectModel(BenchItem.name) readonly model: Model<BenchItem>,
    private readonly outbox: EventOutbox,
    @Inject(BENCH_EVENT) private readonly BenchItemCreated: BenchEventDef,
  ) {
    outbox.track(model);
  }

  /** The use case: a new item and its event in one single-document write, then a nudge to the relay. */
  async create(itemId: string, bucket: string): Promise<void> {
    const writtenAt = now();
    const event = createEvent(
      this.BenchItemCreated,
      itemId,
      { itemId, bucket, writtenAt },
      { source: '/urp/bench' },
    );
    const entries = this.outbox.entries(event);
    await this.model.collection.insertOne(withEvents({ _id: itemId, bucket } as never, entries));
    this.outbox.written(this.model, itemId, entries);
  }
}

@Controller()
export class BenchProjector {
  constructor(
    @InjectModel(BenchItem.name) private readonly model: Model<BenchItem>,
    private readonly log: ApplyLog,
  ) {}

  @EventPattern(BENCH_ITEM_CREATED)
  async onCreated(@Payload() event: CloudEvent<BenchItemCreatedData>): Promise<void> {
    const result = await applyOnce(this.model.db.collection(COUNTERS), event.data.bucket, event.id, {
      $inc: { n: 1 },
    });
    this.log.record(event, result);
  }
}

export interface BackboneAppOptions {
  aggregate: string;
  dbName: string;
  groupId: string;
  brokers: string[];
  mongoUrl: string;
  partitionsConsumedConcurrently?: number;
}

export interface BackboneApp {
  app: INestApplication;
  items: BenchItems;
  log: ApplyLog;
  runtime: MessagingRuntime;
  server: UrpKafkaServer;
  connection: Connection;
  db: Db;
  topic: TopicDefinition;
}

export async function startBackboneApp(o: BackboneAppOptions): Promise<BackboneApp> {
  const { catalog, topic, BenchItemCreated } = benchCatalog(o.aggregate);
  const log = new ApplyLog();
  @Module({
    imports: [
      PersistenceModule.forRoot({ uri: o.mongoUrl, dbName: o.dbName }),
      MongooseModule.forFeature([{ name: BenchItem.name, schema: BenchItemSchema }]),
      MessagingModule.forRoot({ clientId: 'urp-bench', brokers: o.brokers, catalog }), // the services' defaults
    ],
    controllers: [BenchProjector],
    providers: [
      BenchItems,
      { provide: BENCH_EVENT, useValue: BenchItemCreated },
      { provide: ApplyLog, useValue: log },
    ],
  })
  class BenchModule {}

  const app = await NestFactory.create(BenchModule, { logger: ['error', 'warn'] });
  const server = connectEventConsumer(app, {
    clientId: 'urp-bench',
    brokers: o.brokers,
    groupId: o.groupId,
    catalog,
    partitionsConsumedConcurrently: o.partitionsConsumedConcurrently ?? 3,
  });
  await app.init();
  await app.startAllMicroservices();
  const connection = app.get<Connection>(getConnectionToken());
  if (!connection.db) throw new Error('mongoose connection has no database after init');
  return {
    app,
    items: app.get(BenchItems),
    log,
    runtime: app.get(MessagingRuntime),
    server,
    connection,
    db: connection.db,
    topic,
  };
}
