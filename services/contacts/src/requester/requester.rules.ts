/**
 * The requester (richiedente): the only place where a citizen's personal data live. Everything outside this
 * service knows a pseudonymous `req_…` id. Retention per record type, then anonymisation that keeps the
 * statistics (kind, staff flag, area, dates) and erases the person.
 */
import { randomBytes } from 'node:crypto';
import { NotificationChannel } from '@urp/contracts';
import { z } from 'zod';
import { addDays } from '../shared/rome-time';

export const REQUESTER_KINDS = ['person', 'association', 'company', 'public_body', 'anonymous'] as const;
export type RequesterKind = (typeof REQUESTER_KINDS)[number];

export interface Consent {
  purpose: string;
  channel: NotificationChannel;
  given: boolean;
  at: Date;
}

export interface Requester {
  id: string;
  kind: RequesterKind;
  name?: string;
  fiscalCode?: string;
  pec?: string;
  email?: string;
  phone?: string;
  postalAddress?: string;
  /** IO app: the fiscal code is the address. */
  preferredChannel?: NotificationChannel;
  consents: Consent[];
  isStaff: boolean;
  /** District / zone code (statistics, never an address). */
  area?: string;
  createdAt: Date;
  updatedAt: Date;
  lastActivityAt: Date;
  retainUntil?: Date;
  anonymisedAt?: Date;
  anonymisedReason?: 'retention' | 'request';
}

export const PERSONAL_FIELDS = ['name', 'fiscalCode', 'pec', 'email', 'phone', 'postalAddress'] as const;

/**
 * Retention of personal data after the last contact, per record type (days). Persons: 5 years (the
 * prescription of most administrative claims, and the horizon of the Carta dei servizi reports); bodies and
 * companies: 10 years (records of the relationship, not of a person); anonymous: nothing to keep.
 */
export const RETENTION_DAYS: Record<RequesterKind, number | null> = {
  person: 5 * 365,
  association: 10 * 365,
  company: 10 * 365,
  public_body: null,
  anonymous: 0,
};

export function retainUntil(kind: RequesterKind, lastActivityAt: Date): Date | undefined {
  const days = RETENTION_DAYS[kind];
  return days === null ? undefined : addDays(lastActivityAt, days);
}

export const newRequesterId = (): string => `req_${randomBytes(12).toString('base64url')}`;

const FISCAL_CODE = /^(?:[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]|\d{11})$/;

export const RequesterInput = z
  .object({
    kind: z.enum(REQUESTER_KINDS),
    name: z.string().trim().min(2, 'at least 2 characters').max(200).optional(),
    fiscalCode: z
      .string()
      .trim()
      .toUpperCase()
      .regex(FISCAL_CODE, 'not an Italian fiscal code or VAT number')
      .optional(),
    pec: z.email('not an e-mail address').optional(),
    email: z.email('not an e-mail address').optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ./-]{6,20}$/, 'not a phone number')
      .optional(),
    postalAddress: z.string().trim().max(300).optional(),
    preferredChannel: NotificationChannel.optional(),
    isStaff: z.boolean().default(false),
    area: z
      .string()
      .regex(/^[a-z0-9_]{1,40}$/, 'a zone code (lowercase, digits, _)')
      .optional(),
  })
  .superRefine((r, ctx) => {
    if (r.kind !== 'anonymous' && !r.name)
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'required unless the requester is anonymous' });
    if (r.kind === 'anonymous' && (r.name || r.fiscalCode || r.email || r.pec || r.phone))
      ctx.addIssue({
        code: 'custom',
        path: ['kind'],
        message: 'an anonymous requester has no personal data',
      });
    const address: Record<string, unknown> = {
      email: r.email,
      pec: r.pec,
      sms: r.phone,
      phone: r.phone,
      io: r.fiscalCode,
      letter: r.postalAddress,
    };
    if (r.preferredChannel && !address[r.preferredChannel])
      ctx.addIssue({
        code: 'custom',
        path: ['preferredChannel'],
        message: `no ${r.preferredChannel} address given for the preferred channel`,
      });
  });
export type RequesterInput = z.input<typeof RequesterInput>;

export const RequesterPatch = z.object({
  name: z.string().trim().min(2).max(200).optional(),
  pec: z.email('not an e-mail address').nullable().optional(),
  email: z.email('not an e-mail address').nullable().optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ./-]{6,20}$/, 'not a phone number')
    .nullable()
    .optional(),
  postalAddress: z.string().trim().max(300).nullable().optional(),
  preferredChannel: NotificationChannel.nullable().optional(),
  area: z
    .string()
    .regex(/^[a-z0-9_]{1,40}$/)
    .nullable()
    .optional(),
});

/** Why must be said: the audit trail records who, when and why for every read or change of personal data. */
export const Purpose = z.string().trim().min(3, 'say why (at least 3 characters)').max(200);

/** The address of a requester on a channel, for delivery; undefined when there is none. */
export function addressFor(r: Requester, channel: NotificationChannel): string | undefined {
  switch (channel) {
    case 'email':
      return r.email;
    case 'pec':
      return r.pec;
    case 'sms':
    case 'phone':
      return r.phone;
    case 'io':
      return r.kind === 'person' ? r.fiscalCode : undefined;
    case 'letter':
      return r.postalAddress;
  }
}

/** What anonymisation keeps: the statistics (kind, staff flag, area, dates); the person is erased. */
export function anonymise(r: Requester, at: Date, reason: 'retention' | 'request'): Requester {
  const { name: _n, fiscalCode: _f, pec: _p, email: _e, phone: _ph, postalAddress: _a, ...kept } = r;
  return { ...kept, consents: [], anonymisedAt: at, anonymisedReason: reason, updatedAt: at };
}

export function isDueForAnonymisation(
  r: Pick<Requester, 'anonymisedAt' | 'retainUntil'>,
  now: Date,
): boolean {
  return !r.anonymisedAt && !!r.retainUntil && r.retainUntil.getTime() <= now.getTime();
}
