import { catalog } from '@urp/contracts';
import { createService, loadConfig, runMain, serviceEnv } from '@urp/platform';
import { AppModule, SERVICE } from './app.module';

runMain(async () => {
  const config = loadConfig(serviceEnv);
  return createService({
    service: SERVICE,
    module: AppModule.forRoot(config),
    config,
    catalog,
    consume: false,
  });
}, SERVICE);
