import { DomainError } from '@urp/kernel';
import type { Office, Referent } from './directory.store';

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
  const o = offices.find((x) => x.id === idOrCode || x.code === idOrCode);
  if (!o || !o.active) throw DomainError.invalid(field, `ufficio sconosciuto o non attivo: ${idOrCode}`);
  return { officeId: o.id, name: o.name };
}

/** A referent must be known and active (when the directory knows referents at all). */
export function checkReferent(referents: readonly Referent[], referentId: string, field: string): void {
  if (!referents.length) return;
  const r = referents.find((x) => x.id === referentId);
  if (!r || !r.active) throw DomainError.invalid(field, `referente sconosciuto o non attivo: ${referentId}`);
}
