import { randomUUID } from 'node:crypto';
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
import { BULK_CHUNK, NotificationStore, type BulkChange } from './notification.store';
import { NOTIFIER, type Kick } from './notification.use-cases';

const TASK = 'campaigns.notifications';
/** Notifications per chunk: one bulk claim, one bulk outcome (BULK_CHUNK statements at most). */
const BATCH = BULK_CHUNK;
/** Messages in flight on the pooled transports (SMTP: 4 connections). */
const PARALLEL = 8;
/** Queued states kept in memory for the next round; beyond, the round's query finds them. */
const MAX_FRESH = 5000;
/** Never used in practice (every claimed message gets its outcome): a transient failure, retried later. */
const UNSENT: AttemptOutcome = { ok: false, permanent: false, bounced: false, code: 'not_attempted' };

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
  /** Queued by this process since the last round (claimed from memory, no query). */
  private readonly fresh: Notification[] = [];
  private round: Promise<void> | null = null;
  private again = false;
  /** A kick without a state to remember: the next round queries too. */
  private full = false;

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

  /**
   * Told that a notification was queued (its committed state, when known): it is claimed from memory, without a
   * query (a scan on FerretDB), and the kicks that arrive while a round runs are folded into one more round.
   */
  kick(queued?: Notification): void {
    if (this.config.SCHEDULER === 'off' || this.stopping) return;
    const remembered = queued?.status === 'queued' && this.fresh.length < MAX_FRESH;
    if (remembered) this.fresh.push(queued);
    else this.full = true;
    if (this.round) {
      this.again = true;
      return;
    }
    this.round = (async () => {
      do {
        this.again = false;
        const full = this.full;
        this.full = false;
        // after the periodic round in flight, never beside it: two rounds never hold the same queued state,
        // so this process never races itself for a claim (the revision guard is left for other instances;
        // FerretDB 1.24 checks a filter and writes without a transaction)
        await this.tasks.runNow(TASK, () => this.tick(!full));
      } while (this.again && !this.stopping);
    })()
      .catch((e: Error) => this.logger.warn(`notification round failed: ${e.message}`))
      .finally(() => (this.round = null));
  }

  /**
   * One round: fail the stale claims, then send what was just queued (from memory) and what is due (retries,
   * anything queued by another instance or before a restart), a chunk at a time, until nothing is due. A round
   * after a kick sends only what is in memory: the queries (scans on FerretDB) are for the periodic rounds.
   */
  async tick(onlyFresh = false): Promise<void> {
    const now = this.kernel.clock.now();
    if (!onlyFresh) {
      const stale = await this.store.staleClaims(
        new Date(now.getTime() - this.config.NOTIFICATION_CLAIM_TIMEOUT_MS),
        BATCH,
      );
      for (const n of stale) await this.write(n, (s) => abandonStaleClaim(s, this.kernel.context(NOTIFIER)));
    }
    for (;;) {
      if (this.stopping) return;
      let chunk = this.fresh.splice(0, BATCH);
      const scanned = !chunk.length;
      if (scanned && onlyFresh) return;
      if (scanned) chunk = await this.store.due(this.kernel.clock.now(), BATCH);
      if (!chunk.length) return;
      await this.attemptChunk(chunk);
      if (scanned && chunk.length < BATCH) return;
    }
  }

  /**
   * A chunk: every attempt claimed in one bulk write BEFORE anything is sent (each statement guarded by the
   * revision read, one sender per attempt: the claim id tells whose claim a document carries when some did not
   * match), then sent PARALLEL at a time on the pooled transports, then the outcomes (with their events, in the
   * same statement) written in one bulk. A crash between the two bulks leaves claims without an outcome: they
   * fail `outcome_unknown` and are never sent again.
   */
  private async attemptChunk(chunk: Notification[]): Promise<void> {
    const ctx = this.kernel.context(NOTIFIER);
    const claimId = randomUUID();
    const claims: BulkChange[] = [];
    for (const n of chunk) {
      try {
        claims.push({ previous: n, next: claimAttempt(n, ctx, claimId).state, events: [] });
      } catch {
        // no longer due (another sender moved it on, or its next attempt is later)
      }
    }
    if (!claims.length) return;
    const c = await this.store.commitMany(claims);
    const byId = new Map(claims.map((x) => [x.next.id, { ...x.next, revision: x.previous.revision + 1 }]));
    const claimed = c.applied.flatMap((id) => byId.get(id) ?? []);
    if (c.unsure.length) {
      const current = await this.store.getMany(c.unsure);
      for (const n of current.values()) if (n.status === 'sending' && n.claimId === claimId) claimed.push(n);
    }

    const outcomes = new Map<string, AttemptOutcome>();
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(PARALLEL, claimed.length) }, async () => {
        while (next < claimed.length) {
          const n = claimed[next++];
          outcomes.set(n.id, await this.send(n));
        }
      }),
    );

    const rctx = this.kernel.context(NOTIFIER);
    const retry = {
      maxAttempts: this.config.NOTIFICATION_MAX_ATTEMPTS,
      baseMs: this.config.NOTIFICATION_RETRY_BASE_MS,
    };
    const records: BulkChange[] = claimed.map((n) => {
      const outcome = outcomes.get(n.id) ?? UNSENT;
      if (!outcome.ok) this.logger.warn(`notification ${n.id} attempt ${n.attempts}: ${outcome.code}`);
      const d = recordAttempt(n, outcome, retry, rctx);
      return { previous: n, next: d.state, events: d.events };
    });
    const w = await this.store.commitMany(records);
    if (w.unsure.length) {
      // another writer (a PEC receipt) moved some meanwhile: decide again on the current state, one by one
      const current = await this.store.getMany(w.unsure);
      for (const n of current.values())
        if (n.status === 'sending' && n.claimId === claimId)
          await this.write(n, (s) => recordAttempt(s, outcomes.get(n.id) ?? UNSENT, retry, rctx));
    }
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
