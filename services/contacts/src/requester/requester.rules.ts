/**
 * The requester (richiedente): the only place where a citizen's personal data live. Everything outside this
 * service knows a pseudonymous `req_…` id. Retention per record type, then anonymisation that keeps the
 * statistics (kind, staff flag, area, dates) and erases the person.
 */
import { randomBytes } from 'node:crypto';
import { NotificationChannel } from '@urp/contracts';
import { DomainError, type Decision, type UseCaseContext } from '@urp/kernel';
import { z } from 'zod';
import {
  COMPANY_FISCAL_CODE,
  personFiscalCodeProblem,
  PLACEHOLDER,
  type FiscalCodeProblem,
} from '@urp/privacy';
import type { KnownPerson } from '../shared/scrub.rules';
import { requesterAnonymised } from './requester.events';
import { addDays, romeCivilDate, romeDayStartMs } from '@urp/legal-clock';

export const REQUESTER_KINDS = ['person', 'association', 'company', 'public_body', 'anonymous'] as const;
export type RequesterKind = (typeof REQUESTER_KINDS)[number];

export interface Consent {
  purpose: string;
  channel: NotificationChannel;
  given: boolean;
  at: Date;
}

export interface Requester {
  readonly id: string;
  /** Bumped by every committed write (the kernel's optimistic concurrency guard). */
  readonly revision: number;
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
  if (days === null) return undefined;
  // on civil dates (Europe/Rome): the record is kept through the day `days` after the last contact
  return new Date(romeDayStartMs(addDays(romeCivilDate(lastActivityAt), days)));
}

export const newRequesterId = (): string => `req_${randomBytes(12).toString('base64url')}`;

const FISCAL_CODE_ERRORS: Record<FiscalCodeProblem, string> = {
  shape: 'non è un codice fiscale o una partita IVA',
  day: 'non è un codice fiscale valido: il giorno di nascita (posizioni 10-11) non esiste',
  check: 'non è un codice fiscale valido: l’ultimo carattere (di controllo) non corrisponde agli altri',
};

/** A person's 16 characters, check character included, or a body's 11 digits: the Italian message of what is wrong. */
export function fiscalCodeError(code: string): string | undefined {
  if (COMPANY_FISCAL_CODE.test(code)) return undefined;
  const problem = personFiscalCodeProblem(code);
  return problem && FISCAL_CODE_ERRORS[problem];
}

export const RequesterInput = z
  .object({
    kind: z.enum(REQUESTER_KINDS),
    name: z.string().trim().min(2, 'almeno 2 caratteri').max(200).optional(),
    fiscalCode: z
      .string()
      .trim()
      .toUpperCase()
      .superRefine((code, ctx) => {
        const message = fiscalCodeError(code);
        if (message) ctx.addIssue({ code: 'custom', message });
      })
      .optional(),
    pec: z.email('non è un indirizzo e-mail').optional(),
    email: z.email('non è un indirizzo e-mail').optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ./-]{6,20}$/, 'non è un numero di telefono')
      .optional(),
    postalAddress: z.string().trim().max(300).optional(),
    preferredChannel: NotificationChannel.optional(),
    isStaff: z.boolean().default(false),
    area: z
      .string()
      .regex(/^[a-z0-9_]{1,40}$/, 'un codice di zona (minuscole, cifre, _)')
      .optional(),
  })
  .superRefine((r, ctx) => {
    if (r.kind !== 'anonymous' && !r.name)
      ctx.addIssue({
        code: 'custom',
        path: ['name'],
        message: 'obbligatorio, salvo per un richiedente anonimo',
      });
    if (r.kind === 'anonymous' && (r.name || r.fiscalCode || r.email || r.pec || r.phone))
      ctx.addIssue({
        code: 'custom',
        path: ['kind'],
        message: 'un richiedente anonimo non ha dati personali',
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
        message: `manca il recapito ${r.preferredChannel} per il canale preferito`,
      });
  });
export type RequesterInput = z.input<typeof RequesterInput>;

export const RequesterPatch = z.object({
  name: z.string().trim().min(2).max(200).optional(),
  pec: z.email('non è un indirizzo e-mail').nullable().optional(),
  email: z.email('non è un indirizzo e-mail').nullable().optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ./-]{6,20}$/, 'non è un numero di telefono')
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
export const Purpose = z.string().trim().min(3, 'indicare il motivo (almeno 3 caratteri)').max(200);

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

/** The channels a message can be delivered on, in the order tried when the preferred one has no address. */
export const DELIVERY_ORDER = ['pec', 'email', 'io', 'sms'] as const;
export type DeliveryChannel = (typeof DELIVERY_ORDER)[number];

