import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  applyEvent,
  MONGO_DB,
  PeriodicTasks,
  RevisionConflict,
  ServiceKernel,
  type Decision,
} from '@urp/kernel';
import type { Db } from 'mongodb';
import { BulletinViews } from '../bulletin/bulletin.store';
import { CAMPAIGNS_CONFIG, dkimOf, type CampaignsConfig } from '../config';
import { DeliveryError, IN_FLIGHT, IoAdapter, SmtpAdapter, type DeliveryAdapter } from '../delivery/adapters';
import { AddressResolver, type ResolvedAddress } from '../delivery/address-resolver';
import { CaseMessages } from '../delivery/case-messages';
import { SmppAdapter, type SmsReceipt } from '../delivery/smpp';
import { ThreadedSmtpAdapter } from '../delivery/smtp-thread';
import { SmsPartStore } from '../delivery/sms-parts';
import { Semaphore } from '../delivery/throttle';
import { messageFor, textsOfSlice, type SliceTexts } from './case-message-texts';
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
import { NotificationReadModel } from './notification.read-model';
import { NotificationStore, SLICE_CHANNELS, type BulkChange } from './notification.store';
import { NOTIFIER, type Kick } from './notification.use-cases';

const TASK = 'campaigns.notifications';
/** Slices whose outcomes wait to be written before the sending waits for them (the store sets the pace). */
const RECORDS_BEHIND = 2;
/**
 * Claims per slice. A crash between a claim and its outcome leaves the attempt `outcome_unknown`: at most the next
 * slice (claimed), the slices with messages in flight (the threaded SMTP adapter takes 64: up to three) and the
 * RECORDS_BEHIND + 1 slices sent and not written yet, about 200 messages. 32 rather than 16:
 * each slice costs a claim insert, an address call, an outcome insert, a produce and an acknowledgement whatever its
 * size, and at 32 a message costs 15 % less CPU over every process (0.94–0.98 against 1.10–1.32 ms, three pairs of
 * runs, tools/bench/results/notifications.md, session 30). A crash is rare, its messages are never sent twice and
 * each fails visibly; twice as many of them is the price taken.
 */
const SLICE = 32;
/** How often the read model is read again from the store (the work of another instance, or of a dead one). */
const RESYNC_MS = 60_000;
/** The holder of a claim this instance lost: another sender (its outcome is awaited as for a stale claim). */
const OTHERS = 'another-sender';

/**
 * Whether the stored state is still waiting for the outcome of the claimed attempt `claimed` (the document stays
 * `queued` at the attempt before; `sending` in documents written before the claims collection).
 */
const awaitsOutcome = (stored: Notification, claimed: Notification): boolean =>
  (stored.status === 'queued' && stored.attempts === claimed.attempts - 1) ||
  (stored.status === 'sending' && stored.attempts === claimed.attempts);

/** Never used in practice (every claimed message gets its outcome): a transient failure, retried later. */
const UNSENT: AttemptOutcome = { ok: false, permanent: false, bounced: false, code: 'not_attempted' };

/** Refusals by the recipient's side (a bounce), as opposed to messages that could not be sent at all. */
const BOUNCE = /^(5\d\d|io_profile_not_found|io_sender_not_allowed|sms_invalid_number)$/;

type Resolve = Pick<AddressResolver, 'resolve'>;

/**
 * Sends the notifications that are due, taken from the read model (memory), never from a query. Each attempt is
 * claimed before sending (an insert keyed by notification id and attempt number: one sender per attempt, whatever
 * the number of instances), the addresses are resolved at the last moment in one call per channel and never
 * stored, and the outcomes are recorded with their events by `_id`. A claim left by a sender that died mid-send is
 * never sent again: it fails `outcome_unknown` (nobody gets a message twice; the originating service shows it).
 */
