import { IDENTITY_HEADER, signIdentity } from '@urp/auth';

/** Whether contacts knows a requester: `unknown` (no such id) and `anonymised` are refused as survey subjects. */
export type RequesterStatus = 'known' | 'unknown' | 'anonymised';

/** The one question satisfaction asks contacts: does this requester exist? */
export interface RequesterDirectory {
  statusOf(requesterId: string): Promise<RequesterStatus>;
}

export const REQUESTER_DIRECTORY = Symbol('REQUESTER_DIRECTORY');

/**
 * Contacts' internal API (`GET /internal/requesters/:id/address`, a `service` identity signed with the shared
 * secret, audited there with the purpose): 200 or 409 (no address on that channel) means the requester exists,
 * 404 unknown, 410 anonymised. The address in a 200 is dropped at once: satisfaction keeps no address (the
 * deliverer resolves it at send time). Contacts has no existence-only endpoint; this is the narrowest read it
 * offers. Anything else (network, 5xx, timeout) throws: the caller gets an error, no survey is issued.
 */
export class ContactsRequesterDirectory implements RequesterDirectory {
  constructor(
    private readonly baseUrl: string,
    private readonly identitySecret: string,
  ) {}

  async statusOf(requesterId: string): Promise<RequesterStatus> {
    const identity = await signIdentity({ sub: 'svc-satisfaction', roles: ['service'] }, this.identitySecret);
    const purpose = encodeURIComponent('questionario di fine servizio online: verifica del richiedente');
    const url = `${this.baseUrl.replace(/\/$/, '')}/internal/requesters/${encodeURIComponent(requesterId)}/address?channel=preferred&purpose=${purpose}`;
    const res = await fetch(url, {
      headers: { [IDENTITY_HEADER]: identity },
      signal: AbortSignal.timeout(10_000),
    });
    await res.body?.cancel();
    if (res.status === 404) return 'unknown';
    if (res.status === 410) return 'anonymised';
    if (res.ok || res.status === 409) return 'known';
    throw new Error(`contacts answered ${res.status} to the requester lookup`);
  }
}
