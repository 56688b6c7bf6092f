/**
 * Delivery adapters: one interface, one per channel. Email goes over real SMTP (nodemailer, pooled connections);
 * the IO app and SMS go to a provider endpoint configured by URL (HTTP POST JSON), which reports back on the
 * delivery's feedback URL.
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
}

/** `delivered`: accepted by the recipient's server; `sent`: handed to a provider that reports later. */
export type SendOutcome = { status: 'delivered' | 'sent'; code?: string };

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
