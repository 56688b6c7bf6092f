import { Injectable } from '@nestjs/common';
import { ConsentGivenV1, ConsentWithdrawnV1, createEvent, type CloudEvent } from '@urp/contracts';
import { invalidInput } from '@urp/platform';
import { z } from 'zod';
import { SOURCE } from '../config';
import { SegmentInput } from '../campaign/campaign.input';
import {
  consentKey,
  eligibility,
  type Channel,
  type Purpose,
  type Segment,
  type SkipReason,
} from './audience.rules';
import { RecipientRepository } from './recipient.repository';

const code = z.string().regex(/^[a-z0-9_]{1,64}$/, 'lowercase snake_case code');
export const ConsentInput = z.object({
  requesterId: z.string().regex(/^req_[A-Za-z0-9_-]{6,64}$/, 'a pseudonymous requester id (req_…)'),
  purpose: z.enum(['campaigns', 'segment_area', 'segment_services_used']),
  channel: z.enum(['email', 'sms', 'io']),
  source: code,
  topics: z.array(code).max(30).optional(),
  area: code.optional(),
  /** When the citizen gave it (paper form collected earlier); default now. */
  at: z.iso.datetime({ offset: true }).optional(),
});

export interface SegmentPreview {
  count: number;
  consenting: number;
  excluded: Record<SkipReason, number>;
}

@Injectable()
export class AudienceService {
  constructor(private readonly recipients: RecipientRepository) {}

  /** GDPR art. 7: consent per purpose and channel with time and source; the history is kept, the event published. */
  async recordConsent(raw: unknown, given: boolean, who: string, campaignId?: string): Promise<void> {
    const parsed = ConsentInput.safeParse(raw);
    if (!parsed.success) throw invalidInput(parsed.error, 'invalid consent');
    const c = parsed.data;
    if (given && c.purpose === 'segment_area' && !c.area)
      throw invalidInput(
        new z.ZodError([{ code: 'custom', path: ['area'], message: 'the area consented to', input: c.area }]),
      );
    const at = c.at ?? new Date().toISOString();
    const state = {
      given,
      at,
      source: c.source,
      ...(given && c.topics ? { topics: c.topics } : {}),
      ...(given && c.area ? { area: c.area } : {}),
    };
    const event: CloudEvent = given
      ? createEvent(
          ConsentGivenV1,
          c.requesterId,
          {
            requesterId: c.requesterId,
            purpose: c.purpose,
            channel: c.channel,
            source: c.source,
            at,
            topics: c.topics,
            area: c.area,
            recordedBy: who,
          },
          { source: SOURCE },
        )
      : createEvent(
          ConsentWithdrawnV1,
          c.requesterId,
          {
            requesterId: c.requesterId,
            purpose: c.purpose,
            channel: c.channel,
            source: c.source,
            at,
            campaignId,
            recordedBy: who,
          },
          { source: SOURCE },
        );
    await this.recipients.upsert(
      c.requesterId,
      {
        $set: { [`consents.${consentKey(c.channel as Channel, c.purpose as Purpose)}`]: state },
        $push: { consentHistory: { ...state, channel: c.channel, purpose: c.purpose, recordedBy: who } },
      },
      [event],
    );
  }

  /** The do-not-contact list wins over any consent (a citizen's objection, GDPR art. 21). */
  async setDoNotContact(requesterId: string, on: boolean, reason: string, who: string): Promise<void> {
    if (!/^req_[A-Za-z0-9_-]{6,64}$/.test(requesterId))
      throw invalidInput(
        new z.ZodError([
          {
            code: 'custom',
            path: ['requesterId'],
            message: 'a pseudonymous requester id (req_…)',
            input: requesterId,
          },
        ]),
      );
    await this.recipients.upsert(requesterId, {
      $set: { doNotContact: on ? { since: new Date().toISOString(), reason, by: who } : null },
    });
  }

  async recipient(requesterId: string) {
    return this.recipients.findById(requesterId);
  }

  /** How many would receive a message now: counts only (the identities never leave this service). */
  async preview(rawSegment: unknown, channel: Channel): Promise<SegmentPreview> {
    const parsed = SegmentInput.safeParse(rawSegment ?? {});
    if (!parsed.success) throw invalidInput(parsed.error, 'invalid segment');
    const segment: Segment = parsed.data;
    const out: SegmentPreview = {
      count: 0,
      consenting: 0,
      excluded: { anonymised: 0, do_not_contact: 0, no_consent: 0, not_in_segment: 0 },
    };
    const cursor = this.recipients.stream(channel, 500);
    for await (const r of cursor) {
      out.consenting++;
      const e = eligibility(r, segment, channel);
      if (e.eligible) out.count++;
      else out.excluded[e.reason]++;
    }
    return out;
  }
}
