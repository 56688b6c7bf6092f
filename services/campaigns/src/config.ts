import { secret, serviceEnv } from '@urp/platform';
import { z } from 'zod';
import type { BlackoutPeriod } from './campaign/blackout.rules';

const blackouts = z
  .string()
  .default('[]')
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected JSON' });
      return z.NEVER;
    }
  })
  .pipe(
    z.array(
      z.object({
        label: z.string().min(1),
        from: z.iso.datetime({ offset: true }),
        to: z.iso.datetime({ offset: true }),
      }),
    ),
  );

/** The campaigns service's configuration (read once at boot; a bad variable is named and the process stops). */
export const campaignsEnv = serviceEnv.extend({
  /** Outgoing mail: `smtp://host:port` (local runs: the mailbox on 127.0.0.1:2525). */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'expected smtp://host:port')
    .default('smtp://127.0.0.1:2525'),
  SMTP_FROM: z.string().default('Comune di Borgo Aurelio - URP <urp@comune.borgoaurelio.example>'),
  /** `on`: the notification sender composes and sends e-mail on a worker thread (a second core); `off`: on its own. */
  SMTP_THREAD: z.enum(['on', 'off']).default('on'),
  SMTP_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(8),
  /** The contacts service: addresses are resolved there at delivery time (POST /internal/requesters/addresses). */
  CONTACTS_INTERNAL_URL: z.url().default('http://127.0.0.1:4001'),
  /** procedures: the notices' PDFs are fetched there at send time (GET /internal/procedures/:id/documents/:id). */
  PROCEDURES_INTERNAL_URL: z.url().default('http://127.0.0.1:4004'),
  /** satisfaction: survey links are fetched there at send time (GET /internal/invitations/:id/link). */
  SATISFACTION_INTERNAL_URL: z.url().default('http://127.0.0.1:4002'),
  /**
   * SMS notifications over SMPP 3.4: `smpp://system_id:password@host:port` (`ssmpp://` for TLS); unset: SMS
   * notifications fail `channel_not_configured`.
   */
  SMPP_URL: z
    .string()
    .regex(/^s?smpp:\/\//, 'expected smpp://system_id:password@host:port')
    .optional(),
  /** The sender shown on the phone (alphanumeric, at most 11 characters, or a number). */
  SMPP_SOURCE_ADDR: z
    .string()
    .regex(/^([A-Za-z0-9 ]{1,11}|\+?\d{3,15})$/, 'at most 11 letters or digits, or a number')
    .default('ComuneURP'),
  /** Where citizens reach this service's public links (open pixel, click redirect, one-click unsubscribe). */
  PUBLIC_BASE_URL: z.url().default('http://127.0.0.1:4005'),
  /**
   * The citizens' public status page (contacts' `/stato-pratica`), named at the end of every message about a case;
   * default `<PUBLIC_BASE_URL>/stato-pratica` (one public host in the deployment's ingress).
   */
  STATUS_PAGE_URL: z.url().optional(),
  /** Provider endpoints (HTTP POST JSON) for the IO app and SMS adapters; unset: the channel is not available. */
  IO_ADAPTER_URL: z.url().optional(),
  SMS_ADAPTER_URL: z.url().optional(),
  /** Messages per second over all channels, and messages in flight at once. */
  DELIVERY_RATE_PER_SECOND: z.coerce.number().min(1).default(200),
  DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(32),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  DELIVERY_RETRY_BASE_MS: z.coerce.number().int().min(1).default(500),
  /** How long a step runner holds a campaign before another instance may take over (after a crash). */
  DELIVERY_LEASE_MS: z.coerce.number().int().min(1000).default(15000),
  SCHEDULER_TICK_MS: z.coerce.number().int().min(100).default(2000),
  /** `off`: no automatic launching and sending (a read-only replica, or tests that drive it). */
  SCHEDULER: z.enum(['on', 'off']).default('on'),
  /** L. 28/2000 art. 9 blackout periods: JSON `[{"label","from","to"}]` (ISO-8601 with offset). */
  ELECTION_BLACKOUTS: blackouts,
  /** `monday`: send the weekly digest by itself every Monday from 08:00 (Europe/Rome); `off`: only on request. */
  BULLETIN_SCHEDULE: z.enum(['monday', 'off']).default('monday'),
  /**
   * Deadline warnings of procedures are sent as one digest per recipient, office, kind and day: a recipient's
   * digest goes out once no warning of theirs has arrived for this long (the clock's burst has settled), or when
   * their oldest waiting warning is `DEADLINE_DIGEST_MAX_WAIT_MS` old; checked every `DEADLINE_DIGEST_TICK_MS`.
   */
  DEADLINE_DIGEST_QUIET_MS: z.coerce.number().int().positive().default(600_000),
  DEADLINE_DIGEST_MAX_WAIT_MS: z.coerce.number().int().positive().default(3_600_000),
  DEADLINE_DIGEST_TICK_MS: z.coerce.number().int().positive().default(60_000),
  /**
   * DKIM signing of outgoing mail (all three, or none): the signing domain, the selector published in DNS
   * (`<selector>._domainkey.<domain>`) and the private key in PEM (`\n` escapes accepted).
   */
  SMTP_DKIM_DOMAIN: z.string().optional(),
  SMTP_DKIM_SELECTOR: z.string().optional(),
  SMTP_DKIM_PRIVATE_KEY: z
    .string()
    .transform((s) => s.replace(/\\n/g, '\n'))
    .optional(),
  /** The IO messages API (https://api.io.pagopa.it in production) and the service's subscription key. */
  IO_API_URL: z.url().optional(),
  IO_API_KEY: z.string().optional(),
  /** PEC: the certified provider's SMTP (local runs: the mailbox) and the PEC address messages are sent from. */
  PEC_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'expected smtp://host:port')
    .optional(),
  PEC_FROM: z.string().default('URP Comune di Borgo Aurelio <protocollo@pec.comune.borgoaurelio.example>'),
  /** Where the PEC receipts come in (the sender's PEC mailbox delivering over SMTP); unset: not listened for. */
  PEC_RECEIPTS_SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  PEC_RECEIPTS_HOST: z.string().default('127.0.0.1'),
  /** Notifications: how often due messages are looked for, attempts and backoff for transient failures. */
  NOTIFICATION_TICK_MS: z.coerce.number().int().min(50).default(1000),
  NOTIFICATION_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  NOTIFICATION_RETRY_BASE_MS: z.coerce.number().int().min(1).default(30_000),
  /** A request older than this when consumed (a replayed topic, a long outage) fails `expired` instead of going out. */
  NOTIFICATION_MAX_AGE_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .default(7 * 24 * 3600_000),
  /** A claim older than this whose sender never recorded an outcome (it died mid-send) fails `outcome_unknown`. */
  NOTIFICATION_CLAIM_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120_000),
  /**
   * The SMS / IO providers' own secret: a delivery report must carry `Authorization: Bearer <secret>` besides its
   * per-delivery report URL. Unset: reports are refused (401). The `secret` schema, as every secret.
   */
  PROVIDER_CALLBACK_SECRET: secret.optional(),
  /** Signs tracking and unsubscribe links (default: derived from IDENTITY_SECRET). The `secret` schema. */
  TRACKING_SECRET: secret.optional(),
});
export type CampaignsConfig = z.infer<typeof campaignsEnv> & { ELECTION_BLACKOUTS: BlackoutPeriod[] };

export const CAMPAIGNS_CONFIG = Symbol('CAMPAIGNS_CONFIG');
export const SOURCE = '/urp/campaigns';

/** The DKIM key when the three DKIM variables are set (otherwise mail goes out unsigned). */
export const dkimOf = (config: CampaignsConfig) =>
  config.SMTP_DKIM_DOMAIN && config.SMTP_DKIM_SELECTOR && config.SMTP_DKIM_PRIVATE_KEY
    ? {
        domainName: config.SMTP_DKIM_DOMAIN,
        keySelector: config.SMTP_DKIM_SELECTOR,
        privateKey: config.SMTP_DKIM_PRIVATE_KEY,
      }
    : undefined;
