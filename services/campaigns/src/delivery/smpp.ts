/**
 * SMS over SMPP 3.4 (the protocol Italian SMS aggregators and operators' SMSCs speak), with the `smpp` package
 * (node-smpp). One transceiver session per adapter, bound lazily and re-bound after a drop: `submit_sm` out, the
 * SMSC's delivery receipts (`deliver_sm` with the receipt flag in `esm_class`) in, parsed into delivered / failed.
 *
 * - the destination is an international number (`39…`, TON 1 / NPI 1); a local `3…` Italian mobile gets `39`;
 * - text in the GSM 03.38 alphabet when it fits (160 characters, 153 per part when concatenated), else UCS-2 (70,
 *   67 per part); longer texts are sent as parts, each its own `submit_sm` with the standard concatenation UDH
 *   (IEI 0x00: an 8-bit reference shared by the parts, their total, the part's sequence; UDHI set in
 *   `esm_class`), at most 6 parts. UDH rather than the `sar_*` TLVs or `message_payload`: the header travels to the
 *   handset untouched, so every SMSC takes it (Kannel concatenates with it, Jasmin's HTTP API splits with it by
 *   default), while the TLVs and the payload depend on the SMSC supporting them;
 * - every part gets its own message id and asks for its own delivery receipt (`registered_delivery` 1). The
 *   parts of a message and their receipts are kept in the service's store (`SmsPartStore`, `sms-parts.ts`: one
 *   document per part, keyed by its id, written once when the message is sent), so that a part's receipt is
 *   matched to its message whichever instance's session the SMSC hands it to, and after a restart. The adapter
 *   reports **one** outcome through `onReceipt`, under the id of the first part (the one `send` returns): `DELIVRD`
 *   once every part is delivered, or the first final failure of a part (`UNDELIV`, `REJECTD`, `EXPIRED`,
 *   `DELETED`, `UNKNOWN`) at once, with every part's receipt stored so far in `parts`, decided from the stored
 *   receipts. A single-part message is stored too (one document, so that any instance knows it), and reported as
 *   its receipt comes. Every report names the delivery the message was sent for (`deliveryId`), as stored;
 * - a receipt whose message is not in the store, still after a few seconds (its sender may not have recorded it
 *   yet), is refused with `ESME_RSYSERR`: the SMSC sends it again later. It is never guessed to be a single-part
 *   message's (a part's receipt taken so would decide a long message on one part);
 * - the receipt that decides a message is acknowledged once `onReceipt` resolved (stored) and the message marked
 *   settled, else refused with `ESME_RSYSERR` so that the SMSC sends it again; the others once their part is
 *   stored (a store failure refuses them too). A receipt that comes again changes nothing: a settled message's
 *   receipts are only acknowledged (and the notification ignores a report it has);
 * - the session is bound from the start and bound again after a drop (backoff up to a minute), so that receipts
 *   come in on every instance, even one that sends nothing;
 * - refusals by the SMSC: an invalid destination or message length is permanent (a bounce); throttling, a full
 *   queue or a system error are transient; a refused bind (credentials) is transient and logged: retrying cannot
 *   fix it, but an operator can, and the notification ends `retries_exhausted` with the code as its last error.
 */
import { Logger } from '@nestjs/common';
import * as smpp from 'smpp';
import { DeliveryError, type DeliveryAdapter, type OutgoingMessage, type SendOutcome } from './adapters';
import { MemorySmsParts, type SmsPartLedger, type SmsPartReceipt } from './sms-parts';

export interface SmsReceipt {
  /** The SMSC's id of the message the receipt is about (`submit_sm_resp.message_id`; of a long one: its first part). */
  messageId: string;
  /** DELIVRD, EXPIRED, DELETED, UNDELIV, ACCEPTD, UNKNOWN, REJECTD. */
  stat: string;
  err: string;
  at: string;
  /** The receipt of each part (1-based `part`, in order) that came back, when the adapter reports a whole message. */
  parts?: SmsPartReceipt[];
  /**
   * The delivery the message was sent for (`OutgoingMessage.deliveryId` given to `send`), as recorded when it was
   * sent: the receiver needs no search by `messageId`. Absent only for a message recorded before it was kept.
   */
  deliveryId?: string;
}

export type { SmsPartReceipt };

/** States a receipt can report before the final one (SMPP 3.4 §5.2.28): kept, not an outcome. */
const INTERMEDIATE = new Set(['ACCEPTD', 'ENROUTE']);
/** How long the parts of a message wait for their receipts (an SMSC's longest validity period). */
const PARTS_KEPT_MS = 72 * 3600_000;
/** How often the stored parts older than that are deleted (by each instance, when it sends). */
const FORGET_EVERY_MS = 3600_000;
/**
 * A receipt whose message is not in the store may have come before the instance that sent it recorded the message:
 * it is looked up again after these waits, then refused (`ESME_RSYSERR`), so that the SMSC sends it again later.
 */
