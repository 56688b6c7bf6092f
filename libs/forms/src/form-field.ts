import { z } from 'zod';

/** The kinds of input a form (modulo) can ask for. */
export const FormFieldType = z.enum(['text', 'number', 'date', 'single_choice', 'multiple_choice', 'file']);
export type FormFieldType = z.infer<typeof FormFieldType>;

const CHOICE_TYPES: readonly FormFieldType[] = ['single_choice', 'multiple_choice'];

/** A regular expression given as source text; it must compile (checked when the form is defined, not per submission). */
const PatternSource = z
  .string()
  .min(1)
  .max(500)
  .refine((p) => compiles(p), { message: 'espressione regolare non valida' });

/**
 * One field of a form version. Meaning of `min`/`max` by type:
 * - `text`: length in characters;
 * - `number`: the value;
 * - `date`: not used (dates are checked for validity only);
 * - `multiple_choice`: how many options may be selected;
 * - `single_choice`: not used;
 * - `file`: size in bytes.
 * `pattern` applies to `text` and must match the whole value (the HTML `pattern` attribute's semantics).
 */
export const FormField = z
  .object({
    name: z
      .string()
      .regex(
        /^[a-z][a-z0-9_]{0,63}$/,
        'nome del campo: lettere minuscole, cifre e trattino basso (es. data_nascita)',
      ),
    label: z.string().min(1).max(300),
    type: FormFieldType,
    required: z.boolean(),
    order: z.number().int().min(0),
    help: z.string().max(1000).optional(),
    options: z.array(z.string().min(1).max(300)).min(1).max(200).optional(),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    pattern: PatternSource.optional(),
  })
  .superRefine((f, ctx) => {
    const isChoice = CHOICE_TYPES.includes(f.type);
    if (isChoice && !f.options?.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'un campo a scelta richiede le opzioni' });
    if (!isChoice && f.options !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'le opzioni valgono solo per i campi a scelta',
      });
    if (f.options && new Set(f.options).size !== f.options.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'opzioni ripetute' });
    if (f.pattern !== undefined && f.type !== 'text')
      ctx.addIssue({
        code: 'custom',
        path: ['pattern'],
        message: 'il formato vale solo per i campi di testo',
      });
    if ((f.min !== undefined || f.max !== undefined) && (f.type === 'date' || f.type === 'single_choice'))
      ctx.addIssue({ code: 'custom', path: ['min'], message: `min/max non si applicano al tipo ${f.type}` });
    if (f.min !== undefined && f.max !== undefined && f.min > f.max)
      ctx.addIssue({ code: 'custom', path: ['max'], message: 'max deve essere maggiore o uguale a min' });
    if (f.type !== 'number' && ((f.min ?? 0) < 0 || (f.max ?? 0) < 0))
      ctx.addIssue({
        code: 'custom',
        path: ['min'],
        message: 'min/max non possono essere negativi per questo tipo',
      });
  });
export type FormField = z.infer<typeof FormField>;

/** The fields of one form version: names unique. */
export const FormFields = z
  .array(FormField)
  .max(200)
  .superRefine((fields, ctx) => {
    const seen = new Set<string>();
    fields.forEach((f, i) => {
      if (seen.has(f.name))
        ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `campo ripetuto: ${f.name}` });
      seen.add(f.name);
    });
  });

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
