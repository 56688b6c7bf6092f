import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import {
  DynamicModule,
  Inject,
  Module,
  type MiddlewareConsumer,
  type NestModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { IDENTITY_SECRET, IdentityMiddleware, RolesGuard } from '@urp/auth';
import type { EventCatalog } from '@urp/contracts';
import { MessagingModule, type OutboxRelayOptions } from '@urp/messaging';
import {
  graphqlMetricsPlugin,
  jsonLoggerModule,
  shutdownTracing,
  slowOrFailedRequestLog,
} from '@urp/observability';
import { PersistenceModule } from '@urp/persistence';
import type { ServiceConfig } from './config';
import { abandonOnDisconnect, requestContext } from './abandon';
import { maskUnexpectedErrors } from './graphql-errors';
import { HealthModule } from './health';
import { noStorePlugin } from './no-store';

export interface ServicePlatformOptions {
  /** The bounded context, e.g. `contacts`: names the Kafka client, the consumer group and `ce_source`. */
  service: string;
  config: ServiceConfig;
  catalog: EventCatalog;
  /** The subgraph's SDL files (schema-first: the same files compose the supergraph). */
  typePaths: string[];
  /** Extra resolvers for schema-first types (enum mappings, scalars). */
  resolvers?: ApolloFederationDriverConfig['resolvers'];
  /** The outbox relay's timings (default: the relay's own), e.g. a longer idle sweep for a large collection. */
  relay?: OutboxRelayOptions;
}

/** How slow a GraphQL request must be to be logged (`LOG_SLOW_REQUEST_MS`). */
const SLOW_REQUEST_MS = Symbol('SLOW_REQUEST_MS');

/**
 * Everything a URP service stands on: JSON logs, MongoDB, Kafka (producer + outbox relay), health
 * endpoints, the federated GraphQL subgraph, and the gateway-identity check with role guard.
 */
@Module({})
export class ServicePlatformModule implements NestModule, OnApplicationShutdown {
  static forRoot(o: ServicePlatformOptions): DynamicModule {
    return {
      module: ServicePlatformModule,
      imports: [
        jsonLoggerModule(o.config.LOG_LEVEL, o.service),
        PersistenceModule.forRoot({ uri: o.config.MONGO_URL, dbName: o.config.MONGO_DB }),
        MessagingModule.forRoot({
          clientId: o.service,
          brokers: o.config.KAFKA_BROKERS,
          catalog: o.catalog,
          // the idle sweep reads the whole collection on FerretDB (no index on `_outbox`): every 5 min by default
          relay: { idleSweepMs: o.config.OUTBOX_IDLE_SWEEP_MS ?? 300_000, ...o.relay },
        }),
        HealthModule,
        GraphQLModule.forRoot<ApolloFederationDriverConfig>({
          driver: ApolloFederationDriver,
          typePaths: o.typePaths,
          resolvers: o.resolvers,
          path: '/graphql',
          playground: false,
          // without this Nest skips guards on @ResolveField / @ResolveReference (entity fields, _entities)
          fieldResolverEnhancers: ['guards'],
          includeStacktraceInErrorResponses: false,
          formatError: maskUnexpectedErrors,
          // no plugin hook runs per field (Apollo would then wrap every resolver of every request): traces would
          // leak timings of every resolver to any client that asks the gateway for them; Apollo's cache-control
          // plugin only ever found `no-store`, field by field, which `noStorePlugin` writes once per response
          plugins: [
            ApolloServerPluginInlineTraceDisabled(),
            ApolloServerPluginCacheControlDisabled(),
            noStorePlugin(),
            graphqlMetricsPlugin(),
          ],
          // once the client left, no further resolver starts (each of the schema's resolvers wrapped once)
          transformSchema: abandonOnDisconnect,
          // `signal` aborts when the client leaves before the answer: resolvers may stop early on it
          context: requestContext,
        }),
      ],
      providers: [
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: IDENTITY_SECRET, useValue: o.config.IDENTITY_SECRET },
        { provide: SLOW_REQUEST_MS, useValue: o.config.LOG_SLOW_REQUEST_MS ?? 1000 },
      ],
      exports: [PersistenceModule],
    };
  }

  /** Spans still in the exporter's batch are sent before the process exits. */
  async onApplicationShutdown(): Promise<void> {
    await shutdownTracing();
  }

  constructor(@Inject(SLOW_REQUEST_MS) private readonly slowRequestMs: number) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(slowOrFailedRequestLog(this.slowRequestMs), IdentityMiddleware).forRoutes('graphql');
  }
}