const MISS_WAITS_MS = [250, 500, 1000, 2000];
/** Writing the parts of a message sent: tries, and the wait before the next one (doubled each time). */
const RECORD_TRIES = 5;
const RECORD_RETRY_MS = 200;

/** A message this instance sent, under each of its part ids (a process's own memory, 72 h). */
interface SentHere {
  total: number;
  /** The delivery it was sent for. */
  deliveryId: string;
  /** Settles once its parts are stored (or the store gave up): a receipt of a part waits for it. */
  recorded: Promise<void>;
  /** The store refused them: they are in this process's memory only (`fallback`). */
  unstored?: boolean;
  since: number;
}

/** What to report for a receipt, and what to do once it is stored (mark its message settled). */
interface Report {
  receipt: SmsReceipt;
  settle: () => Promise<void>;
  /** Once reported (or refused): another receipt of its message may decide it again. */
  done?: () => void;
}
const nothing = () => Promise.resolve();

/**
 * What the receipts of a message's parts say about the message: the first final failure of a part, else
 * `DELIVRD` once every part is delivered, else nothing yet.
 */
export function messageOutcome(key: string, total: number, receipts: SmsPartReceipt[]): SmsReceipt | null {
  const parts = [...receipts].sort((a, b) => a.part - b.part);
  if (!parts.length) return null;
  const failed = parts.find((p) => p.stat !== 'DELIVRD' && !INTERMEDIATE.has(p.stat));
  const delivered = parts.filter((p) => p.stat === 'DELIVRD');
  const decisive = failed ?? (delivered.length === total ? delivered : null);
  if (!decisive) return null;
  const last = failed ?? delivered.reduce((a, b) => (b.at > a.at ? b : a));
  return { messageId: key, stat: last.stat, err: last.err, at: last.at, parts };
}

const MAX_PARTS = 6;
const TRANSIENT = new Set([
  smpp.ESME_RTHROTTLED,
  smpp.ESME_RMSGQFUL,
  smpp.ESME_RSYSERR,
  smpp.ESME_RINVBNDSTS,
]);

/** `+39 333 123 4567`, `3331234567`, `0039…` → `393331234567`; anything else that is not 8–15 digits: null. */
export function normaliseMsisdn(raw: string): string | null {
  let n = raw.replace(/[\s().-]/g, '');
  if (n.startsWith('+')) n = n.slice(1);
  else if (n.startsWith('00')) n = n.slice(2);
  else if (/^3\d{8,9}$/.test(n)) n = `39${n}`;
  return /^[1-9]\d{7,14}$/.test(n) ? n : null;
}

/** Splits a text into SMS parts: GSM 03.38 when every character has a code there, else UCS-2. */
export function splitSms(text: string): { dataCoding: 0 | 8; parts: string[] } {
  const gsm = smpp.encodings.detect(text) === 'ASCII';
  const size = (s: string) => (gsm ? smpp.encodings.ASCII.encode(s).length : s.length);
  const single = gsm ? 160 : 70;
  const multi = gsm ? 153 : 67;
  if (size(text) <= single) return { dataCoding: gsm ? 0 : 8, parts: [text] };
  const parts: string[] = [];
  let current = '';
  for (const ch of text) {
    if (size(current + ch) > multi) {
      parts.push(current);
      current = '';
    }
    current += ch;
  }
  if (current) parts.push(current);
  return { dataCoding: gsm ? 0 : 8, parts };
}

/** A delivery receipt (SMPP 3.4 appendix B text, or the `receipted_message_id` / `message_state` TLVs). */
export function parseDeliveryReceipt(pdu: Record<string, unknown>): SmsReceipt | null {
  if (((Number(pdu.esm_class) || 0) & 0x3c) !== 0x04) return null;
  const sm = pdu.short_message as { message?: unknown } | string | undefined;
  const text = typeof sm === 'string' ? sm : String(sm?.message ?? '');
  const field = (name: string) => new RegExp(`${name}:(\\S+)`, 'i').exec(text)?.[1];
  const states: Record<number, string> = {
    2: 'DELIVRD',
    3: 'EXPIRED',
    4: 'DELETED',
    5: 'UNDELIV',
    8: 'REJECTD',
  };
  const messageId =
    typeof pdu.receipted_message_id === 'string' && pdu.receipted_message_id
      ? pdu.receipted_message_id
      : field('id');
  const stat = field('stat') ?? states[Number(pdu.message_state)] ?? 'UNKNOWN';
  if (!messageId) return null;
  const done = /done date:(\d{10,12})/i.exec(text)?.[1];
  return {
    messageId,
    stat: stat.toUpperCase(),
    err: field('err') ?? '000',
    at: done ? smppDate(done) : new Date().toISOString(),
  };
}

