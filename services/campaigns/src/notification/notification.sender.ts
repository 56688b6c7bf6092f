import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { applyEvent, PeriodicTasks, RevisionConflict, ServiceKernel, type Decision } from '@urp/kernel';
import { BulletinViews } from '../bulletin/bulletin.store';
import { CAMPAIGNS_CONFIG, dkimOf, type CampaignsConfig } from '../config';
import { DeliveryError, IoAdapter, SmtpAdapter, type DeliveryAdapter } from '../delivery/adapters';
import { AddressResolver } from '../delivery/address-resolver';
import { SmppAdapter, type SmsReceipt } from '../delivery/smpp';
import { InternalSources, SourceError, type FetchedDocument } from './internal-sources';
import {
  abandonStaleClaim,
  addDeliveryReport,
  claimAttempt,
  recordAttempt,
  renderNotification,
  type AttemptOutcome,
  type Notification,
  type NotificationChannel,
  type RenderExtras,
} from './notification.rules';
import { NotificationStore } from './notification.store';
import { NOTIFIER, type Kick } from './notification.use-cases';

const TASK = 'campaigns.notifications';
const BATCH = 50;
const PARALLEL = 8;

/** Refusals by the recipient's side (a bounce), as opposed to messages that could not be sent at all. */
const BOUNCE = /^(5\d\d|io_profile_not_found|io_sender_not_allowed|sms_invalid_number)$/;

type Resolve = Pick<AddressResolver, 'resolve'>;

/**
 * Sends the notifications that are due. Each attempt is claimed before sending (a revision-guarded write: one
 * sender per attempt, whatever the number of instances), the address is resolved at the last moment and never
 * stored, and the outcome is recorded with its event. A claim left by a sender that died mid-send is never sent
 * again: it fails `outcome_unknown` (nobody gets a message twice; the originating service shows the failure).
 */
