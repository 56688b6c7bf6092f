import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGatewayDriver, type ApolloGatewayDriverConfig } from '@nestjs/apollo';
import {
  Controller,
  Get,
  Inject,
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { JwtVerifier } from '@urp/auth';
import { graphqlMetricsPlugin, jsonLoggerModule, slowOrFailedRequestLog } from '@urp/observability';
import { subgraphUrls, type GatewayConfig } from './config';
import { authenticate, clientIdentityMiddleware } from './edge/client-identity';
import { rateLimitMiddleware } from './edge/rate-limit';
import { chainMiddleware } from './edge/chain';
import { requestDeadlineMiddleware } from './edge/request-scope';
import { formatGatewayError } from './errors';
import { queryLimitRules } from './limits/query-limits';
import { RegisteredQueries } from './limits/registered-queries';
import { requestGuardPlugin } from './limits/request-guard.plugin';
import { DirectFetch } from './single-fetch';
import { SubgraphDataSource, subgraphStates } from './subgraphs';

export { authenticate } from './edge/client-identity';

export const SUPERGRAPH_FILE = join(__dirname, '..', 'supergraph.graphql');

/** The console's registered queries, or none when its manifest is absent (a gateway deployed without it). */
const registeredQueries = (file: string) =>
  existsSync(file) ? RegisteredQueries.fromFile(file) : new RegisteredQueries({});
/** The one edge middleware of this gateway (one rate limiter's counters, whichever path serves a request). */
export const GATEWAY_EDGE = Symbol('GATEWAY_EDGE');

export interface Edge {
  middleware: ReturnType<typeof gatewayEdge>;
}

function healthController(config: GatewayConfig, verifier: JwtVerifier) {
  @Controller('health')
  class GatewayHealthController {
    @Get('live')
    live() {
      return { status: 'ok' };
    }

    /**
     * Ready when it can serve: the supergraph is loaded (at boot, or the process would not be listening).
     * A subgraph that is down does not take the whole API out of rotation: its fields answer UNAVAILABLE
     * while the others work, so its state is reported here but does not gate readiness.
     */
    @Get('ready')
    async ready() {
      const subgraphs = await subgraphStates(subgraphUrls(config));
      const oidc = verifier.oidcProvider;
      const identityProvider = oidc
        ? await oidc.discover().then(
            () => ({ status: 'up' as const }),
            () => ({ status: 'down' as const }),
          )
        : undefined;
      const degraded =
        Object.values(subgraphs).some((s) => s.status === 'down') || identityProvider?.status === 'down';
      return {
        status: degraded ? 'degraded' : 'ok',
        supergraph: 'loaded',
        subgraphs,
        ...(identityProvider ? { identityProvider } : {}),
      };
    }
  }
  return GatewayHealthController;
}

/** The bearer-token verifier, with its key loaded: a bad key stops the gateway at boot. */
export function createVerifier(config: GatewayConfig): Promise<JwtVerifier> {
  return new JwtVerifier({
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    secret: config.AUTH_JWT_SECRET,
    publicKeyPem: config.AUTH_PUBLIC_KEY,
    claims: { rolesClaim: config.AUTH_ROLES_CLAIM, officesClaim: config.AUTH_OFFICES_CLAIM },
    ...(config.OIDC_ISSUER
      ? {
          oidc: {
            issuer: config.OIDC_ISSUER,
            audience: config.OIDC_AUDIENCE ?? config.AUTH_AUDIENCE,
            jwksCooldownMs: config.OIDC_JWKS_COOLDOWN_MS,
            jwksCacheMaxAgeMs: config.OIDC_JWKS_CACHE_MAX_AGE_MS,
          },
        }
      : {}),
  }).init();
}

/**
 * The gateway's edge before GraphQL, in this order: the deadline, the slow-request log, who the caller is and
 * the rate limit, as one middleware (Nest wraps and routes each middleware it is given on its own: a route
 * match and a wrapper per request each, issue 17). The express path and the lean one (edge/lean-http.ts) run
 * this same function.
 */
export function gatewayEdge(config: GatewayConfig, verifier: JwtVerifier) {
  return chainMiddleware([
    requestDeadlineMiddleware(config.REQUEST_TIMEOUT_MS),
    slowOrFailedRequestLog(config.LOG_SLOW_REQUEST_MS),
    clientIdentityMiddleware(verifier),
    rateLimitMiddleware(
      {
        windowMs: config.RATE_LIMIT_WINDOW_MS,
        anonymous: config.RATE_LIMIT_ANONYMOUS,
        staff: config.RATE_LIMIT_STAFF,
      },
      verifier,
    ),
  ]);
}

@Module({})
export class GatewayModule implements NestModule {
  constructor(@Inject(GATEWAY_EDGE) private readonly edge: Edge) {}

  /** Before GraphQL: the deadline, who the client is, and the rate limit (a 429 costs no parsing). */
  configure(consumer: MiddlewareConsumer) {
    consumer.apply(this.edge.middleware).forRoutes({ path: 'graphql', method: RequestMethod.ALL });
  }

  static forRoot(config: GatewayConfig, verifier: JwtVerifier): DynamicModule {
    const urls = subgraphUrls(config);
    const direct = new DirectFetch(config.GATEWAY_DIRECT_FETCH);
    return {
      module: GatewayModule,
      imports: [
        jsonLoggerModule(config.LOG_LEVEL, 'gateway'),
        GraphQLModule.forRoot<ApolloGatewayDriverConfig>({
          driver: ApolloGatewayDriver,
          server: {
            path: '/graphql',
            playground: false,
            context: authenticate(verifier),
            includeStacktraceInErrorResponses: false,
            introspection: config.GRAPHQL_INTROSPECTION,
            // no "did you mean …" field suggestions for strangers mapping the schema
            hideSchemaDetailsFromClientErrors: !config.GRAPHQL_INTROSPECTION,
            parseOptions: { maxTokens: config.MAX_QUERY_TOKENS },
            // the console sends only the SHA-256 of its registered operations (limits/registered-queries.ts)
            persistedQueries: { cache: registeredQueries(config.PERSISTED_QUERIES_FILE), ttl: null },
            validationRules: queryLimitRules({
              maxAliases: config.MAX_QUERY_ALIASES,
              maxDepth: config.MAX_QUERY_DEPTH,
              maxDirectives: config.MAX_QUERY_DIRECTIVES,
            }),
            formatError: formatGatewayError,
            plugins: [
              ApolloServerPluginInlineTraceDisabled(),
              requestGuardPlugin({
                maxCost: config.MAX_QUERY_COST,
                defaultListSize: config.QUERY_COST_DEFAULT_LIST_SIZE,
                introspection: config.GRAPHQL_INTROSPECTION,
              }),
              graphqlMetricsPlugin(),
              // last: its responseForOperation runs once every check above has passed
              direct.plugin(),
            ],
          },
          gateway: {
            // static supergraph, composed at build time by gateway/scripts/compose-supergraph.ts
            supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8'),
            experimental_didResolveQueryPlan: direct.didResolveQueryPlan,
            buildService: ({ name, url }) =>
              new SubgraphDataSource(
                name,
                urls[name] ?? url!,
                config.IDENTITY_SECRET,
                config.RETRY_AFTER_SECONDS,
                direct,
              ),
          },
        }),
      ],
      providers: [
        { provide: GATEWAY_EDGE, useValue: { middleware: gatewayEdge(config, verifier) } satisfies Edge },
      ],
      controllers: [healthController(config, verifier)],
    };
  }
}
