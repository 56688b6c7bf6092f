import { logLevel, Partitioners, type KafkaConfig } from 'kafkajs';
import { createKafka, type KafkaConnectionOptions } from './kafka';

/**
 * The plain client for tools and tests that need it (benchmark baselines, producing raw or poison messages,
 * the analysts' CLI): still constructed here, so kafkajs has one door (a lint rule forbids it elsewhere).
 * Quiet by default; `extra` overrides (log level, log creator, retry).
 */
export function createRawKafka(options: KafkaConnectionOptions, extra: Partial<KafkaConfig> = {}) {
  return createKafka(options, { logLevel: logLevel.NOTHING, ...extra });
}
export { logLevel as kafkaLogLevel, Partitioners as kafkaPartitioners };
