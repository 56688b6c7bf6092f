import { serviceEnv } from '@urp/platform';
import { z } from 'zod';

/** The knowledge base's configuration: the platform's, plus its scheduler and index sync periods. */
export const knowledgeEnv = serviceEnv.extend({
  /** How often scheduled publications, expiries and review dates are checked. */
  KB_SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** How often the search index picks up sheets written by other instances. */
  KB_INDEX_SYNC_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
});
export type KnowledgeConfig = z.infer<typeof knowledgeEnv>;
export const KB_CONFIG = Symbol('KB_CONFIG');
