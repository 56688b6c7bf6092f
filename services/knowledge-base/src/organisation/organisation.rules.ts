import type { Aggregate, Decide } from '@urp/kernel';
import { z } from 'zod';
import { officeChanged, referentChanged } from './organisation.events';

/** Offices (unità organizzative) and internal referents: validated input (pure). */

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((s) => (s ? s : undefined));

export const OfficeInput = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'codice: lettere minuscole, cifre e trattino basso'),
  name: z.string().trim().min(2, 'nome troppo corto').max(200),
  email: z.email('email non valida').optional(),
  pec: z.email('indirizzo PEC non valido').optional(),
  phone: optionalText(40).refine(
    (p) => !p || /^[+0-9 ()./-]{5,40}$/.test(p),
    'numero di telefono non valido',
  ),
  address: optionalText(300),
  openingHours: optionalText(1000),
  headReferentId: optionalText(100),
  active: z.boolean().default(true),
});
export type OfficeInput = z.infer<typeof OfficeInput>;

export const ReferentInput = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{2,63}$/, 'id: lettere minuscole, cifre, - e _')
    .optional(),
  name: z.string().trim().min(2, 'nome troppo corto').max(200),
  officeId: z.string().min(1),
  email: z.email('email non valida').optional(),
  role: optionalText(200),
  staffId: optionalText(128),
  active: z.boolean().default(true),
});
export type ReferentInput = z.infer<typeof ReferentInput>;

export interface Office extends Aggregate, OfficeInput {
  createdAt: Date;
  updatedAt: Date;
}

export interface Referent extends Aggregate, Omit<ReferentInput, 'id'> {
  createdAt: Date;
  updatedAt: Date;
}

/** The office's id is its code: codes are stable and shared across services (seeds, routing rules). */
export const officeIdOf = (code: string): string => code;

/** True when saving `input` would change nothing (no event for a no-op save). */
export function sameFields<T extends object>(current: T, next: Partial<T>): boolean {
  return Object.entries(next).every(([k, v]) => JSON.stringify(current[k as keyof T]) === JSON.stringify(v));
}

/** Optional fields a save leaves out are cleared: a save states the whole office (or referent). */
const OFFICE_OPTIONAL = ['email', 'pec', 'phone', 'address', 'openingHours', 'headReferentId'] as const;
const REFERENT_OPTIONAL = ['email', 'role', 'staffId'] as const;
const cleared = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, undefined]));

/** Creates the office with this code, or updates it; a save that changes nothing emits nothing. */
export const saveOffice: Decide<Office, OfficeInput> = (current, input, ctx) => {
  if (!current) {
    const office: Office = {
      id: officeIdOf(input.code),
      revision: 0,
      ...input,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    return { state: office, events: [officeChanged(ctx, office)] };
  }
  const full: OfficeInput = { ...cleared(OFFICE_OPTIONAL), ...input };
  if (sameFields(current, full)) return { state: current, events: [] };
  const office: Office = { ...current, ...full, updatedAt: ctx.now };
  return { state: office, events: [officeChanged(ctx, office)] };
};

export interface SaveReferent {
  id: string;
  fields: Omit<ReferentInput, 'id'>;
}

export const saveReferent: Decide<Referent, SaveReferent> = (current, { id, fields }, ctx) => {
  if (!current) {
    const referent: Referent = { id, revision: 0, ...fields, createdAt: ctx.now, updatedAt: ctx.now };
    return { state: referent, events: [referentChanged(ctx, referent)] };
  }
  const full = { ...cleared(REFERENT_OPTIONAL), ...fields };
  if (sameFields(current, full)) return { state: current, events: [] };
  const referent: Referent = { ...current, ...full, updatedAt: ctx.now };
  return { state: referent, events: [referentChanged(ctx, referent)] };
};
