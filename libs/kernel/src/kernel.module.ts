import { DynamicModule, Inject, Injectable, Module } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import type { CloudEvent } from '@urp/contracts';
import { EventOutbox, MessagingRuntime } from '@urp/messaging';
import type { OutboxEntry } from '@urp/persistence';
import type { Collection, Db, Document } from 'mongodb';
import type { Connection } from 'mongoose';
import { systemClock, type Clock, type TextScrubber, type UseCaseContext } from './context';
import { Lease, PeriodicTasks } from './periodic';
import type { Actor } from './policy';
import type { OutboxPort } from './store';

export const KERNEL_OPTIONS = Symbol('KERNEL_OPTIONS');
export const MONGO_DB = Symbol('MONGO_DB');
export const OUTBOX_PORT = Symbol('OUTBOX_PORT');
export const CLOCK = Symbol('CLOCK');

export interface KernelOptions {
  /** `ce_source` of every event of the service, e.g. `/urp/contacts`. */
  source: string;
  /** The scrubber for contract fields marked as free text. */
  scrub?: TextScrubber;
  clock?: Clock;
}

/** The outbox port on the service's messaging runtime: entries built by EventOutbox, published by its relay. */
class RelayOutboxPort implements OutboxPort {
  constructor(
    private readonly outbox: EventOutbox,
    private readonly runtime: MessagingRuntime,
  ) {}
  entries(events: readonly CloudEvent[]): OutboxEntry[] {
    return this.outbox.entries(...events);
  }
  register(collection: Collection<Document>): void {
    this.runtime.relay.register(collection);
  }
  written(collection: string, id: string, entries: OutboxEntry[]): void {
    if (entries.length) this.runtime.relay.notifyWritten(collection, id, entries);
  }
}

/** Makes the context of a use case: who acts (the verified identity), when (the one clock), what caused it. */
@Injectable()
export class ServiceKernel {
  constructor(
    @Inject(KERNEL_OPTIONS) private readonly options: KernelOptions,
    @Inject(CLOCK) readonly clock: Clock,
  ) {}

  context(
    actor: Actor,
    cause: { correlationId?: string; causationId?: string; traceparent?: string } = {},
  ): UseCaseContext {
    return {
      actor,
      now: this.clock.now(),
      source: this.options.source,
      ...(this.options.scrub ? { scrub: this.options.scrub } : {}),
      ...cause,
    };
  }

  /** The context of a handler reacting to `event` (actor: the service itself). */
  reaction(event: CloudEvent, actor: Actor): UseCaseContext {
    return this.context(actor, {
      correlationId: event.correlationid,
      causationId: event.id,
      ...(event.traceparent ? { traceparent: event.traceparent } : {}),
    });
  }
}

/**
 * What every service's app module imports once: the database handle for its stores, the outbox port, the
 * clock, the periodic tasks and the context factory. Needs PersistenceModule and MessagingModule.
 */
@Module({})
export class KernelModule {
  static forRoot(options: KernelOptions): DynamicModule {
    return {
      module: KernelModule,
      global: true,
      imports: [ScheduleModule.forRoot()],
      providers: [
        { provide: KERNEL_OPTIONS, useValue: options },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        {
          provide: MONGO_DB,
          inject: [getConnectionToken()],
          useFactory: (connection: Connection): Db => {
            if (!connection.db) throw new Error('the MongoDB connection has no database yet');
            return connection.db as unknown as Db;
          },
        },
        {
          provide: OUTBOX_PORT,
          inject: [EventOutbox, MessagingRuntime],
          useFactory: (outbox: EventOutbox, runtime: MessagingRuntime) =>
            new RelayOutboxPort(outbox, runtime),
        },
        { provide: Lease, inject: [MONGO_DB], useFactory: (db: Db) => new Lease(db) },
        {
          provide: PeriodicTasks,
          inject: [SchedulerRegistry, Lease],
          useFactory: (r: SchedulerRegistry, l: Lease) => new PeriodicTasks(r, l),
        },
        ServiceKernel,
      ],
      exports: [KERNEL_OPTIONS, CLOCK, MONGO_DB, OUTBOX_PORT, Lease, PeriodicTasks, ServiceKernel],
    };
  }
}
