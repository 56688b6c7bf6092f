import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { applyEvent, ServiceKernel } from '@urp/kernel';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { CAMPAIGNS_CONFIG, type CampaignsConfig } from '../config';
import { addReceipt, type NotificationReceipt } from './notification.rules';
import { NotificationStore } from './notification.store';
import { NOTIFIER } from './notification.use-cases';

/** The receipts of DPR 68/2005 this service keeps as the legal proof of a PEC notification. */
const KEPT = new Set(['accettazione', 'avvenuta-consegna', 'non-accettazione', 'errore-consegna']);

export interface ParsedReceipt {
  notificationId: string;
  receipt: NotificationReceipt;
}

/**
 * Reads a PEC receipt (a message with `X-Ricevuta` and `X-Riferimento-Message-ID`): which notification it is
 * about (our Message-ID is `<notification id@domain>`) and which receipt it is. Anything else: `null`.
 */
export async function parsePecReceipt(raw: Buffer | string): Promise<ParsedReceipt | null> {
  const mail = await simpleParser(raw);
  const header = (name: string) => {
    const v = mail.headers.get(name);
    return typeof v === 'string' ? v.trim() : undefined;
  };
  const type = header('x-ricevuta')?.toLowerCase();
  const ref = /<?([^@<>\s]+)@[^>]+>?/.exec(header('x-riferimento-message-id') ?? '');
  if (!type || !KEPT.has(type) || !ref?.[1].startsWith('ntf_')) return null;
  const at = header('x-data-ricevuta') ?? mail.date?.toISOString() ?? new Date().toISOString();
  return {
    notificationId: ref[1],
    receipt: {
      type,
      at: new Date(at).toISOString(),
      ...(mail.messageId ? { messageId: mail.messageId } : {}),
    },
  };
}

/**
 * The inbound side of PEC: the provider delivers its receipts to the sender's PEC mailbox; here that mailbox's
 * inbound SMTP (`PEC_RECEIPTS_SMTP_PORT`, loopback by default) hands them to this service, which stores each on
 * its notification as the legal proof (once per receipt type).
 */
@Injectable()
export class PecReceiptInbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PecReceiptInbox.name);
  private server?: SMTPServer;

  constructor(
    @Inject(CAMPAIGNS_CONFIG) private readonly config: CampaignsConfig,
    private readonly store: NotificationStore,
    private readonly kernel: ServiceKernel,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.PEC_RECEIPTS_SMTP_PORT || this.server) return;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 5 * 1024 * 1024,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          this.accept(Buffer.concat(chunks)).then(
            () => callback(),
            (e: unknown) => {
              // 451: the provider keeps the receipt and tries again later
              const err = new Error(`4.3.0 not stored: ${(e as Error).message}`) as Error & {
                responseCode: number;
              };
              err.responseCode = 451;
              callback(err);
            },
          );
        });
      },
    });
    server.on('error', (e) => this.logger.warn(`PEC receipts: ${e.message}`));
    await new Promise<void>((resolve) =>
      server.listen(this.config.PEC_RECEIPTS_SMTP_PORT, this.config.PEC_RECEIPTS_HOST, () => resolve()),
    );
    this.server = server;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.server) await new Promise<void>((r) => this.server!.close(() => r()));
  }

  async accept(raw: Buffer): Promise<void> {
    const parsed = await parsePecReceipt(raw);
    if (!parsed) return;
    const ctx = this.kernel.context(NOTIFIER);
    await applyEvent(this.store, parsed.notificationId, `receipt:${parsed.receipt.type}`, (n) =>
      addReceipt(n, parsed.receipt, ctx),
    );
  }
}