@Injectable()
export class NotificationSender implements Kick, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationSender.name);
  private readonly adapters = new Map<NotificationChannel, DeliveryAdapter>();
  /** Per channel, the messages its adapter takes at once (`inFlight`). */
  private readonly slots = new Map<NotificationChannel, Semaphore>();
  /** Messages in flight in a round: as many as the widest adapter takes (each channel held to its own by `slots`). */
  private readonly senders: number;
  private readonly resolver: Resolve;
  private readonly messages: Pick<CaseMessages, 'fetch'>;
  private readonly sources: InternalSources;
  private stopping = false;
  private round: Promise<void> | null = null;
  private again = false;
  private resyncedAt = 0;

  constructor(
    @Inject(CAMPAIGNS_CONFIG) private readonly config: CampaignsConfig,
    private readonly store: NotificationStore,
    private readonly model: NotificationReadModel,
    private readonly views: BulletinViews,
    private readonly tasks: PeriodicTasks,
    private readonly kernel: ServiceKernel,
    @Inject(MONGO_DB) db: Db,
  ) {
    // e-mail is composed and sent on a thread of its own (SMTP_THREAD=off: on this one)
    this.adapters.set(
      'email',
      config.SMTP_THREAD === 'on'
        ? new ThreadedSmtpAdapter({
            url: config.SMTP_URL,
            from: config.SMTP_FROM,
            poolSize: 4,
            dkim: dkimOf(config),
          })
        : new SmtpAdapter(config.SMTP_URL, config.SMTP_FROM, 4, dkimOf(config)),
    );
    if (config.PEC_SMTP_URL)
      this.adapters.set('pec', new SmtpAdapter(config.PEC_SMTP_URL, config.PEC_FROM, 2));
    if (config.IO_API_URL && config.IO_API_KEY)
      this.adapters.set('io', new IoAdapter(config.IO_API_URL, config.IO_API_KEY));
    if (config.SMPP_URL)
      this.adapters.set(
        'sms',
        // the parts of long SMS in the store: a part's receipt finds its message on any instance, after a restart
        new SmppAdapter(
          config.SMPP_URL,
          config.SMPP_SOURCE_ADDR,
          (r) => this.onSmsReceipt(r),
          new SmsPartStore(db),
        ),
      );
    for (const [channel, a] of this.adapters) this.slots.set(channel, new Semaphore(a.inFlight ?? IN_FLIGHT));
    this.senders = Math.max(IN_FLIGHT, ...[...this.adapters.values()].map((a) => a.inFlight ?? IN_FLIGHT));
    this.resolver = new AddressResolver(config.CONTACTS_INTERNAL_URL, config.IDENTITY_SECRET);
    this.messages = new CaseMessages(config.CONTACTS_INTERNAL_URL, config.IDENTITY_SECRET);
    this.sources = new InternalSources(
      config.PROCEDURES_INTERNAL_URL,
      config.SATISFACTION_INTERNAL_URL,
      config.IDENTITY_SECRET,
    );
  }

  /**
   * An SMS delivery receipt: applied to the notification it names (`deliveryId`, recorded with the message's parts
   * at submit, so any instance finds it by `_id`). The receipt may come back before the outcome of the submit is
   * recorded: wait for it a little, then refuse the receipt (the adapter answers the SMSC with an error, and the
   * SMSC delivers it again later) rather than lose it.
   */
  async onSmsReceipt(r: SmsReceipt): Promise<void> {
    for (let i = 0; i < 25; i++) {
      const id = r.deliveryId ?? this.model.smsNotificationId(r.messageId);
      // a message sent before the parts' store knew its delivery id: the one search (rare)
      const n = id ? await this.store.get(id) : await this.store.byProviderMessageId('sms', r.messageId);
      if (!n) break;
      if (n.status !== 'sending' && n.status !== 'queued') {
        const ctx = this.kernel.context(NOTIFIER);
        await applyEvent(this.store, n.id, `sms-receipt:${r.messageId}:${r.stat}`, (s) =>
          addDeliveryReport(s, r, ctx),
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (i === 24)
        throw new Error(
          `SMS receipt for ${r.messageId} (${r.stat}) came before its message's outcome was recorded: the SMSC sends it again`,
        );
    }
    this.logger.warn(`SMS receipt for an unknown message ${r.messageId} (${r.stat}) ignored`);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.SCHEDULER === 'off') return;
    try {
      await this.model.rebuild();
      this.resyncedAt = Date.now();
    } catch (e) {
      // the store is not there yet: the first periodic round reads it
      this.logger.warn(`notifications not read at start: ${(e as Error).message}`);
    }
    this.tasks.every(TASK, this.config.NOTIFICATION_TICK_MS, () => this.tick());
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.adapters.values()].map((a) => a.close()));
  }

  /**
   * Told that notifications were queued (their committed states): they join the read model, and the kicks that
   * arrive while a round runs are folded into one more round.
   */
  kick(queued: readonly Notification[] = []): void {
    for (const n of queued) this.model.apply(n);
    if (this.config.SCHEDULER === 'off' || this.stopping) return;
    if (this.round) {
      this.again = true;
      return;
    }
    this.round = (async () => {
      do {
        this.again = false;
        // after the periodic round in flight, never beside it: two rounds never hold the same queued state
        await this.tasks.runNow(TASK, () => this.tick(false));
      } while (this.again && !this.stopping);
    })()
      .catch((e: Error) => this.logger.warn(`notification round failed: ${e.message}`))
      .finally(() => (this.round = null));
  }

  /**
   * One round: now and then read the store again (resync), fail the stale claims, then send what is due, a chunk
   * at a time, until nothing is due. Everything comes from the read model: no query on the hot path.
   */
  async tick(periodic = true): Promise<void> {
    const now = this.kernel.clock.now();
    if (periodic && Date.now() - this.resyncedAt >= RESYNC_MS) {
      await this.model.rebuild();
      this.resyncedAt = Date.now();
    }
    const stale = this.model.staleClaims(new Date(now.getTime() - this.config.NOTIFICATION_CLAIM_TIMEOUT_MS));
    for (const n of stale) {
      // read it again: the claimer may have recorded its outcome meanwhile
      const current = await this.store.get(n.id);
      if (current && awaitsOutcome(current, n))
        await this.write(current, () =>
          abandonStaleClaim({ ...n, revision: current.revision }, this.kernel.context(NOTIFIER)),
        );
      else if (current) this.model.apply(current);
    }
    await this.pipeline();
  }

  /**
   * Sends what is due as a pipeline of slices of SLICE. A slice's attempts are claimed (one insert of claims by
   * `_id`), its addresses resolved (one call per channel) and the texts of the office's messages it delivers fetched
   * (one call, kept in memory for this slice only) BEFORE anything of it is sent; while it is sent, the next slice is
   * claimed and the outcomes of the slices sent before are written (one inserted document per slice with its
   * events; at most RECORDS_BEHIND slices behind; the slices that waited for the store meanwhile in one insert). A crash leaves at most two slices claimed without a send (they
   * fail `outcome_unknown` and are never sent again), besides the sent ones whose outcome was not written yet
   * (about RECORDS_BEHIND × SLICE).
   */
  private async pipeline(): Promise<void> {
    const prepare = async (): Promise<{
      claimed: Notification[];
      targets: Map<string, Target>;
      texts: SliceTexts;
    } | null> => {
      const slice = this.model.due(this.kernel.clock.now(), SLICE);
      if (!slice.length) return null;
      const claimed = await this.claimSlice(slice);
      // nothing of it could be claimed (another instance holds it): the next round looks again
      if (!claimed.length) return null;
      const targets = await this.targetsOf(claimed);
      // the office's messages of the slice, in one call, for those going out on a channel that carries the text
      const going = claimed.flatMap((n) => {
        const t = targets.get(n.id);
        return t && 'channel' in t ? [{ n, channel: t.channel }] : [];
      });
      return { claimed, targets, texts: await textsOfSlice(going, this.messages) };
    };
    let next = prepare();
    let recording = Promise.resolve();
    let behind = 0;
    const outcomes = new Map<string, AttemptOutcome>();
    // the slices whose last send ended while the store was writing the ones before wait together: one write for all
    let waiting: Notification[][] = [];
    const record = (batch: Notification[]) => {
      behind++;
      waiting.push(batch);
      recording = recording.then(async () => {
        const slices = waiting;
        waiting = [];
        // taken by the turn before
        if (!slices.length) return;
        try {
          await this.recordWithRetry(slices.flat(), outcomes);
        } finally {
          behind -= slices.length;
        }
      });
    };
    /** The slice being handed out to the senders; a slice is recorded when its last send has ended. */
    type Sending = NonNullable<Awaited<ReturnType<typeof prepare>>> & { i: number; left: number };
    let current: Sending | null = null;
    let done = false;
    let advancing: Promise<void> | null = null;
    // the next slice, once the current one is handed out: one sender waits for it, the others for the same promise
    const advance = () =>
      (advancing ??= (async () => {
        // sent messages whose outcome is not written would end `outcome_unknown` in a crash: a bounded few
        if (behind > RECORDS_BEHIND) await recording;
        const slice = await next;
        if (!slice) {
          done = true;
          return;
        }
        next = this.stopping ? Promise.resolve(null) : prepare();
        current = { ...slice, i: 0, left: slice.claimed.length };
      })().finally(() => (advancing = null)));
    // `senders` messages in flight all the time: the next slice starts while the last messages of this one go out
    const sender = async () => {
      for (;;) {
        const slice: Sending | null = current;
        if (slice && slice.i < slice.claimed.length) {
          const n = slice.claimed[slice.i++];
          outcomes.set(n.id, await this.send(n, slice.targets.get(n.id), slice.texts));
          if (--slice.left === 0) record(slice.claimed);
          continue;
        }
        if (done) return;
        await advance();
      }
    };
    const ended = await Promise.allSettled(Array.from({ length: this.senders }, sender));
    await next.catch(() => null);
    await recording;
    const failed = ended.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }

  /** The outcomes are written even when the store hiccups: an unwritten one would end as `outcome_unknown`. */
  private async recordWithRetry(batch: Notification[], outcomes: Map<string, AttemptOutcome>) {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.record(batch, outcomes);
        for (const n of batch) outcomes.delete(n.id);
        return;
      } catch (e) {
        if (attempt >= 5) {
          this.logger.error(`outcomes of ${batch.length} notifications not written: ${(e as Error).message}`);
          return;
        }
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  }

  /** Claims the due attempts of a slice; those another sender claimed first are read again into the read model. */
  private async claimSlice(slice: Notification[]): Promise<Notification[]> {
    const ctx = this.kernel.context(NOTIFIER);
    const claimId = randomUUID();
    const claims: BulkChange[] = [];
    for (const n of slice) {
      try {
        claims.push({ previous: n, next: claimAttempt(n, ctx, claimId).state, events: [] });
      } catch {
        // no longer due (its next attempt is later)
      }
    }
    if (!claims.length) return [];
    const won = await this.store.claim(
      claims.map((c) => ({ id: c.next.id, attempt: c.next.attempts })),
      claimId,
      ctx.now,
    );
    // the claim is the only write before the send: the document stays `queued` at its revision until the outcome
    // (its `sending` state lives in the read model); an attempt claimed by someone else is held by them
    const claimed: Notification[] = [];
    for (const c of claims) {
      const held = won.has(c.next.id)
        ? { ...c.next, revision: c.previous.revision }
        : { ...c.next, revision: c.previous.revision, claimId: OTHERS };
      this.model.apply(held);
      if (won.has(c.next.id)) claimed.push(held);
    }
    return claimed;
  }

  /**
   * The outcomes of claimed attempts. E-mail and IO: one inserted document per slice (the claims name it), with
   * every event: nobody else writes these outcomes (the claim is the guard). PEC and SMS update the messages'
   * documents guarded by their revision: their receipts are matched there, and a PEC receipt may be recorded
   * before the outcome, which is then decided again on the current state.
   */
  private async record(claimed: Notification[], outcomes: Map<string, AttemptOutcome>): Promise<void> {
    const rctx = this.kernel.context(NOTIFIER);
    const retry = {
      maxAttempts: this.config.NOTIFICATION_MAX_ATTEMPTS,
      baseMs: this.config.NOTIFICATION_RETRY_BASE_MS,
    };
    const slices = new Map<string, BulkChange[]>();
    const guarded: BulkChange[] = [];
    for (const n of claimed) {
      const outcome = outcomes.get(n.id) ?? UNSENT;
      if (!outcome.ok) this.logger.warn(`notification ${n.id} attempt ${n.attempts}: ${outcome.code}`);
      const d = recordAttempt(n, outcome, retry, rctx);
      const channel = outcome.ok ? (outcome.channel ?? n.channel) : n.channel;
      const change = { previous: n, next: d.state, events: d.events };
      if (SLICE_CHANNELS.has(channel) && n.claimId) {
        const list = slices.get(n.claimId) ?? [];
        slices.set(n.claimId, [...list, change]);
      } else guarded.push(change);
    }
    // the slices handed over together (those that waited for the store) in one insert
    for (const n of await this.store.recordSlices(
      [...slices].map(([claimId, changes]) => ({ claimId, changes })),
    ))
      this.model.apply(n);
    if (!guarded.length) return;
    const w = await this.store.commitMany(guarded);
    const byId = new Map(guarded.map((c) => [c.next.id, { ...c.next, revision: c.previous.revision + 1 }]));
    for (const id of w.applied) this.model.apply(byId.get(id)!);
    if (w.unsure.length) {
      // a receipt was recorded meanwhile: decide again on the current state, one by one
      const current = await this.store.getMany(w.unsure);
      for (const n of current.values()) {
        const mine = guarded.find((c) => c.next.id === n.id)!.previous;
        if (awaitsOutcome(n, mine))
          await this.write(n, (s) =>
            recordAttempt(
              { ...mine, ...s, status: 'sending', attempts: mine.attempts },
              outcomes.get(n.id) ?? UNSENT,
              retry,
              rctx,
            ),
          );
        else this.model.apply(n);
      }
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
        const r = await this.store.commit({ previous: current, next: d.state, events: d.events });
        if (r.status === 'committed') this.model.apply(r.state);
        return;
      } catch (e) {
        // a receipt was recorded meanwhile (PEC): decide again on the current state
        if (!(e instanceof RevisionConflict) || attempt >= 5) throw e;
        current = await this.store.get(previous.id);
      }
    }
  }

  private async send(
    n: Notification,
    target: Target | undefined,
    texts: SliceTexts,
  ): Promise<AttemptOutcome> {
    if (!target) return { ok: false, permanent: false, bounced: false, code: 'address_lookup_failed' };
    if ('code' in target)
      return { ok: false, permanent: target.permanent, bounced: false, code: target.code };
    const outcome = await this.sendOn(n, target.channel, target.address, texts);
    if (outcome.ok || !outcome.permanent || target.channel !== 'io' || n.recipientType !== 'requester')
      return outcome;
    if (!IO_UNREACHABLE.has(outcome.code)) return outcome;
    // the citizen has no IO profile or blocked this sender: nothing was delivered, so the message goes to the
    // next channel they have an address on (e-mail, PEC, SMS), never nowhere when the platform can reach them
    // the message's own order when it has one (a procedure's notice: the digital domicile, PEC, first)
    const order = n.fallbackChannels?.length
      ? [n.channel, ...n.fallbackChannels].filter((c) => c !== 'io')
      : IO_FALLBACK;
    for (const next of order) {
      const found = await this.resolver
        .resolve(
          [n.recipientId],
          next as 'email' | 'pec' | 'sms',
          `notifica ${n.template}: App IO non attiva`,
        )
        .then((m) => m.get(n.recipientId))
        .catch(() => undefined);
      if (found?.status === 'ok' && found.address) return this.sendOn(n, next, found.address, texts);
    }
    return outcome;
  }

  /** One attempt on one channel and address: the message rendered for the channel, handed to its adapter. */
  private async sendOn(
    n: Notification,
    channel: NotificationChannel,
    address: string,
    texts: SliceTexts,
  ): Promise<AttemptOutcome> {
    const adapter = this.adapters.get(channel);
    if (!adapter) return { ok: false, permanent: true, bounced: false, code: 'channel_not_configured' };
    // contacts did not give the office's message: never sent without it, tried again with backoff
    const office = messageFor(n, channel, texts);
    if (office === 'retry')
      return { ok: false, permanent: false, bounced: false, code: 'message_lookup_failed' };
    let extras: RenderExtras & { document?: FetchedDocument };
    try {
      extras = { ...(await this.contentOf(n, channel)), ...office };
    } catch (e) {
      const err = e instanceof SourceError ? e : new SourceError('content_unavailable', false);
      return { ok: false, permanent: err.permanent, bounced: false, code: err.code };
    }
    const message = renderNotification(n, { ...extras, now: this.kernel.clock.now() });
    const domain = /@([^>\s]+)>?\s*$/.exec(
      channel === 'pec' ? this.config.PEC_FROM : this.config.SMTP_FROM,
    )?.[1];
    const slots = this.slots.get(channel)!;
    await slots.acquire();
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
    } finally {
      slots.release();
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

  /**
   * The addresses of a slice at send time. Citizens' from contacts (audited there), one call per channel asked:
   * `preferred` (the channel is contacts' answer) for those that follow the citizen's preference, else the
   * explicit channel, then the next fallback channel for those without that address. Staff from the directory.
   */
  private async targetsOf(slice: Notification[]): Promise<Map<string, Target>> {
    const out = new Map<string, Target>();
    for (const n of slice) if (n.recipientType !== 'requester') out.set(n.id, await this.staffTarget(n));
    const requesters = slice.filter((n) => n.recipientType === 'requester');
    if (!requesters.length) return out;
    const purpose = `notifica ${[...new Set(requesters.map((n) => n.template))].join(', ')}`.slice(0, 200);
    const ok = (a: ResolvedAddress | undefined) => a?.status === 'ok' && !!a.address;
    try {
      let todo = requesters.map((n) => ({ n, channels: [n.channel, ...(n.fallbackChannels ?? [])] }));
      const preferred = todo.filter((t) => t.n.preferred);
      if (preferred.length) {
        const found = await this.resolver.resolve(
          preferred.map((t) => t.n.recipientId),
          'preferred',
          purpose,
        );
        todo = todo.filter((t) => {
          const a = t.n.preferred ? found.get(t.n.recipientId) : undefined;
          if (!a?.channel) return true; // not asked, or a contacts that does not name the channel yet
          out.set(
            t.n.id,
            ok(a)
              ? { channel: a.channel as NotificationChannel, address: a.address! }
              : { code: a.status, permanent: true },
          );
          return false;
        });
      }
      while (todo.length) {
        const byChannel = new Map<NotificationChannel, typeof todo>();
        for (const t of todo) byChannel.set(t.channels[0], [...(byChannel.get(t.channels[0]) ?? []), t]);
        todo = [];
        for (const [channel, list] of byChannel) {
          const found = await this.resolver.resolve(
            [...new Set(list.map((t) => t.n.recipientId))],
            channel as 'email',
            purpose,
          );
          for (const t of list) {
            const a = found.get(t.n.recipientId);
            if (ok(a)) out.set(t.n.id, { channel, address: a!.address! });
            else if (t.channels.length > 1) todo.push({ n: t.n, channels: t.channels.slice(1) });
            else out.set(t.n.id, { code: a?.status ?? 'unknown', permanent: true });
          }
        }
      }
    } catch {
      // contacts unreachable: a transient failure of the whole slice, retried with backoff
      for (const n of requesters) out.delete(n.id);
    }
    return out;
  }

  /** Staff: the referent's (or office's) email from the directory projection, else the office's. */
  private async staffTarget(n: Notification): Promise<Target> {
    const person =
      n.recipientType === 'referent'
        ? await this.views.referents.get(n.recipientId)
        : await this.views.offices.get(n.recipientId);
    if (person?.email && person.active !== false) return { channel: n.channel, address: person.email };
    if (n.fallbackOfficeId && n.recipientType !== 'office') {
      const office = await this.views.offices.get(n.fallbackOfficeId);
      if (office?.email && office.active !== false) return { channel: n.channel, address: office.email };
    }
    return { code: 'no_address', permanent: true };
  }
}

/** Where one message goes, or why it cannot go (`permanent`: retrying cannot help). */
type Target = { channel: NotificationChannel; address: string } | { code: string; permanent: boolean };

/** IO's answers that say the citizen cannot be reached on the app at all (no profile, this sender blocked). */
const IO_UNREACHABLE = new Set(['io_profile_not_found', 'io_sender_not_allowed']);
/** Where a message the IO app cannot take goes next, in order: the first channel the citizen has an address on. */
const IO_FALLBACK = ['email', 'pec', 'sms'] as const;
