import { join } from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { campaignsCatalog as catalog } from './notification/incoming.contracts';
import { KernelModule } from '@urp/kernel';
import { ServicePlatformModule } from '@urp/platform';
import { scrubPersonalData } from '@urp/privacy';
import type {
  CampaignChannelResolvers,
  CampaignDeliveryStatusResolvers,
  CampaignStatusResolvers,
  NotificationStatusResolvers,
} from './__generated__/graphql';
import { CampaignsModule } from './campaigns.module';
import { SOURCE, type CampaignsConfig } from './config';

/** GraphQL enum names ↔ the domain's values (the generated types use the domain's values too). */
const CampaignStatus: CampaignStatusResolvers = {
  DRAFT: 'draft',
  IN_APPROVAL: 'in_approval',
  APPROVED: 'approved',
  SCHEDULED: 'scheduled',
  RUNNING: 'running',
  PAUSED: 'paused',
  COMPLETED: 'completed',
  ARCHIVED: 'archived',
};
const CampaignChannel: CampaignChannelResolvers = { EMAIL: 'email', SMS: 'sms', IO: 'io' };
const CampaignDeliveryStatus: CampaignDeliveryStatusResolvers = {
  QUEUED: 'queued',
  SENT: 'sent',
  DELIVERED: 'delivered',
  OPENED: 'opened',
  CLICKED: 'clicked',
  BOUNCED: 'bounced',
  UNSUBSCRIBED: 'unsubscribed',
};

const NotificationStatus: NotificationStatusResolvers = {
  QUEUED: 'queued',
  SENDING: 'sending',
  SENT: 'sent',
  DELIVERED: 'delivered',
  FAILED: 'failed',
  BOUNCED: 'bounced',
};

export const SERVICE = 'campaigns';
export const TYPE_PATHS = [join(__dirname, '**/*.graphql')];

@Module({})
export class AppModule {
  static forRoot(config: CampaignsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forRoot({
          service: SERVICE,
          config,
          catalog,
          typePaths: TYPE_PATHS,
          resolvers: { CampaignStatus, CampaignChannel, CampaignDeliveryStatus, NotificationStatus },
        }),
        KernelModule.forRoot({
          source: SOURCE,
          scrub: (text) => scrubPersonalData(text),
        }),
        CampaignsModule.forRoot(config),
      ],
    };
  }
}
