import { Logger } from '@nestjs/common';
import { context, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { HEADERS } from '@urp/contracts';
import {
  contextFromTraceparent,
  formatTraceparent,
  isTracing,
  metrics,
  registerOutboxBacklog,
  urpTracer,
  type OutboxBacklogSource,
} from '@urp/observability';
import { OutboxStore, type OutboxEntry, type PendingDocument } from '@urp/persistence';
import type { Collection } from 'mongodb';
import type { Producer } from 'kafkajs';
import { isInfrastructureError } from './errors';

/** Batches larger than this get one relay span instead of one per event (a sweep after an outage). */
const MAX_SPANS_PER_BATCH = 100;

/**
 * The idle sweep never takes more than 1 / (1 + this) of the time: after a sweep that took `d`, the next idle one
 * waits at least this × `d`. On MongoDB the sweep's filter is indexed and takes milliseconds (every `idleSweepMs`
 * as configured); FerretDB 1.24 reads the whole collection for it: about 90 s of its CPU at 165,000 contacts, which
 * every 5 minutes kept the store busy a third of the time and halved registrations while it ran.
 */
export const IDLE_SWEEP_SPACING = 20;

/** Whether the idle sweep is due: `idleSweepMs` after the last one ended, or its duration × IDLE_SWEEP_SPACING. */
export function idleSweepDue(
  now: number,
  last: { endedAt: number; tookMs: number },
  idleSweepMs: number,
): boolean {
  return now - last.endedAt >= Math.max(idleSweepMs, IDLE_SWEEP_SPACING * last.tookMs);
}

export interface OutboxRelayOptions {
  /** How often the relay retries while publishing fails (broker outage). */
  sweepIntervalMs?: number;
  /**
   * How often the catch-up sweep runs when all is well. The sweep is a safety net (the fast path
   * publishes every write at once; a failure or a restart triggers a sweep): on FerretDB it scans.
   */
  idleSweepMs?: number;
  /** Documents per publish round. */
  batchSize?: number;
}

/**
 * Publishes the events embedded in aggregate documents, then removes them.
 *
 * - Fast path: a use case calls `notify()` right after its write; publishing starts on the next tick,
 *   and notifications that arrive meanwhile are coalesced into one batch.
 * - Catch-up: a sweep finds documents still carrying events (written before a crash, or while the
 *   broker was down) and publishes them: at start, every `sweepIntervalMs` while publishing fails,
 *   and every `idleSweepMs` otherwise. At least once: an event is removed only after the broker
 *   acknowledged it (acks=all); a crash in between republishes it, and consumers deduplicate by ce_id.
 */
export class OutboxRelay implements OutboxBacklogSource {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly stores = new Map<string, OutboxStore>();
  /** Per collection, the documents written since the last round, with their entries. */
  private dirty = new Map<string, Map<unknown, OutboxEntry[]>>();
  private sweepDue = true;
  private running: Promise<void> | null = null;
  private again = false;
  private timer?: NodeJS.Timeout;
  private failing = false;
  private stopped = true;
  private readonly sweepIntervalMs: number;
  private readonly idleSweepMs: number;
  private readonly batchSize: number;
  /** The last complete sweep: when it ended and how long it took (what spaces the idle sweeps). */
  private lastSweep = { endedAt: 0, tookMs: 0 };
  /** Events published since start (for health and benchmarks). */
  published = 0;
  /**
   * The unpublished events this relay knows of, by event id: those written through this process and
   * those its sweeps found. What the backlog metrics read, from memory (no collection scan per scrape).
   */
  /** Events the last sweep published: the fast path skips them (no second copy of a fresh write). */
  private readonly swept = new Set<string>();
  private readonly pendingEvents = new Map<string, { writtenAt: number; seenAt: number }>();

  constructor(
    private readonly producer: Producer,
    options: OutboxRelayOptions = {},
  ) {
    this.sweepIntervalMs = options.sweepIntervalMs ?? 1000;
    this.idleSweepMs = options.idleSweepMs ?? 30_000;
    this.batchSize = options.batchSize ?? 500;
    registerOutboxBacklog(this);
  }

  register(collection: Collection<never> | Collection): void {
    this.stores.set(collection.collectionName, new OutboxStore(collection as Collection));
  }

  /**
   * Called by a use case right after it wrote a document with these outbox entries: they are published
   * from memory on the next tick (no read back). Entries of several writes to one document add up.
   */
  notifyWritten(collection: string, id: unknown, entries: OutboxEntry[]): void {
    let docs = this.dirty.get(collection);
    if (!docs) this.dirty.set(collection, (docs = new Map()));
    docs.set(id, [...(docs.get(id) ?? []), ...entries]);
    this.remember(entries);
    this.kick();
  }

  private remember(entries: OutboxEntry[]): void {
    const now = Date.now();
    for (const e of entries) {
      if (this.pendingEvents.has(e.id)) continue;
      const written = Date.parse(e.headers[HEADERS.time] ?? '');
      this.pendingEvents.set(e.id, { writtenAt: Number.isNaN(written) ? now : written, seenAt: now });
    }
  }

  backlog(): { pending: number; oldestWrittenAt: number | undefined } {
    let oldest: number | undefined;
    for (const { writtenAt } of this.pendingEvents.values()) {
      if (oldest === undefined || writtenAt < oldest) oldest = writtenAt;
    }
    return { pending: this.pendingEvents.size, oldestWrittenAt: oldest };
  }

  /** Idempotent: Nest may bootstrap a hybrid application's modules twice. */
  start(): void {
    if (this.timer) return;
    this.stopped = false;
    this.sweepDue = true;
    this.kick();
    this.timer = setInterval(() => {
      if (idleSweepDue(Date.now(), this.lastSweep, this.idleSweepMs)) this.sweepDue = true;
      if (this.sweepDue) this.kick();
    }, this.sweepIntervalMs);
    this.timer.unref();
  }

  /** Stops the sweep and waits for the round in flight (no event is left half-published). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Resolves when everything notified so far has been through a publish round. */
  async drain(): Promise<void> {
    while (this.running || this.again) await this.running;
  }

  private kick(): void {
    if (this.stopped) return; // a write after shutdown stays in its document: the next start's sweep publishes it
    if (this.running) {
      this.again = true;
      return;
    }
    this.again = false;
    this.running = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.round())
      .catch((e: unknown) => this.onFailure(e))
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped) this.kick();
        else if (this.again) this.again = false;
      });
  }

  private async round(): Promise<void> {
    const dirty = this.dirty;
    this.dirty = new Map();
    const sweep = this.sweepDue;
    this.sweepDue = false;
    const roundStart = Date.now();
    if (sweep) this.swept.clear();
    try {
      for (const store of this.stores.values()) {
        const written = dirty.get(store.name);
        if (sweep) {
          // one pass over the collection, a batch at a time
          for await (const docs of store.pendingBatches(this.batchSize)) {
            this.remember(docs.flatMap((d) => d.entries));
            await this.publish(store, docs);
            for (const d of docs) for (const e of d.entries) this.swept.add(e.id);
            // a fresh write does not wait behind a backlog (tens of thousands of events after an outage or a
            // burst of timers): what was written meanwhile goes out between two of the sweep's batches
            await this.publishFresh();
            if (this.stopped) break;
          }
        } else if (written?.size) {
          await this.publishWritten(store, written);
        }
      }
      if (!sweep) this.swept.clear();
      if (sweep && !this.stopped) {
        // a complete sweep published all it found: what was known before it and not found any more was
        // published by another replica's relay
        for (const [id, p] of this.pendingEvents) if (p.seenAt < roundStart) this.pendingEvents.delete(id);
        const endedAt = Date.now();
        this.lastSweep = { endedAt, tookMs: endedAt - roundStart };
      }
      if (this.failing) this.logger.log('outbox relay recovered: publishing again');
      this.failing = false;
    } catch (e) {
      // nothing is lost: the events stay in their documents and the next sweep retries them
      this.sweepDue = true;
      throw e;
    }
  }

  /** The entries written since `written` was taken, except those a sweep of this round published already. */
  private async publishWritten(store: OutboxStore, written: Map<unknown, OutboxEntry[]>): Promise<void> {
    // a write notified while a sweep ran may have been published by that sweep already
    const docs = [...written]
      .map(([_id, entries]) => ({ _id, entries: entries.filter((e) => !this.swept.has(e.id)) }))
      .filter((d) => d.entries.length);
    for (let i = 0; i < docs.length; i += this.batchSize) {
      await this.publish(store, docs.slice(i, i + this.batchSize));
    }
  }

  /** During a sweep: the writes notified since the round began, from memory (a failure leaves them to the sweep). */
  private async publishFresh(): Promise<void> {
    if (!this.dirty.size || this.stopped) return;
    const dirty = this.dirty;
    this.dirty = new Map();
    for (const store of this.stores.values()) {
      const written = dirty.get(store.name);
      if (written?.size) await this.publishWritten(store, written);
    }
  }

  private async publish(store: OutboxStore, docs: PendingDocument[]): Promise<void> {
    if (!docs.length) return;
    try {
      await this.send(store, docs);
    } catch (e) {
      // broker unreachable: retry the whole round later. Anything else (a message the broker refuses,
      // e.g. too large) must not hold back every other document: go on document by document.
      if (docs.length === 1 || isInfrastructureError(e)) throw e;
      let failure: unknown;
      for (const doc of docs) {
        try {
          await this.send(store, [doc]);
        } catch (err) {
          failure ??= err;
          this.logger.error(
            `outbox relay: the broker refuses the events of ${store.name}/${String(doc._id)}: ${(err as Error).message}`,
          );
        }
      }
      if (failure) throw failure; // the refused ones stay in their documents and are retried by the sweep
    }
  }

  private async send(store: OutboxStore, docs: PendingDocument[]): Promise<void> {
    const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
    const entries = docs.flatMap((d) => d.entries);
    const spans = isTracing() ? this.startSpans(store, entries) : undefined;
    for (const [i, e] of entries.entries()) {
      let list = byTopic.get(e.topic);
      if (!list) byTopic.set(e.topic, (list = []));
      // the message continues the trace through the relay's span; the stored entry keeps the writer's
      const span = spans?.length === entries.length ? spans[i] : undefined;
      const headers = span
        ? { ...e.headers, [HEADERS.traceparent]: formatTraceparent(span.spanContext()) }
        : e.headers;
      list.push({ key: e.key, value: e.value, headers });
    }
    try {
      await this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
      await store.acknowledge(docs);
    } catch (e) {
      for (const span of spans ?? []) {
        span.recordException(e as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).message });
        span.end();
      }
      throw e;
    }
    for (const span of spans ?? []) span.end();
    const now = Date.now();
    for (const e of entries) {
      const p = this.pendingEvents.get(e.id);
      if (p) metrics.outboxDelay.observe(Math.max(0, now - p.writtenAt) / 1000);
      this.pendingEvents.delete(e.id);
    }
    this.published += entries.length;
    metrics.outboxPublished.inc(entries.length);
  }

  /** One PRODUCER span per event, child of the writer's trace; or one for a big batch. */
  private startSpans(store: OutboxStore, entries: OutboxEntry[]): Span[] {
    const tracer = urpTracer();
    const attributes = (topic: string, count: number) => ({
      'messaging.system': 'kafka',
      'messaging.operation.type': 'send',
      'messaging.destination.name': topic,
      'messaging.batch.message_count': count,
      'urp.outbox.collection': store.name,
    });
    if (entries.length > MAX_SPANS_PER_BATCH) {
      return [
        tracer.startSpan(
          'outbox publish',
          { kind: SpanKind.PRODUCER, attributes: attributes('(several)', entries.length) },
          context.active(),
        ),
      ];
    }
    return entries.map((e) => {
      const parent = contextFromTraceparent(e.headers[HEADERS.traceparent]);
      return tracer.startSpan(
        `send ${e.topic}`,
        {
          kind: SpanKind.PRODUCER,
          attributes: { ...attributes(e.topic, 1), 'messaging.message.id': e.id },
        },
        trace.getSpan(parent) ? parent : context.active(),
      );
    });
  }

  private onFailure(e: unknown): void {
    metrics.outboxPublishFailures.inc();
    if (!this.failing) {
      this.logger.warn(
        `outbox relay cannot publish yet (will retry every ${this.sweepIntervalMs}ms): ${(e as Error).message}`,
      );
    }
    this.failing = true;
  }
}
