import { ConfigError, loadConfig, serviceEnv } from './config';

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
