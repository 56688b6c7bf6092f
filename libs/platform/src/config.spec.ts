import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { ConfigError, devSecretProblem, loadConfig, secret, serviceEnv } from './config';

const good = {
  PORT: '4001',
  MONGO_URL: 'mongodb://127.0.0.1:27117',
  MONGO_DB: 'urp_contacts',
  KAFKA_BROKERS: '127.0.0.1:19092, kafka:9092',
  IDENTITY_SECRET: 'x'.repeat(32),
};

describe('service configuration', () => {
  it('parses the environment into typed values with defaults', () => {
    const c = loadConfig(serviceEnv, good);
    expect(c).toMatchObject({
      PORT: 4001,
      KAFKA_BROKERS: ['127.0.0.1:19092', 'kafka:9092'],
      LOG_LEVEL: 'info',
      HOST: '0.0.0.0',
    });
  });

  it('names every missing or bad variable', () => {
    const { MONGO_URL: _m, ...rest } = good;
    const attempt = () =>
      loadConfig(serviceEnv, {
        ...rest,
        PORT: 'eighty',
        KAFKA_BROKERS: 'localhost',
        IDENTITY_SECRET: 'short',
      });
    expect(attempt).toThrow(ConfigError);
    const message = (() => {
      try {
        attempt();
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message).toContain('MONGO_URL: is required');
    expect(message).toMatch(/PORT: /);
    expect(message).toContain('KAFKA_BROKERS: expected host:port');
    expect(message).toContain('IDENTITY_SECRET: at least 32 characters');
  });
});

describe('secrets (one schema: `secret`)', () => {
  const messageOf = (env: Record<string, string>): string => {
    try {
      loadConfig(serviceEnv, env);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message;
    }
    throw new Error('accepted');
  };

  it.each(['development', 'test', 'production'])(
    'refuses the placeholder deploy/k8s ships, naming the variable (NODE_ENV=%s)',
    (NODE_ENV) => {
      const env = { ...good, NODE_ENV, IDENTITY_SECRET: 'replace-me-identity-secret-at-least-32-chars' };
      expect(messageOf(env)).toMatch(/IDENTITY_SECRET: segnaposto «replace-me…»/);
      expect(messageOf({ ...env, URP_ALLOW_DEV_SECRETS: '1' })).toContain('IDENTITY_SECRET: segnaposto');
      expect(secret.safeParse('Replace-Me-identity-secret-at-least-32-chars').success).toBe(false);
    },
  );

  it('refuses a try-out value in production unless URP_ALLOW_DEV_SECRETS=1', () => {
    const env = {
      ...good,
      NODE_ENV: 'production',
      IDENTITY_SECRET: 'change-me-identity-secret-at-least-32-chars',
    };
    expect(messageOf(env)).toMatch(
      /IDENTITY_SECRET: valore di prova «change-me» rifiutato con NODE_ENV=production/,
    );
    expect(messageOf({ ...env, URP_ALLOW_DEV_SECRETS: 'true' })).toContain(
      'IDENTITY_SECRET: valore di prova',
    );
    expect(loadConfig(serviceEnv, { ...env, URP_ALLOW_DEV_SECRETS: '1' }).IDENTITY_SECRET).toBe(
      env.IDENTITY_SECRET,
    );
    for (const NODE_ENV of ['development', 'test'])
      expect(loadConfig(serviceEnv, { ...env, NODE_ENV }).IDENTITY_SECRET).toBe(env.IDENTITY_SECRET);
    // deploy/local/up.sh's default is a try-out value too
    expect(messageOf({ ...env, IDENTITY_SECRET: 'dev-only-identity-secret-change-me-0123' })).toContain(
      'valore di prova',
    );
  });

  it('accepts a real secret in production, and reports a short one once', () => {
    const real = 'k3Zq9vR2xW8pL5mN7bT4yH6jF1dS0aGcE-uQ';
    expect(
      loadConfig(serviceEnv, { ...good, NODE_ENV: 'production', IDENTITY_SECRET: real }).IDENTITY_SECRET,
    ).toBe(real);
    const short = messageOf({ ...good, NODE_ENV: 'production', IDENTITY_SECRET: 'change-me' });
    expect(short.match(/IDENTITY_SECRET/g)).toHaveLength(1);
    expect(short).toContain('at least 32 characters');
  });

  it('is the schema of every secret a configuration declares, optional ones too', () => {
    const schema = serviceEnv.extend({ OTHER_SECRET: secret.optional() });
    const env = { ...good, NODE_ENV: 'production', IDENTITY_SECRET: 'k3Zq9vR2xW8pL5mN7bT4yH6jF1dS0aGcE-uQ' };
    expect(loadConfig(schema, env).OTHER_SECRET).toBeUndefined();
    expect(() =>
      loadConfig(schema, { ...env, OTHER_SECRET: 'xx-change-me-xxxxxxxxxxxxxxxxxxxxxxxxxx' }),
    ).toThrow(/OTHER_SECRET: valore di prova/);
  });
});

describe('the secrets the repository ships', () => {
  const root = join(__dirname, '..', '..', '..');
  const read = (path: string) => readFileSync(join(root, path), 'utf8');

  it('refuses every value of deploy/k8s/config.yaml, as shipped, in any environment', () => {
    const docs = parseAllDocuments(read('deploy/k8s/config.yaml')).map((d) => d.toJS());
    const secrets = docs.find((d) => d?.kind === 'Secret')?.stringData as Record<string, string>;
    expect(Object.keys(secrets)).toContain('IDENTITY_SECRET');
    for (const [name, value] of Object.entries(secrets))
      expect({ name, accepted: secret.safeParse(value).success }).toEqual({ name, accepted: false });
  });

  it('lets docker-compose.yml start its production images with its try-out defaults, and nothing else', () => {
    const services = parse(read('docker-compose.yml')).services as Record<
      string,
      { environment?: Record<string, string> }
    >;
    const withSecrets = Object.entries(services).filter(([, s]) => s.environment?.['IDENTITY_SECRET']);
    expect(withSecrets.length).toBe(6);
    for (const [name, { environment: env = {} }] of withSecrets) {
      for (const key of ['IDENTITY_SECRET', 'AUTH_JWT_SECRET'].filter((k) => env[k])) {
        const fallback = /^\$\{\w+:-(.+)\}$/.exec(env[key])?.[1] ?? '';
        expect(secret.safeParse(fallback).success).toBe(true);
        const production = { NODE_ENV: 'production' };
        expect({ name, key, refused: !!devSecretProblem(fallback, production) }).toEqual({
          name,
          key,
          refused: true,
        });
        expect({ name, key, allowed: env['URP_ALLOW_DEV_SECRETS'] }).toEqual({ name, key, allowed: '1' });
        expect(devSecretProblem(fallback, { ...production, URP_ALLOW_DEV_SECRETS: '1' })).toBeUndefined();
      }
    }
  });
});

describe("the services' own secrets", () => {
  const root = join(__dirname, '..', '..', '..');
  const production = {
    ...good,
    NODE_ENV: 'production',
    IDENTITY_SECRET: 'k3Zq9vR2xW8pL5mN7bT4yH6jF1dS0aGcE-uQ',
  };
  // loaded by path: a lib's test reads the services' schemas as deploy-check reads their descriptors
  const schemaOf = (service: string, name: string) =>
    (require(join(root, 'services', service, 'src', 'config.ts')) as Record<string, z.ZodObject>)[name];

  it.each([
    ['campaigns', 'campaignsEnv', 'TRACKING_SECRET'],
    ['campaigns', 'campaignsEnv', 'PROVIDER_CALLBACK_SECRET'],
    ['satisfaction', 'satisfactionEnv', 'SURVEY_TOKEN_SECRET'],
  ])(
    '%s %s: %s is refused as a placeholder, short, or a try-out value in production',
    (service, name, key) => {
      const schema = schemaOf(service, name);
      const refused = (value: string, env: Record<string, string> = production) => {
        try {
          loadConfig(schema, { ...env, [key]: value });
        } catch (e) {
          return (e as Error).message;
        }
        return '';
      };
      expect(refused('replace-me-a-secret-at-least-32-characters')).toContain(
        `${key}: segnaposto «replace-me…»`,
      );
      expect(refused('short-secret-0123456789')).toContain(`${key}: at least 32 characters`);
      expect(refused('change-me-tracking-secret-at-least-32-chars')).toContain(
        `${key}: valore di prova «change-me»`,
      );
      expect(
        refused('change-me-tracking-secret-at-least-32-chars', { ...production, NODE_ENV: 'development' }),
      ).toBe('');
      expect(refused('q8Wm3Zt6Yv1Lp9Kx4Rn7Hb2Jc5Fd0Ga-sE')).toBe('');
      expect(refused('')).toContain(key); // set but empty is no secret either
    },
  );
});
