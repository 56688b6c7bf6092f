/**
 * A local SMSC speaking SMPP 3.4 (with the `smpp` package's server), refusing what a real SMSC / aggregator
 * refuses, so that the campaigns service's SMS adapter is tested against the protocol, not a stub:
 *
 * - `bind_transceiver` / `bind_transmitter` with a wrong `system_id` or `password` → `ESME_RBINDFAIL` and the
 *   connection is closed;
 * - `submit_sm` before a bind → `ESME_RINVBNDSTS`;
 * - a destination that is not an international number (TON 1, 8–15 digits, no leading 0) → `ESME_RINVDSTADR`;
 * - an empty or missing sender → `ESME_RINVSRCADR`;
 * - a message longer than one SMS without concatenation (GSM 03.38: 160 characters; 8-bit / UCS-2: 140 octets;
 *   with a UDH, its length counts too) → `ESME_RINVMSGLEN`;
 * - otherwise `submit_sm_resp` with a message id; with `registered_delivery` 1 a delivery receipt follows as a
 *   `deliver_sm` (`esm_class` 0x04, SMPP 3.4 appendix B text, `receipted_message_id` and `message_state` TLVs):
 *   `stat:DELIVRD`, or `stat:UNDELIV err:001` for the numbers in `undeliverable` (a switched-off or ceased line).
 *
 * Local runs and tests only: loopback, in memory. `accepted` lists what was taken (the parts of a concatenated
 * message are joined by their reference).
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
  deliver_sm(options: Record<string, unknown>): boolean;
}
interface SmppLib {
  createServer(options: Record<string, unknown>, listener: (session: Session) => void): Server;
  encodings: { ASCII: { encode(text: string): Buffer } };
  ESME_RBINDFAIL: number;
  ESME_RINVBNDSTS: number;
  ESME_RINVSRCADR: number;
  ESME_RINVDSTADR: number;
  ESME_RINVMSGLEN: number;
}
const smpp = createRequire(__filename)('smpp') as SmppLib;

export interface SmscOptions {
  host?: string;
  port?: number;
  systemId: string;
  password: string;
  /** Destinations whose messages are accepted but never delivered (receipt `UNDELIV`). */
  undeliverable?: Set<string>;
  /** Delay before the delivery receipt (ms). */
  receiptDelayMs?: number;
}

export interface SmscMessage {
  id: string;
  from: string;
  to: string;
  text: string;
  parts: number;
  receipt: 'DELIVRD' | 'UNDELIV' | null;
  at: string;
}

export interface Smsc {
  port: number;
  url: (systemId?: string, password?: string) => string;
  accepted: () => SmscMessage[];
  refused: () => { to: string; status: number }[];
  binds: () => { systemId: string; ok: boolean }[];
  stop: () => Promise<void>;
}

const smppDate = (d: Date) => d.toISOString().replace(/\D/g, '').slice(2, 12);

/** The characters of the GSM 03.38 default alphabet count one, its extension table two (escape + code). */
const septets = (text: string) => smpp.encodings.ASCII.encode(text).length;

export async function startSmsc(options: SmscOptions): Promise<Smsc> {
  const accepted: SmscMessage[] = [];
  const refused: { to: string; status: number }[] = [];
  const binds: { systemId: string; ok: boolean }[] = [];
  const pending = new Map<string, { parts: Map<number, string>; total: number }>();
  const sessions = new Set<Session>();
  const timers = new Set<NodeJS.Timeout>();

  const server = smpp.createServer({ debug: false }, (session) => {
    sessions.add(session);
    let bound = false;
    session.on('close', () => sessions.delete(session));
    session.on('error', () => undefined);
    const onBind = (pdu: Pdu) => {
      const ok = pdu.system_id === options.systemId && pdu.password === options.password;
      binds.push({ systemId: String(pdu.system_id), ok });
      if (!ok) {
        session.send(pdu.response({ command_status: smpp.ESME_RBINDFAIL }));
        session.close();
        return;
      }
      bound = true;
      session.send(pdu.response({ system_id: 'URP-SMSC' }));
    };
    session.on('bind_transceiver', onBind);
    session.on('bind_transmitter', onBind);
    session.on('enquire_link', (pdu: Pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu: Pdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('deliver_sm_resp', () => undefined);
    session.on('submit_sm', (pdu: Pdu) => {
      const to = String(pdu.destination_addr ?? '');
      const refuse = (status: number) => {
        refused.push({ to, status });
        session.send(pdu.response({ command_status: status }));
      };
      if (!bound) return refuse(smpp.ESME_RINVBNDSTS);
      if (!String(pdu.source_addr ?? '')) return refuse(smpp.ESME_RINVSRCADR);
      if (Number(pdu.dest_addr_ton) !== 1 || !/^[1-9]\d{7,14}$/.test(to)) return refuse(smpp.ESME_RINVDSTADR);
      const sm = pdu.short_message as { udh?: Buffer[]; message?: unknown } | undefined;
      const text = typeof sm?.message === 'string' ? sm.message : '';
      const udhOctets = sm?.udh?.reduce((n, u) => n + u.length, sm.udh.length ? 1 : 0) ?? 0;
      const coding = Number(pdu.data_coding) & 0x0f;
      const gsm = coding === 0 || coding === 1;
      const fits = gsm
        ? septets(text) + Math.ceil((udhOctets * 8) / 7) <= 160
        : udhOctets + (coding === 8 ? text.length * 2 : text.length) <= 140;
      if (!text || !fits) return refuse(smpp.ESME_RINVMSGLEN);
      const id = randomBytes(8).toString('hex');
      session.send(pdu.response({ message_id: id }));
      // a concatenated message (UDH IEI 0x00: reference, total, sequence) is one message when its parts are in
      const concat = sm?.udh?.find((u) => u[0] === 0x00 && u.length >= 5);
      let full = text;
      let parts = 1;
      if (concat) {
        const key = `${to}:${concat[2]}`;
        const p = pending.get(key) ?? { parts: new Map<number, string>(), total: concat[3] };
        p.parts.set(concat[4], text);
        pending.set(key, p);
        if (p.parts.size < p.total) return;
        pending.delete(key);
        full = [...p.parts.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([, t]) => t)
          .join('');
        parts = p.total;
      }
      const wantsReceipt = (Number(pdu.registered_delivery) & 0x03) !== 0;
      const stat = options.undeliverable?.has(to) ? 'UNDELIV' : 'DELIVRD';
      const message: SmscMessage = {
        id,
        from: String(pdu.source_addr),
        to,
        text: full,
        parts,
        receipt: wantsReceipt ? stat : null,
        at: new Date().toISOString(),
      };
      accepted.push(message);
      if (!wantsReceipt) return;
      const submitted = new Date();
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!sessions.has(session)) return;
        const done = new Date();
        session.deliver_sm({
          source_addr: to,
          source_addr_ton: 1,
          source_addr_npi: 1,
          destination_addr: String(pdu.source_addr),
          esm_class: 0x04,
          short_message: `id:${id} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:${smppDate(submitted)} done date:${smppDate(done)} stat:${stat} err:${stat === 'DELIVRD' ? '000' : '001'} text:${full.slice(0, 20)}`,
          receipted_message_id: id,
          message_state: stat === 'DELIVRD' ? 2 : 5,
        });
      }, options.receiptDelayMs ?? 50);
      timers.add(timer);
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
    refused: () => refused,
    binds: () => binds,
    stop: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sessions) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
