import { Injectable } from '@nestjs/common';
import {
  createEvent,
  LinkClickedV1,
  MessageBouncedV1,
  MessageDeliveredV1,
  MessageOpenedV1,
  UnsubscribedV1,
} from '@urp/contracts';
import { AudienceService } from '../audience/audience.service';
import { laterStatus, type DeliveryStatus } from '../audience/audience.rules';
import { CampaignRepository } from '../campaign/campaign.repository';
import { SOURCE } from '../config';
import { DeliveryEngine } from './delivery.engine';
import { DeliveryRepository } from './delivery.repository';
import type { DeliveryDocument } from './delivery.schema';

const facts = (d: DeliveryDocument) => ({
  deliveryId: d._id,
  campaignId: d.campaignId,
  stepId: d.stepId,
  requesterId: d.requesterId,
  channel: d.channel,
});

/** Feedback on deliveries: opens, clicks, unsubscribes and provider reports, each as a status and an event. */
@Injectable()
export class TrackingService {
  constructor(
    private readonly engine: DeliveryEngine,
    private readonly deliveries: DeliveryRepository,
    private readonly campaigns: CampaignRepository,
    private readonly audience: AudienceService,
  ) {}

  valid(token: string): boolean {
    return !!this.engine.links.verify(token);
  }

  private async load(token: string): Promise<DeliveryDocument | null> {
    const id = this.engine.links.verify(token);
    return id ? this.deliveries.findById(id) : null;
  }

  async opened(token: string): Promise<void> {
    const d = await this.load(token);
    if (!d || d.openedAt) return; // counted once
    const at = new Date();
    await this.deliveries.update(d._id, { $set: { openedAt: at, status: laterStatus(d.status, 'opened') } }, [
      createEvent(MessageOpenedV1, d._id, { ...facts(d), openedAt: at.toISOString() }, { source: SOURCE }),
    ]);
  }

  async clicked(token: string, linkId: string): Promise<string | undefined> {
    const d = await this.load(token);
    if (!d) return undefined;
    const campaign = await this.campaigns.findById(d.campaignId);
    const link = campaign?.steps.find((s) => s.stepId === d.stepId)?.links?.find((l) => l.linkId === linkId);
    if (!link) return undefined;
    const at = new Date();
    await this.deliveries.update(
      d._id,
      {
        $set: {
          clickedAt: at,
          status: laterStatus(d.status, 'clicked'),
          ...(d.openedAt ? {} : { openedAt: at }),
        },
      },
      [
        createEvent(
          LinkClickedV1,
          d._id,
          {
            ...facts(d),
            linkId,
            url: link.url,
            ...(link.sheetId ? { sheetId: link.sheetId } : {}),
            clickedAt: at.toISOString(),
          },
          { source: SOURCE },
        ),
      ],
    );
    return link.url;
  }

  /** One click: the consent for campaigns on that channel is withdrawn (next steps skip them), recorded with its source. */
  async unsubscribe(token: string): Promise<boolean> {
    const d = await this.load(token);
    if (!d) return false;
    if (d.unsubscribedAt) return true;
    const at = new Date();
    await this.audience.recordConsent(
      {
        requesterId: d.requesterId,
        purpose: 'campaigns',
        channel: d.channel,
        source: 'unsubscribe_link',
        at: at.toISOString(),
      },
      false,
      'citizen',
      d.campaignId,
    );
    await this.deliveries.update(
      d._id,
      { $set: { unsubscribedAt: at, status: laterStatus(d.status, 'unsubscribed') } },
      [
        createEvent(
          UnsubscribedV1,
          d._id,
          { ...facts(d), unsubscribedAt: at.toISOString() },
          { source: SOURCE },
        ),
      ],
    );
    return true;
  }

  async feedback(token: string, status: string | undefined, code?: string): Promise<void> {
    const d = await this.load(token);
    if (!d || (status !== 'delivered' && status !== 'bounced')) return;
    if (d.status === status) return;
    const at = new Date();
    if (status === 'delivered')
      await this.deliveries.update(
        d._id,
        { $set: { deliveredAt: at, status: laterStatus(d.status, 'delivered' as DeliveryStatus) } },
        [
          createEvent(
            MessageDeliveredV1,
            d._id,
            { ...facts(d), deliveredAt: at.toISOString() },
            { source: SOURCE },
          ),
        ],
      );
    else
      await this.deliveries.update(
        d._id,
        { $set: { bouncedAt: at, status: 'bounced', error: code?.slice(0, 32) } },
        [
          createEvent(
            MessageBouncedV1,
            d._id,
            { ...facts(d), bouncedAt: at.toISOString(), permanent: true, code: code?.slice(0, 32) },
            { source: SOURCE },
          ),
        ],
      );
  }
}
