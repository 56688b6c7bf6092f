import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloGatewayDriver, type ApolloGatewayDriverConfig } from '@nestjs/apollo';
import { Controller, Get, HttpException, HttpStatus, Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import {
  ANONYMOUS,
  AuthError,
  IDENTITY_HEADER,
  IdentityProviderUnavailableError,
  JwtVerifier,
  signIdentity,
  type Identity,
} from '@urp/auth';
import { loggerModule } from '@urp/platform';
import { GraphQLError } from 'graphql';
import { subgraphUrls, type GatewayConfig } from './config';
import { depthLimit } from './depth-limit';

export const SUPERGRAPH_FILE = join(__dirname, '..', 'supergraph.graphql');

interface GatewayContext {
  identity: Identity;
}

/** Forwards the verified identity to each subgraph, signed, on every request. */
class IdentityForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly secret: string,
  ) {
    super({ url });
  }

  override async willSendRequest({
    request,
    context,
  }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const identity = 'identity' in context && context.identity ? context.identity : ANONYMOUS;
    request.http?.headers.set(IDENTITY_HEADER, await signIdentity(identity, this.secret));
  }
}

const unauthenticated = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

export function authenticate(verifier: JwtVerifier) {
  return async ({
    req,
  }: {
    req: { headers: Record<string, string | string[] | undefined> };
  }): Promise<GatewayContext> => {
    const header = req.headers.authorization;
    if (!header) return { identity: ANONYMOUS }; // citizens' public operations; resolvers decide
    const match = /^Bearer (.+)$/i.exec(String(header));
    if (!match) throw unauthenticated('Authorization header must be "Bearer <token>"');
    try {
      return { identity: await verifier.verify(match[1]) };
    } catch (e) {
      if (e instanceof IdentityProviderUnavailableError)
        throw new GraphQLError('il servizio di autenticazione non risponde: riprova tra poco', {
          extensions: { code: 'UNAVAILABLE', retryAfterSeconds: 5, http: { status: 503 } },
        });
      throw unauthenticated(e instanceof AuthError ? e.message : 'invalid token');
    }
  };
}

function healthController(config: GatewayConfig) {
  @Controller('health')
  class GatewayHealthController {
    @Get('live')
    live() {
      return { status: 'ok' };
    }

    /** Ready when every subgraph answers its own readiness check. */
    @Get('ready')
    async ready() {
      const details: Record<string, { status: 'up' | 'down'; message?: string }> = {};
      await Promise.all(
        Object.entries(subgraphUrls(config)).map(async ([name, url]) => {
          try {
            const res = await fetch(new URL('/health/ready', url), { signal: AbortSignal.timeout(2000) });
            details[name] = res.ok ? { status: 'up' } : { status: 'down', message: `HTTP ${res.status}` };
          } catch (e) {
            details[name] = { status: 'down', message: (e as Error).message };
          }
        }),
      );
      const ok = Object.values(details).every((d) => d.status === 'up');
      if (!ok) throw new HttpException({ status: 'error', details }, HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'ok', details };
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

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig, verifier: JwtVerifier): DynamicModule {
    const urls = subgraphUrls(config);
    return {
      module: GatewayModule,
      imports: [
        loggerModule(config.LOG_LEVEL, 'gateway'),
        GraphQLModule.forRoot<ApolloGatewayDriverConfig>({
          driver: ApolloGatewayDriver,
          server: {
            path: '/graphql',
            playground: false,
            context: authenticate(verifier),
            includeStacktraceInErrorResponses: false,
            validationRules: [depthLimit(config.MAX_QUERY_DEPTH)],
            plugins: [ApolloServerPluginInlineTraceDisabled()],
          },
          gateway: {
            // static supergraph, composed at build time by gateway/scripts/compose-supergraph.ts
            supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8'),
            buildService: ({ name, url }) =>
              new IdentityForwardingDataSource(urls[name] ?? url!, config.IDENTITY_SECRET),
          },
        }),
      ],
      controllers: [healthController(config)],
    };
  }
}
