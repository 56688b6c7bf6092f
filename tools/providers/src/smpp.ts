/**
 * A local SMSC speaking SMPP 3.4 (with the `smpp` package's server), refusing what a real SMSC / aggregator
 * refuses, so that the campaigns service's SMS adapter is tested against the protocol, not a stub:
 *
 * - `bind_transceiver` / `bind_transmitter` / `bind_receiver` with a wrong `system_id` or `password` →
 *   `ESME_RBINDFAIL` and the connection is closed;
 * - `submit_sm` before a bind, or on a receiver-only bind → `ESME_RINVBNDSTS`;
 * - a destination that is not an international number (TON 1, 8–15 digits, no leading 0) → `ESME_RINVDSTADR`;
 * - an empty or missing sender → `ESME_RINVSRCADR`;
 * - a `short_message` longer than one SMS (GSM 03.38: 160 characters; 8-bit / UCS-2: 140 octets; with a UDH, its
 *   length counts too; so anything over the 254 octets of `sm_length` too) → `ESME_RINVMSGLEN`; a longer text is
 *   taken only as parts (UDH IEI 0x00 / 0x08, or the `sar_*` TLVs) or in `message_payload` with an empty
 *   `short_message` (both filled → `ESME_RINVMSGLEN`); a concatenation header whose sequence is 0 or over the
 *   total → `ESME_RINVESMCLASS`;
 * - otherwise `submit_sm_resp` with a message id **per submit_sm** (per part); with `registered_delivery` set, a
 *   delivery receipt per part follows as a `deliver_sm` (`esm_class` 0x04, SMPP 3.4 appendix B text, the
 *   `receipted_message_id` and `message_state` TLVs): `stat:DELIVRD`, or `stat:UNDELIV err:001` for the numbers
 *   in `undeliverable` (a switched-off or ceased line). A `message_payload` is one message: one id, one receipt.
 * - receipts are kept until acknowledged: sent on the session that submitted, else on any session bound with the
 *   same `system_id` (a receiver or transceiver), else when one binds; a `deliver_sm_resp` with an error status
 *   makes it come again (after `receiptRetryMs`), as a real SMSC retries a receipt the ESME did not take, and so
 *   does a session closing before it answered (the receipt goes to another session, or waits for a bind).
 * - for the numbers in `holdReceipts` the receipt waits for `releaseReceipt(partId, stat, via)` (a test decides
 *   when each part is delivered, and with which state); `via: 'other'` sends it on the session of the same
 *   `system_id` that connected last, other than the one that submitted (as a real SMSC hands receipts to any of an
 *   account's binds: another instance of the service), waiting for one to bind if there is none. A part whose
 *   receipt went out already can be released again: the same receipt comes a second time, as a real SMSC resends
 *   one whose acknowledgement it missed.
 *
 * Local runs and tests only: loopback, in memory. `accepted` lists the messages (the parts of a concatenated
 * message joined by their reference), `parts` every `submit_sm` taken, with its header and its receipt.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';
import type { AddressInfo, Server } from 'node:net';

/** The part of `smpp` (node-smpp 0.5.1, which ships no types) the local SMSC uses. */
interface Pdu {
  [field: string]: unknown;
  command_status: number;
  response(options?: Record<string, unknown>): Pdu;
}
interface Session extends EventEmitter {
  send(pdu: Pdu): boolean;
  close(): void;
  destroy(): void;
  deliver_sm(options: Record<string, unknown>, onResponse?: (pdu: Pdu) => void): boolean;
}
interface SmppLib {
  createServer(options: Record<string, unknown>, listener: (session: Session) => void): Server;
  encodings: { ASCII: { encode(text: string): Buffer } };
  ESME_RBINDFAIL: number;
  ESME_RINVBNDSTS: number;
  ESME_RINVSRCADR: number;
  ESME_RINVDSTADR: number;
  ESME_RINVMSGLEN: number;
  ESME_RINVESMCLASS: number;
}
const smpp = createRequire(__filename)('smpp') as SmppLib;

/** The final states of SMPP 3.4 §5.2.28 a receipt can carry (and the `message_state` TLV value of each). */
export const RECEIPT_STATES = {
  DELIVRD: 2,
  EXPIRED: 3,
  DELETED: 4,
  UNDELIV: 5,
  UNKNOWN: 7,
  REJECTD: 8,
} as const;
export type ReceiptStat = keyof typeof RECEIPT_STATES;

