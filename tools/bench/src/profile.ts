/**
 * A rough profile of where the backbone's time goes, without touching the libraries: MongoDB command
 * monitoring on the app's connection (every command the use case, the relay and the consumer send) and
 * kafkajs instrumentation events of the relay's producer.
 *
 * The local FerretDB proxy runs write commands one at a time, so the write lock is the shared resource.
 * A write's client-side duration includes its wait for the lock; its service time is estimated as
 * min(duration, end − end of the previous write), exact while the lock is busy all the time (saturation).
 */
import type { CommandStartedEvent, CommandSucceededEvent, CommandFailedEvent, MongoClient } from 'mongodb';
import type { Producer } from 'kafkajs';
import { now, summarize } from './stats';

export type Category =
  | 'use case: insert item + outbox'
  | 'relay: read pending (by id)'
  | 'relay: sweep read'
  | 'relay: acknowledge (update)'
  | 'consumer: applyOnce (update)'
  | 'other';

const WRITES = new Set(['insert', 'update', 'delete', 'findAndModify']);

interface Sample {
  category: Category;
  write: boolean;
  statements: number;
  ended: number;
  duration: number;
}

export interface CategoryProfile {
  category: Category;
  commands: number;
  statements: number;
  meanMs: number;
  p99Ms: number;
  /** Estimated time this category held FerretDB's write lock, and its share of the window. */
  lockMs?: number;
  lockShare?: number;
}

export interface PhaseProfile {
  windowMs: number;
  categories: CategoryProfile[];
  writeLockBusyShare: number;
  produceRequests: number;
  produceMeanMs: number;
  relayPublishes: number;
  eventsPerPublish: number;
}

function categorize(
  e: CommandStartedEvent,
  items: string,
  counters: string,
): { category: Category; statements: number } {
  const cmd = e.command as Record<string, unknown>;
  const coll = cmd[e.commandName];
  switch (e.commandName) {
    case 'insert':
      return {
        category: coll === items ? 'use case: insert item + outbox' : 'other',
        statements: (cmd.documents as unknown[] | undefined)?.length ?? 1,
      };
    case 'update': {
      const statements = (cmd.updates as unknown[] | undefined)?.length ?? 1;
      if (coll === items) return { category: 'relay: acknowledge (update)', statements };
      if (coll === counters) return { category: 'consumer: applyOnce (update)', statements };
      return { category: 'other', statements };
    }
    case 'find': {
      if (coll !== items) return { category: 'other', statements: 1 };
      // the fast path reads the notified documents by _id; the catch-up sweep looks for any outbox entry
      const filter = (cmd.filter ?? {}) as Record<string, unknown>;
      return {
        category: '_id' in filter ? 'relay: read pending (by id)' : 'relay: sweep read',
        statements: 1,
      };
    }
    default:
      return { category: 'other', statements: 1 };
  }
}

export class BackboneProfiler {
  private readonly started = new Map<string, { category: Category; statements: number; write: boolean }>();
  private readonly samples: Sample[] = [];
  private readonly produces: { ended: number; duration: number; messages: number }[] = [];

  constructor(client: MongoClient, producer: Producer, items: string, counters: string) {
    const key = (e: { connectionId?: string | number; requestId: number }) =>
      `${e.connectionId}:${e.requestId}`;
    client.on('commandStarted', (e: CommandStartedEvent) => {
      this.started.set(key(e), { ...categorize(e, items, counters), write: WRITES.has(e.commandName) });
    });
    const done = (e: CommandSucceededEvent | CommandFailedEvent) => {
      const s = this.started.get(key(e));
      if (!s) return;
      this.started.delete(key(e));
      this.samples.push({ ...s, ended: now(), duration: e.duration });
    };
    client.on('commandSucceeded', done);
    client.on('commandFailed', done);
    producer.on(producer.events.REQUEST, (e) => {
      if (e.payload.apiName === 'Produce')
        this.produces.push({ ended: now(), duration: e.payload.duration, messages: 0 });
    });
  }

  /** The profile of what happened between `from` and `to` (epoch ms). */
  profile(from: number, to: number, eventsPublished: number): PhaseProfile {
    const inWindow = this.samples.filter((s) => s.ended >= from && s.ended <= to);
    const windowMs = to - from;
    // service time of serialised writes: the gap since the previous write finished, at most its duration
    const writes = inWindow.filter((s) => s.write).sort((a, b) => a.ended - b.ended);
    const lock = new Map<Category, number>();
    let prevEnd = from;
    let busy = 0;
    for (const w of writes) {
      const service = Math.max(0, Math.min(w.duration, w.ended - prevEnd));
      prevEnd = w.ended;
      busy += service;
      lock.set(w.category, (lock.get(w.category) ?? 0) + service);
    }
    const byCategory = new Map<Category, Sample[]>();
    for (const s of inWindow) {
      let list = byCategory.get(s.category);
      if (!list) byCategory.set(s.category, (list = []));
      list.push(s);
    }
    const categories: CategoryProfile[] = [...byCategory].map(([category, list]) => {
      const d = summarize(list.map((s) => s.duration));
      const lockMs = lock.get(category);
      return {
        category,
        commands: list.length,
        statements: list.reduce((n, s) => n + s.statements, 0),
        meanMs: d.mean,
        p99Ms: d.p99,
        ...(lockMs !== undefined ? { lockMs, lockShare: lockMs / windowMs } : {}),
      };
    });
    categories.sort((a, b) => (b.lockMs ?? -1) - (a.lockMs ?? -1));
    const produces = this.produces.filter((p) => p.ended >= from && p.ended <= to);
    // every publish ends with one acknowledging write command
    const publishes = categories.find((c) => c.category === 'relay: acknowledge (update)')?.commands ?? 0;
    return {
      windowMs,
      categories,
      writeLockBusyShare: busy / windowMs,
      produceRequests: produces.length,
      produceMeanMs: summarize(produces.map((p) => p.duration)).mean,
      relayPublishes: publishes,
      eventsPerPublish: publishes ? eventsPublished / publishes : NaN,
    };
  }
}
