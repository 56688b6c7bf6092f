import { join } from 'node:path';
import { secret, trustProxy } from '@urp/platform/src/config';
import { z } from 'zod';

export const gatewayEnv = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(1).max(65535).default(4000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
    SUBGRAPH_CONTACTS_URL: z.url(),
    SUBGRAPH_SATISFACTION_URL: z.url(),
    SUBGRAPH_KNOWLEDGE_URL: z.url(),
    SUBGRAPH_PROCEDURES_URL: z.url(),
    SUBGRAPH_CAMPAIGNS_URL: z.url(),
    /** Issuer and audience of the statically keyed tokens (AUTH_JWT_SECRET or AUTH_PUBLIC_KEY). */
    AUTH_ISSUER: z.string().min(1).default('urp-dev'),
    AUTH_AUDIENCE: z.string().min(1),
    /** HS256 secret: development and tests only (`npm run token` offline), refused in production next to… */
    AUTH_JWT_SECRET: secret.optional(),
    /** …the identity provider's SPKI PEM public key (RS256), or… */
    AUTH_PUBLIC_KEY: z.string().optional(),
    /** …an OpenID Connect issuer (`https://idp.example/realms/urp`): discovery, rotating keys (JWKS). */
    OIDC_ISSUER: z.url().optional(),
    /** The audience the provider's access tokens must carry; default AUTH_AUDIENCE. */
    OIDC_AUDIENCE: z.string().min(1).optional(),
    /** Minimum time between two key-set fetches caused by an unknown key id (a key rotation). */
    OIDC_JWKS_COOLDOWN_MS: z.coerce.number().int().min(0).default(30_000),
    /** How long a fetched key set is used before it is fetched again. */
    OIDC_JWKS_CACHE_MAX_AGE_MS: z.coerce.number().int().min(1000).default(600_000),
    /** Dotted path of the roles in the provider's tokens (Keycloak realm roles). */
    AUTH_ROLES_CLAIM: z.string().min(1).default('realm_access.roles'),
    /** Dotted path of the staff member's office ids in the provider's tokens. */
    AUTH_OFFICES_CLAIM: z.string().min(1).default('offices'),
    /** Signs the identity forwarded to subgraphs; the same value in every service. */
    IDENTITY_SECRET: secret,
    /** Deepest selection set accepted (protects the subgraphs from pathological queries). */
    MAX_QUERY_DEPTH: z.coerce.number().int().min(2).default(12),
    /** Aliases per operation (1,000 aliases of one list field once kept a subgraph busy for minutes). */
    MAX_QUERY_ALIASES: z.coerce.number().int().min(0).default(15),
    /** Directives per operation. */
    MAX_QUERY_DIRECTIVES: z.coerce.number().int().min(0).default(20),
    /** Lexical tokens per document: the parser stops at this count (graphql-js `maxTokens`). */
    MAX_QUERY_TOKENS: z.coerce.number().int().min(100).default(5000),
    /** The console's registered queries (written by its GraphQL Code Generator run); empty: none. */
    PERSISTED_QUERIES_FILE: z
      .string()
      .default(join(__dirname, '..', '..', 'apps', 'console', 'src', 'gql', 'persisted-documents.json')),
    /** Estimated cost per operation: each field 1, times `first`/`limit` for lists (see limits/query-cost.ts). */
    MAX_QUERY_COST: z.coerce.number().int().min(1).default(10_000),
    /** Assumed size of a list field without a `first`/`limit` argument. */
    QUERY_COST_DEFAULT_LIST_SIZE: z.coerce.number().int().min(1).default(10),
    /** Deadline of one GraphQL request: the subgraph fetches still running are aborted when it passes. */
    REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    /** A GraphQL request slower than this (or answered 5xx) is logged; the others are not, one by one. */
    LOG_SLOW_REQUEST_MS: z.coerce.number().int().min(0).default(1000),
    /** Retry hint (seconds) of an UNAVAILABLE error. */
    RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).default(5),
    /** Rate limits, per window: anonymous callers by IP, staff by token subject; 0 turns one off. */
    RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).default(60_000),
    RATE_LIMIT_ANONYMOUS: z.coerce.number().int().min(0).default(600),
    RATE_LIMIT_STAFF: z.coerce.number().int().min(0).default(6000),
    /** Express's `trust proxy` (one setting for the gateway and the services: `trustProxy` in @urp/platform). */
    TRUST_PROXY: trustProxy,
    /**
     * Operations planned as one fetch to one subgraph are answered with that subgraph's data as is when it
     * has no errors (src/single-fetch.ts); `false` sends every operation through Apollo Gateway's executor.
     */
    GATEWAY_DIRECT_FETCH: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    /**
     * `/graphql` POSTs with a JSON body are served by a lean node:http handler (src/edge/lean-http.ts) running
     * the same edge and Apollo Server without express's router, Nest's middleware and body-parser; `false`:
     * every request goes through express as before.
     */
    GATEWAY_LEAN_HTTP: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    /** Introspection and "did you mean" suggestions: off unless `true` (deploy/local/up.sh sets it). */
    GRAPHQL_INTROSPECTION: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
  })
  .refine((c) => c.AUTH_JWT_SECRET || c.AUTH_PUBLIC_KEY || c.OIDC_ISSUER, {
    message: 'set OIDC_ISSUER, AUTH_PUBLIC_KEY or (development only) AUTH_JWT_SECRET',
    path: ['AUTH_JWT_SECRET'],
  })
  // A shared HS256 secret next to the identity provider is a second way in: whoever holds it signs a token for any
  // user and role (an admin, a second identity for four-eyes) that the provider never issued. In production the
  // provider alone signs; the secret is for development and tests.
  .refine(
    (c) => !(c.NODE_ENV === 'production' && c.AUTH_JWT_SECRET && (c.OIDC_ISSUER || c.AUTH_PUBLIC_KEY)),
    {
      message:
        'con NODE_ENV=production e un provider di identità (OIDC_ISSUER o AUTH_PUBLIC_KEY) il segreto condiviso ' +
        'HS256 non è ammesso: chi lo conosce firma token di qualunque utente senza passare dal provider; ' +
        'rimuovere AUTH_JWT_SECRET (a shared development secret next to the identity provider)',
      path: ['AUTH_JWT_SECRET'],
    },
  );
export type GatewayConfig = z.infer<typeof gatewayEnv>;

export const subgraphUrls = (c: GatewayConfig): Record<string, string> => ({
  contacts: c.SUBGRAPH_CONTACTS_URL,
  satisfaction: c.SUBGRAPH_SATISFACTION_URL,
  knowledge: c.SUBGRAPH_KNOWLEDGE_URL,
  procedures: c.SUBGRAPH_PROCEDURES_URL,
  campaigns: c.SUBGRAPH_CAMPAIGNS_URL,
});
