import { ProcedureKind, SilenceRule } from '@urp/contracts';
import type { Aggregate, Decide } from '@urp/kernel';
import { FIXED_TERMS, termProblems } from '@urp/legal-clock';
import { z } from 'zod';
import { procedureTypeChanged } from './procedure-type.events';

/**
 * The administration's catalogue of procedure types (tipi di procedimento), pure rules.
 *
 * Terms (L. 241/1990 art. 2): 30 days by default (c.2); up to 90 days by regulation (c.3); up to 180 days
 * only for particularly complex cases, with the reasons recorded (c.4). Silent assent (art. 20) is the
 * general rule for procedures on request, unless the type is excluded (art. 20 c.4); access requests are
 * never approved by silence (document access: silent refusal, art. 25 c.4; civic access: none).
 */
export const DEFAULT_TERM_DAYS = 30;
export const MAX_TERM_DAYS = 90;
export const MAX_COMPLEX_TERM_DAYS = 180;

export const Initiative = z.enum(['party', 'office']);

/** The term when the manager gives none: the law's for access and riesame, 30 days otherwise (art. 2 c.2). */
export const defaultTermDays = (t: { kind: string; legalTermDays?: number }): number =>
  t.legalTermDays ?? FIXED_TERMS[t.kind]?.days ?? DEFAULT_TERM_DAYS;
const ACCESS_KINDS = ['document_access', 'simple_civic_access', 'generalised_civic_access', 'review_request'];

export const ProcedureTypeInput = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9_]{2,63}$/, 'codice in minuscolo snake_case, da 3 a 64 caratteri'),
    name: z.string().trim().min(3, 'almeno 3 caratteri').max(200),
    kind: ProcedureKind.default('generic'),
    initiative: Initiative.default('party'),
    // its bounds are the legal clock's `termProblems` (below): fixed terms, 30/90/180
    legalTermDays: z.number().optional(),
    termJustification: z.string().trim().max(2000).optional(),
    legalBasis: z.string().trim().min(3, 'la base giuridica è obbligatoria').max(500),
    silenceRule: SilenceRule.default('none'),
    silentAssentExcluded: z.boolean().default(false),
    rejectionNoticeRequired: z.boolean().optional(),
    officeId: z.string().trim().min(1).max(64).optional(),
    officeName: z.string().trim().min(1).max(200).optional(),
    responsibleId: z.string().trim().min(1).max(128).optional(),
    responsibleName: z.string().trim().min(1).max(200).optional(),
    substituteId: z.string().trim().min(1).max(128).optional(),
    substituteName: z.string().trim().min(1).max(200).optional(),
    formId: z.string().trim().min(1).max(128).optional(),
    formVersion: z.number().int().min(1).optional(),
    active: z.boolean().default(true),
  })
  .superRefine((t, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    // terms fixed by law (access 30, riesame 20) and the 30/90/180 bounds, from the legal clock
    for (const x of termProblems({ ...t, legalTermDays: defaultTermDays(t) })) issue(x.field, x.message);
    if (t.silenceRule === 'silent_assent' && t.silentAssentExcluded) {
      issue(
        'silentAssentExcluded',
        'un tipo escluso dal silenzio-assenso non può avere la regola del silenzio-assenso',
      );
    }
    if (t.silenceRule === 'silent_assent' && ACCESS_KINDS.includes(t.kind)) {
      issue(
        'silenceRule',
        'una richiesta di accesso non si accoglie mai per silenzio (L. 241/1990 art. 25 c.4; D.Lgs 33/2013 art. 5)',
      );
    }
    if (t.silenceRule === 'silent_assent' && t.initiative === 'office') {
      issue(
        'silenceRule',
        'il silenzio-assenso vale per i procedimenti a istanza di parte (L. 241/1990 art. 20 c.1)',
      );
    }
    if ((t.formId === undefined) !== (t.formVersion === undefined)) {
      issue(
        t.formId === undefined ? 'formId' : 'formVersion',
        'un modulo è un identificativo e una versione, entrambi',
      );
    }
    if (t.substituteName && !t.substituteId)
      issue('substituteId', 'il titolare del potere sostitutivo richiede un identificativo');
    if (t.responsibleName && !t.responsibleId)
      issue('responsibleId', 'il responsabile richiede un identificativo');
  });
export type ProcedureTypeInput = z.input<typeof ProcedureTypeInput>;

export interface ProcedureType extends Omit<z.infer<typeof ProcedureTypeInput>, 'legalTermDays'>, Aggregate {
  legalTermDays: number;
  rejectionNoticeRequired: boolean;
  updatedAt: string;
}
export type ProcedureTypeCommand = z.infer<typeof ProcedureTypeInput>;

export const procedureTypeId = (code: string) => `pt_${code}`;

/** A valid input as the stored type; `previous` is the current version if the type exists. */
export function applyProcedureType(
  input: z.infer<typeof ProcedureTypeInput>,
  previous: ProcedureType | null,
  now: Date,
): { type: ProcedureType; changed: boolean; termChanged: boolean } {
  const type: ProcedureType = {
    ...input,
    legalTermDays: defaultTermDays(input),
    id: procedureTypeId(input.code),
    // art. 10-bis applies to procedures on request; access requests are answered by their own rules
    rejectionNoticeRequired:
      input.rejectionNoticeRequired ?? (input.kind === 'generic' && input.initiative === 'party'),
    revision: (previous?.revision ?? 0) + 1,
    updatedAt: now.toISOString(),
  };
  if (!previous) return { type, changed: true, termChanged: false };
  const strip = (t: ProcedureType) => {
    const { revision: _r, updatedAt: _u, ...rest } = t;
    return JSON.stringify(
      Object.entries(rest)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  };
  const changed = strip(type) !== strip(previous);
  return {
    type: changed ? type : previous,
    changed,
    termChanged: changed && type.legalTermDays !== previous.legalTermDays,
  };
}

/**
 * Creates or changes a type: `ProcedureTypeChanged` on any change (with the previous term when the term
 * changed); an unchanged save changes nothing and emits nothing.
 */
export const saveProcedureType: Decide<ProcedureType, ProcedureTypeCommand> = (previous, input, ctx) => {
  const { type, changed, termChanged } = applyProcedureType(input, previous, ctx.now);
  if (!changed && previous) return { state: previous, events: [] };
  const previousTerm = termChanged && previous ? previous.legalTermDays : undefined;
  return { state: type, events: [procedureTypeChanged(ctx, type, previousTerm)] };
};
