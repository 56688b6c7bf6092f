import { secret, serviceEnv } from '@urp/platform';
import { z } from 'zod';

/** The satisfaction service's configuration: the platform's variables plus its own (all with defaults). */
export const satisfactionEnv = serviceEnv.extend({
  /** Share of eligible services surveyed (0..1). */
  SURVEY_SAMPLING_RATE: z.coerce.number().min(0).max(1).default(1),
  /** No second survey to the same requester within this many days. */
  SURVEY_QUIET_PERIOD_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  /** How long a survey link works. */
  SURVEY_VALIDITY_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  /** Public base URL of the survey page (the link a citizen receives is `<base>/s/<token>`). */
  SURVEY_PUBLIC_BASE_URL: z.string().url().optional(),
  /** Seals survey tokens kept for delivery; defaults to IDENTITY_SECRET. The `secret` schema, as every secret. */
  SURVEY_TOKEN_SECRET: secret.optional(),
  /** How often expired invitations are closed (SurveyExpired), by each instance from its page index. */
  SURVEY_EXPIRY_SWEEP_MS: z.coerce.number().int().min(100).default(60_000),
  /**
   * How often the store is read for every pending invitation past its end (one instance, by lease): the
   * safety net for one no running instance holds in its index. A full read of the collection on FerretDB.
   */
  SURVEY_EXPIRY_SCAN_MS: z.coerce.number().int().min(100).default(3_600_000),
  /**
   * Contacts' internal API: `completeOnlineService` checks there that the requester exists (a service identity
   * signed with IDENTITY_SECRET, as campaigns and procedures do).
   */
  CONTACTS_INTERNAL_URL: z.url().default('http://127.0.0.1:4001'),
  /** Minimum sample before any figure of an office, service, channel or referent is shown or compared. */
  INDICATORS_MIN_SAMPLE: z.coerce.number().int().min(1).default(10),
  /** How often the indicator state and its offsets are saved (one atomic document). */
  INDICATORS_CHECKPOINT_MS: z.coerce.number().int().min(50).default(5000),
  /** The projection's own consumer group (it commits nothing there: its offsets live with its snapshot). */
  INDICATORS_GROUP_ID: z.string().min(1).optional(),
  /** Reads the indicator topics under this prefix (benchmarks only: `bench.x.` + `urp.contacts.case.v1`). */
  INDICATORS_TOPIC_PREFIX: z.string().default(''),
  /** Satisfaction alerts: rolling window, thresholds, minimum sample. */
  ALERT_WINDOW_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  ALERT_DISSATISFIED_SHARE: z.coerce.number().min(0).max(1).default(0.3),
  ALERT_MIN_MEAN_STARS: z.coerce.number().min(1).max(5).default(3),
  ALERT_MIN_SAMPLE: z.coerce.number().int().min(1).optional(),
});
export type SatisfactionConfig = z.infer<typeof satisfactionEnv>;

export const SATISFACTION_CONFIG = Symbol('SATISFACTION_CONFIG');
