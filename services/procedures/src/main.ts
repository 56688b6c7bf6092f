import { catalog } from '@urp/contracts';
import { createService, loadConfig, runMain } from '@urp/platform';
import { AppModule, SERVICE } from './app.module';
import { proceduresEnv } from './config';

runMain(async () => {
  const config = loadConfig(proceduresEnv);
  return createService({
    service: SERVICE,
    module: AppModule.forRoot(config),
    config,
    catalog,
    consume: true,
  });
}, SERVICE);
