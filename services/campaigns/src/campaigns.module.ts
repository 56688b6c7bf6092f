import { Module } from '@nestjs/common';
import { AudienceUseCases } from './audience/audience.use-cases';
import { RecipientStore } from './audience/recipient.store';
import { CampaignsDirectory } from './bulletin/bulletin.directory';
import { BulletinHandlers } from './bulletin/bulletin.handlers';
import { BulletinStore, BulletinViews } from './bulletin/bulletin.store';
import { DeadlineDigestStore, DeadlineWarningStore } from './bulletin/deadline-digest.store';
import { DeadlineDigests } from './bulletin/deadline-digest.use-cases';
import { BulletinUseCases } from './bulletin/bulletin.use-cases';
import { CampaignResolver } from './campaign/campaign.resolver';
import { CampaignScheduler } from './campaign/campaign.scheduler';
import { CampaignStore, StepRunStore } from './campaign/campaign.store';
import { CampaignUseCases } from './campaign/campaign.use-cases';
import { CAMPAIGNS_CONFIG, type CampaignsConfig } from './config';
import { DeliveryEngine } from './delivery/delivery.engine';
import { DeliveryBatchStore, DeliveryStore } from './delivery/delivery.store';
import { TrackingController } from './delivery/tracking.controller';
import { TrackingUseCases } from './delivery/tracking.use-cases';
import { ContactsEventsHandlers } from './effect/effect.handlers';
import { ContactFactStore, EffectUseCases } from './effect/effect.use-cases';
import { NotificationHandlers } from './notification/notification.handlers';
import { NotificationResolver } from './notification/notification.resolver';
import { NotificationReadModel } from './notification/notification.read-model';
import { NotificationSender } from './notification/notification.sender';
import { NotificationStore } from './notification/notification.store';
import { NOTIFICATION_KICK, NotificationUseCases } from './notification/notification.use-cases';
import { PecReceiptInbox } from './notification/pec-receipts';

/**
 * The campaigns bounded context. One Nest module: the features (campaign, audience, delivery, effect, bulletin, notification) are
 * folders that use each other's stores; splitting them into modules would only add wiring.
 */
@Module({})
export class CampaignsModule {
  static forRoot(config: CampaignsConfig) {
    return {
      module: CampaignsModule,
      controllers: [TrackingController, ContactsEventsHandlers, BulletinHandlers, NotificationHandlers],
      providers: [
        { provide: CAMPAIGNS_CONFIG, useValue: config },
        CampaignStore,
        StepRunStore,
        RecipientStore,
        DeliveryStore,
        DeliveryBatchStore,
        ContactFactStore,
        BulletinStore,
        CampaignsDirectory,
        BulletinViews,
        DeliveryEngine,
        CampaignUseCases,
        CampaignScheduler,
        AudienceUseCases,
        TrackingUseCases,
        EffectUseCases,
        BulletinUseCases,
        DeadlineWarningStore,
        DeadlineDigestStore,
        DeadlineDigests,
        CampaignResolver,
        NotificationStore,
        NotificationReadModel,
        NotificationSender,
        { provide: NOTIFICATION_KICK, useExisting: NotificationSender },
        NotificationUseCases,
        NotificationResolver,
        PecReceiptInbox,
      ],
    };
  }
}
