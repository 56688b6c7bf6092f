import { SUSPENSION_RULES, type SuspensionRule } from './clock';
import type { Parsed } from './input';

/**
 * Terms and suspension kinds fixed by law (pure). Messages are Italian: an operator or a manager reads them.
 */

/** L. 241/1990 art. 2: default term (c.2), by regulation (c.3), for particularly complex procedures (c.4). */
export const ORDINARY_TERM_DAYS = 30;
export const REGULATION_MAX_TERM_DAYS = 90;
export const COMPLEX_MAX_TERM_DAYS = 180;

/** Terms the law fixes for a kind of procedure: an administration cannot change them. */
export const FIXED_TERMS: Record<string, { days: number; legalBasis: string }> = {
  document_access: { days: 30, legalBasis: 'L. 241/1990 art. 25 c.4; DPR 184/2006 art. 6 c.4' },
  simple_civic_access: { days: 30, legalBasis: 'D.Lgs 33/2013 art. 5 c.6' },
  generalised_civic_access: { days: 30, legalBasis: 'D.Lgs 33/2013 art. 5 c.6' },
  review_request: { days: 20, legalBasis: 'D.Lgs 33/2013 art. 5 c.7 (riesame)' },
};

/**
 * Problems with a procedure type's term (empty when lawful): the fixed terms of access and riesame; otherwise
 * 1..180 days, above 30 only with its legal basis (the regulation, c.3), above 90 also with the reasons (c.4).
 * Field names are the input's: `legalTermDays`, `legalBasis`, `termJustification`.
 */
export function termProblems(t: {
  kind: string;
  legalTermDays: number;
  legalBasis?: string;
  termJustification?: string;
}): { field: string; message: string }[] {
  const fixed = FIXED_TERMS[t.kind];
  if (fixed) {
    return t.legalTermDays === fixed.days
      ? []
      : [
          {
            field: 'legalTermDays',
            message: `il termine è fissato dalla legge in ${fixed.days} giorni (${fixed.legalBasis}) e non è modificabile`,
          },
        ];
  }
  const out: { field: string; message: string }[] = [];
  if (!Number.isInteger(t.legalTermDays) || t.legalTermDays < 1 || t.legalTermDays > COMPLEX_MAX_TERM_DAYS) {
    out.push({
      field: 'legalTermDays',
      message: `da 1 a ${COMPLEX_MAX_TERM_DAYS} giorni (L. 241/1990 art. 2 c.2-4)`,
    });
    return out;
  }
  if (t.legalTermDays > ORDINARY_TERM_DAYS && (t.legalBasis ?? '').trim().length < 3)
    out.push({
      field: 'legalBasis',
      message: `un termine oltre ${ORDINARY_TERM_DAYS} giorni richiede la fonte che lo stabilisce (L. 241/1990 art. 2 c.3)`,
    });
  if (t.legalTermDays > REGULATION_MAX_TERM_DAYS && (t.termJustification ?? '').trim().length < 20)
    out.push({
      field: 'termJustification',
      message: `un termine oltre ${REGULATION_MAX_TERM_DAYS} giorni richiede la motivazione (L. 241/1990 art. 2 c.4), almeno 20 caratteri`,
    });
  return out;
}

/** A suspension kind's code: lowercase snake_case, 3-40 characters. */
const KIND_CODE = /^[a-z][a-z0-9_]{2,39}$/;

export function parseSuspensionKindCode(input: unknown): Parsed<string> {
  if (typeof input !== 'string' || !KIND_CODE.test(input))
    return {
      ok: false,
      message: `un tipo di sospensione è un codice in minuscolo snake_case, da 3 a 40 caratteri: «${String(input)}»`,
    };
  return { ok: true, value: input };
}

/** The kinds the law names (their limits are the law's). */
export const isLegalSuspensionKind = (code: string): boolean => code in SUSPENSION_RULES;

/** The longest an administration-defined suspension may last (art. 2 c.7: at most 30 days). */
export const LOCAL_SUSPENSION_MAX_DAYS = 30;

/**
 * Problems with an administration-defined suspension kind (empty when it may be added): a lawful code that is
 * not a kind the law names, a label and its source, a declared maximum of 1..30 days.
 */
export function localSuspensionKindProblems(k: {
  code: string;
  label: string;
  legalBasis: string;
  maxDays: number;
}): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const code = parseSuspensionKindCode(k.code);
  if (!code.ok) out.push({ field: 'code', message: code.message });
  else if (isLegalSuspensionKind(k.code))
    out.push({ field: 'code', message: `${k.code} è un tipo previsto dalla legge, con i suoi limiti` });
  if (k.label.trim().length < 3) out.push({ field: 'label', message: 'almeno 3 caratteri' });
  if (k.legalBasis.trim().length < 3)
    out.push({ field: 'legalBasis', message: 'indicare la fonte (regolamento, delibera) che la prevede' });
  if (!Number.isInteger(k.maxDays) || k.maxDays < 1 || k.maxDays > LOCAL_SUSPENSION_MAX_DAYS)
    out.push({
      field: 'maxDays',
      message: `una durata massima da 1 a ${LOCAL_SUSPENSION_MAX_DAYS} giorni (L. 241/1990 art. 2 c.7)`,
    });
  return out;
}

/** The rule of an administration-defined kind, as the clock reads it. */
export const localSuspensionRule = (k: {
  label: string;
  legalBasis: string;
  maxDays: number;
  onceOnly?: boolean;
}): SuspensionRule => ({
  label: k.label,
  legalBasis: k.legalBasis,
  maxDays: k.maxDays,
  ...(k.onceOnly ? { onceOnly: true } : {}),
});
