import { installGatewayObservability } from './observability'; // first: tracing patches what follows
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
// the two helpers the gateway needs, without @urp/platform's index (the services' Kafka, MongoDB and outbox code)
import { loadConfig } from '@urp/platform/src/config';
import { runMain } from '@urp/platform/src/run-main';
import { Logger } from 'nestjs-pino';
import { GraphQLModule } from '@nestjs/graphql';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { httpMetricsMiddleware } from '@urp/observability';
import type { Express } from 'express';
import { createVerifier, GATEWAY_EDGE, GatewayModule, type Edge } from './app.module';
import { gatewayEnv } from './config';
import { installLeanGraphQL, leanFailureMiddleware, type LeanGraphQL } from './edge/lean-http';

/** The Apollo Server Nest's driver started, and the context function as the driver completed it. */
function apolloOf(app: NestExpressApplication): Pick<LeanGraphQL, 'apollo' | 'context'> {
  const graphql = app.get(GraphQLModule) as unknown as {
    graphQlAdapter?: { instance?: ApolloServer<BaseContext> };
    completeOptions?: { server?: { context?: LeanGraphQL['context'] } };
  };
  const apollo = graphql.graphQlAdapter?.instance;
  const context = graphql.completeOptions?.server?.context;
  if (!apollo || !context) throw new Error('the GraphQL module has no Apollo Server or context function');
  return { apollo, context };
}

export async function createGateway(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(gatewayEnv, env);
  // @apollo/gateway otherwise reports usage to Apollo's servers every hour (and probes cloud metadata
  // endpoints at start): nothing leaves the administration's network
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const app = await NestFactory.create<NestExpressApplication>(
    GatewayModule.forRoot(config, await createVerifier(config)),
    { bufferLogs: true },
  );
  app.set('trust proxy', config.TRUST_PROXY); // the client's address for rate limits, behind an ingress
  // no SHA-1 of every answer for an ETag (a GraphQL POST is never revalidated), no X-Powered-By (issue 17)
  app.set('etag', false);
  app.disable('x-powered-by');
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  // first in express's chain: what the lean path read but does not serve goes to express's error handling
  if (config.GATEWAY_LEAN_HTTP) app.use(leanFailureMiddleware);
  installGatewayObservability(app);
  if (config.GATEWAY_LEAN_HTTP) {
    await app.init(); // Apollo Server started
    installLeanGraphQL(app.getHttpServer(), {
      app: app.getHttpAdapter().getInstance() as Express,
      ...apolloOf(app),
      before: [httpMetricsMiddleware],
      edge: [app.get<Edge>(GATEWAY_EDGE).middleware],
    });
  }
  await app.listen(config.PORT, config.HOST);
  return app;
}

if (require.main === module) runMain(() => createGateway(), 'gateway');
