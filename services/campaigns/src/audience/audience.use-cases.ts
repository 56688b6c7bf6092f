import { Injectable } from '@nestjs/common';
import { ConsentGivenV1, ConsentWithdrawnV1 } from '@urp/contracts';
import {
  applyEvent,
  DomainError,
  RevisionConflict,
  emit,
  execute,
  parseInput,
  ServiceKernel,
  type Actor,
  type Decide,
} from '@urp/kernel';
import { z } from 'zod';
import { campaignsPolicy } from '../campaigns.policy';
import { SegmentInput } from '../campaign/campaign.input';
import { consentKey, eligibility, type Channel, type Segment, type SkipReason } from './audience.rules';
import { newRecipient, RecipientStore, type Recipient } from './recipient.store';

const code = z.string().regex(/^[a-z0-9_]{1,64}$/, 'un codice minuscolo (lettere, cifre, _)');
const RequesterId = z
  .string()
  .regex(/^req_[A-Za-z0-9_-]{6,64}$/, 'un identificativo pseudonimo di richiedente (req_…)');
export const ConsentInput = z.object({
  requesterId: RequesterId,
  purpose: z.enum(['campaigns', 'segment_area', 'segment_services_used']),
  channel: z.enum(['email', 'sms', 'io']),
  source: code,
  topics: z.array(code).max(30).optional(),
  area: code.optional(),
  /** When the citizen gave it (paper form collected earlier); default now. */
  at: z.iso.datetime({ offset: true }).optional(),
});
export type ConsentCommand = z.infer<typeof ConsentInput> & { given: boolean; campaignId?: string };

export interface SegmentPreview {
  count: number;
  consenting: number;
  excluded: Record<SkipReason, number>;
}

/** GDPR art. 7: consent per purpose and channel with time and source; the history is kept, the event published. */
const recordConsent: Decide<Recipient, ConsentCommand> = (r, c, ctx) => {
  const at = c.at ?? ctx.now.toISOString();
  const state = {
    given: c.given,
    at,
    source: c.source,
    ...(c.given && c.topics ? { topics: c.topics } : {}),
    ...(c.given && c.area ? { area: c.area } : {}),
  };
  const current = r ?? newRecipient(c.requesterId);
  const by = ctx.actor.sub;
  const event = c.given
    ? emit(ctx, ConsentGivenV1, c.requesterId, {
        requesterId: c.requesterId,
        purpose: c.purpose,
        channel: c.channel,
        source: c.source,
        at,
        topics: c.topics,
        area: c.area,
        recordedBy: by,
      })
    : emit(ctx, ConsentWithdrawnV1, c.requesterId, {
        requesterId: c.requesterId,
        purpose: c.purpose,
        channel: c.channel,
        source: c.source,
        at,
        campaignId: c.campaignId,
        recordedBy: by,
      });
  return {
    state: {
      ...current,
      consents: { ...current.consents, [consentKey(c.channel, c.purpose)]: state },
      consentHistory: [
        ...current.consentHistory,
        { ...state, channel: c.channel, purpose: c.purpose, recordedBy: by },
      ],
      updatedAt: ctx.now,
    },
    events: [event],
  };
};

/** A citizen's contact in a category (ContactRegistered): the service used, and the event that says so. */
export interface ServiceNote {
  requesterId: string;
  category: string;
  eventId: string;
}

/** Pairs remembered before the memory starts again (about 100 bytes each). */
const SERVICES_NOTED_MAX = 100_000;

@Injectable()
export class AudienceUseCases {
  /**
   * `requesterId NUL category` pairs this instance knows recorded (the recipient holds the service or is
   * anonymised): both only ever grow (a service is never taken off but by anonymisation, which is final), so a
   * repeat is skipped without reading the recipient. Each contact of a known requester read it only to decide
   * nothing (issue 17: one `find recipients` per registration).
   */
  private readonly servicesNoted = new Set<string>();

  constructor(
    private readonly recipients: RecipientStore,
    private readonly kernel: ServiceKernel,
  ) {}

  async recordConsent(actor: Actor, raw: unknown, given: boolean): Promise<Recipient> {
    campaignsPolicy.authorize(given ? 'consent.record' : 'consent.withdraw', actor);
    const c = parseInput(ConsentInput, raw);
    if (given && c.purpose === 'segment_area' && !c.area)
      throw DomainError.invalid('input.area', "l'area a cui si riferisce il consenso");
    return execute(
      this.recipients,
      c.requesterId,
      recordConsent,
      { ...c, given },
      this.kernel.context(actor),
    );
  }

  /** RFC 8058 one-click unsubscribe: the campaigns consent on that channel is withdrawn by the citizen. */
  withdrawByLink(requesterId: string, channel: Channel, campaignId: string): Promise<Recipient> {
    const actor: Actor = { sub: 'citizen', roles: [] };
    const command: ConsentCommand = {
      requesterId,
      purpose: 'campaigns',
      channel,
      source: 'unsubscribe_link',
      given: false,
      campaignId,
    };
    return execute(this.recipients, requesterId, recordConsent, command, this.kernel.context(actor));
  }

