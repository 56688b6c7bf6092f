/**
 * SMS over SMPP 3.4 (the protocol Italian SMS aggregators and operators' SMSCs speak), with the `smpp` package
 * (node-smpp). One transceiver session per adapter, bound lazily and re-bound after a drop: `submit_sm` out, the
 * SMSC's delivery receipts (`deliver_sm` with the receipt flag in `esm_class`) in, parsed into delivered / failed.
 *
 * - the destination is an international number (`39…`, TON 1 / NPI 1); a local `3…` Italian mobile gets `39`;
 * - text in the GSM 03.38 alphabet when it fits (160 characters, 153 per part when concatenated), else UCS-2 (70,
 *   67 per part); longer texts are concatenated with the standard 8-bit reference UDH (IEI 0x00), at most 6 parts;
 * - a delivery receipt is asked for the last part only (`registered_delivery` 1): its message id is the one the
 *   notification keeps;
 * - refusals by the SMSC: an invalid destination or message length is permanent (a bounce); throttling, a full
 *   queue or a system error are transient; a refused bind (credentials) is transient and logged: retrying cannot
 *   fix it, but an operator can, and the notification ends `retries_exhausted` with the code as its last error.
 */
import * as smpp from 'smpp';
import { DeliveryError, type DeliveryAdapter, type OutgoingMessage, type SendOutcome } from './adapters';

export interface SmsReceipt {
  /** The SMSC's id of the message the receipt is about (`submit_sm_resp.message_id`). */
  messageId: string;
  /** DELIVRD, EXPIRED, DELETED, UNDELIV, ACCEPTD, UNKNOWN, REJECTD. */
  stat: string;
  err: string;
  at: string;
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
        const receipt = parseDeliveryReceipt(pdu);
        // the receipt is acknowledged once stored (or at once when it is not one of ours): the SMSC resends otherwise
        const ack = () => session.send(pdu.response());
        if (!receipt) return void ack();
        this.onReceipt(receipt).then(ack, () =>
          session.send(pdu.response({ command_status: smpp.ESME_RSYSERR })),
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

  private submit(session: smpp.Session, options: Record<string, unknown>): Promise<smpp.PDU> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new DeliveryError('SMSC did not answer', false, 'smpp_timeout')),
        15_000,
      );
      session.submit_sm(options, (pdu) => {
        clearTimeout(timer);
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
    let messageId = '';
    for (let i = 0; i < parts.length; i++) {
      const last = i === parts.length - 1;
      const udh = parts.length > 1 ? Buffer.from([0x05, 0x00, 0x03, ref, parts.length, i + 1]) : undefined;
      const pdu = await this.submit(session, {
        source_addr_ton: alphanumeric ? 5 : 1,
        source_addr_npi: alphanumeric ? 0 : 1,
        source_addr: this.sourceAddr,
        dest_addr_ton: 1,
        dest_addr_npi: 1,
        destination_addr: to,
        data_coding: dataCoding,
        registered_delivery: last ? 1 : 0,
        short_message: udh ? { udh, message: parts[i] } : parts[i],
      });
      const status = pdu.command_status;
      if (status !== 0) {
        const code =
          status === smpp.ESME_RINVDSTADR
            ? 'sms_invalid_number'
            : status === smpp.ESME_RINVMSGLEN
              ? 'sms_too_long'
              : `smpp_${status.toString(16).padStart(4, '0')}`;
        throw new DeliveryError(`SMSC refused the message (${status})`, !TRANSIENT.has(status), code);
      }
      messageId = String(pdu.message_id ?? '');
    }
    return { status: 'sent', code: `smpp:${messageId}`, providerMessageId: messageId };
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
