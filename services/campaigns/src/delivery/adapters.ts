/**
 * Delivery adapters: one interface, one per channel. Email goes over real SMTP (nodemailer, pooled connections);
 * the IO app and SMS go to a provider endpoint configured by URL (HTTP POST JSON), which reports back on the
 * delivery's feedback URL. `IoAdapter` speaks the real IO messages API (notifications).
 */
import { createTransport, type Transporter } from 'nodemailer';
import type { Channel } from '../audience/audience.rules';

export interface OutgoingMessage {
  deliveryId: string;
  to: string;
  subject?: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** Where the provider reports delivery or failure (signed per delivery). */
  feedbackUrl: string;
  /** A deterministic Message-ID (`<id@domain>`), so a copy sent twice could be recognised downstream. */
  messageId?: string;
  /** IO: the Markdown body (80–10,000 characters). */
  markdown?: string;
  /** Email / PEC: files attached (a procedure notice's PDF). */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

/** DKIM signing of outgoing mail (RFC 6376), so that large providers honour RFC 8058 one-click unsubscribe. */
export interface DkimKey {
  domainName: string;
  keySelector: string;
  /** PEM (PKCS#8 or PKCS#1). */
  privateKey: string;
}

/** The headers the signature covers: the RFC 6376 §5.4.1 set plus RFC 8058's List-Unsubscribe(-Post). */
export const DKIM_HEADERS =
  'From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:Content-Transfer-Encoding:In-Reply-To:References:List-Id:List-Unsubscribe:List-Unsubscribe-Post';

/** `delivered`: accepted by the recipient's server; `sent`: handed to a provider that reports later. */
export type SendOutcome = {
  status: 'delivered' | 'sent';
  code?: string;
  /** The provider's id of the message (SMS: the SMSC's), matched against its delivery receipt later. */
  providerMessageId?: string;
};

export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    message: string,
    /** Permanent: retrying cannot help (unknown mailbox, invalid number): a bounce. */
    readonly permanent: boolean,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface DeliveryAdapter {
  readonly channel: Channel;
  send(message: OutgoingMessage): Promise<SendOutcome>;
  close(): Promise<void>;
}

export class SmtpAdapter implements DeliveryAdapter {
  readonly channel = 'email' as const;
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
    poolSize: number,
    dkim?: DkimKey,
  ) {
    const u = new URL(url);
    this.transport = createTransport({
      pool: true,
      maxConnections: poolSize,
      maxMessages: Infinity,
      host: u.hostname,
      port: Number(u.port || (u.protocol === 'smtps:' ? 465 : 25)),
      secure: u.protocol === 'smtps:',
      ignoreTLS: u.protocol === 'smtp:' && ['127.0.0.1', 'localhost'].includes(u.hostname),
      ...(u.username
        ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } }
        : {}),
      connectionTimeout: 10_000,
      socketTimeout: 30_000,
      ...(dkim ? { dkim: { ...dkim, headerFieldNames: DKIM_HEADERS } } : {}),
    });
  }

  async send(m: OutgoingMessage): Promise<SendOutcome> {
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: m.to,
        subject: m.subject ?? '',
        text: m.text,
        html: m.html,
        headers: m.headers,
        ...(m.messageId ? { messageId: m.messageId } : {}),
        ...(m.attachments?.length ? { attachments: m.attachments } : {}),
      });
      if (info.rejected?.length) throw new DeliveryError('recipient refused', true, '550');
      return { status: 'delivered', code: info.response?.slice(0, 3) };
    } catch (e) {
      if (e instanceof DeliveryError) throw e;
      const code = (e as { responseCode?: number }).responseCode;
      // 5xx: permanent (unknown mailbox, policy); 4xx and connection errors: try again later
      throw new DeliveryError(
        (e as Error).message,
        !!code && code >= 500,
        code ? String(code) : (e as { code?: string }).code,
      );
    }
  }

  close(): Promise<void> {
    this.transport.close();
    return Promise.resolve();
  }
}

/** IO app and SMS: POST `{deliveryId, to, subject?, text, feedbackUrl}` to the provider endpoint. */
export class HttpAdapter implements DeliveryAdapter {
  constructor(
    readonly channel: 'sms' | 'io',
    private readonly url: string,
  ) {}

  async send(m: OutgoingMessage): Promise<SendOutcome> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          deliveryId: m.deliveryId,
          to: m.to,
          subject: m.subject,
          text: m.text,
          feedbackUrl: m.feedbackUrl,
        }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (e) {
      throw new DeliveryError(`provider unreachable: ${(e as Error).message}`, false, 'unreachable');
    }
    if (res.ok) return { status: 'sent', code: String(res.status) };
    // 4xx other than throttling: the provider refuses this message for good (invalid number, no IO profile)
    const permanent = res.status >= 400 && res.status < 500 && res.status !== 429 && res.status !== 408;
    throw new DeliveryError(`provider answered ${res.status}`, permanent, String(res.status));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** A fiscal code as IO checks it (16 characters, omocodia letters allowed). */
export const FISCAL_CODE =
  /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

/**
 * The IO app through its public messages API (https://developer.io.italia.it/openapi.html): the profile check
 * first (`GET /api/v1/profiles/{fiscal_code}`: 404 no IO profile, `sender_allowed: false` the citizen blocked this
 * service), then `POST /api/v1/messages/{fiscal_code}` with `{content: {subject, markdown}}`; the service's key in
 * `Ocp-Apim-Subscription-Key`. A 201 means IO took the message (`sent`: IO delivers it to the app).
 */
export class IoAdapter implements DeliveryAdapter {
  readonly channel = 'io' as const;
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl.replace(/\/$/, '')}${path}`, {
        method,
        headers: {
          'Ocp-Apim-Subscription-Key': this.apiKey,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (e) {
      throw new DeliveryError(`IO unreachable: ${(e as Error).message}`, false, 'io_unreachable');
    }
  }

  private static refusal(step: string, res: Response): DeliveryError {
    const s = res.status;
    // 429 (throttled) and 5xx: try again later; every other 4xx is IO refusing this message for good
    const transient = s === 429 || s === 408 || s >= 500;
    const code =
      s === 404
        ? 'io_profile_not_found'
        : s === 403
          ? 'io_sender_not_allowed'
          : s === 401
            ? 'io_unauthorized'
            : `io_${step}_${s}`;
    return new DeliveryError(`IO answered ${s} to the ${step}`, !transient, code);
  }

  async send(m: OutgoingMessage): Promise<SendOutcome> {
    const fiscalCode = m.to.trim().toUpperCase();
    if (!FISCAL_CODE.test(fiscalCode))
      throw new DeliveryError('not a fiscal code', true, 'io_bad_fiscal_code');
    const profile = await this.call('GET', `/api/v1/profiles/${fiscalCode}`);
    if (!profile.ok) throw IoAdapter.refusal('profile', profile);
    const p = (await profile.json()) as { sender_allowed?: boolean };
    if (p.sender_allowed === false)
      throw new DeliveryError('IO: sender not allowed', true, 'io_sender_not_allowed');
    const res = await this.call('POST', `/api/v1/messages/${fiscalCode}`, {
      content: { subject: m.subject ?? '', markdown: m.markdown ?? m.text },
    });
    if (res.status !== 201 && !res.ok) throw IoAdapter.refusal('message', res);
    const { id } = (await res.json().catch(() => ({}))) as { id?: string };
    return { status: 'sent', code: id ? `io:${id}` : String(res.status) };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
