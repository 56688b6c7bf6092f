import type { Aggregate, Decide } from '@urp/kernel';
import { DomainError } from '@urp/kernel';
import {
  localSuspensionKindProblems,
  localSuspensionRule,
  SUSPENSION_RULES,
  type SuspensionRule,
} from '@urp/legal-clock';
import { z } from 'zod';
import { suspensionKindDefined } from './suspension-kind.events';

/**
 * The catalogue of suspension kinds, pure. The kinds the law names are the legal clock's (document request:
 * art. 2 c.7 L. 241/1990, once, ≤ 30 days; rejection notice: art. 10-bis; third parties: D.Lgs 33/2013 art. 5
 * c.5, ≤ 10 days). An administration adds its own only through an administrator, each with its source and a
 * declared maximum (≤ 30 days); a suspension naming a kind that is neither is refused, never created.
 */
export const SuspensionKindInput = z
  .object({
    code: z.string(),
    label: z.string().trim().max(200),
    legalBasis: z.string().trim().max(500),
    maxDays: z.number(),
    onceOnly: z.boolean().default(false),
  })
  .superRefine((k, ctx) => {
    for (const p of localSuspensionKindProblems(k))
      ctx.addIssue({ code: 'custom', path: [p.field], message: p.message });
  });
export type SuspensionKindCommand = z.infer<typeof SuspensionKindInput>;

export interface SuspensionKind extends SuspensionKindCommand, Aggregate {
  definedBy: string;
  definedAt: string;
}

export const suspensionKindId = (code: string) => `sk_${code}`;

/** Adds a kind; a kind once defined is not redefined (running procedures keep the limits they were given). */
export const defineSuspensionKind: Decide<SuspensionKind, SuspensionKindCommand> = (previous, input, ctx) => {
  if (previous)
    throw DomainError.invalid('input.code', `il tipo di sospensione ${input.code} è già definito`);
  const kind: SuspensionKind = {
    ...input,
    id: suspensionKindId(input.code),
    revision: 1,
    definedBy: ctx.actor.sub,
    definedAt: ctx.now.toISOString(),
  };
  return { state: kind, events: [suspensionKindDefined(ctx, kind)] };
};

/** What the GraphQL catalogue shows: the law's kinds and the administration's. */
export interface SuspensionKindView {
  code: string;
  label: string;
  legalBasis: string;
  maxDays: number | null;
  onceOnly: boolean;
  resumesAfterDays: number | null;
  definedByLaw: boolean;
}

export function legalSuspensionKinds(): SuspensionKindView[] {
  return Object.entries(SUSPENSION_RULES).map(([code, r]) => ({
    code,
    label: r.label,
    legalBasis: r.legalBasis,
    maxDays: r.maxDays ?? null,
    onceOnly: r.onceOnly === true,
    resumesAfterDays: r.resumesAfterDays ?? null,
    definedByLaw: true,
  }));
}

export const viewOf = (k: SuspensionKind): SuspensionKindView => ({
  code: k.code,
  label: k.label,
  legalBasis: k.legalBasis,
  maxDays: k.maxDays,
  onceOnly: k.onceOnly,
  resumesAfterDays: null,
  definedByLaw: false,
});

/** The clock's rule of an administration-defined kind. */
export const ruleOfKind = (k: SuspensionKind): SuspensionRule => localSuspensionRule(k);