@Injectable()
export class NotificationSender implements Kick, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationSender.name);
  private readonly adapters = new Map<NotificationChannel, DeliveryAdapter>();
  private readonly resolver: Resolve;
  private readonly sources: InternalSources;
  private stopping = false;

  constructor(
    @Inject(CAMPAIGNS_CONFIG) private readonly config: CampaignsConfig,
    private readonly store: NotificationStore,
    private readonly views: BulletinViews,
    private readonly tasks: PeriodicTasks,
    private readonly kernel: ServiceKernel,
  ) {
    this.adapters.set('email', new SmtpAdapter(config.SMTP_URL, config.SMTP_FROM, 4, dkimOf(config)));
    if (config.PEC_SMTP_URL)
      this.adapters.set('pec', new SmtpAdapter(config.PEC_SMTP_URL, config.PEC_FROM, 2));
    if (config.IO_API_URL && config.IO_API_KEY)
      this.adapters.set('io', new IoAdapter(config.IO_API_URL, config.IO_API_KEY));
    if (config.SMPP_URL)
      this.adapters.set(
        'sms',
        new SmppAdapter(config.SMPP_URL, config.SMPP_SOURCE_ADDR, (r) => this.onSmsReceipt(r)),
      );
    this.resolver = new AddressResolver(config.CONTACTS_INTERNAL_URL, config.IDENTITY_SECRET);
    this.sources = new InternalSources(
      config.PROCEDURES_INTERNAL_URL,
      config.SATISFACTION_INTERNAL_URL,
      config.IDENTITY_SECRET,
    );
  }

  /**
   * An SMS delivery receipt: applied to the notification the SMSC's message id belongs to. The receipt may come
   * back before the outcome of the submit is recorded: wait for it a little (the SMSC is acknowledged after).
   */
  async onSmsReceipt(r: SmsReceipt): Promise<void> {
    for (let i = 0; i < 25; i++) {
      const n = await this.store.byProviderMessageId('sms', r.messageId);
      if (n && n.status !== 'sending' && n.status !== 'queued') {
        const ctx = this.kernel.context(NOTIFIER);
        await applyEvent(this.store, n.id, `sms-receipt:${r.messageId}:${r.stat}`, (s) =>
          addDeliveryReport(s, r, ctx),
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    this.logger.warn(`SMS receipt for an unknown message ${r.messageId} (${r.stat}) ignored`);
  }

  onApplicationBootstrap(): void {
    if (this.config.SCHEDULER === 'off') return;
    this.tasks.every(TASK, this.config.NOTIFICATION_TICK_MS, () => this.tick());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.adapters.values()].map((a) => a.close()));
  }

  kick(): void {
    if (this.config.SCHEDULER !== 'off') setImmediate(() => void this.tasks.runNow(TASK, () => this.tick()));
  }

  /** One round: fail the stale claims, then send what is due, in batches, until nothing is due. */
  async tick(): Promise<void> {
    const now = this.kernel.clock.now();
    const stale = await this.store.staleClaims(
      new Date(now.getTime() - this.config.NOTIFICATION_CLAIM_TIMEOUT_MS),
      BATCH,
    );
    for (const n of stale) await this.write(n, (s) => abandonStaleClaim(s, this.kernel.context(NOTIFIER)));
    for (;;) {
      if (this.stopping) return;
      const due = await this.store.due(this.kernel.clock.now(), BATCH);
      if (!due.length) return;
      for (let i = 0; i < due.length; i += PARALLEL)
        await Promise.all(due.slice(i, i + PARALLEL).map((n) => this.attempt(n)));
      if (due.length < BATCH) return;
    }
  }

  private async attempt(n: Notification): Promise<void> {
    let claim;
    try {
      claim = claimAttempt(n, this.kernel.context(NOTIFIER));
    } catch {
      return; // no longer due (another sender moved it on)
    }
    let claimed: Notification;
    try {
      const r = await this.store.commit({ previous: n, next: claim.state, events: [] });
      if (r.status !== 'committed') return;
      claimed = r.state;
    } catch (e) {
      if (e instanceof RevisionConflict) return; // another sender took this attempt
      throw e;
    }
    const outcome = await this.send(claimed);
    const ctx = this.kernel.context(NOTIFIER);
    const retry = {
      maxAttempts: this.config.NOTIFICATION_MAX_ATTEMPTS,
      baseMs: this.config.NOTIFICATION_RETRY_BASE_MS,
    };
    await this.write(claimed, (s) => recordAttempt(s, outcome, retry, ctx));
    if (!outcome.ok) this.logger.warn(`notification ${n.id} attempt ${claimed.attempts}: ${outcome.code}`);
  }

  /** Commits a decision on the state read before; another writer (a receipt) means: reload, decide again. */
  private async write(
    previous: Notification,
    decide: (s: Notification) => Decision<Notification> | null,
  ): Promise<void> {
    let current: Notification | null = previous;
    for (let attempt = 1; current; attempt++) {
      const d = decide(current);
      if (!d) return;
      try {
        await this.store.commit({ previous: current, next: d.state, events: d.events });
        return;
      } catch (e) {
        // a receipt was recorded meanwhile (PEC): decide again on the current state
        if (!(e instanceof RevisionConflict) || attempt >= 5) throw e;
        current = await this.store.get(previous.id);
      }
    }
  }

  private async send(n: Notification): Promise<AttemptOutcome> {
    let channel = n.channel;
    let address: string | undefined;
    try {
      // a procedure notice: the first channel the applicant has an address for (PEC first)
      for (const c of [n.channel, ...(n.fallbackChannels ?? [])]) {
        channel = c;
        address = await this.addressOf(n, c);
        if (address && !address.startsWith('!no_address')) break;
      }
    } catch {
      return { ok: false, permanent: false, bounced: false, code: 'address_lookup_failed' };
    }
    const adapter = this.adapters.get(channel);
    if (!adapter) return { ok: false, permanent: true, bounced: false, code: 'channel_not_configured' };
    if (!address || address.startsWith('!'))
      return { ok: false, permanent: true, bounced: false, code: address?.slice(1) || 'no_address' };
    let extras: RenderExtras & { document?: FetchedDocument };
    try {
      extras = await this.contentOf(n, channel);
    } catch (e) {
      const err = e instanceof SourceError ? e : new SourceError('content_unavailable', false);
      return { ok: false, permanent: err.permanent, bounced: false, code: err.code };
    }
    const message = renderNotification(n, extras);
    const domain = /@([^>\s]+)>?\s*$/.exec(
      channel === 'pec' ? this.config.PEC_FROM : this.config.SMTP_FROM,
    )?.[1];
    try {
      const r = await adapter.send({
        deliveryId: n.id,
        to: address,
        subject: message.subject,
        text: channel === 'sms' ? message.short : message.text,
        markdown: message.markdown,
        feedbackUrl: '',
        ...(domain ? { messageId: `<${n.id}@${domain}>` } : {}),
        ...(extras.document
          ? {
              attachments: [
                {
                  filename: extras.document.filename,
                  content: extras.document.content,
                  contentType: extras.document.contentType,
                },
              ],
            }
          : {}),
      });
      return {
        ok: true,
        status: channel === 'pec' ? 'sent' : r.status,
        ...(channel !== n.channel ? { channel } : {}),
        ...(r.providerMessageId ? { providerMessageId: r.providerMessageId } : {}),
      };
    } catch (e) {
      const err = e instanceof DeliveryError ? e : new DeliveryError((e as Error).message, false);
      const code = err.code ?? 'error';
      const bounced = err.permanent && BOUNCE.test(code);
      return {
        ok: false,
        permanent: err.permanent,
        bounced,
        code: /^\d{3}$/.test(code) ? `smtp_${code}` : code.toLowerCase().slice(0, 64),
      };
    }
  }

  /**
   * What the message refers to, fetched at send time: the notice's PDF from procedures (attached on email and
   * PEC; IO and SMS say where to read it) and the survey link from satisfaction (410: `survey_closed`).
   */
  private async contentOf(
    n: Notification,
    channel: NotificationChannel,
  ): Promise<RenderExtras & { document?: FetchedDocument }> {
    if (n.requestedBy === 'SurveyLinkDeliveryRequested' && n.invitationId)
      return { channel, link: await this.sources.surveyLink(n.invitationId) };
    if (n.requestedBy === 'ApplicantNotificationRequested' && n.procedureId && n.facts.documentId) {
      if (channel !== 'email' && channel !== 'pec') return { channel, attached: false };
      const document = await this.sources.document(n.procedureId, n.facts.documentId);
      return { channel, attached: true, document };
    }
    return { channel };
  }

  /** The address at send time: the citizen's from contacts (audited there), staff from the directory projection. */
  private async addressOf(n: Notification, channel: NotificationChannel): Promise<string | undefined> {
    if (n.recipientType === 'requester') {
      const found = await this.resolver.resolve(
        [n.recipientId],
        channel as 'email',
        `notifica ${n.template} ${n.caseId ?? n.contactId ?? n.procedureId ?? n.invitationId ?? ''}`.trim(),
      );
      const a = found.get(n.recipientId);
      return a?.status === 'ok' && a.address ? a.address : `!${a?.status ?? 'unknown'}`;
    }
    const person =
      n.recipientType === 'referent'
        ? await this.views.referents.get(n.recipientId)
        : await this.views.offices.get(n.recipientId);
    if (person?.email && person.active !== false) return person.email;
    if (n.fallbackOfficeId && n.recipientType !== 'office') {
      const office = await this.views.offices.get(n.fallbackOfficeId);
      if (office?.email && office.active !== false) return office.email;
    }
    return '!no_address';
  }
}