/** `YYMMDDhhmm[ss]` (the SMSC's time, taken as UTC) → ISO. */
const smppDate = (s: string) =>
  new Date(
    Date.UTC(
      2000 + +s.slice(0, 2),
      +s.slice(2, 4) - 1,
      +s.slice(4, 6),
      +s.slice(6, 8),
      +s.slice(8, 10),
      +(s.slice(10, 12) || 0),
    ),
  ).toISOString();

export class SmppAdapter implements DeliveryAdapter {
  readonly channel = 'sms' as const;
  private readonly logger = new Logger(SmppAdapter.name);
  private session?: smpp.Session;
  /** The session being connected or bound (closed with the adapter before it is bound). */
  private connecting?: smpp.Session;
  private bound?: Promise<smpp.Session>;
  private ref = Math.floor(Math.random() * 256);
  private closed = false;
  private rebind?: NodeJS.Timeout;
  private failedBinds = 0;
  private forgotAt = 0;
  /** The messages this instance sent, under each part id, in the order sent (the oldest are forgotten first). */
  private readonly sentHere = new Map<string, SentHere>();
  /**
   * The messages whose outcome this instance is reporting: a second receipt that decides one at the same time (two
   * parts' receipts taken at once, after a bind) is only acknowledged, its part being stored. Should the report
   * fail, the first receipt is refused and comes again, and decides on every receipt stored by then.
   */
  private readonly deciding = new Set<string>();
  /** The parts of the messages the store refused to keep (this process's memory only). */
  private readonly fallback = new MemorySmsParts();

  constructor(
    /** `smpp://system_id:password@host:port` (`ssmpp://` for TLS). */
    private readonly url: string,
    /** The sender shown on the phone: up to 11 letters/digits (alphanumeric) or a number. */
    private readonly sourceAddr: string,
    private readonly onReceipt: (r: SmsReceipt) => Promise<void>,
    /**
     * Where the parts of long messages are kept: the service's store (`SmsPartStore`), shared by every instance;
     * by default this process's memory (one instance that is never restarted).
     */
    private readonly parts: SmsPartLedger = new MemorySmsParts(),
  ) {
    this.listen();
  }

  /** Keeps a session bound, so that receipts come in even when nothing is sent; bound again after a drop. */
  private listen(): void {
    if (this.closed) return;
    this.bind().then(
      (session) => {
        this.failedBinds = 0;
        session.once('close', () => this.listenLater());
      },
      () => this.listenLater(),
    );
  }

  private listenLater(): void {
    if (this.closed || this.rebind) return;
    const wait = Math.min(60_000, 1000 * 2 ** Math.min(this.failedBinds++, 6));
    this.rebind = setTimeout(() => {
      this.rebind = undefined;
      this.listen();
    }, wait);
    this.rebind.unref();
  }

