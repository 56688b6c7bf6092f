import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AudienceService } from './audience/audience.service';
import { RecipientRepository } from './audience/recipient.repository';
import { RecipientDocument, RecipientSchema } from './audience/recipient.schema';
import { BulletinProjectionHandler } from './bulletin/bulletin.handler';
import { BulletinDocument, BulletinSchema } from './bulletin/bulletin.schema';
import { BulletinService } from './bulletin/bulletin.service';
import { CampaignRepository } from './campaign/campaign.repository';
import { CampaignResolver } from './campaign/campaign.resolver';
import { CampaignDocument, CampaignSchema, StepRunDocument, StepRunSchema } from './campaign/campaign.schema';
import { CampaignService } from './campaign/campaign.service';
import { CAMPAIGNS_CONFIG, type CampaignsConfig } from './config';
import { DeliveryEngine } from './delivery/delivery.engine';
import { DeliveryRepository } from './delivery/delivery.repository';
import {
  DeliveryBatchDocument,
  DeliveryBatchSchema,
  DeliveryDocument,
  DeliverySchema,
} from './delivery/delivery.schema';
import { TrackingController } from './delivery/tracking.controller';
import { TrackingService } from './delivery/tracking.service';
import { ContactsEventsHandler } from './effect/contacts.handler';
import { EffectService } from './effect/effect.service';

/**
 * The campaigns bounded context. One Nest module: the features (campaign, audience, delivery, effect, bulletin) are
 * folders that depend on each other's repositories; splitting them into modules would only add wiring.
 */
@Module({})
export class CampaignsModule {
  static forRoot(config: CampaignsConfig) {
    return {
      module: CampaignsModule,
      imports: [
        MongooseModule.forFeature([
          { name: CampaignDocument.name, schema: CampaignSchema },
          { name: StepRunDocument.name, schema: StepRunSchema },
          { name: RecipientDocument.name, schema: RecipientSchema },
          { name: DeliveryDocument.name, schema: DeliverySchema },
          { name: DeliveryBatchDocument.name, schema: DeliveryBatchSchema },
          { name: BulletinDocument.name, schema: BulletinSchema },
        ]),
      ],
      controllers: [TrackingController, ContactsEventsHandler, BulletinProjectionHandler],
      providers: [
        { provide: CAMPAIGNS_CONFIG, useValue: config },
        CampaignRepository,
        RecipientRepository,
        DeliveryRepository,
        DeliveryEngine,
        CampaignService,
        AudienceService,
        TrackingService,
        EffectService,
        BulletinService,
        CampaignResolver,
      ],
    };
  }
}
