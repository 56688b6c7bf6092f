/**
 * Who may receive a campaign message (pure). GDPR art. 6(1)(a) and 7: consent per purpose and channel, with time
 * and source; a segment may use only attributes the citizen consented to; the do-not-contact list always wins;
 * an anonymised requester is gone.
 */
import { createHash } from 'node:crypto';

export type Channel = 'email' | 'sms' | 'io';
export type Purpose = 'campaigns' | 'segment_area' | 'segment_services_used';

export interface ConsentState {
  given: boolean;
  at: string;
  source: string;
  topics?: string[];
  area?: string;
}

export interface RecipientState {
  id: string;
  /** Current consent by `<channel>_<purpose>` (no dots in keys: MongoDB/FerretDB). */
  consents?: Record<string, ConsentState>;
  /** Services (contact categories and sheets) used, from ContactRegistered: usable only with consent. */
  servicesUsed?: string[];
  doNotContact?: { since: string; reason: string } | null;
  anonymisedAt?: string | null;
}

/** A segment: AND across dimensions, OR within one. Nothing else can be expressed (minimisation). */
export interface Segment {
  topics?: string[];
  areas?: string[];
  servicesUsed?: string[];
}

export const consentKey = (channel: Channel, purpose: Purpose) => `${channel}_${purpose}`;

export type SkipReason = 'anonymised' | 'do_not_contact' | 'no_consent' | 'not_in_segment';
export type Eligibility = { eligible: true } | { eligible: false; reason: SkipReason };

const intersects = (a: string[] | undefined, b: string[]) => !!a?.some((x) => b.includes(x));

/** A consent to a segmentation purpose, on any channel (what is consented is the use of the attribute). */
function anyConsent(r: RecipientState, purpose: Purpose): ConsentState | undefined {
  return Object.entries(r.consents ?? {}).find(([k, c]) => k.endsWith(`_${purpose}`) && c.given)?.[1];
}

export function eligibility(r: RecipientState, segment: Segment, channel: Channel): Eligibility {
  if (r.anonymisedAt) return { eligible: false, reason: 'anonymised' };
  if (r.doNotContact) return { eligible: false, reason: 'do_not_contact' };
  const consent = r.consents?.[consentKey(channel, 'campaigns')];
  if (!consent?.given) return { eligible: false, reason: 'no_consent' };
  if (segment.topics?.length && consent.topics?.length && !intersects(consent.topics, segment.topics))
    return { eligible: false, reason: 'not_in_segment' };
  if (segment.areas?.length) {
    const area = anyConsent(r, 'segment_area')?.area;
    if (!area || !segment.areas.includes(area)) return { eligible: false, reason: 'not_in_segment' };
  }
  if (segment.servicesUsed?.length) {
    if (!anyConsent(r, 'segment_services_used') || !intersects(r.servicesUsed, segment.servicesUsed))
      return { eligible: false, reason: 'not_in_segment' };
  }
  return { eligible: true };
}

/**
 * The delivery id: the same campaign, step and recipient always give the same id, so the delivery record inserted
 * before sending collides on a second attempt (after a restart too) and nobody gets the same step twice.
 */
export function deliveryId(campaignId: string, stepId: string, requesterId: string): string {
  return `dlv_${createHash('sha256').update(`${campaignId}\u0000${stepId}\u0000${requesterId}`).digest('hex').slice(0, 32)}`;
}

/** Status precedence: feedback never moves a delivery backwards (an open after a click stays clicked). */
export const DELIVERY_STATUSES = [
  'queued',
  'sent',
  'delivered',
  'opened',
  'clicked',
  'bounced',
  'unsubscribed',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
const RANK: Record<DeliveryStatus, number> = {
  queued: 0,
  sent: 1,
  delivered: 2,
  opened: 3,
  clicked: 4,
  bounced: 5,
  unsubscribed: 6,
};
export const laterStatus = (a: DeliveryStatus, b: DeliveryStatus): DeliveryStatus =>
  RANK[b] > RANK[a] ? b : a;