  private bind(): Promise<smpp.Session> {
    if (this.bound) return this.bound;
    if (this.closed) return Promise.reject(new DeliveryError('adapter closed', false, 'smpp_closed'));
    const u = new URL(this.url);
    const attempt = new Promise<smpp.Session>((resolve, reject) => {
      const session = smpp.connect({
        url: `${u.protocol}//${u.hostname}:${u.port || (u.protocol === 'ssmpp:' ? 3550 : 2775)}`,
        auto_enquire_link_period: 10_000,
      });
      this.connecting = session;
      const drop = (why: string) => {
        if (this.session === session) this.session = undefined;
        if (this.connecting === session) this.connecting = undefined;
        if (this.bound === attempt) this.bound = undefined;
        reject(new DeliveryError(`SMSC: ${why}`, false, 'smpp_unreachable'));
      };
      session.on('error', (e: Error) => drop(e.message));
      session.on('close', () => drop('connection closed'));
      session.on('deliver_sm', (pdu: smpp.PDU) => {
        const ack = () => session.send(pdu.response());
        const refuse = () => session.send(pdu.response({ command_status: smpp.ESME_RSYSERR }));
        const receipt = parseDeliveryReceipt(pdu);
        if (!receipt) return void ack();
        // acknowledged once stored (its part, or the outcome it decides): the SMSC sends it again otherwise
        this.take(receipt).then(
          async (report) => {
            if (!report) return void ack();
            try {
              await this.onReceipt(report.receipt);
            } catch {
              report.done?.();
              return void refuse();
            }
            // should marking it settled fail, a receipt that comes again reports again: the notification ignores it
            await report.settle().catch(() => undefined);
            report.done?.();
            ack();
          },
          (e: Error) => {
            this.logger.warn(`SMS receipt refused, the SMSC sends it again: ${e.message}`);
            refuse();
          },
        );
      });
      session.on('enquire_link', (pdu: smpp.PDU) => session.send(pdu.response()));
      session.on('unbind', (pdu: smpp.PDU) => {
        session.send(pdu.response());
        session.close();
      });
      session.on('connect', () =>
        session.bind_transceiver(
          {
            system_id: decodeURIComponent(u.username),
            password: decodeURIComponent(u.password),
            interface_version: 0x34,
          },
          (pdu) => {
            if (this.connecting === session) this.connecting = undefined;
            if (pdu.command_status === 0 && !this.closed) {
              this.session = session;
              resolve(session);
              return;
            }
            if (this.bound === attempt) this.bound = undefined;
            session.close();
            reject(
              this.closed
                ? new DeliveryError('adapter closed', false, 'smpp_closed')
                : new DeliveryError(
                    `SMSC refused the bind (${pdu.command_status})`,
                    false,
                    'smpp_bind_refused',
                  ),
            );
          },
        ),
      );
    });
    this.bound = attempt;
    attempt.catch(() => undefined);
    return attempt;
  }

  /**
   * A part's receipt: stored with its message; what to report when it decides the message (with `settle`, to call
   * once the report is stored), or null when there is nothing to report yet (or any more). Rejects when the store
   * cannot be read or written (the receipt is refused, and comes again).
   */
  private async take(r: SmsReceipt): Promise<Report | null> {
    const own = { part: 1, messageId: r.messageId, stat: r.stat, err: r.err, at: r.at };
    const here = this.sentHere.get(r.messageId);
    // a single-part message sent here: its receipt is the message's (an intermediate state is kept on the notification)
    if (here?.total === 1)
      return { receipt: { ...r, parts: [own], deliveryId: here.deliveryId }, settle: nothing };
    if (here) await here.recorded;
    const ledger = here?.unstored ? this.fallback : this.parts;
    const final = !INTERMEDIATE.has(r.stat);
    const stored = await this.lookUp(ledger, r, final, !here);
    // not known (yet): never guessed; refused, the SMSC sends it again once its sender may have recorded it
    if (!stored) throw new Error(`SMS receipt ${r.messageId} (${r.stat}) for a message not recorded (yet)`);
    const deliveryId = stored.deliveryId ? { deliveryId: stored.deliveryId } : {};
    // a single-part message sent by another instance (or before a restart): its receipt is the message's
    if (stored.ids.length === 1) return { receipt: { ...r, parts: [own], ...deliveryId }, settle: nothing };
    if (stored.settled || !final) return null;
    const outcome = messageOutcome(stored.key, stored.ids.length, stored.receipts);
    if (!outcome || this.deciding.has(stored.key)) return null;
    this.deciding.add(stored.key);
    return {
      receipt: { ...outcome, ...deliveryId },
      settle: () => ledger.settle(r.messageId, outcome.stat),
      done: () => this.deciding.delete(stored.key),
    };
  }

  /** The stored message of a part (its receipt written when final); a miss is tried again when `patient`. */
  private async lookUp(ledger: SmsPartLedger, r: SmsReceipt, final: boolean, patient: boolean) {
    const receipt = final ? { stat: r.stat, err: r.err, at: r.at } : null;
    const waits = patient && ledger.shared ? MISS_WAITS_MS : [];
    for (let i = 0; ; i++) {
      const stored = await ledger.receipt(r.messageId, receipt);
      if (stored || i >= waits.length || this.closed) return stored;
      await new Promise((resolve) => setTimeout(resolve, waits[i]));
    }
  }

  /**
   * Stores a message sent (its parts' ids, one for a single-part message, and its delivery), trying again a few times: the message went out whatever happens. When the
   * store keeps refusing, they are kept in this process's memory (only this instance matches their receipts).
   */
  private async record(here: SentHere, ids: string[], at: Date, abandoned: boolean): Promise<void> {
    for (let i = 0; i < RECORD_TRIES; i++) {
      try {
        return await this.parts.record(ids, at, abandoned, here.deliveryId);
      } catch (e) {
        if (i < RECORD_TRIES - 1) {
          await new Promise((resolve) => setTimeout(resolve, RECORD_RETRY_MS * 2 ** i));
          continue;
        }
        this.logger.warn(
          `SMS parts ${ids.join(',')} not stored (${(e as Error).message}): only this instance matches their receipts`,
        );
        here.unstored = true;
        await this.fallback.record(ids, at, abandoned, here.deliveryId);
      }
    }
  }

