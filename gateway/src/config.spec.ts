import { ConfigError, loadConfig } from '@urp/platform/src/config';
import { gatewayEnv } from './config';

const base = {
  SUBGRAPH_CONTACTS_URL: 'http://contacts:4001/graphql',
  SUBGRAPH_SATISFACTION_URL: 'http://satisfaction:4002/graphql',
  SUBGRAPH_KNOWLEDGE_URL: 'http://knowledge-base:4003/graphql',
  SUBGRAPH_PROCEDURES_URL: 'http://procedures:4004/graphql',
  SUBGRAPH_CAMPAIGNS_URL: 'http://campaigns:4005/graphql',
  AUTH_AUDIENCE: 'urp',
  IDENTITY_SECRET: 'k3Zq9vR2xW8pL5mN7bT4yH6jF1dS0aGcE-uQ',
};
const JWT_SECRET = 'p7Lm2Qx9Vb4Nk8Rt3Wy6Hj1Fd5Sa0GcE-zU';
const OIDC = { OIDC_ISSUER: 'https://sso.example.org/realms/urp' };
const PUBLIC_KEY = { AUTH_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----' };

const messageOf = (env: Record<string, string>): string => {
  try {
    loadConfig(gatewayEnv, env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('accepted');
};

describe('gateway configuration: who may sign a staff token', () => {
  it.each([
    ['OIDC_ISSUER', OIDC],
    ['AUTH_PUBLIC_KEY', PUBLIC_KEY],
  ])('refuses at boot, in production, a shared HS256 secret next to %s', (_name, provider) => {
    const message = messageOf({ ...base, ...provider, NODE_ENV: 'production', AUTH_JWT_SECRET: JWT_SECRET });
    expect(message).toMatch(/AUTH_JWT_SECRET: con NODE_ENV=production e un provider di identità/);
    expect(message).toContain('rimuovere AUTH_JWT_SECRET');
    // the provider alone is the production configuration
    expect(
      loadConfig(gatewayEnv, { ...base, ...provider, NODE_ENV: 'production' }).AUTH_JWT_SECRET,
    ).toBeUndefined();
  });

  it('keeps the development secret next to the provider outside production (npm start with Keycloak, tests)', () => {
    for (const NODE_ENV of ['development', 'test'])
      expect(
        loadConfig(gatewayEnv, { ...base, ...OIDC, NODE_ENV, AUTH_JWT_SECRET: JWT_SECRET }).AUTH_JWT_SECRET,
      ).toBe(JWT_SECRET);
  });

  it('refuses a try-out secret in production, as every secret (docker-compose sets URP_ALLOW_DEV_SECRETS)', () => {
    const env = {
      ...base,
      NODE_ENV: 'production',
      AUTH_JWT_SECRET: 'change-me-dev-jwt-secret-at-least-32-chars',
    };
    expect(messageOf(env)).toMatch(/AUTH_JWT_SECRET: valore di prova «change-me»/);
    expect(loadConfig(gatewayEnv, { ...env, URP_ALLOW_DEV_SECRETS: '1' }).AUTH_JWT_SECRET).toBe(
      env.AUTH_JWT_SECRET,
    );
  });
});
