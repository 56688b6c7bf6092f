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
    AUTH_ISSUER: z.string().min(1),
    AUTH_AUDIENCE: z.string().min(1),
    /** HS256 secret (development and the demo), or… */
    AUTH_JWT_SECRET: z.string().min(32, 'at least 32 characters').optional(),
    /** …the identity provider's SPKI PEM public key (RS256). */
    AUTH_PUBLIC_KEY: z.string().optional(),
    /** Signs the identity forwarded to subgraphs; the same value in every service. */
    IDENTITY_SECRET: z.string().min(32, 'at least 32 characters'),
    /** Deepest selection set accepted (protects the subgraphs from pathological queries). */
    MAX_QUERY_DEPTH: z.coerce.number().int().min(2).default(12),
  })
  .refine((c) => c.AUTH_JWT_SECRET || c.AUTH_PUBLIC_KEY, {
    message: 'set AUTH_JWT_SECRET or AUTH_PUBLIC_KEY',
    path: ['AUTH_JWT_SECRET'],
  });
export type GatewayConfig = z.infer<typeof gatewayEnv>;

export const subgraphUrls = (c: GatewayConfig): Record<string, string> => ({
  contacts: c.SUBGRAPH_CONTACTS_URL,
  satisfaction: c.SUBGRAPH_SATISFACTION_URL,
  knowledge: c.SUBGRAPH_KNOWLEDGE_URL,
  procedures: c.SUBGRAPH_PROCEDURES_URL,
  campaigns: c.SUBGRAPH_CAMPAIGNS_URL,
});
