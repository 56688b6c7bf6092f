import { DomainError } from '@urp/kernel';

/** An office of the knowledge base's organisation (OfficeChanged): its id and its code both name it. */
export interface Office {
  id: string;
  code: string;
  name: string;
  headReferentId?: string;
  /** The office's e-mail, kept only by a projection that delivers to staff (`keepsEmails`: campaigns). */
  email?: string;
  active: boolean;
}

/** An internal referent (ReferentChanged): their referent id, and the staff account they sign in with, if known. */
export interface Referent {
  id: string;
  name: string;
  /** The office's id (or, in older entries, its code). */
  officeId: string;
  staffId?: string;
  /** The referent's work e-mail, kept only by a projection that delivers to staff (`keepsEmails`: campaigns). */
  email?: string;
  active: boolean;
}

/** The offices and referents known (both empty while the knowledge base has published nothing). */
export interface StaffDirectory {
  offices: readonly Office[];
  referents: readonly Referent[];
}

/**
 * The office an id or code names: an exact id wins (ids are unique), then the active office with that code (a
 * code can be reused after an office is retired), then a retired one with that code.
 */
export function findOffice(offices: readonly Office[], idOrCode: string): Office | undefined {
  return (
    offices.find((x) => x.id === idOrCode) ??
    offices.find((x) => x.code === idOrCode && x.active) ??
    offices.find((x) => x.code === idOrCode)
  );
}

/** The names an office is known by (its id and its code), or the name itself when no office carries it. */
export function officeIdsOf(offices: readonly Office[], idOrCode: string): Set<string> {
  const o = findOffice(offices, idOrCode);
  return new Set(o ? [o.id, o.code] : [idOrCode]);
}

/** Whether two names (ids or codes) name the same office. */
export function sameOffice(offices: readonly Office[], a: string, b: string): boolean {
  if (a === b) return true;
  const oa = findOffice(offices, a);
  const ob = findOffice(offices, b);
  return oa !== undefined && oa === ob;
}

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
  const o = findOffice(offices, idOrCode);
  if (!o || !o.active) throw DomainError.invalid(field, `ufficio sconosciuto o non attivo: ${idOrCode}`);
  return { officeId: o.id, name: o.name };
}

/**
 * A referent must be known and active (when the directory knows referents at all) and, when the work goes to an
 * office, belong to that office: an assignment never names a referent of another office. With `offices`, the
 * referent's office may be named by its code too.
 */
export function checkReferent(
  referents: readonly Referent[],
  referentId: string,
  field: string,
  office?: { officeId: string; name?: string },
  offices: readonly Office[] = [],
): void {
  if (!referents.length) return;
  const r = referents.find((x) => x.id === referentId);
  if (!r || !r.active) throw DomainError.invalid(field, `referente sconosciuto o non attivo: ${referentId}`);
  if (office && !sameOffice(offices, r.officeId, office.officeId))
    throw DomainError.invalid(
      field,
      `${r.name} non è referente dell’ufficio ${office.name ?? office.officeId}: scegliere un referente di quell’ufficio`,
    );
}

/** The active referents a staff account or referent id names (one person may refer for several offices). */
export function activeReferentsOf(referents: readonly Referent[], staffOrReferentId: string): Referent[] {
  return referents.filter((r) => r.active && (r.staffId === staffOrReferentId || r.id === staffOrReferentId));
}
