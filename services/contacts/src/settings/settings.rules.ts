/** The administration's settings of cases: the due-date policy and the phase labels. Pure validation. */
import { ContactType } from '@urp/contracts';
import { z } from 'zod';
import { CASE_STATUSES, DEFAULT_PHASE_LABELS, type CaseStatus } from '../case/case-phases.rules';

const Rule = z
  .object({
    contactType: ContactType.optional(),
    categoryLevel1: z
      .string()
      .regex(/^[a-z0-9_]{1,60}$/, 'un codice in minuscolo (lettere, cifre, _)')
      .optional(),
    days: z.number().int().min(1).max(365),
    workingDays: z.boolean().optional(),
    reminderAfterDays: z.number().int().min(1).max(365).optional(),
    maxSuspensions: z.number().int().min(0).max(10).optional(),
    maxSuspensionDays: z.number().int().min(1).max(365).optional(),
  })
  .refine((r) => r.reminderAfterDays === undefined || r.reminderAfterDays < r.days, {
    path: ['reminderAfterDays'],
    message: 'il promemoria deve precedere la scadenza',
  });

/** A policy: at least one rule, and a default rule (no type, no category) that catches everything else. */
export const DuePolicy = z
  .array(Rule)
  .min(1)
  .max(200)
  .refine(
    (rs) => rs.some((r) => !r.contactType && !r.categoryLevel1),
    'serve una regola predefinita (senza tipo né categoria)',
  );

export const PhaseLabel = z.object({
  status: z.enum(CASE_STATUSES),
  label: z.string().trim().min(1, 'obbligatorio').max(60, 'al massimo 60 caratteri'),
});

export type PhaseLabels = Record<CaseStatus, string>;

/** The labels shown: the defaults, overridden by the administration's. */
export const phaseLabels = (overrides: Partial<Record<CaseStatus, string>> | undefined): PhaseLabels => ({
  ...DEFAULT_PHASE_LABELS,
  ...overrides,
});
