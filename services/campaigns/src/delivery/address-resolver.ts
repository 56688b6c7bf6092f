/**
 * Addresses are resolved only at delivery time, from the contacts service (the one place that keeps personal data):
 * `POST /internal/requesters/addresses` with a service identity signed by this service; contacts audits each call.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { IDENTITY_HEADER, signIdentity } from '@urp/auth';
import nodeFetch from 'node-fetch';
import type { Channel } from '../audience/audience.rules';

export type AddressStatus = 'ok' | 'unknown' | 'anonymised' | 'no_address';
export interface ResolvedAddress {
  requesterId: string;
  status: AddressStatus;
  address?: string;
  /** With `preferred`: the channel contacts chose (the requester's preference when it has that address). */
  channel?: Channel;
}

/**
 * node-fetch over Node's http module with kept-alive connections, as the gateway fetches its subgraphs: Node's global
 * `fetch` (undici, its web streams and abort signals) was 4 % of the notification sender's CPU for one lookup per
 * slice.
 */
const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
const agent = (url: URL) => (url.protocol === 'https:' ? agents.https : agents.http);

/** How long a signed service identity is reused (it expires after 15 s): one signature per window, not per call. */
const IDENTITY_REUSE_MS = 5_000;

export class AddressResolver {
  private identity: { token: Promise<string>; until: number } | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly identitySecret: string,
  ) {}

  /** At most 500 ids per call (the contract's limit). Throws on transport errors: the caller retries. */
  async resolve(
    requesterIds: string[],
    /** `preferred` (WAVE4 agreement 2): contacts chooses the channel and names it in each answer. */
    channel: Channel | 'pec' | 'preferred',
    purpose: string,
  ): Promise<Map<string, ResolvedAddress>> {
    const out = new Map<string, ResolvedAddress>();
    for (let i = 0; i < requesterIds.length; i += 500) {
      const ids = requesterIds.slice(i, i + 500);
      const identity = await this.signed();
      const res = await nodeFetch(`${this.baseUrl}/internal/requesters/addresses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identity },
        body: JSON.stringify({ requesterIds: ids, channel, purpose }),
        agent,
        timeout: 15_000,
      });
      if (!res.ok) throw new Error(`contacts answered ${res.status} to the address lookup`);
      const body = (await res.json()) as { addresses: ResolvedAddress[] };
      for (const a of body.addresses) out.set(a.requesterId, a);
    }
    return out;
  }

  /** The service identity, signed again every IDENTITY_REUSE_MS (a signature per slice was 1 % of the sender's CPU). */
  private signed(): Promise<string> {
    const now = Date.now();
    if (!this.identity || this.identity.until <= now) {
      const token = signIdentity({ sub: 'svc-campaigns', roles: ['service'] }, this.identitySecret);
      this.identity = { token, until: now + IDENTITY_REUSE_MS };
      // a failed signature is not reused
      token.catch(() => (this.identity = undefined));
    }
    return this.identity.token;
  }
}
