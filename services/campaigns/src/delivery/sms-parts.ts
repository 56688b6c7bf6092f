/**
 * Where the SMS adapter keeps the messages it sent, by SMSC message id, with the parts of a concatenated message and
 * their delivery receipts, so that a receipt is matched to its message (and to the delivery it was sent for) on ANY
 * instance (the SMSC hands a receipt to any session bound with the same `system_id`) and after a restart.
 *
 * Stored layout (`sms_parts`, this adapter's only collection): one document per part, `_id` = the part's SMSC
 * message id, holding the id of the message's first part (`key`, the id the notification knows), every part's id in
 * order, the part's number, when it was sent, the delivery it was sent for (`deliveryId`), and the part's own final
 * receipt once it comes. A single-part message is one such document. Written once per message (one `insertMany` of
 * its parts); a part's receipt writes that part's document only and reads the others by `_id`. FerretDB 1.24
 * answers `_id` lookups without scanning, and runs an update as a read and a replace of the whole document outside
 * any transaction: two receipts on two instances must therefore never write the same document, which is why each
 * part's receipt lives on its own.
 */
import type { Collection, Db } from 'mongodb';

/** A part's receipt as stored and reported (1-based `part`). */
export interface SmsPartReceipt {
  part: number;
  messageId: string;
  stat: string;
  err: string;
  at: string;
}

/** What is known of a message when a receipt of one of its parts came in. */
export interface StoredMessage {
  /** The first part's id: the message's id, under which its outcome is reported. */
  key: string;
  /** The delivery the message was sent for (`OutgoingMessage.deliveryId`; absent on messages stored before it). */
  deliveryId?: string;
  /** Every part's id, in order. */
  ids: string[];
  /** The final receipts stored for its parts (this one's included), in part order. */
  receipts: SmsPartReceipt[];
  /** Its outcome was reported already (or the message was abandoned): later receipts change nothing. */
  settled: boolean;
}

export interface SmsPartLedger {
  /** Every instance sees what another wrote (a store); false: this process only (memory). */
  readonly shared: boolean;
  /**
   * Records a message sent: its parts' ids in order (one for a single-part message), the delivery it was sent for;
   * `abandoned`: the SMSC refused a later part.
   */
  record(ids: string[], at: Date, abandoned?: boolean, deliveryId?: string): Promise<void>;
  /**
   * A part's receipt came in: stores it when final (`receipt`; null for an intermediate state, only looked up), and
   * returns its message as stored, or null when no message has this part (not recorded yet, or not sent by us).
   */
  receipt(
    partId: string,
    receipt: Omit<SmsPartReceipt, 'part' | 'messageId'> | null,
  ): Promise<StoredMessage | null>;
  /** The outcome decided by this part's receipt was reported (stored by the service): later receipts are only acknowledged. */
  settle(partId: string, stat: string): Promise<void>;
  /** Forgets the messages sent before `before` (their receipts cannot come any more). */
  forget(before: Date): Promise<void>;
}

interface PartDocument {
  _id: string;
  key: string;
  ids: string[];
  part: number;
  at: Date;
  deliveryId?: string;
  receipt?: { stat: string; err: string; at: string };
  /** The outcome reported under this part's receipt (`ABANDONED`: the message was refused part-way). */
  settled?: string;
}

const documentsOf = (ids: string[], at: Date, abandoned: boolean, deliveryId?: string): PartDocument[] =>
  ids.map((id, i) => ({
    _id: id,
    key: ids[0],
    ids,
    part: i + 1,
    at,
    ...(deliveryId ? { deliveryId } : {}),
    ...(abandoned && i === 0 ? { settled: 'ABANDONED' } : {}),
  }));

const messageOf = (docs: PartDocument[]): StoredMessage => ({
  key: docs[0].key,
  ...(docs[0].deliveryId ? { deliveryId: docs[0].deliveryId } : {}),
  ids: docs[0].ids,
  receipts: docs
    .flatMap((d) => (d.receipt ? [{ part: d.part, messageId: d._id, ...d.receipt }] : []))
    .sort((a, b) => a.part - b.part),
  settled: docs.some((d) => d.settled),
});

/** The parts in the service's store (campaigns' MongoDB-wire database): every instance shares them. */
export class SmsPartStore implements SmsPartLedger {
  readonly shared = true;
  private readonly parts: Collection<PartDocument>;

  constructor(db: Db) {
    this.parts = db.collection<PartDocument>('sms_parts');
  }

  async record(ids: string[], at: Date, abandoned = false, deliveryId?: string): Promise<void> {
    try {
      await this.parts.insertMany(documentsOf(ids, at, abandoned, deliveryId), { ordered: false });
    } catch (e) {
      // written already (a retry after a lost answer): the same documents
      if ((e as { code?: number }).code !== 11000) throw e;
    }
  }

  async receipt(
    partId: string,
    receipt: Omit<SmsPartReceipt, 'part' | 'messageId'> | null,
  ): Promise<StoredMessage | null> {
    const own = receipt
      ? await this.parts.findOneAndUpdate(
          { _id: partId },
          { $set: { receipt: { stat: receipt.stat, err: receipt.err, at: receipt.at } } },
          { returnDocument: 'after' },
        )
      : await this.parts.findOne({ _id: partId });
    if (!own) return null;
    // the other parts, one `_id` lookup each (at most 5): FerretDB scans for `$in`
    const others = await Promise.all(
      own.ids.filter((id) => id !== partId).map((id) => this.parts.findOne({ _id: id })),
    );
    return messageOf([own, ...others.filter((d): d is PartDocument => !!d)].sort((a, b) => a.part - b.part));
  }

  async settle(partId: string, stat: string): Promise<void> {
    await this.parts.updateOne({ _id: partId }, { $set: { settled: stat } });
  }

  async forget(before: Date): Promise<void> {
    // a scan, but of a small collection (the multi-part messages of the last days), and rarely
    await this.parts.deleteMany({ at: { $lt: before } });
  }
}

/** The parts in this process's memory: a single instance that keeps running (without a store). */
export class MemorySmsParts implements SmsPartLedger {
  readonly shared = false;
  private readonly parts = new Map<string, PartDocument>();

  record(ids: string[], at: Date, abandoned = false, deliveryId?: string): Promise<void> {
    for (const d of documentsOf(ids, at, abandoned, deliveryId))
      if (!this.parts.has(d._id)) this.parts.set(d._id, d);
    return Promise.resolve();
  }

  receipt(
    partId: string,
    receipt: Omit<SmsPartReceipt, 'part' | 'messageId'> | null,
  ): Promise<StoredMessage | null> {
    const own = this.parts.get(partId);
    if (!own) return Promise.resolve(null);
    if (receipt) own.receipt = { stat: receipt.stat, err: receipt.err, at: receipt.at };
    const docs = own.ids.map((id) => this.parts.get(id)).filter((d): d is PartDocument => !!d);
    return Promise.resolve(messageOf(structuredClone(docs)));
  }

  settle(partId: string, stat: string): Promise<void> {
    const d = this.parts.get(partId);
    if (d) d.settled = stat;
    return Promise.resolve();
  }

  forget(before: Date): Promise<void> {
    // insertion order is sending order: the oldest first
    for (const [id, d] of this.parts) {
      if (d.at >= before) break;
      this.parts.delete(id);
    }
    return Promise.resolve();
  }
}
