import { logLevel, Partitioners } from 'kafkajs';
import { createKafka, type KafkaConnectionOptions } from './kafka';

/**
 * The plain client for tools and tests that need it (benchmark baselines, producing raw or poison messages,
 * the analysts' CLI): still constructed here, so kafkajs has one door (a lint rule forbids it elsewhere).
 */
export function createRawKafka(options: KafkaConnectionOptions, quiet = true) {
  return createKafka(options, quiet ? { logLevel: logLevel.NOTHING } : {});
}
export { logLevel as kafkaLogLevel, Partitioners as kafkaPartitioners };