  /** Forgets the messages whose receipts cannot come any more (the store's, at most once an hour). */
  private forget(now: number): void {
    for (const [id, m] of this.sentHere) {
      if (now - m.since <= PARTS_KEPT_MS) break;
      this.sentHere.delete(id);
    }
    if (now - this.forgotAt < FORGET_EVERY_MS) return;
    this.forgotAt = now;
    void this.fallback.forget(new Date(now - PARTS_KEPT_MS));
    this.parts
      .forget(new Date(now - PARTS_KEPT_MS))
      .catch((e: Error) => this.logger.warn(`old SMS parts not deleted: ${e.message}`));
  }

  /** One `submit_sm`; `onAccepted` runs in the response's own turn, before any receipt that follows it is read. */
  private submit(
    session: smpp.Session,
    options: Record<string, unknown>,
    onAccepted: (messageId: string) => void,
  ): Promise<smpp.PDU> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new DeliveryError('SMSC did not answer', false, 'smpp_timeout')),
        15_000,
      );
      session.submit_sm(options, (pdu) => {
        clearTimeout(timer);
        if (pdu.command_status === 0) onAccepted(String(pdu.message_id ?? ''));
        resolve(pdu);
      });
    });
  }

  async send(m: OutgoingMessage): Promise<SendOutcome> {
    if (this.closed) throw new DeliveryError('adapter closed', false, 'smpp_closed');
    const to = normaliseMsisdn(m.to);
    if (!to) throw new DeliveryError('not a phone number', true, 'sms_invalid_number');
    const { dataCoding, parts } = splitSms(m.text);
    if (parts.length > MAX_PARTS) throw new DeliveryError('message too long', true, 'sms_too_long');
    const session = await this.bind();
    const ref = (this.ref = (this.ref + 1) % 256);
    const alphanumeric = /[^\d+]/.test(this.sourceAddr);
    const now = Date.now();
    this.forget(now);
    const ids: string[] = [];
    let recorded: () => void = () => undefined;
    const here: SentHere = {
      total: parts.length,
      deliveryId: m.deliveryId,
      recorded: parts.length > 1 ? new Promise<void>((resolve) => (recorded = resolve)) : Promise.resolve(),
      since: now,
    };
    try {
      for (let i = 0; i < parts.length; i++) {
        const udh = parts.length > 1 ? Buffer.from([0x05, 0x00, 0x03, ref, parts.length, i + 1]) : undefined;
        const pdu = await this.submit(
          session,
          {
            source_addr_ton: alphanumeric ? 5 : 1,
            source_addr_npi: alphanumeric ? 0 : 1,
            source_addr: this.sourceAddr,
            dest_addr_ton: 1,
            dest_addr_npi: 1,
            destination_addr: to,
            data_coding: dataCoding,
            registered_delivery: 1,
            short_message: udh ? { udh, message: parts[i] } : parts[i],
          },
          (id) => {
            ids.push(id);
            this.sentHere.set(id, here);
          },
        );
        const status = pdu.command_status;
        if (status !== 0) {
          const code =
            status === smpp.ESME_RINVDSTADR
              ? 'sms_invalid_number'
              : status === smpp.ESME_RINVMSGLEN
                ? 'sms_too_long'
                : `smpp_${status.toString(16).padStart(4, '0')}`;
          const where = parts.length > 1 ? ` (part ${i + 1} of ${parts.length})` : '';
          throw new DeliveryError(
            `SMSC refused the message${where} (${status})`,
            !TRANSIENT.has(status),
            code,
          );
        }
      }
      // every message, single-part too: a receipt on another instance finds it (and its delivery) by its id
      await this.record(here, ids, new Date(now), false);
    } catch (e) {
      // the parts already taken reach the handset as a fragment: their receipts are only acknowledged
      if (ids.length) await this.record(here, ids, new Date(now), true);
      throw e;
    } finally {
      recorded();
    }
    return {
      status: 'sent',
      code: `smpp:${ids.join(',')}`,
      providerMessageId: ids[0],
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.rebind);
    this.connecting?.destroy();
    const s = this.session;
    this.session = undefined;
    this.bound = undefined;
    if (!s) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        s.destroy();
        resolve();
      }, 1000);
      s.unbind({}, () => {
        clearTimeout(t);
        s.close();
        resolve();
      });
    });
  }
}