export interface SmscOptions {
  host?: string;
  port?: number;
  systemId: string;
  password: string;
  /** Destinations whose messages are accepted but never delivered (receipt `UNDELIV`). */
  undeliverable?: Set<string>;
  /** Destinations whose receipts wait for `releaseReceipt`. */
  holdReceipts?: Set<string>;
  /** Delay before the delivery receipt (ms). */
  receiptDelayMs?: number;
  /** Delay before a receipt the ESME refused (`deliver_sm_resp` with an error) is sent again (ms). */
  receiptRetryMs?: number;
}

export interface SmscMessage {
  /** The id of its first part (every part has its own: `partIds`). */
  id: string;
  partIds: string[];
  from: string;
  to: string;
  text: string;
  parts: number;
  /** The state of the message as the handset sees it: delivered when every part is. */
  receipt: ReceiptStat | 'PENDING' | null;
  at: string;
}

export interface SmscPart {
  id: string;
  to: string;
  text: string;
  dataCoding: number;
  /** How it says it is a part: `udh` (IEI 0x00 / 0x08), `sar` (TLVs), `payload` (one long message), or none. */
  concatenation: 'udh' | 'sar' | 'payload' | null;
  /** The concatenation header as sent (hex, with its length octet), when a UDH. */
  udh: string | null;
  ref: number | null;
  total: number;
  seq: number;
  /** The receipt asked for (`registered_delivery`), then its state; `acknowledged` once the ESME took it. */
  receipt: { stat: ReceiptStat | 'HELD'; acknowledged: boolean; attempts: number } | null;
}

export interface Smsc {
  port: number;
  url: (systemId?: string, password?: string) => string;
  accepted: () => SmscMessage[];
  parts: () => SmscPart[];
  refused: () => { to: string; status: number }[];
  binds: () => { systemId: string; ok: boolean }[];
  /** Sends the held receipt of one part with this state (or its receipt once more); false when there is none. */
  releaseReceipt: (partId: string, stat: ReceiptStat, via?: 'other') => boolean;
  stop: () => Promise<void>;
}

const smppDate = (d: Date) => d.toISOString().replace(/\D/g, '').slice(2, 12);

/** The characters of the GSM 03.38 default alphabet count one, its extension table two (escape + code). */
const septets = (text: string) => smpp.encodings.ASCII.encode(text).length;

interface PendingReceipt {
  part: SmscPart;
  receipt: NonNullable<SmscPart['receipt']>;
  /** The state to report, once decided (a held receipt: when released). */
  stat?: ReceiptStat;
  /** `other`: not on the session that submitted. */
  via?: 'other';
  systemId: string;
  session: Session;
  from: string;
  submitted: Date;
}

