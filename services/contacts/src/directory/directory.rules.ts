import { DomainError } from '@urp/kernel';
import type { ProcedureType, Sheet } from './directory.store';

// offices and referents: the one directory projection's rules (libs/directory)
export { checkReferent, resolveOffice } from '@urp/directory';

/**
 * A procedure start names a known, active type of procedures' catalogue (by code), when the local projection
 * knows the catalogue at all (while it is empty the start goes on, and a failure comes back to the contact).
 */
export function checkProcedureType(types: readonly ProcedureType[], code: string, field: string): void {
  if (!types.length) return;
  const t = types.find((x) => x.code === code);
  if (!t) throw DomainError.invalid(field, `tipo di procedimento sconosciuto: ${code}`);
  if (!t.active) throw DomainError.invalid(field, `tipo di procedimento non più attivo: ${code}`);
}

/**
 * The sheets a contact cites are published sheets of the knowledge base (by id or slug), when the local
 * projection knows sheets at all. Each unknown one is named: `input.sheetIds.<i>`.
 */
export function checkSheets(sheets: readonly Sheet[], ids: readonly string[], field: string): void {
  if (!sheets.length) return;
  const unknown = ids
    .map((id, i) => [id, i] as const)
    .filter(([id]) => !sheets.some((s) => s.id === id || s.slug === id));
  if (unknown.length)
    throw DomainError.invalidFields(
      Object.fromEntries(unknown.map(([id, i]) => [`${field}.${i}`, `scheda sconosciuta: ${id}`])),
    );
}
