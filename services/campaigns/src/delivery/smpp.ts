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
 *   adapter keeps the parts of each message until their receipts are in and reports **one** outcome through
 *   `onReceipt`, under the id of the first part (the one `send` returns): `DELIVRD` once every part is delivered,
 *   or the first final failure of a part (`UNDELIV`, `REJECTD`, `EXPIRED`, `DELETED`, `UNKNOWN`) at once, with
 *   every part's receipt so far in `parts`. A single-part message is reported as its receipt comes;
 * - the receipt that completes a message is acknowledged once `onReceipt` resolved (stored), else refused with
 *   `ESME_RSYSERR` so that the SMSC sends it again; the others are acknowledged at once. The parts are kept in
 *   memory (72 h at most): after a restart a part's receipt is passed on under its own id, as one receipt;
 * - refusals by the SMSC: an invalid destination or message length is permanent (a bounce); throttling, a full
 *   queue or a system error are transient; a refused bind (credentials) is transient and logged: retrying cannot
 *   fix it, but an operator can, and the notification ends `retries_exhausted` with the code as its last error.
 */
import * as smpp from 'smpp';
import { DeliveryError, type DeliveryAdapter, type OutgoingMessage, type SendOutcome } from './adapters';

export interface SmsReceipt {
  /** The SMSC's id of the message the receipt is about (`submit_sm_resp.message_id`; of a long one: its first part). */
  messageId: string;
  /** DELIVRD, EXPIRED, DELETED, UNDELIV, ACCEPTD, UNKNOWN, REJECTD. */
  stat: string;
  err: string;
  at: string;
  /** The receipt of each part (1-based `part`, in order) that came back, when the adapter reports a whole message. */
  parts?: SmsPartReceipt[];
}

export interface SmsPartReceipt {
  part: number;
  messageId: string;
  stat: string;
  err: string;
  at: string;
}

/** States a receipt can report before the final one (SMPP 3.4 §5.2.28): kept, not an outcome. */
const INTERMEDIATE = new Set(['ACCEPTD', 'ENROUTE']);
/** How long the parts of a message wait for their receipts (an SMSC's longest validity period). */
const PARTS_KEPT_MS = 72 * 3600_000;

/** The parts of one message sent, and their receipts as they come back. */
interface SentMessage {
  key: string;
  total: number;
  ids: string[];
  receipts: Map<string, SmsPartReceipt>;
  /** Its outcome was reported (or the message was abandoned): later receipts are only acknowledged. */
  settled: boolean;
  since: number;
}

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
  private session?: smpp.Session;
  private bound?: Promise<smpp.Session>;
  private ref = Math.floor(Math.random() * 256);
  private closed = false;
  /** The parts sent, by their message id, in the order sent (the oldest are forgotten first). */
  private readonly sent = new Map<string, SentMessage>();

  constructor(
    /** `smpp://system_id:password@host:port` (`ssmpp://` for TLS). */
    private readonly url: string,
    /** The sender shown on the phone: up to 11 letters/digits (alphanumeric) or a number. */
    private readonly sourceAddr: string,
    private readonly onReceipt: (r: SmsReceipt) => Promise<void>,
  ) {}

  private bind(): Promise<smpp.Session> {
    if (this.bound) return this.bound;
    const u = new URL(this.url);
    const attempt = new Promise<smpp.Session>((resolve, reject) => {
      const session = smpp.connect({
        url: `${u.protocol}//${u.hostname}:${u.port || (u.protocol === 'ssmpp:' ? 3550 : 2775)}`,
        auto_enquire_link_period: 10_000,
      });
      const drop = (why: string) => {
        if (this.session === session) this.session = undefined;
        if (this.bound === attempt) this.bound = undefined;
        reject(new DeliveryError(`SMSC: ${why}`, false, 'smpp_unreachable'));
      };
      session.on('error', (e: Error) => drop(e.message));
      session.on('close', () => drop('connection closed'));
      session.on('deliver_sm', (pdu: smpp.PDU) => {
        // a receipt that decides its message is acknowledged once stored: the SMSC resends it otherwise
        const ack = () => session.send(pdu.response());
        const report = this.take(parseDeliveryReceipt(pdu));
        if (!report) return void ack();
        this.onReceipt(report.receipt).then(
          () => {
            report.settle();
            ack();
          },
          () => session.send(pdu.response({ command_status: smpp.ESME_RSYSERR })),
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
            if (pdu.command_status === 0) {
              this.session = session;
              resolve(session);
              return;
            }
            if (this.bound === attempt) this.bound = undefined;
            session.close();
            reject(
              new DeliveryError(`SMSC refused the bind (${pdu.command_status})`, false, 'smpp_bind_refused'),
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
   * A part's receipt: recorded with its message; what to report when it decides the message (with `settle`, to call
   * once the report is stored), or null when there is nothing to report yet (or any more).
   */
  private take(r: SmsReceipt | null): { receipt: SmsReceipt; settle: () => void } | null {
    if (!r) return null;
    const m = this.sent.get(r.messageId);
    // not a part this adapter sent (or sent before a restart): passed on as it is
    if (!m) return { receipt: r, settle: () => undefined };
    if (m.settled) return null;
    const part = m.ids.indexOf(r.messageId) + 1;
    m.receipts.set(r.messageId, { part, messageId: r.messageId, stat: r.stat, err: r.err, at: r.at });
    const outcome = messageOutcome(m.key, m.total, [...m.receipts.values()]);
    if (!outcome) {
      // an intermediate state of a one-part message is passed on (kept on the notification), as before
      return m.total === 1
        ? { receipt: { ...r, parts: [...m.receipts.values()] }, settle: () => undefined }
        : null;
    }
    return {
      receipt: outcome,
      settle: () => {
        m.settled = true;
      },
    };
  }

  /** Forgets the messages whose receipts cannot come any more. */
  private forget(now: number): void {
    for (const [id, m] of this.sent) {
      if (now - m.since <= PARTS_KEPT_MS) break;
      this.sent.delete(id);
    }
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
    const message: SentMessage = {
      key: '',
      total: parts.length,
      ids: [],
      receipts: new Map(),
      settled: false,
      since: now,
    };
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
          message.key ||= id;
          message.ids.push(id);
          this.sent.set(id, message);
        },
      );
      const status = pdu.command_status;
      if (status !== 0) {
        // the parts already taken reach the handset as a fragment: their receipts are only acknowledged
        message.settled = true;
        const code =
          status === smpp.ESME_RINVDSTADR
            ? 'sms_invalid_number'
            : status === smpp.ESME_RINVMSGLEN
              ? 'sms_too_long'
              : `smpp_${status.toString(16).padStart(4, '0')}`;
        const where = parts.length > 1 ? ` (part ${i + 1} of ${parts.length})` : '';
        throw new DeliveryError(`SMSC refused the message${where} (${status})`, !TRANSIENT.has(status), code);
      }
    }
    return {
      status: 'sent',
      code: `smpp:${message.ids.join(',')}`,
      providerMessageId: message.key,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
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
