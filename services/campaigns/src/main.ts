import { campaignsCatalog as catalog } from './notification/incoming.contracts';
import { createService, loadConfig, runMain } from '@urp/platform';
import { AppModule, SERVICE } from './app.module';
import { campaignsEnv, type CampaignsConfig } from './config';

runMain(async () => {
  const config = loadConfig(campaignsEnv) as CampaignsConfig;
  return createService({
    service: SERVICE,
    module: AppModule.forRoot(config),
    config,
    catalog,
    consume: true,
  });
}, SERVICE);