export async function startSmsc(options: SmscOptions): Promise<Smsc> {
  const accepted: SmscMessage[] = [];
  const parts: SmscPart[] = [];
  const refused: { to: string; status: number }[] = [];
  const binds: { systemId: string; ok: boolean }[] = [];
  const pending = new Map<string, { texts: Map<number, SmscPart>; total: number }>();
  const messageOf = new Map<string, SmscMessage>();
  const held = new Map<string, PendingReceipt>();
  /** Receipts sent at least once, by part id (to send one again). */
  const sent = new Map<string, PendingReceipt>();
  /** Receipts not acknowledged yet, waiting for a session of their system_id. */
  const undelivered = new Set<PendingReceipt>();
  const sessions = new Map<Session, { systemId: string; receives: boolean; transmits: boolean } | null>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  /** The message's state from its parts: DELIVRD when all are, the first final failure, else PENDING. */
  const settle = (m: SmscMessage) => {
    const states = m.partIds.map((id) => parts.find((p) => p.id === id)?.receipt?.stat);
    const failed = states.find((s) => s && s !== 'DELIVRD' && s !== 'HELD');
    m.receipt =
      (failed as ReceiptStat | undefined) ?? (states.every((s) => s === 'DELIVRD') ? 'DELIVRD' : 'PENDING');
  };

  const sendReceipt = (r: PendingReceipt, stat: ReceiptStat) => {
    const { receipt } = r;
    sent.set(r.part.id, r);
    r.stat = stat;
    receipt.stat = stat;
    const m = messageOf.get(r.part.id);
    if (m) settle(m);
    const receivers = [...sessions]
      .filter(([s, b]) => b?.receives && b.systemId === r.systemId && (r.via !== 'other' || s !== r.session))
      .map(([s]) => s);
    const target = r.via === 'other' ? receivers.at(-1) : sessions.has(r.session) ? r.session : receivers[0];
    if (!target) return void undelivered.add(r);
    undelivered.delete(r);
    receipt.attempts++;
    receipt.acknowledged = false;
    // a session that closes before it answers did not take the receipt: it goes to another one, or waits for a bind
    const unanswered = () => later(0, () => sendReceipt(r, stat));
    target.once('close', unanswered);
    const done = new Date();
    const ok = stat === 'DELIVRD';
    target.deliver_sm(
      {
        source_addr: r.part.to,
        source_addr_ton: 1,
        source_addr_npi: 1,
        destination_addr: r.from,
        esm_class: 0x04,
        short_message: `id:${r.part.id} sub:001 dlvrd:${ok ? '001' : '000'} submit date:${smppDate(r.submitted)} done date:${smppDate(done)} stat:${stat} err:${ok ? '000' : '001'} text:${r.part.text.slice(0, 20)}`,
        receipted_message_id: r.part.id,
        message_state: RECEIPT_STATES[stat],
      },
      (resp) => {
        target.off('close', unanswered);
        if (resp.command_status === 0) receipt.acknowledged = true;
        else later(options.receiptRetryMs ?? 500, () => sendReceipt(r, stat));
      },
    );
  };

  const server = smpp.createServer({ debug: false }, (session) => {
    sessions.set(session, null);
    session.on('close', () => sessions.delete(session));
    session.on('error', () => undefined);
    const onBind = (receives: boolean, transmits: boolean) => (pdu: Pdu) => {
      const ok = pdu.system_id === options.systemId && pdu.password === options.password;
      binds.push({ systemId: String(pdu.system_id), ok });
      if (!ok) {
        session.send(pdu.response({ command_status: smpp.ESME_RBINDFAIL }));
        session.close();
        return;
      }
      sessions.set(session, { systemId: String(pdu.system_id), receives, transmits });
      session.send(pdu.response({ system_id: 'URP-SMSC' }));
      // receipts that found no session before
      if (receives)
        for (const r of [...undelivered]) if (r.systemId === pdu.system_id && r.stat) sendReceipt(r, r.stat);
    };
    session.on('bind_transceiver', onBind(true, true));
    session.on('bind_transmitter', onBind(false, true));
    session.on('bind_receiver', onBind(true, false));
    session.on('enquire_link', (pdu: Pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu: Pdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu: Pdu) => {
      const to = String(pdu.destination_addr ?? '');
      const refuse = (status: number) => {
        refused.push({ to, status });
        session.send(pdu.response({ command_status: status }));
      };
      const bind = sessions.get(session);
      if (!bind?.transmits) return refuse(smpp.ESME_RINVBNDSTS);
      if (!String(pdu.source_addr ?? '')) return refuse(smpp.ESME_RINVSRCADR);
      if (Number(pdu.dest_addr_ton) !== 1 || !/^[1-9]\d{7,14}$/.test(to)) return refuse(smpp.ESME_RINVDSTADR);
      const sm = pdu.short_message as { udh?: Buffer[]; message?: unknown } | undefined;
      const payload = pdu.message_payload as { message?: unknown } | undefined;
      const text = typeof sm?.message === 'string' ? sm.message : '';
      const payloadText = typeof payload?.message === 'string' ? payload.message : '';
      const coding = Number(pdu.data_coding) & 0x0f;
      const gsm = coding === 0 || coding === 1;
      if (payload) {
        // one long message the SMSC splits itself; short_message must then be empty (SMPP 3.4 §5.3.2.32)
        if (text || !payloadText) return refuse(smpp.ESME_RINVMSGLEN);
      } else {
        const udhOctets = sm?.udh?.reduce((n, u) => n + u.length, sm.udh.length ? 1 : 0) ?? 0;
        const fits = gsm
          ? septets(text) + Math.ceil((udhOctets * 8) / 7) <= 160
          : udhOctets + (coding === 8 ? text.length * 2 : text.length) <= 140;
        if (!text || !fits) return refuse(smpp.ESME_RINVMSGLEN);
      }
      // a part: UDH IEI 0x00 (8-bit reference) or 0x08 (16-bit), or the sar_* TLVs
      const ie = sm?.udh?.find((u) => (u[0] === 0x00 && u.length === 5) || (u[0] === 0x08 && u.length === 6));
      const concat = ie
        ? ie[0] === 0x00
          ? { how: 'udh' as const, ref: ie[2], total: ie[3], seq: ie[4] }
          : { how: 'udh' as const, ref: ie.readUInt16BE(2), total: ie[4], seq: ie[5] }
        : pdu.sar_msg_ref_num !== undefined
          ? {
              how: 'sar' as const,
              ref: Number(pdu.sar_msg_ref_num),
              total: Number(pdu.sar_total_segments),
              seq: Number(pdu.sar_segment_seqnum),
            }
          : null;
      if (concat && (concat.total < 1 || concat.seq < 1 || concat.seq > concat.total))
        return refuse(smpp.ESME_RINVESMCLASS);
      const id = randomBytes(8).toString('hex');
      const wantsReceipt = (Number(pdu.registered_delivery) & 0x03) !== 0;
      const part: SmscPart = {
        id,
        to,
        text: payload ? payloadText : text,
        dataCoding: Number(pdu.data_coding) || 0,
        concatenation: payload ? 'payload' : (concat?.how ?? null),
        udh: sm?.udh?.length
          ? Buffer.concat([Buffer.from([sm.udh.reduce((n, u) => n + u.length, 0)]), ...sm.udh]).toString(
              'hex',
            )
          : null,
        ref: concat?.ref ?? null,
        total: concat?.total ?? 1,
        seq: concat?.seq ?? 1,
        receipt: wantsReceipt ? { stat: 'HELD', acknowledged: false, attempts: 0 } : null,
      };
      parts.push(part);
      session.send(pdu.response({ message_id: id }));
      // the message is whole when every part of its reference is in
      let members = [part];
      if (concat) {
        const key = `${bind.systemId}:${to}:${concat.how}:${concat.ref}`;
        const p = pending.get(key) ?? { texts: new Map<number, SmscPart>(), total: concat.total };
        p.texts.set(concat.seq, part);
        pending.set(key, p);
        if (p.texts.size >= p.total) {
          pending.delete(key);
          members = [...p.texts.entries()].sort((a, b) => a[0] - b[0]).map(([, x]) => x);
        } else members = [];
      }
      if (members.length) {
        const message: SmscMessage = {
          id: members[0].id,
          partIds: members.map((x) => x.id),
          from: String(pdu.source_addr),
          to,
          text: members.map((x) => x.text).join(''),
          parts: members.length,
          receipt: null,
          at: new Date().toISOString(),
        };
        for (const x of members) messageOf.set(x.id, message);
        if (members.some((x) => x.receipt)) settle(message);
        accepted.push(message);
      }
      if (!part.receipt) return;
      const r: PendingReceipt = {
        part,
        receipt: part.receipt,
        systemId: bind.systemId,
        session,
        from: String(pdu.source_addr),
        submitted: new Date(),
      };
      if (options.holdReceipts?.has(to)) return void held.set(id, r);
      const stat: ReceiptStat = options.undeliverable?.has(to) ? 'UNDELIV' : 'DELIVRD';
      later(options.receiptDelayMs ?? 50, () => sendReceipt(r, stat));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 2775, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (systemId = options.systemId, password = options.password) =>
      `smpp://${encodeURIComponent(systemId)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    accepted: () => accepted,
    parts: () => parts,
    refused: () => refused,
    binds: () => binds,
    releaseReceipt: (partId, stat, via) => {
      const r = held.get(partId) ?? sent.get(partId);
      if (!r || !(stat in RECEIPT_STATES)) return false;
      held.delete(partId);
      r.via = via;
      sendReceipt(r, stat);
      return true;
    },
    stop: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sessions.keys()) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