  /** The do-not-contact list wins over any consent (a citizen's objection, GDPR art. 21). */
  async setDoNotContact(actor: Actor, requesterId: string, on: boolean, reason: string): Promise<Recipient> {
    campaignsPolicy.authorize('recipient.doNotContact', actor);
    const id = parseInput(RequesterId, requesterId, 'requesterId');
    return execute(
      this.recipients,
      id,
      (r, _c: null, ctx) => ({
        state: {
          ...(r ?? newRecipient(id)),
          doNotContact: on
            ? { since: ctx.now.toISOString(), reason: reason.slice(0, 500), by: ctx.actor.sub }
            : null,
          updatedAt: ctx.now,
        },
        events: [],
      }),
      null,
      this.kernel.context(actor),
    );
  }

  async recipient(actor: Actor, requesterId: string): Promise<Recipient | null> {
    campaignsPolicy.authorize('recipient.read', actor);
    return this.recipients.get(requesterId);
  }

  /** How many would receive a message now: counts only (the identities never leave this service). */
  async preview(actor: Actor, rawSegment: unknown, channel: Channel): Promise<SegmentPreview> {
    campaignsPolicy.authorize('campaign.segmentPreview', actor);
    const segment: Segment = parseInput(SegmentInput, rawSegment ?? {}, 'segment');
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

  /** The services a citizen used (a contact category): kept, but usable in a segment only with consent. */
  async noteServiceUsed(requesterId: string, category: string, eventId: string) {
    const key = `${requesterId}\u0000${category}`;
    if (this.servicesNoted.has(key)) return 'ignored' as const;
    const result = await applyEvent(this.recipients, requesterId, eventId, (r) => {
      const current = r ?? newRecipient(requesterId);
      if (current.servicesUsed.includes(category) || current.anonymisedAt) return null;
      return { state: { ...current, servicesUsed: [...current.servicesUsed, category] }, events: [] };
    });
    // from here on the recipient holds the service (or is anonymised, for good): nothing to read again
    this.remember(key);
    return result;
  }

  /**
   * `noteServiceUsed` for a consumer's batch of contacts, with the same outcome as one by one in order: the pairs
   * this instance knows recorded are skipped, each requester is read once (one `{_id}` lookup each), the requesters
   * seen for the first time are created in one `insertMany`, and each known requester lacking a service gets one
   * write with all of its new services. An anonymised requester gets none (anonymisation is final); every write is
   * guarded by the revision read, so an anonymisation landing meanwhile makes it decide again on the new state.
   */
  async noteServicesUsed(notes: readonly ServiceNote[]): Promise<void> {
    const wanted = new Map<string, { categories: string[]; eventIds: string[] }>();
    for (const n of notes) {
      if (this.servicesNoted.has(`${n.requesterId}\u0000${n.category}`)) continue;
      let w = wanted.get(n.requesterId);
      if (!w) wanted.set(n.requesterId, (w = { categories: [], eventIds: [] }));
      if (w.categories.includes(n.category)) continue;
      w.categories.push(n.category);
      w.eventIds.push(n.eventId);
    }
    if (!wanted.size) return;
    const current = await this.recipients.getMany([...wanted.keys()]);
    const created = [...wanted]
      .filter(([id]) => !current.has(id))
      .map(([id, w]) => ({
        recipient: { ...newRecipient(id), servicesUsed: w.categories },
        eventIds: w.eventIds,
      }));
    const present = await this.recipients.insertAbsent(created);
    await Promise.all(
      [...wanted].map(async ([id, w]) => {
        if (!current.has(id) && !present.has(id)) return; // created above
        await this.addServices(id, w.categories, w.eventIds[0], current.get(id) ?? null);
      }),
    );
    for (const [id, w] of wanted) for (const c of w.categories) this.remember(`${id}\u0000${c}`);
  }

  /** The services a requester lacks added in one write (none if anonymised), decided on `known` first if given. */
  private async addServices(id: string, categories: string[], eventId: string, known: Recipient | null) {
    const decide = (r: Recipient | null) => {
      const current = r ?? newRecipient(id);
      const missing = categories.filter((c) => !current.servicesUsed.includes(c));
      if (!missing.length || current.anonymisedAt) return null;
      return { state: { ...current, servicesUsed: [...current.servicesUsed, ...missing] }, events: [] };
    };
    if (known) {
      const decision = decide(known);
      if (!decision) return;
      try {
        await this.recipients.commit({
          previous: known,
          next: decision.state,
          events: [],
          appliedEventId: eventId,
        });
        return;
      } catch (e) {
        if (!(e instanceof RevisionConflict)) throw e;
      }
    }
    await applyEvent(this.recipients, id, eventId, decide);
  }

  private remember(key: string): void {
    if (this.servicesNoted.size >= SERVICES_NOTED_MAX) this.servicesNoted.clear();
    this.servicesNoted.add(key);
  }

  /** The citizen is gone (retention or request): no consent, no history, no services, never contacted again. */
  forget(requesterId: string, anonymisedAt: string, eventId: string) {
    return applyEvent(this.recipients, requesterId, eventId, (r) => ({
      state: {
        ...(r ?? newRecipient(requesterId)),
        anonymisedAt,
        consents: {},
        consentHistory: [],
        servicesUsed: [],
        doNotContact: null,
      },
      events: [],
    }));
  }
}
