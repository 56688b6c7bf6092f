import { Inject, Injectable } from '@nestjs/common';
import { IDENTITY_SECRET } from '@urp/auth';
import { CONTACTS_CONFIG, type ContactsConfig } from '../config';
import { derivedReceiptCode, receiptKey } from './receipt-code.rules';

/** Where the status page is, as the citizen reads it (the configured public address, else npm start's). */
export const statusPageUrlOf = (config: Pick<ContactsConfig, 'STATUS_PAGE_URL' | 'PORT'>): string =>
  config.STATUS_PAGE_URL ?? `http://127.0.0.1:${config.PORT}/stato-pratica`;

/**
 * The receipt's derived codes (contacts registered away from the desk) under this service's key, and the status
 * page's address the receipts name.
 */
@Injectable()
export class ReceiptCodes {
  private readonly key: Buffer;
  readonly statusPageUrl: string;

  constructor(
    @Inject(IDENTITY_SECRET) secret: string,
    @Inject(CONTACTS_CONFIG) config: Pick<ContactsConfig, 'STATUS_PAGE_URL' | 'PORT'>,
  ) {
    this.key = receiptKey(secret);
    this.statusPageUrl = statusPageUrlOf(config);
  }

  derive(contactId: string): string {
    return derivedReceiptCode(this.key, contactId);
  }
}
