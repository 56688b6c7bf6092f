import { Injectable } from '@nestjs/common';
import type { Notification } from './notification.rules';
import { NotificationStore } from './notification.store';

/** SMS message ids remembered for their delivery receipts (the SMSC reports within minutes). */
const SMS_IDS = 20_000;

/**
 * Which of two states of one message is the later: the document's revision, then the attempt (outcomes recorded in
 * slices keep their document's revision), then an outcome over the claim of the same attempt (`sending`).
 */
const order = (n: Notification) => [n.revision, n.attempts, n.status === 'sending' ? 0 : 1];
const later = (a: Notification, b: Notification): boolean => {
  const [x, y] = [order(a), order(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] > y[i];
  return false;
};

/**
 * The messages of this service that are not final (queued, or claimed and being sent), in memory: what the sender
 * takes its work from, so that no round queries the growing collection (a scan on FerretDB). Rebuilt at start and
 * on each resync from the open marks (the work of another instance, or of one that died), kept current by this
 * instance's own writes (`apply` after every committed write). Also the SMSC's message ids of recent SMS, so that
 * a delivery receipt finds its notification by `_id`.
 */
@Injectable()
export class NotificationReadModel {
  private readonly open = new Map<string, Notification>();
  private readonly sms = new Map<string, string>();
  private earlierMarked = false;

  constructor(private readonly store: NotificationStore) {}

  get size(): number {
    return this.open.size;
  }

  /**
   * Reads the open marks (a scan of a collection holding only the messages not final). What this instance knew
   * before and is no longer marked was finished elsewhere (a receipt, another instance): forgotten. A marked message
   * it does not hold is read by `_id` in its current state (its document followed along its claims and outcomes);
   * one found final (its mark outlived a crash) loses its mark. What this instance holds is kept: its own writes
   * keep it current, and an attempt another instance claimed first collides with that claim.
   */
  async rebuild(): Promise<void> {
    const before = new Set(this.open.keys());
    // once per start: the unfinished messages of documents written before the marks existed get theirs
    if (!this.earlierMarked) {
      await this.store.markEarlier();
      this.earlierMarked = true;
    }
    const marked = new Set(await this.store.openIds());
    const unknown = [...marked].filter((id) => !this.open.has(id));
    const found = await this.store.getMany(unknown);
    const done: string[] = [];
    for (const n of found.values()) {
      this.apply(n);
      if (n.status !== 'queued' && n.status !== 'sending') done.push(n.id);
    }
    for (const id of before) if (!marked.has(id)) this.open.delete(id);
    await this.store.closeMarks(done);
  }

  /** A state this instance committed (or read back): kept while it is not final. */
  apply(n: Notification): void {
    const known = this.open.get(n.id);
    // an older state (a claim is kept in memory only: the stored state of the attempt before does not undo it)
    if (known && later(known, n)) return;
    if (n.status === 'queued' || n.status === 'sending') this.open.set(n.id, n);
    else this.open.delete(n.id);
    if (n.channel === 'sms' && n.providerMessageId) {
      this.sms.set(n.providerMessageId, n.id);
      if (this.sms.size > SMS_IDS) this.sms.delete(this.sms.keys().next().value as string);
    }
  }

  /** Queued messages whose attempt is due, in the order they were queued, at most `limit`. */
  due(now: Date, limit: number): Notification[] {
    const out: Notification[] = [];
    for (const n of this.open.values()) {
      if (n.status === 'queued' && n.nextAttemptAt.getTime() <= now.getTime()) out.push(n);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Claims older than `before` without an outcome (their sender died mid-send, or is very late). */
  staleClaims(before: Date): Notification[] {
    return [...this.open.values()].filter(
      (n) => n.status === 'sending' && (n.sendingSince?.getTime() ?? 0) < before.getTime(),
    );
  }

  /** The notification of an SMS this instance sent, by the SMSC's message id. */
  smsNotificationId(providerMessageId: string): string | undefined {
    return this.sms.get(providerMessageId);
  }
}
