import { z } from 'zod';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Reads and validates the environment once, at boot, into a typed object. A missing or bad variable
 * stops the process with a message naming it; nothing else in the code reads process.env.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const parsed = schema.safeParse(env);
  const lines = parsed.success
    ? []
    : parsed.error.issues.map((i) => {
        const name = i.path.join('.');
        return `  ${name}: ${env[name] === undefined ? 'is required' : i.message}`;
      });
  const named = new Set(parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.')));
  for (const name of secretNames(schema)) {
    const problem = named.has(name) ? undefined : devSecretProblem(env[name], env);
    if (problem) lines.push(`  ${name}: ${problem}`);
  }
  if (parsed.success && !lines.length) return parsed.data;
  throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
}

/** A placeholder shipped in a deployment descriptor (deploy/k8s/config.yaml): never a real secret. */
const PLACEHOLDER_SECRET = /^\s*replace-me/i;
/** A value meant for trying the system out (docker-compose.yml, deploy/local): refused in production. */
const DEV_SECRET = /change-me/i;

/**
 * A secret from the environment (an HMAC key: IDENTITY_SECRET, the gateway's AUTH_JWT_SECRET): at least 32
 * characters and never a shipped placeholder (`replace-me…`), which anyone who read the repository could use to
 * sign an admin token. `loadConfig` also refuses a try-out value (`…change-me…`) when NODE_ENV=production, unless
 * URP_ALLOW_DEV_SECRETS=1 (docker-compose.yml sets it: compose is a local try-out). The one schema for a secret.
 */
export const secret = z
  .string()
  .min(32, 'at least 32 characters')
  .refine(
    (v) => !PLACEHOLDER_SECRET.test(v),
    'segnaposto «replace-me…» (placeholder): impostare un segreto casuale di almeno 32 caratteri, ' +
      'es. `openssl rand -base64 48` (set a real random secret)',
  );

/** Why a secret that passed the schema is still refused in this environment (undefined: it is not). */
export function devSecretProblem(value: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (value === undefined || !DEV_SECRET.test(value)) return undefined;
  if (env['NODE_ENV'] !== 'production' || env['URP_ALLOW_DEV_SECRETS'] === '1') return undefined;
  return (
    'valore di prova «change-me» rifiutato con NODE_ENV=production: impostare un segreto casuale di almeno 32 ' +
    'caratteri, o URP_ALLOW_DEV_SECRETS=1 solo per una prova locale (a try-out secret in production)'
  );
}

/** The variables of a configuration schema declared with `secret` (optional or not). */
function secretNames(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape)
    .filter(([, s]) => s === secret || (s instanceof z.ZodOptional && s.unwrap() === secret))
    .map(([name]) => name);
}

const brokers = z
  .string()
  .min(1)
  .transform((s) => s.split(',').map((b) => b.trim()))
  .refine((list) => list.every((b) => /^[\w.-]+:\d+$/.test(b)), 'expected host:port[,host:port…]');

/**
 * Express's `trust proxy`: behind an ingress or reverse proxy, the number of proxy hops (`1`) or their addresses
 * (`loopback, uniquelocal`), so that rate limits count the client's address from X-Forwarded-For instead of the
 * proxy's, which every client shares. Empty (default): trust no proxy. The gateway's and every service's.
 */
export const trustProxy = z
  .string()
  .default('')
  .transform((v): boolean | number | string => (v === '' ? false : /^\d+$/.test(v) ? Number(v) : v));

/** What every service needs. */
export const serviceEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(1).max(65535),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  /** A GraphQL request slower than this (ms) is logged, as is any answered with a 5xx; no other is (default 1000). */
  LOG_SLOW_REQUEST_MS: z.coerce.number().int().min(0).optional(),
  /**
   * How often the outbox relay looks for events it was not told about (a write by an instance that stopped
   * before publishing) when all is well (default 300000: on FerretDB the look is a read of the whole
   * collection). A start and every failed publication look at once.
   */
  OUTBOX_IDLE_SWEEP_MS: z.coerce.number().int().min(1000).optional(),
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'expected a mongodb:// URL'),
  MONGO_DB: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'letters, digits and _ (FerretDB rule)'),
  KAFKA_BROKERS: brokers,
  /** A consumer's fetch waits for this many bytes or KAFKA_FETCH_MAX_WAIT_MS (messaging's `CONSUMER_FETCH`). */
  KAFKA_FETCH_MIN_BYTES: z.coerce.number().int().min(1).optional(),
  KAFKA_FETCH_MAX_WAIT_MS: z.coerce.number().int().min(1).max(5000).optional(),
  /** Consumer group; default `urp.<service>`. Override only to run an isolated copy (tests). */
  KAFKA_GROUP_ID: z.string().min(1).optional(),
  TRUST_PROXY: trustProxy,
  /** Shared with the gateway: verifies the identity it forwards. */
  IDENTITY_SECRET: secret,
});
export type ServiceConfig = z.infer<typeof serviceEnv>;