/**
 * The address on the requester's preferred channel (WAVE4 agreement 2): the preferred channel when it is a
 * delivery channel and the requester has that address, else the first channel with an address in the order
 * PEC, e-mail, IO, SMS; undefined when there is none (a letter or a phone call is not a delivery channel).
 */
export function preferredAddress(r: Requester): { channel: DeliveryChannel; address: string } | undefined {
  const preferred = DELIVERY_ORDER.find((c) => c === r.preferredChannel);
  for (const channel of preferred ? [preferred, ...DELIVERY_ORDER] : DELIVERY_ORDER) {
    const address = addressFor(r, channel);
    if (address) return { channel, address };
  }
  return undefined;
}

/**
 * Who a case's notifications go to: the requester's preferred channel, else the first channel with an address
 * (`preferredAddress`: PEC, e-mail, IO, SMS); nobody when there is none or the requester was anonymised.
 */
export function recipientOf(r: Requester): { requesterId: string; channel: NotificationChannel } | undefined {
  if (r.anonymisedAt) return undefined;
  const channel = r.preferredChannel ?? preferredAddress(r)?.channel;
  return channel ? { requesterId: r.id, channel } : undefined;
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

export type RequesterData = z.output<typeof RequesterInput>;
export type RequesterChanges = z.output<typeof RequesterPatch>;

/** A new requester record: the personal data given, the retention date of its kind. */
export function newRequester(id: string, data: RequesterData, now: Date): Requester {
  const { isStaff, ...rest } = data;
  const until = retainUntil(data.kind, now);
  return {
    id,
    revision: 0,
    ...rest,
    isStaff,
    consents: [],
    createdAt: now,
    updatedAt: now,
    lastActivityAt: now,
    ...(until ? { retainUntil: until } : {}),
  };
}

/** The fields a change touches (for the audit trail): set ones and cleared ones (null). */
export const changedFields = (patch: RequesterChanges): string[] =>
  Object.entries(patch)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);

/** A change of personal data: absent fields stay, null clears; the preferred channel needs its address. */
export function updateRequester(
  state: Requester | null,
  patch: RequesterChanges,
  ctx: UseCaseContext,
): Decision<Requester> {
  if (!state) throw DomainError.notFound('il richiedente');
  if (state.anonymisedAt) throw DomainError.conflict(`Il richiedente ${state.id} è stato anonimizzato`);
  // absent: unchanged; null: cleared
  const keep = <T>(v: T | null | undefined, current: T | undefined): T | undefined =>
    v === undefined ? current : (v ?? undefined);
  const r: Requester = {
    ...state,
    name: patch.name ?? state.name,
    pec: keep(patch.pec, state.pec),
    email: keep(patch.email, state.email),
    phone: keep(patch.phone, state.phone),
    postalAddress: keep(patch.postalAddress, state.postalAddress),
    preferredChannel: keep(patch.preferredChannel, state.preferredChannel),
    area: keep(patch.area, state.area),
    updatedAt: ctx.now,
  };
  if (r.preferredChannel && !addressFor(r, r.preferredChannel))
    throw DomainError.invalid('input.preferredChannel', `manca il recapito ${r.preferredChannel}`);
  return { state: r, events: [] };
}

/** Anonymisation (once: an anonymised record stays as it is, with no second event). */
export function anonymiseRequester(
  state: Requester | null,
  cmd: { reason: 'retention' | 'request' },
  ctx: UseCaseContext,
): Decision<Requester> {
  if (!state) throw DomainError.notFound('il richiedente');
  if (state.anonymisedAt) return { state, events: [] };
  const next = anonymise(state, ctx.now, cmd.reason);
  return { state: next, events: [requesterAnonymised(ctx, next, cmd.reason)] };
}

/** What anonymisation must find in free text before the record is erased: the person's names and values. */
export function knownPerson(r: Requester): KnownPerson {
  const names = r.name ? [r.name, ...r.name.split(/\s+/).filter((w) => w.length >= 3)] : [];
  const literals = [
    ...(r.fiscalCode ? [{ value: r.fiscalCode, placeholder: PLACEHOLDER.fiscalCode }] : []),
    ...(r.email ? [{ value: r.email, placeholder: PLACEHOLDER.email }] : []),
    ...(r.pec ? [{ value: r.pec, placeholder: PLACEHOLDER.email }] : []),
    ...(r.postalAddress ? [{ value: r.postalAddress, placeholder: PLACEHOLDER.address }] : []),
  ];
  return { names, literals, phones: r.phone ? [r.phone] : [] };
}
