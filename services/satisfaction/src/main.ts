import { catalog } from '@urp/contracts';
import { createService, loadConfig, runMain } from '@urp/platform';
import { AppModule, SERVICE } from './app.module';
import { satisfactionEnv } from './config';

runMain(async () => {
  const config = loadConfig(satisfactionEnv);
  return createService({
    service: SERVICE,
    module: AppModule.forRoot(config),
    config,
    catalog,
    consume: true,
  });
}, SERVICE);
