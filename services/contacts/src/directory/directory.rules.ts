import { DomainError } from '@urp/kernel';
import type { Office, ProcedureType, Referent, Sheet } from './directory.store';

/**
 * An office by id or code. While the local directory is empty (knowledge base not running yet) any id is
 * taken as given; once it knows offices, only an active known one is accepted (`field`: the input path).
 */
export function resolveOffice(
  offices: readonly Office[],
  idOrCode: string,
  field: string,
): { officeId: string; name?: string } {
  if (!offices.length) return { officeId: idOrCode };
  // an exact id wins over a code: ids are unique, a code can be reused after an office is retired
  const o =
    offices.find((x) => x.id === idOrCode) ??
    offices.find((x) => x.code === idOrCode && x.active) ??
    offices.find((x) => x.code === idOrCode);
  if (!o || !o.active) throw DomainError.invalid(field, `ufficio sconosciuto o non attivo: ${idOrCode}`);
  return { officeId: o.id, name: o.name };
}

/**
 * A referent must be known and active (when the directory knows referents at all) and, when the case goes
 * to an office, belong to that office: an assignment never names a referent of another office.
 */
export function checkReferent(
  referents: readonly Referent[],
  referentId: string,
  field: string,
  office?: { officeId: string; name?: string },
): void {
  if (!referents.length) return;
  const r = referents.find((x) => x.id === referentId);
  if (!r || !r.active) throw DomainError.invalid(field, `referente sconosciuto o non attivo: ${referentId}`);
  if (office && r.officeId !== office.officeId)
    throw DomainError.invalid(
      field,
      `${r.name} non è referente dell’ufficio ${office.name ?? office.officeId}: scegliere un referente di quell’ufficio`,
    );
}

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
