import { serviceEnv } from '@urp/platform';
import { statusPageEnv } from '@urp/public-pages';
import { z } from 'zod';

const dayOfYear = z
  .string()
  .regex(/^\d{2}-\d{2}$/, 'expected MM-DD')
  .transform((s) => ({ month: Number(s.slice(0, 2)), day: Number(s.slice(3, 5)) }));

/** The contacts service's configuration: the platform's, plus its schedulers and the administration's calendar. */
export const contactsEnv = serviceEnv.extend({
  /** The local patron saint's day (MM-DD), a holiday for case due dates (the variable procedures reads too). */
  PATRON_SAINT_DAY: dayOfYear.optional(),
  PATRON_SAINT_NAME: z.string().default('Santo patrono'),
  /** Whether a due date on a Saturday stands (true) or moves to the next working day (false). */
  SATURDAY_IS_WORKING_DAY: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** How often each instance scans for due reminders (0 disables the scheduler). */
  CONTACTS_TIMER_INTERVAL_MS: z.coerce.number().int().min(0).default(15_000),
  /**
   * How often one instance writes the snapshot of the contacts read model that the next start loads instead of
   * reading every contact (0: never; a start then always reads the collection).
   */
  CONTACTS_SNAPSHOT_INTERVAL_MS: z.coerce.number().int().min(0).default(600_000),
  /**
   * Group commit of registrations (issue 17): concurrent registrations go to the store in one `insertMany`, each
   * contact still one document with its own events (atomic each). `false`: one `insert` per registration.
   */
  CONTACTS_GROUP_COMMIT: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /**
   * The secondary indexes of `contacts` (registeredAt, case.dueAt, case.nextTimerAt, requesterId, protocolNumber):
   * `all` creates them, `none` drops them, `auto` (default) is `none` on FerretDB (its queries use no index but
   * `_id`, and every write keeps each index current) and `all` on MongoDB. The service itself reads `contacts`
   * only by `_id`.
   */
  CONTACTS_SECONDARY_INDEXES: z.enum(['auto', 'all', 'none']).default('auto'),
  /**
   * The events of one write of `contacts` stored as one deflated element of its outbox (the kernel's `packOutbox`):
   * a registration's two to four entries are three quarters of its document, which FerretDB decodes and rewrites on
   * the insert and again on the relay's acknowledgement. `false`: each entry as its own element (as before). The
   * relay reads both forms; an instance built before the relay read packs (commit 77572ca) must not share the collection.
   */
  CONTACTS_PACK_OUTBOX: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** How often each instance runs the retention sweep (anonymisation). */
  CONTACTS_RETENTION_INTERVAL_MS: z.coerce.number().int().min(1000).default(3_600_000),
  /**
   * Open311 `api_key`s accepted on POST requests (comma-separated). A POST needs one of them: with none
   * configured every POST is refused (403), unless OPEN311_REQUIRE_API_KEY=false opens POST to any app.
   */
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
  OPEN311_REQUIRE_API_KEY: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** What the public GET /requests shows of a place: `street` (no house number, the default), `none`, `full`. */
  OPEN311_ADDRESS_DETAIL: z.enum(['street', 'none', 'full']).default('street'),
  /** Decimals of the public coordinates (3 ≈ 100 m; 6 = as filed). */
  OPEN311_COORDINATE_DECIMALS: z.coerce.number().int().min(0).max(6).default(3),
  /** The administration's name on the citizen's status page. */
  ADMINISTRATION_NAME: z.string().default('Comune di Borgo Aurelio'),
  /**
   * The public address of the status page (this service's `/stato-pratica` behind the public host), printed on the
   * desk receipt and written in the receipt a citizen gets by e-mail, PEC or IO: campaigns' `STATUS_PAGE_URL`.
   * Default `http://127.0.0.1:<PORT>/stato-pratica` (npm start's).
   */
  STATUS_PAGE_URL: z.url().optional(),
  /** Look-ups of the status page (POST /stato-pratica) one address may make per window: STATUS_PAGE_RATE_*. */
  ...statusPageEnv,
});
export type ContactsConfig = z.infer<typeof contactsEnv>;
export const CONTACTS_CONFIG = Symbol('CONTACTS_CONFIG');
