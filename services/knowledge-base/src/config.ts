import { serviceEnv } from '@urp/platform';
import { LegalCalendar } from '@urp/legal-clock';
import { z } from 'zod';

const dayOfYear = z
  .string()
  .regex(/^\d{2}-\d{2}$/, 'expected MM-DD')
  .transform((s) => ({ month: Number(s.slice(0, 2)), day: Number(s.slice(3, 5)) }));

/**
 * The knowledge base's configuration: the platform's, plus its scheduler and index sync periods and the
 * administration's calendar (the same variables contacts and procedures read) for the sheets' review dates.
 */
export const knowledgeEnv = serviceEnv.extend({
  /** How often scheduled publications, expiries and review dates are checked. */
  KB_SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** How often the read model re-reads the sheets other instances wrote (safety net behind their events). */
  KB_INDEX_SYNC_MS: z.coerce.number().int().min(100).max(3_600_000).default(3_600_000),
  /** The local patron saint's day (MM-DD): a review date on it moves to the next working day. */
  PATRON_SAINT_DAY: dayOfYear.optional(),
  PATRON_SAINT_NAME: z.string().default('Santo patrono'),
  /** Whether a review date on a Saturday stands (true) or moves to the next working day (false). */
  SATURDAY_IS_WORKING_DAY: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});
export type KnowledgeConfig = z.infer<typeof knowledgeEnv>;
export const KB_CONFIG = Symbol('KB_CONFIG');
export const KB_CALENDAR = Symbol('KB_CALENDAR');

/** The administration's calendar (@urp/legal-clock) from the configuration. */
export const calendarOf = (
  config: Partial<
    Pick<KnowledgeConfig, 'PATRON_SAINT_DAY' | 'PATRON_SAINT_NAME' | 'SATURDAY_IS_WORKING_DAY'>
  >,
): LegalCalendar =>
  new LegalCalendar({
    ...(config.PATRON_SAINT_DAY
      ? { patronSaint: { ...config.PATRON_SAINT_DAY, name: config.PATRON_SAINT_NAME } }
      : {}),
    saturdayIsWorkingDay: config.SATURDAY_IS_WORKING_DAY ?? true,
  });
