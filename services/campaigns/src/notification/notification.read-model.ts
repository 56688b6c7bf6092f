import { Injectable } from '@nestjs/common';
import type { Notification } from './notification.rules';
import { NotificationStore } from './notification.store';

/** SMS message ids remembered for their delivery receipts (the SMSC reports within minutes). */
const SMS_IDS = 20_000;

/**
 * The messages of this service that are not final (queued, or claimed and being sent), in memory: what the sender
 * takes its work from, so that no round queries the growing collection (a scan on FerretDB). Rebuilt from the store
 * at start and on each resync (the work of another instance, or of one that died), kept current by this instance's
 * own writes (`apply` after every committed write). Also the SMSC's message ids of recent SMS, so that a delivery
 * receipt finds its notification by `_id`.
 */
@Injectable()
export class NotificationReadModel {
  private readonly open = new Map<string, Notification>();
  private readonly sms = new Map<string, string>();

  constructor(private readonly store: NotificationStore) {}

  get size(): number {
    return this.open.size;
  }

  /**
   * Reads every unfinished message from the store. What this instance knew before the scan and the scan no longer
   * finds was finished elsewhere (a receipt, another instance): forgotten. What was added meanwhile is kept. A
   * newer revision wins either way.
   */
  async rebuild(): Promise<void> {
    const before = new Set(this.open.keys());
    const found = await this.store.unfinished();
    const seen = new Set<string>();
    const unknown: Notification[] = [];
    for (const n of found) {
      seen.add(n.id);
      const known = this.open.get(n.id);
      // this instance's claim (the document stays `queued` at the attempt before until the outcome)
      if (known?.status === 'sending' && n.status === 'queued' && known.attempts === n.attempts + 1) continue;
      if (known && known.revision > n.revision) continue;
      if (!known && n.status === 'queued') unknown.push(n);
      else this.open.set(n.id, n);
    }
    // messages this instance did not know: an attempt claimed by a sender that died (or is sending now) is held
    const claims = await this.store.claimsOf(unknown.map((n) => ({ id: n.id, attempt: n.attempts + 1 })));
    for (const n of unknown) {
      const c = claims.get(n.id);
      this.open.set(
        n.id,
        c ? { ...n, status: 'sending', attempts: n.attempts + 1, sendingSince: c.at, claimId: c.claimId } : n,
      );
    }
    for (const id of before) if (!seen.has(id)) this.open.delete(id);
  }

  /** A state this instance committed (or read back): kept while it is not final. */
  apply(n: Notification): void {
    const known = this.open.get(n.id);
    if (known && known.revision > n.revision) return;
    // a claim is kept in memory only: the stored state at the same revision does not undo it
    if (known?.status === 'sending' && n.status === 'queued' && known.revision === n.revision) return;
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
