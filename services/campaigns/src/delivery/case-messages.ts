/**
 * The text of a case's public message (the answer, or another message to the citizen), fetched from contacts at send
 * time and never stored here: `POST /internal/case-messages` with `{purpose, items: [{caseId, messageId}]}` (at most
 * 100 items) and the same signed service identity as the address lookup; contacts audits each call.
 */
import { IDENTITY_HEADER, signIdentity } from '@urp/auth';

export type CaseMessageStatus = 'ok' | 'unknown' | 'erased';
export interface CaseMessage {
  caseId: string;
  messageId: string;
  status: CaseMessageStatus;
  /** With `ok`: the office's text. Kept in memory for the send only. */
  text?: string;
}
export interface CaseMessageRef {
  caseId: string;
  messageId: string;
}

/** The contract's limit of items per call. */
export const CASE_MESSAGES_PER_CALL = 100;

export class CaseMessages {
  constructor(
    private readonly baseUrl: string,
    private readonly identitySecret: string,
  ) {}

  /**
   * The messages by `messageId`. Throws when contacts is unreachable or does not answer 200 (the caller retries the
   * notifications later, as for the address lookup); the thrown error never carries a text.
   */
  async fetch(items: CaseMessageRef[], purpose: string): Promise<Map<string, CaseMessage>> {
    const out = new Map<string, CaseMessage>();
    for (let i = 0; i < items.length; i += CASE_MESSAGES_PER_CALL) {
      const chunk = items.slice(i, i + CASE_MESSAGES_PER_CALL);
      const identity = await signIdentity({ sub: 'svc-campaigns', roles: ['service'] }, this.identitySecret);
      const res = await fetch(`${this.baseUrl.replace(/\/$/, '')}/internal/case-messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identity },
        body: JSON.stringify({ purpose, items: chunk }),
        signal: AbortSignal.timeout(15_000),
      });
      if (!res.ok) throw new Error(`contacts answered ${res.status} to the case messages lookup`);
      const body = (await res.json()) as { messages?: CaseMessage[] };
      for (const m of body.messages ?? []) out.set(m.messageId, m);
    }
    return out;
  }
}
