import { serviceEnv } from '@urp/platform';
import { statusPageEnv } from '@urp/public-pages';
import { z } from 'zod';

const dayOfYear = z
  .string()
  .regex(/^\d{2}-\d{2}$/, 'expected MM-DD')
  .transform((s) => ({ month: Number(s.slice(0, 2)), day: Number(s.slice(3, 5)) }));

/** The procedures service's configuration: the platform's plus the administration's calendar and notice data. */
export const proceduresEnv = serviceEnv.extend({
  /** The local patron saint's day, a holiday in the municipality (Borgo Aurelio: San Lorenzo, 08-10). */
  PATRON_SAINT_DAY: dayOfYear.optional(),
  PATRON_SAINT_NAME: z.string().default('Santo patrono'),
  /** Whether a deadline on a Saturday stands (true) or moves to the next working day (false). */
  SATURDAY_IS_WORKING_DAY: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Days before each deadline on which DeadlineApproaching fires. */
  WARNING_DAYS: z
    .string()
    .default('7,2')
    .transform((s) => s.split(',').map((x) => Number(x.trim())))
    .refine(
      (l) => l.every((n) => Number.isInteger(n) && n > 0),
      'expected positive whole numbers, comma separated',
    ),
  /** How often one instance writes a snapshot of the read model (loaded at start instead of reading every procedure); 0: never. */
  READ_MODEL_SNAPSHOT_MS: z.coerce.number().int().min(0).default(300_000),
  /** Where contacts answers its internal API: the application form of a procedure start is fetched there. */
  CONTACTS_INTERNAL_URL: z.url().default('http://127.0.0.1:4001'),
  /** How often the legal clock looks for deadlines (warnings, missed, silent assent, substitute). */
  CLOCK_TICK_MS: z.coerce.number().int().min(100).default(60_000),
  /**
   * The public address of the applicant's status page (this service's `/stato-procedimento` behind the public
   * host), printed with the public reference in the start notice. Default `http://127.0.0.1:<PORT>/stato-procedimento`.
   */
  PROCEDURE_STATUS_PAGE_URL: z.url().optional(),
  /** Look-ups of the status page (POST /stato-procedimento) one address may make per window: STATUS_PAGE_RATE_*. */
  ...statusPageEnv,
  /** Start notice (art. 8 L. 241/1990): the administration and its digital address. */
  ADMINISTRATION_NAME: z.string().default('Comune di Borgo Aurelio'),
  ADMINISTRATION_PEC: z.string().default('protocollo@pec.comune.borgoaurelio.it'),
  /** Where the acts can be viewed (art. 8 c.2 lett. d). */
  ACTS_VIEWING: z
    .string()
    .default(
      'Fascicolo informatico sul portale dei servizi online del Comune (area personale, accesso con SPID/CIE) e, su appuntamento, presso l’ufficio responsabile',
    ),
  /** Remedies for the administration's inaction (art. 8 c.2 lett. c-bis). */
  INACTION_REMEDIES: z
    .string()
    .default(
      'In caso di inerzia è possibile rivolgersi al titolare del potere sostitutivo (art. 2 c.9-bis L. 241/1990), che conclude entro metà del termine, e proporre ricorso al TAR avverso il silenzio (artt. 31 e 117 c.p.a.) finché dura l’inadempimento e comunque entro un anno dalla scadenza del termine',
    ),
});
export type ProceduresConfig = z.infer<typeof proceduresEnv>;

/** The injection token of the validated configuration (the providers that need the calendar or texts). */
export const PROCEDURES_CONFIG = Symbol('PROCEDURES_CONFIG');

/** The applicant's public status page of a procedure, served by this service (`src/status/`). */
export const PROCEDURE_STATUS_PATH = '/stato-procedimento';

/** The status page's public address: the configured one, else this service's own (npm start's). */
export const procedureStatusPageUrl = (
  config: Partial<Pick<ProceduresConfig, 'PROCEDURE_STATUS_PAGE_URL' | 'PORT'>>,
): string =>
  config.PROCEDURE_STATUS_PAGE_URL ?? `http://127.0.0.1:${config.PORT ?? 4004}${PROCEDURE_STATUS_PATH}`;
