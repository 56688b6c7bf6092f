import { join } from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { catalog } from '@urp/contracts';
import { enumResolver, ServicePlatformModule } from '@urp/platform';
import { DELIVERY_STATUSES } from './audience/audience.rules';
import { CAMPAIGN_STATUSES } from './campaign/campaign.rules';
import { CampaignsModule } from './campaigns.module';
import type { CampaignsConfig } from './config';

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
          resolvers: {
            CampaignStatus: enumResolver(CAMPAIGN_STATUSES),
            CampaignChannel: enumResolver(['email', 'sms', 'io']),
            CampaignDeliveryStatus: enumResolver(DELIVERY_STATUSES),
          },
        }),
        CampaignsModule.forRoot(config),
      ],
    };
  }
}
