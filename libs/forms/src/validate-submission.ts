import type { FormField } from './form-field';

export interface SubmissionError {
  /** The field name (`name` of the FormField), or the unknown key the submission carried. */
  field: string;
  /** Italian, for the citizen or the operator. */
  message: string;
}

export interface SubmissionResult {
  ok: boolean;
  errors: SubmissionError[];
}

/** A file in a submission: a reference to an upload (string id) or its descriptor. */
export interface SubmittedFile {
  name: string;
  size: number;
  contentType?: string;
}

/**
 * Validates a submission against the fields of the form version it was made with.
 * Pure and synchronous: other services (procedures, contacts) call it on the definitions they received
 * in `FormPublished`, so a submission is always judged by the version it was made with.
 *
 * Values: text → string; number → number or numeric string (decimal comma allowed); date → `YYYY-MM-DD`
 * or an ISO-8601 date-time with offset; single_choice → one of the options; multiple_choice → array of
 * distinct options; file → an upload reference (non-empty string) or `{ name, size, contentType? }`.
 * An empty value (undefined, null, blank string, empty array) counts as missing.
 * Keys not defined by the form are errors: a submission carries nothing the form did not ask for.
 */
export function validateSubmission(
  fields: readonly FormField[],
  data: Record<string, unknown>,
): SubmissionResult {
  const errors: SubmissionError[] = [];
  const sorted = [...fields].sort((a, b) => a.order - b.order);
  const known = new Set(fields.map((f) => f.name));

  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, errors: [{ field: '', message: 'La compilazione deve essere un insieme di campi' }] };
  }

  for (const field of sorted) {
    const value = data[field.name];
    if (isEmpty(value)) {
      if (field.required)
        errors.push({ field: field.name, message: `Il campo «${field.label}» è obbligatorio` });
      continue;
    }
    const message = checkValue(field, value);
    if (message) errors.push({ field: field.name, message: `«${field.label}»: ${message}` });
  }

  for (const key of Object.keys(data).sort()) {
    if (!known.has(key)) errors.push({ field: key, message: `Il campo «${key}» non è previsto dal modulo` });
  }

  return { ok: errors.length === 0, errors };
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

function checkValue(field: FormField, value: unknown): string | undefined {
  switch (field.type) {
    case 'text':
      return checkText(field, value);
    case 'number':
      return checkNumber(field, value);
    case 'date':
      return isValidDate(value) ? undefined : 'inserire una data valida (AAAA-MM-GG)';
    case 'single_choice':
      if (typeof value !== 'string') return 'selezionare una sola opzione';
      return field.options?.includes(value) ? undefined : `valore non ammesso: «${value}»`;
    case 'multiple_choice':
      return checkMultiple(field, value);
    case 'file':
      return checkFile(field, value);
  }
}

function checkText(field: FormField, value: unknown): string | undefined {
  if (typeof value !== 'string') return 'deve essere un testo';
  const length = [...value].length;
  if (field.min !== undefined && length < field.min)
    return `almeno ${field.min} caratteri (inseriti ${length})`;
  if (field.max !== undefined && length > field.max)
    return `al massimo ${field.max} caratteri (inseriti ${length})`;
  if (field.pattern !== undefined && !new RegExp(`^(?:${field.pattern})$`, 'u').test(value))
    return 'formato non valido';
  return undefined;
}

function checkNumber(field: FormField, value: unknown): string | undefined {
  const n = toNumber(value);
  if (n === undefined) return 'deve essere un numero';
  if (field.min !== undefined && n < field.min) return `deve essere almeno ${formatNumber(field.min)}`;
  if (field.max !== undefined && n > field.max) return `deve essere al massimo ${formatNumber(field.max)}`;
  return undefined;
}

function checkMultiple(field: FormField, value: unknown): string | undefined {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    return 'selezionare una o più opzioni';
  const values = value as string[];
  const bad = values.filter((v) => !field.options?.includes(v));
  if (bad.length) return `valori non ammessi: ${bad.map((v) => `«${v}»`).join(', ')}`;
  if (new Set(values).size !== values.length) return 'la stessa opzione è selezionata più volte';
  if (field.min !== undefined && values.length < field.min) return `selezionare almeno ${field.min} opzioni`;
  if (field.max !== undefined && values.length > field.max)
    return `selezionare al massimo ${field.max} opzioni`;
  return undefined;
}

function checkFile(field: FormField, value: unknown): string | undefined {
  if (typeof value === 'string') return undefined; // a reference to an upload already stored
  if (!isSubmittedFile(value)) return 'allegare un file valido';
  if (field.min !== undefined && value.size < field.min)
    return `il file deve pesare almeno ${formatBytes(field.min)}`;
  if (field.max !== undefined && value.size > field.max)
    return `il file supera la dimensione massima di ${formatBytes(field.max)}`;
  return undefined;
}

function isSubmittedFile(value: unknown): value is SubmittedFile {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.name === 'string' &&
    v.name.trim() !== '' &&
    typeof v.size === 'number' &&
    Number.isFinite(v.size) &&
    v.size >= 0 &&
    (v.contentType === undefined || typeof v.contentType === 'string')
  );
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*[-+]?\d+([.,]\d+)?\s*$/.test(value))
    return Number(value.replace(',', '.'));
  return undefined;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A real calendar date (no 31 April, 29 February only in leap years). */
export function isValidDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = DATE_ONLY.exec(value) ?? DATE_TIME.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return false;
  return DATE_ONLY.test(value) || !Number.isNaN(Date.parse(value));
}

function formatNumber(n: number): string {
  return n.toLocaleString('it-IT');
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${formatNumber(Math.round((n / (1024 * 1024)) * 10) / 10)} MB`;
  if (n >= 1024) return `${formatNumber(Math.round((n / 1024) * 10) / 10)} KB`;
  return `${n} byte`;
}
