import { Inject, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { CAMPAIGNS_CONFIG, type CampaignsConfig } from '../config';
import {
  LinkClickedV1,
  MessageBouncedV1,
  MessageDeliveredV1,
  MessageOpenedV1,
  UnsubscribedV1,
} from '@urp/contracts';
import { emit, execute, ServiceKernel, type Actor, type Decide, type UseCaseContext } from '@urp/kernel';
import { laterStatus } from '../audience/audience.rules';
import { AudienceUseCases } from '../audience/audience.use-cases';
import { CampaignStore } from '../campaign/campaign.store';
import { DeliveryEngine } from './delivery.engine';
import { DeliveryStore, type Delivery } from './delivery.store';

/** Citizens (and providers) reach these by link, without an account: the token is the authority. */
const CITIZEN: Actor = { sub: 'citizen', roles: [] };

const facts = (d: Delivery) => ({
  deliveryId: d.id,
  campaignId: d.campaignId,
  stepId: d.stepId,
  requesterId: d.requesterId,
  channel: d.channel,
});

const unchanged = (d: Delivery) => ({ state: d, events: [] });

const opened: Decide<Delivery, null> = (d, _c, ctx) =>
  !d || d.openedAt
    ? unchanged(d!) // counted once
    : {
        state: { ...d, openedAt: ctx.now, status: laterStatus(d.status, 'opened') },
        events: [emit(ctx, MessageOpenedV1, d.id, { ...facts(d), openedAt: ctx.now.toISOString() })],
      };

const clicked: Decide<Delivery, { linkId: string; url: string; sheetId?: string }> = (d, link, ctx) => ({
  state: {
    ...d!,
    clickedAt: ctx.now,
    status: laterStatus(d!.status, 'clicked'),
    openedAt: d!.openedAt ?? ctx.now,
  },
  events: [
    emit(ctx, LinkClickedV1, d!.id, {
      ...facts(d!),
      linkId: link.linkId,
      url: link.url,
      ...(link.sheetId ? { sheetId: link.sheetId } : {}),
      clickedAt: ctx.now.toISOString(),
    }),
  ],
});

const unsubscribed: Decide<Delivery, null> = (d, _c, ctx) =>
  d!.unsubscribedAt
    ? unchanged(d!)
    : {
        state: { ...d!, unsubscribedAt: ctx.now, status: laterStatus(d!.status, 'unsubscribed') },
        events: [emit(ctx, UnsubscribedV1, d!.id, { ...facts(d!), unsubscribedAt: ctx.now.toISOString() })],
      };

const reported: Decide<Delivery, { status: 'delivered' | 'bounced'; code?: string }> = (
  d,
  r,
  ctx: UseCaseContext,
) => {
  if (!d || d.status === r.status) return unchanged(d!);
  // a status never moves backwards: a bounce reported after the message was delivered, opened or clicked is
  // ignored (a late or forged report must not undo what the recipient did)
  if (r.status === 'bounced' && ['delivered', 'opened', 'clicked', 'unsubscribed'].includes(d.status))
    return unchanged(d);
  if (r.status === 'delivered')
    return {
      state: { ...d, deliveredAt: ctx.now, status: laterStatus(d.status, 'delivered') },
      events: [emit(ctx, MessageDeliveredV1, d.id, { ...facts(d), deliveredAt: ctx.now.toISOString() })],
    };
  const code = r.code?.slice(0, 32);
  return {
    state: { ...d, bouncedAt: ctx.now, status: 'bounced', ...(code ? { error: code } : {}) },
    events: [
      emit(ctx, MessageBouncedV1, d.id, {
        ...facts(d),
        bouncedAt: ctx.now.toISOString(),
        permanent: true,
        code,
      }),
    ],
  };
};

/** Feedback on deliveries: opens, clicks, unsubscribes and provider reports, each as a status and an event. */
@Injectable()
export class TrackingUseCases {
  constructor(
    private readonly engine: DeliveryEngine,
    private readonly deliveries: DeliveryStore,
    private readonly campaigns: CampaignStore,
    private readonly audience: AudienceUseCases,
    private readonly kernel: ServiceKernel,
    @Inject(CAMPAIGNS_CONFIG) private readonly config: Pick<CampaignsConfig, 'PROVIDER_CALLBACK_SECRET'>,
  ) {}

  valid(token: string): boolean {
    return !!this.engine.links.verify(token);
  }

  private async load(token: string): Promise<Delivery | null> {
    const id = this.engine.links.verify(token);
    return id ? this.deliveries.get(id) : null;
  }

  private run<C>(d: Delivery, decide: Decide<Delivery, C>, command: C): Promise<Delivery> {
    return execute(this.deliveries, d.id, decide, command, this.kernel.context(CITIZEN), {
      notFound: 'la consegna',
    });
  }

  async opened(token: string): Promise<void> {
    const d = await this.load(token);
    if (d && !d.openedAt) await this.run(d, opened, null);
  }

  async clicked(token: string, linkId: string): Promise<string | undefined> {
    const d = await this.load(token);
    if (!d) return undefined;
    const campaign = await this.campaigns.get(d.campaignId);
    const link = campaign?.steps.find((s) => s.stepId === d.stepId)?.links?.find((l) => l.linkId === linkId);
    if (!link) return undefined;
    await this.run(d, clicked, link);
    return link.url;
  }

  /** One click: the consent for campaigns on that channel is withdrawn (next steps skip them), recorded with its source. */
  async unsubscribe(token: string): Promise<boolean> {
    const d = await this.load(token);
    if (!d) return false;
    if (d.unsubscribedAt) return true;
    await this.audience.withdrawByLink(d.requesterId, d.channel, d.campaignId);
    await this.run(d, unsubscribed, null);
    return true;
  }

  /** The provider proves who it is with its own secret (constant-time comparison); none configured: nobody. */
  providerAuthenticated(authorization: string | undefined): boolean {
    const secret = this.config.PROVIDER_CALLBACK_SECRET;
    if (!secret || !authorization?.startsWith('Bearer ')) return false;
    const given = Buffer.from(authorization.slice('Bearer '.length));
    const expected = Buffer.from(secret);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** A provider's report on the delivery named by its report URL; false when the URL names none. */
  async feedback(token: string, status: string | undefined, code?: string): Promise<boolean> {
    const id = this.engine.links.verify(token, 'provider-report');
    const d = id ? await this.deliveries.get(id) : null;
    if (!d) return false;
    if (status === 'delivered' || status === 'bounced')
      await this.run(d, reported, { status, ...(code ? { code } : {}) });
    return true;
  }
}
