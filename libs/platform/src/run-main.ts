import type { INestApplication } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { ConfigError } from './config';

/**
 * `main.ts` of a service or the gateway: configuration errors name the variable and stop the process.
 * Its own module (nothing but Nest's types, the logger and the config error) so that the gateway can use it
 * without loading the services' Kafka, MongoDB and outbox code (`@urp/platform/src/run-main`).
 */
export function runMain(start: () => Promise<INestApplication>, name: string): void {
  start()
    .then(async (app) => {
      const url = await app.getUrl();
      app.get(Logger).log(`${name} ready: GraphQL at ${url.replace('[::1]', 'localhost')}/graphql`);
    })
    .catch((e: unknown) => {
      if (e instanceof ConfigError) console.error(`${name}: ${e.message}`);
      else console.error(`${name} failed to start:`, e);
      process.exit(1);
    });
}
