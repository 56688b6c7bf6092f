/**
 * The application form of a procedure start, fetched from contacts when procedures handles `ProcedureRequested`
 * (the event only says `hasFormData`: the form holds personal data and never travels on Kafka):
 * `GET /internal/contacts/:contactId/procedure-form` with a service identity signed by this service, like
 * campaigns' address lookup; contacts audits each hand-over.
 */
import { IDENTITY_HEADER, signIdentity } from '@urp/auth';
import { NonRetryableError } from '@urp/messaging';
import { z } from 'zod';

export type ContactForm =
  | { status: 'ok'; formData: Record<string, unknown> }
  /** Erased on the requester's anonymisation (410): the procedure cannot start from it. */
  | { status: 'erased' };

const Answer = z.object({ formData: z.record(z.string(), z.unknown()) });

export class ContactFormsClient {
  constructor(
    private readonly baseUrl: string,
    private readonly identitySecret: string,
  ) {}

  /**
   * The form data, or `erased`. Contacts unreachable or failing (network, 5xx, timeout): throws, the consumer
   * retries the event (connection errors without bound, others up to its attempts, then the dead-letter topic).
   * An answer retrying cannot change (404 no such form, 409 handed over already, 4xx): `NonRetryableError`.
   */
  async formOf(contactId: string, purpose: string): Promise<ContactForm> {
    const identity = await signIdentity({ sub: 'svc-procedures', roles: ['service'] }, this.identitySecret);
    const url = `${this.baseUrl}/internal/contacts/${encodeURIComponent(contactId)}/procedure-form?purpose=${encodeURIComponent(purpose)}`;
    const res = await fetch(url, {
      headers: { [IDENTITY_HEADER]: identity },
      signal: AbortSignal.timeout(15_000),
    });
    if (res.status === 410) return { status: 'erased' };
    if (res.status >= 500)
      throw new Error(`contacts answered ${res.status} to the procedure form of ${contactId}`);
    if (!res.ok)
      throw new NonRetryableError(`contacts answered ${res.status} to the procedure form of ${contactId}`);
    return { status: 'ok', formData: Answer.parse(await res.json()).formData };
  }
}
