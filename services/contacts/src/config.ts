import { serviceEnv } from '@urp/platform';
import { z } from 'zod';

/** The contacts service's configuration: the platform's, plus its schedulers. */
export const contactsEnv = serviceEnv.extend({
  /** How often each instance scans for due reminders (0 disables the scheduler). */
  CONTACTS_TIMER_INTERVAL_MS: z.coerce.number().int().min(0).default(15_000),
  /** How often each instance runs the retention sweep (anonymisation). */
  CONTACTS_RETENTION_INTERVAL_MS: z.coerce.number().int().min(1000).default(3_600_000),
  /** Open311 `api_key`s accepted on POST requests (comma-separated); unset: POST is open to any civic app. */
  OPEN311_API_KEYS: z
    .string()
    .optional()
    .transform((s) =>
      s
        ? s
            .split(',')
            .map((k) => k.trim())
            .filter(Boolean)
        : [],
    ),
});
export type ContactsConfig = z.infer<typeof contactsEnv>;
export const CONTACTS_CONFIG = Symbol('CONTACTS_CONFIG');
